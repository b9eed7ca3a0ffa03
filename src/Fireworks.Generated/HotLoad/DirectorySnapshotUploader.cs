namespace Fireworks;

/// <summary>
/// An <see cref="ISnapshotUploader"/> that copies each snapshot into a local directory, as
/// <c>{RootDirectory}/{identity}/{relative path}</c>: for tests, for a bucket mounted as a file system, and
/// for the local emulator, whose deployment <c>d</c> reads snapshots from <c>{SnapshotRoot}/d/{identity}/</c>
/// (pass <c>Path.Combine(snapshotRoot, "d")</c> as the root).
/// </summary>
/// <remarks>
/// Each file is written under a hidden temporary name and renamed into place, so a reader never sees a partial
/// file, and <see cref="SnapshotUpload.FileUploadedAsync"/> is called as each one lands. Files already in the
/// identity directory that are not part of the snapshot (left by an earlier run under the same identity) are
/// deleted first: otherwise the deployment would load them as part of this snapshot.
/// </remarks>
public sealed class DirectorySnapshotUploader : ISnapshotUploader
{
    /// <summary>Creates an uploader that writes under <paramref name="rootDirectory"/> (created when missing).</summary>
    /// <param name="rootDirectory">The directory that stands for the bucket prefix.</param>
    /// <exception cref="ArgumentException"><paramref name="rootDirectory"/> is empty.</exception>
    public DirectorySnapshotUploader(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        RootDirectory = Path.GetFullPath(rootDirectory);
    }

    /// <summary>The directory that stands for the bucket prefix.</summary>
    public string RootDirectory { get; }

    /// <summary>Where snapshot <paramref name="identity"/> is written.</summary>
    /// <param name="identity">A snapshot identity (one path segment).</param>
    /// <returns><c>{RootDirectory}/{identity}</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="identity"/> is not a single path segment.</exception>
    public string GetSnapshotDirectory(string identity) => Path.Combine(RootDirectory, SnapshotIdentity.Validate(identity, nameof(identity)));

    /// <inheritdoc />
    public async Task UploadAsync(SnapshotUpload upload, IProgress<SnapshotUploadProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var destination = GetSnapshotDirectory(upload.Identity);
        var wanted = new HashSet<string>(upload.Files.Select(static file => file.RelativePath), StringComparer.Ordinal);
        if (Directory.Exists(destination))
        {
            foreach (var stale in Directory.EnumerateFiles(destination, "*", SearchOption.AllDirectories))
            {
                if (!wanted.Contains(LocalFiles.RelativeName(destination, stale)))
                {
                    File.Delete(stale);
                }
            }
        }

        long done = 0;
        foreach (var file in upload.Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var target = Path.GetFullPath(Path.Combine(destination, file.RelativePath.Replace('/', Path.DirectorySeparatorChar)));
            if (!target.StartsWith(destination + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new ArgumentException($"The file '{file.RelativePath}' of snapshot '{upload.Identity}' would land outside its directory.", nameof(upload));
            }

            var before = done;
            await SnapshotFiles.CopyFileAtomicallyAsync(
                file.LocalPath,
                target,
                progress is null ? null : written => progress.Report(new SnapshotUploadProgress(file.RelativePath, written, file.Length, before + written, upload.TotalBytes)),
                cancellationToken).ConfigureAwait(false);
            done += file.Length;
            await upload.FileUploadedAsync(file.RelativePath, cancellationToken).ConfigureAwait(false);
        }
    }
}
