using System.Text;
using System.Threading.Channels;
using Fireworks.Tests.Core.Infrastructure;

namespace Fireworks.Tests.Inference;

/// <summary>
/// A response body the test writes to while the SDK reads it: each read returns what was pushed, or waits for the next
/// push; <see cref="WaitingAsync"/> lets the test act exactly when a read has started waiting (its timers are armed).
/// </summary>
internal sealed class PushedStream : Stream
{
    private readonly Channel<byte[]> _pushed = Channel.CreateUnbounded<byte[]>();
    private readonly SemaphoreSlim _waiting = new(0);
    private ReadOnlyMemory<byte> _current;

    public bool Disposed { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public void Push(string text) => _pushed.Writer.TryWrite(Encoding.UTF8.GetBytes(text));

    /// <summary>Completes once a read has found nothing pushed and started waiting (once per such wait).</summary>
    public async Task WaitingAsync()
    {
        if (!await _waiting.WaitAsync(Wait.Guard))
        {
            throw new TimeoutException("The SDK never started waiting for more of the stream.");
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("the SDK reads asynchronously");

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        if (_current.IsEmpty)
        {
            if (!_pushed.Reader.TryRead(out var next))
            {
                _waiting.Release();
                next = await _pushed.Reader.ReadAsync(cancellationToken);
            }

            _current = next;
        }

        var count = Math.Min(_current.Length, buffer.Length);
        _current.Span[..count].CopyTo(buffer.Span);
        _current = _current[count..];
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
