namespace Fireworks;

/// <summary>
/// A read-only pass-through stream whose reads are cancelled when no byte arrives for the idle timeout, measured on the
/// client's <see cref="TimeProvider"/> (like Azure.Core's <c>ReadTimeoutStream</c>): a started event stream has no
/// call budget, so this is what ends one whose server went quiet with the connection still open.
/// </summary>
/// <remarks>
/// One timer for the whole stream, re-armed per read and disarmed after it, so a long stream costs no allocation per
/// read; any byte (an SSE comment too) counts as activity.
/// </remarks>
internal sealed class IdleTimeoutReadStream : ForwardReadStream
{
    private readonly TimeSpan _idleTimeout;
    private readonly CancellationTokenSource _idle;
    private readonly CancellationToken _callerToken;
    private readonly CancellationTokenRegistration _callerLink;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The response body.</param>
    /// <param name="idleTimeout">The longest wait for a read; <see cref="Timeout.InfiniteTimeSpan"/> never times out.</param>
    /// <param name="timeProvider">The clock of the timer.</param>
    /// <param name="cancellationToken">The caller's token; cancelling it cancels a pending read too.</param>
    public IdleTimeoutReadStream(Stream inner, TimeSpan idleTimeout, TimeProvider timeProvider, CancellationToken cancellationToken)
        : base(inner)
    {
        _idleTimeout = idleTimeout;
        _idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        _callerToken = cancellationToken;
        _callerLink = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _idle);
    }

    /// <summary>Whether a read was ended because the idle timeout ran out (not because the caller cancelled).</summary>
    public bool TimedOut { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("An event stream is read asynchronously.");

    // The parser passes the caller's token again; the timer's source is already linked to it, so one token serves both.
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _idle.CancelAfter(_idleTimeout);
        try
        {
            return await Inner.ReadAsync(buffer, _idle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_idle.IsCancellationRequested && !_callerToken.IsCancellationRequested)
        {
            TimedOut = true;
            throw;
        }
        finally
        {
            if (!_idle.IsCancellationRequested)
            {
                _idle.CancelAfter(Timeout.InfiniteTimeSpan);
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _callerLink.Dispose();
            _idle.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _callerLink.DisposeAsync().ConfigureAwait(false);
        _idle.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
