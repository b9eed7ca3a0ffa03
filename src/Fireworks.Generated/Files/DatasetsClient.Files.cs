using Fireworks.Models;

namespace Fireworks;

public partial class DatasetsClient
{
    /// <summary>
    /// Uploads one file into an existing dataset and waits until the dataset is READY. A file of at most
    /// <see cref="FileTransferOptions.DirectDatasetUploadMaxBytes"/> goes in one multipart request
    /// (<c>…/datasets/{id}:upload</c>); a larger one through a signed URL (Get Upload Endpoint, PUT, Validate Upload).
    /// </summary>
    /// <param name="datasetId">The dataset's id (or full name); create it first with <see cref="CreateAsync"/>.</param>
    /// <param name="filePath">The local file (JSONL); the server knows it by its file name.</param>
    /// <param name="progress">Receives bytes sent per file and overall.</param>
    /// <param name="transferOptions">Parallelism, attempts, the direct-upload limit and the final wait, or null for the defaults.</param>
    /// <param name="accountId">The account id; defaults to the client's account.</param>
    /// <param name="cancellationToken">Cancels the upload and the wait.</param>
    /// <returns>The dataset once READY.</returns>
    /// <exception cref="FileTransferException">A file could not be stored (the message names it).</exception>
    /// <exception cref="FireworksException">The server refused a call, e.g. the validation of a malformed file.</exception>
    public virtual Task<Dataset> UploadAsync(
        string datasetId,
        string filePath,
        IProgress<FileTransferProgress>? progress = null,
        FileTransferOptions? transferOptions = null,
        string? accountId = null,
        CancellationToken cancellationToken = default)
        => UploadAsync(datasetId, [filePath], progress, transferOptions, accountId, cancellationToken);

    /// <summary>
    /// Uploads files into an existing dataset through signed URLs (one direct request when it is a single small file),
    /// validates the upload and waits until the dataset is READY.
    /// </summary>
    /// <param name="datasetId">The dataset's id (or full name); create it first with <see cref="CreateAsync"/>.</param>
    /// <param name="filePaths">The local files; each is known to the server by its file name, which must be unique.</param>
    /// <param name="progress">Receives bytes sent per file and overall.</param>
    /// <param name="transferOptions">Parallelism, attempts, the direct-upload limit and the final wait, or null for the defaults.</param>
    /// <param name="accountId">The account id; defaults to the client's account.</param>
    /// <param name="cancellationToken">Cancels the upload and the wait.</param>
    /// <returns>The dataset once READY.</returns>
    /// <exception cref="FileTransferException">A file could not be stored (the message names it).</exception>
    /// <exception cref="FireworksException">The server refused a call, e.g. the validation of a malformed file.</exception>
    public virtual async Task<Dataset> UploadAsync(
        string datasetId,
        IEnumerable<string> filePaths,
        IProgress<FileTransferProgress>? progress = null,
        FileTransferOptions? transferOptions = null,
        string? accountId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(datasetId);
        datasetId = ResourceNames.IdOf(datasetId, nameof(datasetId), ResourceNamePattern, ref accountId);
        var files = LocalFiles.FromFiles(filePaths, nameof(filePaths));
        var transfers = new FileTransfers(_pipeline, transferOptions, progress);
        if (files.Count == 1 && files[0].Length <= transfers.Options.DirectDatasetUploadMaxBytes)
        {
            var account = _pipeline.ResolveAccountId(accountId);
            var endpoint = new Uri(_pipeline.Options.BaseUrl, $"v1/accounts/{account}/datasets/{datasetId}:upload");
            await transfers.UploadOneAsync(files[0], endpoint, (file, sent, ct) => DirectUploadAttemptAsync(datasetId, account, file, sent, ct), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var urls = await GetUploadEndpointAsync(datasetId, new GetDatasetUploadEndpointBody { FilenameToSize = FileTransfers.SizesOf(files) }, accountId, cancellationToken: cancellationToken).ConfigureAwait(false);
            await transfers.UploadAsync(files, urls.FilenameToSignedUrls, resumable: false, cancellationToken).ConfigureAwait(false);
            await ValidateUploadAsync(datasetId, accountId: accountId, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return await WaitForStateAsync(datasetId, DatasetState.Ready, transfers.Options.WaitOptions, accountId: accountId, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Downloads every file of a dataset into <paramref name="directory"/> (created if needed), each under the name the
    /// server gives it. A file appears under its final name only once complete and verified.
    /// </summary>
    /// <param name="datasetId">The dataset's id (or full name).</param>
    /// <param name="directory">Where to put the files; names that would land outside it are refused.</param>
    /// <param name="progress">Receives bytes received per file and overall.</param>
    /// <param name="transferOptions">Parallelism and attempts, or null for the defaults.</param>
    /// <param name="downloadLineage">Also download the datasets this one was derived from (names prefixed by dataset id).</param>
    /// <param name="accountId">The account id; defaults to the client's account.</param>
    /// <param name="cancellationToken">Cancels the download; no partial file is left behind.</param>
    /// <returns>The files written.</returns>
    /// <exception cref="FileTransferException">A file could not be fetched, or its name was refused.</exception>
    public virtual async Task<IReadOnlyList<TransferredFile>> DownloadAsync(
        string datasetId,
        string directory,
        IProgress<FileTransferProgress>? progress = null,
        FileTransferOptions? transferOptions = null,
        bool? downloadLineage = null,
        string? accountId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(datasetId);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        datasetId = ResourceNames.IdOf(datasetId, nameof(datasetId), ResourceNamePattern, ref accountId);
        var transfers = new FileTransfers(_pipeline, transferOptions, progress);
        var urls = await GetDownloadEndpointAsync(datasetId, downloadLineage: downloadLineage, accountId: accountId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await transfers.DownloadAsync(urls.FilenameToSignedUrls, directory, cancellationToken).ConfigureAwait(false);
    }

    private async Task DirectUploadAttemptAsync(string datasetId, string accountId, LocalFile file, Action<long> sent, CancellationToken cancellationToken)
    {
        try
        {
            await DirectDatasetUpload.SendAsync(_pipeline, datasetId, accountId, file, sent, cancellationToken).ConfigureAwait(false);
        }
        catch (FireworksException exception)
        {
            throw new FileTransferException(file.Name, $"Uploading '{file.Name}' to dataset '{datasetId}' failed: {exception.Message}", exception.HttpStatus, DirectDatasetUpload.IsTransient(exception), exception);
        }
    }
}
