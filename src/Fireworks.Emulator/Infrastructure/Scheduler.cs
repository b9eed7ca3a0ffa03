namespace Fireworks.Emulator;

/// <summary>
/// State transitions due at emulated instants. Nothing runs on a timer: every request first runs what has become
/// due (<see cref="RunDue"/>), in time order, so the outcome depends only on the emulated clock, never on thread timing.
/// Not thread-safe: used under <see cref="EmulatorState.Gate"/>.
/// </summary>
internal sealed class Scheduler
{
    private readonly PriorityQueue<Action<DateTimeOffset>, (DateTimeOffset At, long Sequence)> queue = new();
    private long sequence;

    /// <summary>Runs <paramref name="action"/> with its due time once the emulated clock reaches <paramref name="at"/>.</summary>
    public void At(DateTimeOffset at, Action<DateTimeOffset> action) => queue.Enqueue(action, (at, sequence++));

    /// <summary>Runs every action due at or before <paramref name="now"/>, including ones those actions schedule.</summary>
    public void RunDue(DateTimeOffset now)
    {
        while (queue.TryPeek(out var action, out var due) && due.At <= now)
        {
            queue.Dequeue();
            action(due.At);
        }
    }
}
