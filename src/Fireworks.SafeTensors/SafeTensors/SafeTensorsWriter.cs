using System.Buffers.Binary;

namespace Fireworks.SafeTensors;

/// <summary>Options for <see cref="SafeTensorsWriter"/>.</summary>
public sealed record SafeTensorsWriteOptions
{
    /// <summary>Pad the header JSON with spaces to a multiple of this many bytes (8 by default, like the reference writer).</summary>
    public int HeaderAlignment { get; init; } = 8;

    /// <summary>Flush the file to stable storage before renaming it into place (slower; off by default).</summary>
    public bool FlushToDisk { get; init; }
}

/// <summary>
/// Streams a safetensors file to disk: the header is written first, then tensor data is appended in data-section
/// order, any amount at a time, so tensors never have to be in memory whole. The file is written under a temporary
/// name and renamed into place by <see cref="Commit"/>; disposing without committing deletes it.
/// </summary>
public sealed class SafeTensorsWriter : IDisposable
{
    private readonly AtomicFileWriter _file;
    private readonly long _dataOffset;
    private readonly bool _flushToDisk;
    private bool _committed;

    private SafeTensorsWriter(AtomicFileWriter file, SafeTensorsHeader header, long dataOffset, bool flushToDisk)
    {
        _file = file;
        Header = header;
        _dataOffset = dataOffset;
        _flushToDisk = flushToDisk;
    }

    /// <summary>The header being written.</summary>
    public SafeTensorsHeader Header { get; }

    /// <summary>Bytes of the data section written so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>The path the file will have once committed.</summary>
    public string DestinationPath => _file.DestinationPath;

    /// <summary>Creates the temporary file and writes the length prefix and header.</summary>
    /// <param name="path">Final path of the file.</param>
    /// <param name="header">The header (see <see cref="SafeTensorsHeader.Create"/>).</param>
    /// <param name="options">Alignment and durability options.</param>
    /// <returns>A writer waiting for <see cref="SafeTensorsHeader.DataLength"/> bytes of tensor data.</returns>
    public static SafeTensorsWriter Create(string path, SafeTensorsHeader header, SafeTensorsWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        options ??= new SafeTensorsWriteOptions();
        var json = header.ToUtf8Bytes(options.HeaderAlignment);
        var file = new AtomicFileWriter(path);
        try
        {
            var prefix = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)json.Length);
            file.Write(0, prefix);
            file.Write(8, json);
            return new SafeTensorsWriter(file, header, 8 + json.Length, options.FlushToDisk);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Appends tensor data (tensors in data-section order, split or joined across calls as convenient).</summary>
    /// <param name="data">The next bytes of the data section.</param>
    /// <exception cref="InvalidOperationException">More bytes than the header declares.</exception>
    public void Write(ReadOnlySpan<byte> data)
    {
        CheckCapacity(data.Length);
        _file.Write(_dataOffset + BytesWritten, data);
        BytesWritten += data.Length;
    }

    /// <summary>Appends tensor data asynchronously.</summary>
    /// <param name="data">The next bytes of the data section.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the bytes are written.</returns>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        CheckCapacity(data.Length);
        await _file.WriteAsync(_dataOffset + BytesWritten, data, cancellationToken).ConfigureAwait(false);
        BytesWritten += data.Length;
    }

    /// <summary>Checks every declared byte was written, then renames the file into place.</summary>
    /// <exception cref="InvalidOperationException">Fewer bytes were written than the header declares.</exception>
    public void Commit()
    {
        if (BytesWritten != Header.DataLength)
        {
            throw new InvalidOperationException($"Only {BytesWritten} of {Header.DataLength} data bytes were written to '{DestinationPath}'.");
        }

        _file.Commit(_dataOffset + BytesWritten, _flushToDisk);
        _committed = true;
    }

    /// <summary>Deletes the temporary file unless <see cref="Commit"/> succeeded.</summary>
    public void Dispose()
    {
        if (!_committed)
        {
            _file.Dispose();
        }
    }

    private void CheckCapacity(int count)
    {
        if (_committed)
        {
            throw new InvalidOperationException("The file is already committed.");
        }

        if (count > Header.DataLength - BytesWritten)
        {
            throw new InvalidOperationException($"Writing {count} bytes would exceed the {Header.DataLength}-byte data section declared by the header.");
        }
    }
}
