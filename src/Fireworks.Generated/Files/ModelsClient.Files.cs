using Fireworks.Models;

namespace Fireworks;

public partial class ModelsClient
{
    /// <summary>
    /// Uploads a model directory (Hugging Face layout: <c>config.json</c>, <c>*.safetensors</c>, tokenizer files) into an
    /// existing model: Get Upload Endpoint with every file's size, the files in parallel through resumable upload
    /// sessions (or single PUTs), Validate Upload, then waits until the model is READY.
    /// </summary>
    /// <param name="modelId">The model's id (or full name); create it first with <see cref="CreateAsync"/>.</param>
    /// <param name="directory">The checkpoint directory; files are named by their '/'-separated relative paths.</param>
    /// <param name="progress">Receives bytes sent per file and overall.</param>
    /// <param name="transferOptions">Parallelism, attempts, resumable sessions and the final wait, or null for the defaults.</param>
    /// <param name="accountId">The account id; defaults to the client's account.</param>
    /// <param name="cancellationToken">Cancels the upload and the wait.</param>
    /// <returns>The model once READY.</returns>
    /// <exception cref="FileTransferException">A file could not be stored (the message names it).</exception>
    /// <exception cref="FireworksException">The server refused a call, e.g. a validation failure.</exception>
    public virtual async Task<Model> UploadAsync(
        string modelId,
        string directory,
        IProgress<FileTransferProgress>? progress = null,
        FileTransferOptions? transferOptions = null,
        string? accountId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelId);
        modelId = ResourceNames.IdOf(modelId, nameof(modelId), ResourceNamePattern, ref accountId);
        var files = LocalFiles.FromDirectory(directory, nameof(directory));
        var transfers = new FileTransfers(_pipeline, transferOptions, progress);
        var resumable = transfers.Options.ResumableModelUploads;
        var urls = await GetUploadEndpointAsync(
            modelId,
            new GetModelUploadEndpointBody { FilenameToSize = FileTransfers.SizesOf(files), EnableResumableUpload = resumable ? true : null },
            accountId,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        await transfers.UploadAsync(files, urls.FilenameToSignedUrls, resumable, cancellationToken).ConfigureAwait(false);
        await ValidateUploadAsync(modelId, accountId: accountId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await WaitForStateAsync(modelId, ModelState.Ready, transfers.Options.WaitOptions, accountId: accountId, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Downloads every file of a model into <paramref name="directory"/>, keeping the server's relative paths.</summary>
    /// <param name="modelId">The model's id (or full name).</param>
    /// <param name="directory">Where to put the files; names that would land outside it are refused.</param>
    /// <param name="progress">Receives bytes received per file and overall.</param>
    /// <param name="transferOptions">Parallelism and attempts, or null for the defaults.</param>
    /// <param name="accountId">The account id; defaults to the client's account.</param>
    /// <param name="cancellationToken">Cancels the download; no partial file is left behind.</param>
    /// <returns>The files written.</returns>
    /// <exception cref="FileTransferException">A file could not be fetched, or its name was refused.</exception>
    public virtual async Task<IReadOnlyList<TransferredFile>> DownloadAsync(
        string modelId,
        string directory,
        IProgress<FileTransferProgress>? progress = null,
        FileTransferOptions? transferOptions = null,
        string? accountId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelId);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        modelId = ResourceNames.IdOf(modelId, nameof(modelId), ResourceNamePattern, ref accountId);
        var transfers = new FileTransfers(_pipeline, transferOptions, progress);
        var urls = await GetDownloadEndpointAsync(modelId, accountId: accountId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await transfers.DownloadAsync(urls.FilenameToSignedUrls, directory, cancellationToken).ConfigureAwait(false);
    }
}
