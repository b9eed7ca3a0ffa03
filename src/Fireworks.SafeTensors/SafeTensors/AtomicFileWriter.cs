using Microsoft.Win32.SafeHandles;

namespace Fireworks.SafeTensors;

/// <summary>
/// Writes a file under a temporary name in the destination's directory and renames it over the destination only on
/// <see cref="Commit"/>: readers never see a partial file, and a failure or cancellation leaves nothing behind.
/// </summary>
internal sealed class AtomicFileWriter : IDisposable
{
    private bool _committed;
    private bool _disposed;

    public AtomicFileWriter(string destinationPath, long preallocationSize = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(destinationPath);
        DestinationPath = Path.GetFullPath(destinationPath);
        var directory = Path.GetDirectoryName(DestinationPath)
            ?? throw new ArgumentException($"'{destinationPath}' has no parent directory.", nameof(destinationPath));
        Directory.CreateDirectory(directory);
        TempPath = Path.Combine(directory, $".{Path.GetFileName(DestinationPath)}.{Guid.NewGuid():N}.tmp");
        Handle = File.OpenHandle(TempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.None, preallocationSize);
    }

    public string DestinationPath { get; }

    public string TempPath { get; }

    public SafeFileHandle Handle { get; }

    public void Write(long fileOffset, ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        RandomAccess.Write(Handle, data, fileOffset);
    }

    public ValueTask WriteAsync(long fileOffset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return RandomAccess.WriteAsync(Handle, data, fileOffset, cancellationToken);
    }

    /// <summary>Sets the final length, optionally flushes to disk, closes and renames over the destination.</summary>
    public void Commit(long length, bool flushToDisk)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        RandomAccess.SetLength(Handle, length);
        if (flushToDisk)
        {
            RandomAccess.FlushToDisk(Handle);
        }

        Handle.Dispose();
        File.Move(TempPath, DestinationPath, overwrite: true);
        _committed = true;
        _disposed = true;
    }

    public void Dispose()
    {
        if (!_committed)
        {
            Handle.Dispose();
            try
            {
                File.Delete(TempPath);
            }
            catch (IOException)
            {
                // The temp file is hidden and uniquely named; failing to remove it must not mask the original error.
            }
            catch (UnauthorizedAccessException)
            {
                // As above.
            }
        }

        _disposed = true;
    }
}
