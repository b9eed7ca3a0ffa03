using Fireworks.Models;

namespace Fireworks;

public partial class EvaluatorsClient
{
    /// <summary>
    /// Steps 2–6 of the Create Evaluator workflow in one call: packs <paramref name="sourceDirectory"/> as a
    /// <c>.tar.gz</c> (leaving out what its <c>.gitignore</c> files ignore, nested ones included, and <c>.git/</c>), gets the upload endpoint, PUTs the
    /// archive, triggers validation and waits until the evaluator is ACTIVE (BUILD_FAILED throws with the build status).
    /// </summary>
    /// <param name="evaluatorId">The evaluator's id (or full name); create it first.</param>
    /// <param name="sourceDirectory">The evaluator's source (requirements.txt, test_*.py, …).</param>
    /// <param name="progress">Receives bytes sent.</param>
    /// <param name="transferOptions">Attempts and the final wait, or null for the defaults.</param>
    /// <param name="accountId">The account id; defaults to the client's account.</param>
    /// <param name="cancellationToken">Cancels the upload and the wait.</param>
    /// <returns>The evaluator once ACTIVE.</returns>
    /// <exception cref="FileTransferException">The archive could not be stored.</exception>
    /// <exception cref="ResourceFailedException">The build failed.</exception>
    public virtual async Task<Evaluator> UploadAsync(
        string evaluatorId,
        string sourceDirectory,
        IProgress<FileTransferProgress>? progress = null,
        FileTransferOptions? transferOptions = null,
        string? accountId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(evaluatorId);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceDirectory);
        evaluatorId = ResourceNames.IdOf(evaluatorId, nameof(evaluatorId), ResourceNamePattern, ref accountId);
        var transfers = new FileTransfers(_pipeline, transferOptions, progress);
        var staging = Directory.CreateTempSubdirectory("fireworks-evaluator-");
        try
        {
            var archive = Path.Combine(staging.FullName, SourceArchive.FileName);
            await SourceArchive.CreateAsync(sourceDirectory, archive, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<LocalFile> files = [new LocalFile(SourceArchive.FileName, archive, new FileInfo(archive).Length)];
            var urls = await GetUploadEndpointAsync(evaluatorId, new GetEvaluatorUploadEndpointBody { FilenameToSize = FileTransfers.SizesOf(files) }, accountId, cancellationToken: cancellationToken).ConfigureAwait(false);
            await transfers.UploadAsync(files, urls.FilenameToSignedUrls, resumable: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            staging.Delete(recursive: true);
        }

        await ValidateUploadAsync(evaluatorId, accountId: accountId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await WaitForStateAsync(evaluatorId, EvaluatorState.Active, transfers.Options.WaitOptions, accountId: accountId, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Downloads the evaluator's uploaded source archive(s) into <paramref name="directory"/>.</summary>
    /// <param name="evaluatorId">The evaluator's id (or full name).</param>
    /// <param name="directory">Where to put the files; names that would land outside it are refused.</param>
    /// <param name="progress">Receives bytes received.</param>
    /// <param name="transferOptions">Attempts, or null for the defaults.</param>
    /// <param name="accountId">The account id; defaults to the client's account.</param>
    /// <param name="cancellationToken">Cancels the download; no partial file is left behind.</param>
    /// <returns>The files written.</returns>
    /// <exception cref="FileTransferException">A file could not be fetched, or its name was refused.</exception>
    public virtual async Task<IReadOnlyList<TransferredFile>> DownloadSourceAsync(
        string evaluatorId,
        string directory,
        IProgress<FileTransferProgress>? progress = null,
        FileTransferOptions? transferOptions = null,
        string? accountId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(evaluatorId);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        evaluatorId = ResourceNames.IdOf(evaluatorId, nameof(evaluatorId), ResourceNamePattern, ref accountId);
        var transfers = new FileTransfers(_pipeline, transferOptions, progress);
        var urls = await GetSourceCodeEndpointAsync(evaluatorId, accountId: accountId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await transfers.DownloadAsync(urls.FilenameToSignedUrls, directory, cancellationToken).ConfigureAwait(false);
    }
}
