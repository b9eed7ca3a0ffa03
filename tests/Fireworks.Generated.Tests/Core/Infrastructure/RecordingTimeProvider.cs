using Microsoft.Extensions.Time.Testing;

namespace Fireworks.Tests.Core.Infrastructure;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that records every time a timer is armed (created or changed
/// with a finite due time), so a test can wait for the SDK to start a retry delay or a timeout and
/// assert its length exactly.
/// </summary>
public sealed class RecordingTimeProvider : FakeTimeProvider
{
    private readonly List<TimeSpan> _timers = [];
    private readonly SemaphoreSlim _armed = new(0);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RecordingTimeProvider()
        : base(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero))
    {
    }

    /// <summary>The due times of the timers armed so far, in order.</summary>
    public IReadOnlyList<TimeSpan> Timers
    {
        get
        {
            lock (_timers)
            {
                return [.. _timers];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new RecordingTimer(base.CreateTimer(callback, state, dueTime, period), this);
        Record(dueTime);
        return timer;
    }

    /// <summary>Waits until <paramref name="count"/> timers were armed and returns the due time of the last of them.</summary>
    public async Task<TimeSpan> WaitForTimerAsync(int count)
    {
        while (Timers.Count < count)
        {
            if (!await _armed.WaitAsync(Wait.Guard))
            {
                throw new TimeoutException($"Timer {count} was never armed; armed so far: [{string.Join(", ", Timers)}].");
            }
        }

        return Timers[count - 1];
    }

    /// <summary>
    /// Starts <paramref name="call"/> and lets it run to completion, advancing the clock by each timer's due time as
    /// it is armed (retry delays pass at once). Only for calls whose every timer is meant to fire.
    /// </summary>
    public async Task DriveAsync(Func<Task> call)
    {
        var seen = Timers.Count;
        var task = call();
        while (!task.IsCompleted)
        {
            TimeSpan? due = null;
            Task changed;
            lock (_timers)
            {
                changed = _changed.Task;
                if (_timers.Count > seen)
                {
                    due = _timers[seen++];
                }
            }

            if (due is { } delay)
            {
                Advance(delay);
                continue;
            }

            await Task.WhenAny(task, changed).WaitAsync(Wait.Guard);
        }

        await task;
    }

    private void Record(TimeSpan dueTime)
    {
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        TaskCompletionSource changed;
        lock (_timers)
        {
            _timers.Add(dueTime);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
        _armed.Release();
    }

    private sealed class RecordingTimer(ITimer inner, RecordingTimeProvider owner) : ITimer
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
