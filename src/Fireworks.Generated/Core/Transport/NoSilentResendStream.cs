namespace Fireworks;

/// <summary>
/// The stream of every connection of the SDK's default handler (<see cref="SocketsHttpHandler.PlaintextStreamFilter"/>):
/// when the server closes a connection after receiving a request and before sending a byte of the response, the
/// read fails with an <see cref="IOException"/> instead of ending at EOF.
/// </summary>
/// <remarks>
/// On that EOF, <see cref="SocketsHttpHandler"/> resends a request without a body (GET, DELETE) on a new
/// connection, up to 3 more times (its fixed <c>MaxConnectionFailureRetries</c>, with no switch to turn it off),
/// and that happened inside every attempt of the SDK's own retry policy: one GET with 3 retries reached such a
/// server 16 times. An exception there is not resent by the handler, so the SDK's policy alone decides and the
/// attempts that reach the server stay within <c>MaxRetries + 1</c>. A pooled connection the server closed while
/// idle (nothing written since the last response) still reads EOF, so the handler discards it as before.
/// </remarks>
internal sealed class NoSilentResendStream(Stream inner) : Stream
{
    // Set by every write (a request going out), cleared by every byte read (its response coming in).
    private volatile bool _awaitingResponse;

    public override bool CanRead => inner.CanRead;

    public override bool CanWrite => inner.CanWrite;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>The factory for <see cref="SocketsHttpHandler.PlaintextStreamFilter"/>.</summary>
    internal static ValueTask<Stream> Wrap(SocketsHttpPlaintextStreamFilterContext context, CancellationToken cancellationToken) =>
        new(new NoSilentResendStream(context.PlaintextStream));

    public override int Read(byte[] buffer, int offset, int count) => Received(inner.Read(buffer, offset, count), count);

    public override int Read(Span<byte> buffer) => Received(inner.Read(buffer), buffer.Length);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Received(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false), buffer.Length);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        _awaitingResponse = true;
        inner.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _awaitingResponse = true;
        inner.Write(buffer);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _awaitingResponse = true;
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    // A zero-byte read of an empty buffer only waits for data; EOF is zero bytes for a non-empty buffer.
    private int Received(int read, int requested)
    {
        if (read > 0)
        {
            _awaitingResponse = false;
        }
        else if (requested > 0 && _awaitingResponse)
        {
            throw new IOException("The server closed the connection after receiving the request, before sending a response.");
        }

        return read;
    }
}
