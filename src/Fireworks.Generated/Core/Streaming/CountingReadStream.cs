namespace Fireworks;

/// <summary>A read-only pass-through stream that counts the bytes read (for stream error messages).</summary>
internal sealed class CountingReadStream(Stream inner) : ForwardReadStream(inner)
{
    private long _bytesRead;

    /// <summary>The bytes read so far.</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    public override int Read(byte[] buffer, int offset, int count) => Count(Inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(Inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    private int Count(int read)
    {
        Interlocked.Add(ref _bytesRead, read);
        return read;
    }
}
