using System.IO.MemoryMappedFiles;

namespace Fireworks.SafeTensors;

/// <summary>
/// A read-only memory map of a <see cref="SafeTensorsFile"/>: tensor bytes as spans straight from the page cache,
/// without copying. Pages are loaded on first touch, so mapping a large shard costs nothing up front.
/// </summary>
public sealed unsafe class SafeTensorsMemoryMap : IDisposable
{
    private readonly SafeTensorsFile _file;
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _pointer;
    private bool _disposed;

    internal SafeTensorsMemoryMap(SafeTensorsFile file)
    {
        _file = file;
        _map = MemoryMappedFile.CreateFromFile(file.Handle, null, file.FileLength, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        try
        {
            _view = _map.CreateViewAccessor(0, file.FileLength, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            _pointer = pointer + _view.PointerOffset;
        }
        catch
        {
            _view?.Dispose();
            _map.Dispose();
            throw;
        }
    }

    /// <summary>Returns a span over part of a tensor's bytes.</summary>
    /// <param name="tensor">A tensor of the mapped file.</param>
    /// <param name="offsetInTensor">First byte, relative to the tensor's start.</param>
    /// <param name="length">Number of bytes (at most <see cref="int.MaxValue"/>).</param>
    /// <returns>The bytes; valid until this map is disposed.</returns>
    public ReadOnlySpan<byte> GetSpan(SafeTensorInfo tensor, long offsetInTensor, int length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var fileOffset = _file.CheckRange(tensor, offsetInTensor, length);
        return new ReadOnlySpan<byte>(_pointer + fileOffset, length);
    }

    /// <summary>Returns a span over a whole tensor.</summary>
    /// <param name="tensor">A tensor of the mapped file, at most 2 GiB.</param>
    /// <returns>The tensor's bytes; valid until this map is disposed.</returns>
    /// <exception cref="InvalidOperationException">The tensor is larger than a span can address; use the ranged overload.</exception>
    public ReadOnlySpan<byte> GetSpan(SafeTensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.ByteLength > int.MaxValue)
        {
            throw new InvalidOperationException($"Tensor '{tensor.Name}' is {tensor.ByteLength} bytes; read it in ranges.");
        }

        return GetSpan(tensor, 0, (int)tensor.ByteLength);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
