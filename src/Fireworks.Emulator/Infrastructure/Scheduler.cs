namespace Fireworks.Emulator;

/// <summary>
/// State transitions due at emulated instants. Nothing runs on a timer: every request first runs what has become
/// due (<see cref="RunDue"/>), in time order, so the outcome depends only on the emulated clock, never on thread timing.
/// Changed only under the state's write lock; <see cref="NextDue"/> may be read without it.
/// </summary>
internal sealed class Scheduler
{
    private readonly PriorityQueue<Action<DateTimeOffset>, (DateTimeOffset At, long Sequence)> queue = new();
    private long sequence;
    private long nextDueUtcTicks = DateTimeOffset.MaxValue.UtcTicks;

    /// <summary>When the earliest pending transition is due (<see cref="DateTimeOffset.MaxValue"/> when none is).</summary>
    public DateTimeOffset NextDue => new(Volatile.Read(ref nextDueUtcTicks), TimeSpan.Zero);

    /// <summary>Runs <paramref name="action"/> with its due time once the emulated clock reaches <paramref name="at"/>.</summary>
    public void At(DateTimeOffset at, Action<DateTimeOffset> action)
    {
        queue.Enqueue(action, (at, sequence++));
        PublishNextDue();
    }

    /// <summary>Runs every action due at or before <paramref name="now"/>, including ones those actions schedule.</summary>
    public void RunDue(DateTimeOffset now)
    {
        while (queue.TryPeek(out var action, out var due) && due.At <= now)
        {
            queue.Dequeue();
            action(due.At);
        }

        PublishNextDue();
    }

    private void PublishNextDue() =>
        Volatile.Write(ref nextDueUtcTicks, queue.TryPeek(out _, out var next) ? next.At.UtcTicks : DateTimeOffset.MaxValue.UtcTicks);
}
