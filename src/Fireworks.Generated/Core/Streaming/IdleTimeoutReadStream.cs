namespace Fireworks;

/// <summary>
/// A read-only pass-through stream whose reads are cancelled when no byte arrives for the idle timeout, measured on the
/// client's <see cref="TimeProvider"/> (like Azure.Core's <c>ReadTimeoutStream</c>): a started event stream has no
/// call budget, so this is what ends one whose server went quiet with the connection still open.
/// </summary>
/// <remarks>
/// One timer for the whole stream, re-armed before each read and disarmed after it (re-arming allocates nothing);
/// any byte (an SSE comment too) counts as activity.
/// </remarks>
internal sealed class IdleTimeoutReadStream : ForwardReadStream
{
    private readonly TimeSpan _idleTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationToken _callerToken;
    private CancellationTokenSource _idle;
    private CancellationTokenRegistration _callerLink;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The response body.</param>
    /// <param name="idleTimeout">The longest wait for a read; <see cref="Timeout.InfiniteTimeSpan"/> never times out.</param>
    /// <param name="timeProvider">The clock of the timer.</param>
    /// <param name="cancellationToken">The caller's token; cancelling it cancels a pending read too.</param>
    public IdleTimeoutReadStream(Stream inner, TimeSpan idleTimeout, TimeProvider timeProvider, CancellationToken cancellationToken)
        : base(inner)
    {
        _idleTimeout = idleTimeout;
        _timeProvider = timeProvider;
        _callerToken = cancellationToken;
        (_idle, _callerLink) = CreateTimer();
    }

    /// <summary>Whether a read was ended because the idle timeout ran out (not because the caller cancelled).</summary>
    public bool TimedOut { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("An event stream is read asynchronously.");

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_idle.IsCancellationRequested && !TimedOut && !_callerToken.IsCancellationRequested)
        {
            // The timer ran out just after the previous read had completed: that read was in time, so this one starts afresh.
            await ReplaceTimerAsync().ConfigureAwait(false);
        }

        // The parser passes the caller's token again, which the timer's source already follows; any other token is linked
        // for this read alone.
        using var linked = cancellationToken.CanBeCanceled && cancellationToken != _callerToken
            ? CancellationTokenSource.CreateLinkedTokenSource(_idle.Token, cancellationToken)
            : null;
        _idle.CancelAfter(_idleTimeout);
        try
        {
            return await Inner.ReadAsync(buffer, linked?.Token ?? _idle.Token).ConfigureAwait(false);
        }
        catch (Exception) when (_idle.IsCancellationRequested && !_callerToken.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Whatever the body throws once the timer has cancelled its read (OperationCanceledException, or an
            // IOException from some transports), the cause is the idle timeout.
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

    private (CancellationTokenSource Idle, CancellationTokenRegistration CallerLink) CreateTimer()
    {
        var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _timeProvider);
        return (idle, _callerToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), idle));
    }

    private async ValueTask ReplaceTimerAsync()
    {
        await _callerLink.DisposeAsync().ConfigureAwait(false);
        _idle.Dispose();
        (_idle, _callerLink) = CreateTimer();
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
