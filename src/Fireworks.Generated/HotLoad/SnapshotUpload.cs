namespace Fireworks;

/// <summary>
/// A snapshot to upload: its identity (the directory name under the bucket prefix), the local directory that
/// holds its files, the files, and whether it is a delta. Handed to <see cref="ISnapshotUploader.UploadAsync"/>.
/// </summary>
/// <remarks>
/// For a delta, <see cref="SourceDirectory"/> is a temporary directory of encoded shards that is deleted once the
/// upload returns: read the files during <see cref="ISnapshotUploader.UploadAsync"/>, not later.
/// </remarks>
public sealed class SnapshotUpload
{
    private readonly Func<SnapshotFile, CancellationToken, Task>? _fileUploaded;
    private readonly Dictionary<string, SnapshotFile> _byPath;
    private readonly HashSet<string> _landed = new(StringComparer.Ordinal);

    /// <summary>Creates an upload (the chain creates them; this constructor serves tests of your own uploader).</summary>
    /// <param name="identity">The snapshot's identity (one path segment).</param>
    /// <param name="sourceDirectory">The local directory that holds the files.</param>
    /// <param name="files">The files, with relative paths unique under the identity.</param>
    /// <param name="kind">Full or delta.</param>
    /// <param name="previousIdentity">For a delta, the snapshot it was encoded against; null for a full snapshot.</param>
    /// <param name="fileUploaded">Called once per file by <see cref="FileUploadedAsync"/>, or null.</param>
    /// <exception cref="ArgumentException">The identity is invalid, a relative path repeats, or a delta has no previous identity.</exception>
    public SnapshotUpload(
        string identity,
        string sourceDirectory,
        IReadOnlyList<SnapshotFile> files,
        SnapshotKind kind,
        string? previousIdentity = null,
        Func<SnapshotFile, CancellationToken, Task>? fileUploaded = null)
    {
        SnapshotIdentity.Validate(identity, nameof(identity));
        ArgumentException.ThrowIfNullOrEmpty(sourceDirectory);
        ArgumentNullException.ThrowIfNull(files);
        if (kind == SnapshotKind.Delta)
        {
            HotLoadSignal.IncrementalMetadata(identity, previousIdentity);
        }
        else if (previousIdentity is not null)
        {
            throw new ArgumentException("A full snapshot has no previous identity.", nameof(previousIdentity));
        }

        _byPath = new Dictionary<string, SnapshotFile>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            ArgumentNullException.ThrowIfNull(file, nameof(files));
            if (!_byPath.TryAdd(file.RelativePath, file))
            {
                throw new ArgumentException($"The file '{file.RelativePath}' is listed twice in snapshot '{identity}'.", nameof(files));
            }
        }

        Identity = identity;
        SourceDirectory = sourceDirectory;
        Files = files;
        Kind = kind;
        PreviousIdentity = previousIdentity;
        TotalBytes = files.Sum(static file => file.Length);
        _fileUploaded = fileUploaded;
    }

    /// <summary>The snapshot's identity: upload every file under <c>{bucket prefix}/{Identity}/</c>.</summary>
    public string Identity { get; }

    /// <summary>The local directory that holds the files.</summary>
    public string SourceDirectory { get; }

    /// <summary>The files to upload, in ordinal order of their relative paths.</summary>
    public IReadOnlyList<SnapshotFile> Files { get; }

    /// <summary>Full or delta.</summary>
    public SnapshotKind Kind { get; }

    /// <summary>True for a delta (its shards are deltas against <see cref="PreviousIdentity"/>).</summary>
    public bool IsDelta => Kind == SnapshotKind.Delta;

    /// <summary>For a delta, the snapshot it was encoded against; null for a full snapshot.</summary>
    public string? PreviousIdentity { get; }

    /// <summary>The sum of the files' sizes.</summary>
    public long TotalBytes { get; }

    /// <summary>
    /// Tells the chain that one file has landed in the bucket (with hints enabled, the deployment is told to start
    /// fetching it). Call it once per file as soon as that file's upload completed; later calls for the same file
    /// do nothing.
    /// </summary>
    /// <param name="relativePath">The file's <see cref="SnapshotFile.RelativePath"/>.</param>
    /// <param name="cancellationToken">Stops the notification.</param>
    /// <returns>A task that completes when the chain has handled the file (a failed hint is logged, not thrown).</returns>
    /// <exception cref="ArgumentException"><paramref name="relativePath"/> is not a file of this upload.</exception>
    public Task FileUploadedAsync(string relativePath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        if (!_byPath.TryGetValue(relativePath, out var file))
        {
            throw new ArgumentException($"'{relativePath}' is not a file of snapshot '{Identity}'.", nameof(relativePath));
        }

        lock (_landed)
        {
            if (!_landed.Add(relativePath))
            {
                return Task.CompletedTask;
            }
        }

        return _fileUploaded?.Invoke(file, cancellationToken) ?? Task.CompletedTask;
    }
}
