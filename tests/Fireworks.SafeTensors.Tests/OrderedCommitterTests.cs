using Fireworks.Delta;

namespace Fireworks.SafeTensors.Tests;

public sealed class OrderedCommitterTests
{
    [Fact]
    public async Task CommitsInSequenceWhateverTheCompletionOrderAndBoundsItemsInFlight()
    {
        const int count = 2000;
        const int maxInFlight = 6;
        var committed = new List<long>();
        var inFlight = 0;
        var maxSeen = 0;
        var committer = new OrderedCommitter<Box>(count, maxInFlight, box =>
        {
            committed.Add(box.Index);
            Interlocked.Decrement(ref inFlight);
        });
        long next = -1;
        var random = new Random(50);
        var spins = Enumerable.Range(0, count).Select(_ => random.Next(0, 2000)).ToArray();

        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                await committer.WaitForSlotAsync(CancellationToken.None);
                var index = Interlocked.Increment(ref next);
                if (index >= count)
                {
                    committer.ReleaseUnusedSlot();
                    return;
                }

                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref maxSeen, now);
                Thread.SpinWait(spins[index]); // uneven work so items finish out of order
                committer.Complete(index, new Box(index));
            }
        })).ToArray();
        await Task.WhenAll(workers);

        Assert.Equal(Enumerable.Range(0, count).Select(i => (long)i), committed);
        Assert.InRange(maxSeen, 1, maxInFlight);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private sealed record Box(long Index);
}
