using Fireworks.Models;

namespace Fireworks;

public partial class BatchInferenceJobsClient
{
    /// <summary>
    /// Uploads a batch-inference input file (JSONL, one <c>{"custom_id": …, "body": …}</c> request a line) as the dataset
    /// the job reads: creates the dataset <paramref name="datasetId"/> when it does not exist, uploads the file and waits
    /// until it is READY. Pass the returned dataset's <c>Name</c> as the job's <c>InputDatasetId</c>.
    /// </summary>
    /// <param name="datasetId">The input dataset's id.</param>
    /// <param name="filePath">The JSONL file.</param>
    /// <param name="progress">Receives bytes sent.</param>
    /// <param name="transferOptions">Attempts, the direct-upload limit and the final wait, or null for the defaults.</param>
    /// <param name="accountId">The account id; defaults to the client's account.</param>
    /// <param name="cancellationToken">Cancels the upload and the wait.</param>
    /// <returns>The input dataset once READY.</returns>
    /// <exception cref="FileTransferException">The file could not be stored.</exception>
    /// <exception cref="FireworksException">The server refused a call.</exception>
    public virtual async Task<Dataset> UploadInputAsync(
        string datasetId,
        string filePath,
        IProgress<FileTransferProgress>? progress = null,
        FileTransferOptions? transferOptions = null,
        string? accountId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(datasetId);
        var datasets = new DatasetsClient(_pipeline);
        try
        {
            await datasets.CreateAsync(new CreateDatasetBody { DatasetId = datasetId, Dataset = new Dataset { UserUploaded = new UserUploaded() } }, accountId, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (FireworksException exception) when (exception.IsAlreadyExists)
        {
            // An existing input dataset is uploaded into as it is.
        }

        return await datasets.UploadAsync(datasetId, filePath, progress, transferOptions, accountId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Downloads the results of a batch-inference job: the files of its output dataset (the results file and the error
    /// file) into <paramref name="directory"/>.
    /// </summary>
    /// <param name="batchInferenceJobId">The job's id (or full name).</param>
    /// <param name="directory">Where to put the files.</param>
    /// <param name="progress">Receives bytes received.</param>
    /// <param name="transferOptions">Parallelism and attempts, or null for the defaults.</param>
    /// <param name="accountId">The account id; defaults to the client's account.</param>
    /// <param name="cancellationToken">Cancels the download; no partial file is left behind.</param>
    /// <returns>The files written.</returns>
    /// <exception cref="InvalidOperationException">The job has no output dataset (yet).</exception>
    /// <exception cref="FileTransferException">A file could not be fetched, or its name was refused.</exception>
    public virtual async Task<IReadOnlyList<TransferredFile>> DownloadOutputAsync(
        string batchInferenceJobId,
        string directory,
        IProgress<FileTransferProgress>? progress = null,
        FileTransferOptions? transferOptions = null,
        string? accountId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchInferenceJobId);
        batchInferenceJobId = ResourceNames.IdOf(batchInferenceJobId, nameof(batchInferenceJobId), ResourceNamePattern, ref accountId);
        var job = await GetAsync(batchInferenceJobId, accountId: accountId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(job.OutputDatasetId))
        {
            throw new InvalidOperationException($"Batch inference job '{batchInferenceJobId}' has no output dataset (state {job.State}).");
        }

        // A full dataset name says which account holds the output; only a bare id is read in the job's account.
        var outputAccountId = job.OutputDatasetId.Contains('/', StringComparison.Ordinal) ? null : accountId;
        return await new DatasetsClient(_pipeline).DownloadAsync(job.OutputDatasetId, directory, progress, transferOptions, accountId: outputAccountId, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
