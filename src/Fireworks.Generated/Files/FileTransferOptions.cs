namespace Fireworks;

/// <summary>
/// How the one-call uploads and downloads (<c>client.Datasets.UploadAsync</c>, <c>client.Models.DownloadAsync</c>, …)
/// move bytes: parallelism, per-file retries, resumable chunk size, the direct dataset upload limit and the final wait.
/// Immutable; <see cref="Default"/> holds the defaults.
/// </summary>
public sealed class FileTransferOptions
{
    /// <summary>The options used when a call is given none.</summary>
    public static FileTransferOptions Default { get; } = new();

    /// <summary>How many files move at the same time. Default 4.</summary>
    public int MaxConcurrentFiles { get; init; } = 4;

    /// <summary>
    /// Attempts per file (the first included) before the transfer fails. A cut connection, a 408/429/5xx answer or a
    /// checksum mismatch starts another attempt: a resumable upload or a download continues from the bytes already
    /// stored, a plain upload starts the file again. Default 5.
    /// </summary>
    public int MaxAttemptsPerFile { get; init; } = 5;

    /// <summary>The delay before the second attempt of a file; doubled for each further attempt. Default 1 s.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The size of each PUT of a resumable upload session, rounded up to a multiple of 256 KiB (the storage's
    /// granularity). A cut costs at most one chunk. Default 32 MiB.
    /// </summary>
    public int ResumableChunkSize { get; init; } = 32 * 1024 * 1024;

    /// <summary>
    /// Model uploads ask for resumable sessions (<c>enableResumableUpload</c>). Default true.
    /// </summary>
    public bool ResumableModelUploads { get; init; } = true;

    /// <summary>
    /// A dataset upload of a single file of at most this many bytes uses the direct multipart
    /// <c>POST …/datasets/{id}:upload</c> (one request, no signed URL); larger or several files use signed URLs.
    /// Default 150 MB, the documented limit of that endpoint; 0 always uses signed URLs.
    /// </summary>
    public long DirectDatasetUploadMaxBytes { get; init; } = 150L * 1000 * 1000;

    /// <summary>
    /// How long one attempt may move no byte (no response headers, no body bytes sent or received) before it is ended
    /// and counted as a failed attempt (a stalled connection is retried like a cut one). Runs on the client's
    /// <see cref="FireworksClientOptions.TimeProvider"/>. Default 60 s; <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The wait for the resource to become ready after the upload is validated, or null for <see cref="WaitOptions.Default"/>.</summary>
    public WaitOptions? WaitOptions { get; init; }

    internal void Validate()
    {
        if (MaxConcurrentFiles < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrentFiles), MaxConcurrentFiles, "MaxConcurrentFiles must be at least 1.");
        }

        if (MaxAttemptsPerFile < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttemptsPerFile), MaxAttemptsPerFile, "MaxAttemptsPerFile must be at least 1.");
        }

        if (RetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryDelay), RetryDelay, "RetryDelay must not be negative.");
        }

        if (IdleTimeout <= TimeSpan.Zero && IdleTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(IdleTimeout), IdleTimeout, "IdleTimeout must be positive, or Timeout.InfiniteTimeSpan to turn it off.");
        }

        if (ResumableChunkSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ResumableChunkSize), ResumableChunkSize, "ResumableChunkSize must be positive.");
        }

        if (DirectDatasetUploadMaxBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(DirectDatasetUploadMaxBytes), DirectDatasetUploadMaxBytes, "DirectDatasetUploadMaxBytes must not be negative.");
        }
    }

    /// <summary>The chunk size rounded up to the 256 KiB granularity of resumable sessions.</summary>
    internal int AlignedChunkSize => (int)Math.Min(int.MaxValue - (int.MaxValue % ChunkGranularity), ((long)ResumableChunkSize + ChunkGranularity - 1) / ChunkGranularity * ChunkGranularity);

    /// <summary>Resumable-session chunks must be multiples of this (GCS rule).</summary>
    internal const int ChunkGranularity = 256 * 1024;
}
