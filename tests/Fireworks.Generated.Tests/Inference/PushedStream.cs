using System.Text;
using System.Threading.Channels;
using Fireworks.Tests.Core.Infrastructure;

namespace Fireworks.Tests.Inference;

/// <summary>
/// A response body the test writes to while the SDK reads it: each read returns what was pushed, or waits for the next
/// push; <see cref="WaitingAsync"/> lets the test act exactly when a read has started waiting (its timers are armed).
/// </summary>
internal sealed class PushedStream : ReadOnlyTestStream
{
    private readonly Channel<byte[]> _pushed = Channel.CreateUnbounded<byte[]>();
    private readonly SemaphoreSlim _waiting = new(0);
    private ReadOnlyMemory<byte> _current;

    public void Push(string text) => _pushed.Writer.TryWrite(Encoding.UTF8.GetBytes(text));

    /// <summary>Completes once a read has found nothing pushed and started waiting (once per such wait).</summary>
    public async Task WaitingAsync()
    {
        if (!await _waiting.WaitAsync(Wait.Guard))
        {
            throw new TimeoutException("The SDK never started waiting for more of the stream.");
        }
    }

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
}
