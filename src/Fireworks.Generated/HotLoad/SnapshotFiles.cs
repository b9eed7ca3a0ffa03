namespace Fireworks;

/// <summary>The files of a local snapshot directory, and copying them.</summary>
internal static class SnapshotFiles
{
    private const int CopyBufferBytes = 1 << 20;

    /// <summary>
    /// Every file under <paramref name="directory"/>, in ordinal order of relative path (with <c>/</c>), leaving
    /// out hidden entries (a name starting with <c>.</c>, and everything under such a directory): they are not part
    /// of a HuggingFace snapshot (<c>.cache/</c>, <c>.git/</c>, half-written <c>.*.tmp</c> files). A file whose
    /// relative path the uploader, the server or the emulator would read as another path (see
    /// <see cref="LocalFiles.EnsurePortable"/>) is refused with an <see cref="ArgumentException"/> naming it.
    /// </summary>
    /// <param name="directory">The snapshot directory.</param>
    /// <param name="parameterName">The caller's parameter the directory came from, for the error.</param>
    internal static List<SnapshotFile> Enumerate(string directory, string parameterName = "checkpointDirectory")
    {
        var root = Path.GetFullPath(directory);
        var files = new List<SnapshotFile>();
        foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            // Checked before the hidden-entry rule: whether '..\x' is hidden depends on which separator reads it
            // ('\' is a name character here, a separator on Windows and to the server), so such a name is refused
            // rather than silently skipped or uploaded as an object key that climbs out of the snapshot.
            var relative = LocalFiles.EnsurePortable(LocalFiles.RelativeName(root, path), path, parameterName);
            if (relative.Split('/').Any(static segment => segment.StartsWith('.')))
            {
                continue;
            }

            files.Add(new SnapshotFile(relative, path, new FileInfo(path).Length));
        }

        files.Sort(static (a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return files;
    }

    /// <summary>Copies the files into <paramref name="destination"/> (created), keeping their relative paths.</summary>
    internal static async Task CopyAsync(IReadOnlyList<SnapshotFile> files, string destination, CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var target = Path.Combine(destination, file.RelativePath.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);

            // File.Copy clones or uses the kernel's copy where the file system can (no bytes through user space);
            // on the thread pool so a multi-gigabyte shard does not block the trainer's thread.
            await Task.Run(() => File.Copy(file.LocalPath, target, overwrite: true), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Copies one file to <paramref name="destinationPath"/> through a hidden temporary file renamed into place, so
    /// a reader never sees a partial file; reports bytes as they are written.
    /// </summary>
    internal static async Task CopyFileAtomicallyAsync(string sourcePath, string destinationPath, Action<long>? onBytes, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(destinationPath)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, "." + Path.GetFileName(destinationPath) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            await using (var input = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan))
            await using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                var buffer = new byte[(int)Math.Min(CopyBufferBytes, Math.Max(1, input.Length))];
                long written = 0;
                int read;
                while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    written += read;
                    onBytes?.Invoke(written);
                }
            }

            File.Move(temporary, destinationPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Deletes a directory tree if it exists; a failure is returned, not thrown (cleanup must not hide the real outcome).</summary>
    internal static Exception? TryDeleteDirectory(string? directory)
    {
        if (directory is null || !Directory.Exists(directory))
        {
            return null;
        }

        try
        {
            Directory.Delete(directory, recursive: true);
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return exception;
        }
    }
}
