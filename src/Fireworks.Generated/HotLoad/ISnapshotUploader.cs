namespace Fireworks;

/// <summary>
/// Uploads a snapshot's files to the deployment's bucket, under <c>{bucket prefix}/{identity}/</c>. The SDK
/// has no cloud-storage dependency: implement this with the storage client you already use (S3, GCS,
/// Nebius, MinIO), or use <see cref="DirectorySnapshotUploader"/> for a local directory (tests, the emulator).
/// </summary>
/// <remarks>
/// Call <see cref="SnapshotUpload.FileUploadedAsync"/> as each file lands: with
/// <see cref="SnapshotChainOptions.SendFileHints"/> it tells the deployment to start fetching that file before
/// the whole snapshot is signalled. Report bytes through <c>progress</c> if you can. Return only when every file
/// of <see cref="SnapshotUpload.Files"/> is in place: the snapshot is signalled right after.
/// </remarks>
public interface ISnapshotUploader
{
    /// <summary>Uploads every file of <paramref name="upload"/> under its identity.</summary>
    /// <param name="upload">The snapshot: identity, local directory, files, and whether it is a delta.</param>
    /// <param name="progress">Receives byte progress (optional to report).</param>
    /// <param name="cancellationToken">Stops the upload.</param>
    /// <returns>A task that completes when every file is in place.</returns>
    Task UploadAsync(SnapshotUpload upload, IProgress<SnapshotUploadProgress>? progress, CancellationToken cancellationToken);
}

/// <summary>One file of a snapshot to upload.</summary>
/// <param name="RelativePath">The path under the snapshot's identity directory, with <c>/</c> separators (the object key suffix), e.g. <c>model-00000.safetensors</c>.</param>
/// <param name="LocalPath">The full local path of the file to read.</param>
/// <param name="Length">The file's size in bytes.</param>
public sealed record SnapshotFile(string RelativePath, string LocalPath, long Length);

/// <summary>Byte progress of an upload, reported by the uploader.</summary>
/// <param name="RelativePath">The file being uploaded.</param>
/// <param name="FileBytesUploaded">Bytes of that file uploaded so far.</param>
/// <param name="FileLength">The file's size.</param>
/// <param name="BytesUploaded">Bytes of the whole snapshot uploaded so far.</param>
/// <param name="TotalBytes">The snapshot's size.</param>
public readonly record struct SnapshotUploadProgress(string RelativePath, long FileBytesUploaded, long FileLength, long BytesUploaded, long TotalBytes);
