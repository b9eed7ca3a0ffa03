using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Fireworks.SafeTensors;

/// <summary>
/// An open safetensors file with a validated header. Tensor data is read on demand with positional reads
/// (<see cref="RandomAccess"/>) or through a memory map (<see cref="CreateMemoryMap"/>), so a multi-gigabyte shard
/// never has to be in memory. Safe for concurrent reads from several threads.
/// </summary>
public sealed class SafeTensorsFile : IDisposable
{
    private readonly byte[] _rawHeader;

    private SafeTensorsFile(string path, SafeFileHandle handle, long fileLength, byte[] rawHeader, SafeTensorsHeader header)
    {
        FilePath = path;
        Handle = handle;
        FileLength = fileLength;
        _rawHeader = rawHeader;
        Header = header;
    }

    /// <summary>Full path of the file.</summary>
    public string FilePath { get; }

    /// <summary>Length of the file in bytes.</summary>
    public long FileLength { get; }

    /// <summary>Length of the JSON header in bytes (the value of the 8-byte prefix).</summary>
    public long HeaderLength => _rawHeader.Length;

    /// <summary>Offset in the file where the data section starts (8 + <see cref="HeaderLength"/>).</summary>
    public long DataOffset => 8 + _rawHeader.Length;

    /// <summary>The validated header.</summary>
    public SafeTensorsHeader Header { get; }

    /// <summary>The header bytes exactly as stored (including any padding).</summary>
    public ReadOnlyMemory<byte> RawHeader => _rawHeader;

    /// <summary>Tensor entries in header order.</summary>
    public IReadOnlyList<SafeTensorInfo> Tensors => Header.Tensors;

    /// <summary>The <c>__metadata__</c> map, or <see langword="null"/>.</summary>
    public IReadOnlyDictionary<string, string>? Metadata => Header.Metadata;

    internal SafeFileHandle Handle { get; }

    /// <summary>Opens and validates a safetensors file.</summary>
    /// <param name="path">Path of the file.</param>
    /// <param name="options">Limits (header size).</param>
    /// <returns>The open file; dispose it to close the handle.</returns>
    /// <exception cref="SafeTensorsFormatException">The file is not a valid safetensors file; the message names the file and the problem.</exception>
    public static SafeTensorsFile Open(string path, SafeTensorsReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= SafeTensorsReadOptions.Default;
        var fullPath = Path.GetFullPath(path);
        var handle = File.OpenHandle(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            var fileLength = RandomAccess.GetLength(handle);
            var rawHeader = ReadHeaderBytes(handle, fileLength, options, fullPath);
            SafeTensorsHeader header;
            try
            {
                header = SafeTensorsHeader.Parse(rawHeader, fileLength - 8 - rawHeader.Length);
            }
            catch (SafeTensorsFormatException ex)
            {
                throw new SafeTensorsFormatException($"'{fullPath}': {ex.Message}", ex);
            }

            return new SafeTensorsFile(fullPath, handle, fileLength, rawHeader, header);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Opens and validates a safetensors file without blocking the caller's thread.</summary>
    /// <param name="path">Path of the file.</param>
    /// <param name="options">Limits (header size).</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The open file.</returns>
    /// <exception cref="SafeTensorsFormatException">The file is not a valid safetensors file.</exception>
    public static Task<SafeTensorsFile> OpenAsync(string path, SafeTensorsReadOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Open(path, options), cancellationToken);

    /// <summary>Reads bytes of a tensor into <paramref name="destination"/>.</summary>
    /// <param name="tensor">A tensor of this file.</param>
    /// <param name="offsetInTensor">First byte to read, relative to the tensor's start.</param>
    /// <param name="destination">Receives exactly <c>destination.Length</c> bytes.</param>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside the tensor.</exception>
    /// <exception cref="SafeTensorsFormatException">The file became shorter than its header says.</exception>
    public void ReadTensorData(SafeTensorInfo tensor, long offsetInTensor, Span<byte> destination)
    {
        var fileOffset = CheckRange(tensor, offsetInTensor, destination.Length);
        while (!destination.IsEmpty)
        {
            var read = RandomAccess.Read(Handle, destination, fileOffset);
            if (read == 0)
            {
                throw Truncated(tensor);
            }

            destination = destination[read..];
            fileOffset += read;
        }
    }

    /// <summary>Reads bytes of a tensor into <paramref name="destination"/> asynchronously.</summary>
    /// <param name="tensor">A tensor of this file.</param>
    /// <param name="offsetInTensor">First byte to read, relative to the tensor's start.</param>
    /// <param name="destination">Receives exactly <c>destination.Length</c> bytes.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task that completes when the bytes are read.</returns>
    public async ValueTask ReadTensorDataAsync(SafeTensorInfo tensor, long offsetInTensor, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        var fileOffset = CheckRange(tensor, offsetInTensor, destination.Length);
        while (!destination.IsEmpty)
        {
            var read = await RandomAccess.ReadAsync(Handle, destination, fileOffset, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw Truncated(tensor);
            }

            destination = destination[read..];
            fileOffset += read;
        }
    }

    /// <summary>Reads a whole (small) tensor into a new array.</summary>
    /// <param name="tensor">A tensor of this file.</param>
    /// <returns>The tensor's raw little-endian bytes.</returns>
    /// <exception cref="InvalidOperationException">The tensor is larger than an array can hold; use a stream or ranged reads.</exception>
    public byte[] ReadTensorBytes(SafeTensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.ByteLength > Array.MaxLength)
        {
            throw new InvalidOperationException($"Tensor '{tensor.Name}' is {tensor.ByteLength} bytes, too large for one array; read it in ranges.");
        }

        var bytes = GC.AllocateUninitializedArray<byte>((int)tensor.ByteLength);
        ReadTensorData(tensor, 0, bytes);
        return bytes;
    }

    /// <summary>Opens a read-only, seekable stream over one tensor's bytes.</summary>
    /// <param name="tensor">A tensor of this file.</param>
    /// <returns>A stream positioned at the tensor's first byte; it does not own the file.</returns>
    public Stream OpenTensorStream(SafeTensorInfo tensor)
    {
        CheckRange(tensor, 0, 0);
        return new TensorStream(this, tensor);
    }

    /// <summary>Maps the file into memory for zero-copy access to tensor bytes.</summary>
    /// <returns>The map; dispose it before disposing this file.</returns>
    public SafeTensorsMemoryMap CreateMemoryMap() => new(this);

    /// <inheritdoc />
    public void Dispose() => Handle.Dispose();

    internal long CheckRange(SafeTensorInfo tensor, long offsetInTensor, long length)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!Header.TryGetTensor(tensor.Name, out var own) || !ReferenceEquals(own, tensor))
        {
            throw new ArgumentException($"Tensor '{tensor.Name}' does not belong to '{FilePath}'.", nameof(tensor));
        }

        if (offsetInTensor < 0 || length < 0 || offsetInTensor > tensor.ByteLength - length)
        {
            throw new ArgumentOutOfRangeException(
                nameof(offsetInTensor),
                $"Range [{offsetInTensor}, {offsetInTensor + length}) is outside tensor '{tensor.Name}' ({tensor.ByteLength} bytes).");
        }

        return DataOffset + tensor.DataStart + offsetInTensor;
    }

    private SafeTensorsFormatException Truncated(SafeTensorInfo tensor) =>
        new($"'{FilePath}': tensor '{tensor.Name}' runs past the end of the file; it was truncated after opening.");

    private static byte[] ReadHeaderBytes(SafeFileHandle handle, long fileLength, SafeTensorsReadOptions options, string path)
    {
        if (fileLength < 8)
        {
            throw new SafeTensorsFormatException($"'{path}' is {fileLength} bytes, shorter than the 8-byte header length prefix.");
        }

        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(handle, prefix, 0, path);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > (ulong)(fileLength - 8))
        {
            throw new SafeTensorsFormatException($"'{path}': the header length {headerLength} exceeds the {fileLength - 8} bytes that follow the prefix (truncated or not safetensors).");
        }

        if (headerLength > (ulong)options.MaxHeaderLength)
        {
            throw new SafeTensorsFormatException($"'{path}': the header length {headerLength} exceeds the limit of {options.MaxHeaderLength} bytes.");
        }

        if (headerLength < 2)
        {
            throw new SafeTensorsFormatException($"'{path}': the header length {headerLength} is too small for a JSON object.");
        }

        var header = GC.AllocateUninitializedArray<byte>((int)headerLength);
        ReadExactly(handle, header, 8, path);
        return header;
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> destination, long offset, string path)
    {
        while (!destination.IsEmpty)
        {
            var read = RandomAccess.Read(handle, destination, offset);
            if (read == 0)
            {
                throw new SafeTensorsFormatException($"'{path}' ended while reading its header.");
            }

            destination = destination[read..];
            offset += read;
        }
    }

    private sealed class TensorStream(SafeTensorsFile file, SafeTensorInfo tensor) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => tensor.ByteLength;

        public override long Position
        {
            get => _position;
            set => _position = value is >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = (int)Math.Min(buffer.Length, Math.Max(0, tensor.ByteLength - _position));
            file.ReadTensorData(tensor, _position, buffer[..count]);
            _position += count;
            return count;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var count = (int)Math.Min(buffer.Length, Math.Max(0, tensor.ByteLength - _position));
            await file.ReadTensorDataAsync(tensor, _position, buffer[..count], cancellationToken).ConfigureAwait(false);
            _position += count;
            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin)
        {
            Position = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => _position + offset,
                SeekOrigin.End => tensor.ByteLength + offset,
                _ => throw new ArgumentOutOfRangeException(nameof(origin)),
            };
            return _position;
        }

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException("Tensor streams are read-only.");

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Tensor streams are read-only.");
    }
}
