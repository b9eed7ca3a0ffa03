namespace Fireworks;

/// <summary>
/// Ends one transfer attempt that has moved no byte for <see cref="FileTransferOptions.IdleTimeout"/>: a signed-URL
/// server that accepts the connection and then sends (or reads) nothing would otherwise hold the attempt until the
/// caller gives up. Each byte count reported through <see cref="Moved"/> restarts the countdown, which runs on the
/// client's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class TransferWatchdog : IDisposable
{
    private readonly TimeSpan _idleTimeout;
    private readonly CancellationTokenSource _idle;
    private readonly CancellationTokenSource _linked;

    public TransferWatchdog(TimeSpan idleTimeout, TimeProvider time, CancellationToken cancellationToken)
    {
        _idleTimeout = idleTimeout;
        _idle = idleTimeout == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(idleTimeout, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _idle.Token);
    }

    /// <summary>Cancelled when the caller cancels or the attempt stalls.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>Whether the attempt was ended because it stalled (not by the caller).</summary>
    public bool Stalled => _idle.IsCancellationRequested;

    /// <summary>Wraps a progress callback so every report also restarts the countdown.</summary>
    public Action<long> Moved(Action<long> report) => bytes =>
    {
        Restart();
        report(bytes);
    };

    public void Dispose()
    {
        _linked.Dispose();
        _idle.Dispose();
    }

    private void Restart()
    {
        if (_idleTimeout != Timeout.InfiniteTimeSpan && !_idle.IsCancellationRequested)
        {
            try
            {
                _idle.CancelAfter(_idleTimeout);
            }
            catch (ObjectDisposedException)
            {
                // A late report from a request body still being torn down after the attempt ended.
            }
        }
    }
}
