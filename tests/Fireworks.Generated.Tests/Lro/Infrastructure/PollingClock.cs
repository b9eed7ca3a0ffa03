using Microsoft.Extensions.Time.Testing;

namespace Fireworks.Tests.Lro.Infrastructure;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that records the due time of every timer armed on it (poll
/// delays, the wait timeout) and drives a wait by advancing exactly to each delay it requests.
/// </summary>
public sealed class PollingClock : FakeTimeProvider
{
    /// <summary>How long a test waits for the SDK to arm a timer or finish before failing instead of hanging.</summary>
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    private readonly object _gate = new();
    private readonly List<TimeSpan> _armed = [];
    private readonly Dictionary<int, TaskCompletionSource<TimeSpan>> _waiters = [];

    public PollingClock()
        : base(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>The due times of the finite timers armed so far, in order.</summary>
    public IReadOnlyList<TimeSpan> Armed
    {
        get
        {
            lock (_gate)
            {
                return [.. _armed];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new RecordingTimer(base.CreateTimer(callback, state, dueTime, period), this);
        Record(dueTime);
        return timer;
    }

    /// <summary>Completes when the <paramref name="index"/>-th (1-based) finite timer is armed, with its due time.</summary>
    public Task<TimeSpan> TimerArmedAsync(int index)
    {
        lock (_gate)
        {
            if (_armed.Count >= index)
            {
                return Task.FromResult(_armed[index - 1]);
            }

            if (!_waiters.TryGetValue(index, out var waiter))
            {
                waiter = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters[index] = waiter;
            }

            return waiter.Task;
        }
    }

    /// <summary>
    /// Runs <paramref name="wait"/> to its end: each time it arms a timer, advances the clock by
    /// exactly that timer's due time. The first <paramref name="skip"/> timers (a wait timeout) are not advanced to.
    /// </summary>
    public async Task<T> DriveAsync<T>(Task<T> wait, int skip = 0)
    {
        var consumed = skip;
        while (true)
        {
            var armed = TimerArmedAsync(consumed + 1);
            var first = await Task.WhenAny(wait, armed).WaitAsync(Guard);
            if (first == wait)
            {
                return await wait;
            }

            consumed++;
            Advance(await armed);
        }
    }

    /// <summary>Like <see cref="DriveAsync{T}(Task{T}, int)"/> and expects the wait to throw <typeparamref name="TException"/>.</summary>
    public async Task<TException> DriveToFailureAsync<TException, T>(Task<T> wait, int skip = 0)
        where TException : Exception
    {
        var exception = await Xunit.Record.ExceptionAsync(() => DriveAsync(wait, skip));
        return Xunit.Assert.IsAssignableFrom<TException>(exception);
    }

    private void Record(TimeSpan dueTime)
    {
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        TaskCompletionSource<TimeSpan>? waiter;
        lock (_gate)
        {
            _armed.Add(dueTime);
            _waiters.Remove(_armed.Count, out waiter);
        }

        waiter?.TrySetResult(dueTime);
    }

    private sealed class RecordingTimer(ITimer inner, PollingClock owner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Record(dueTime);
            return inner.Change(dueTime, period);
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
