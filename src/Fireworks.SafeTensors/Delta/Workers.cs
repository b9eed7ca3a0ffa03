using System.Runtime.ExceptionServices;

namespace Fireworks.Delta;

/// <summary>Runs a fixed number of workers; the first failure cancels the others and is rethrown as is.</summary>
internal static class Workers
{
    public static async Task RunAsync(int count, Func<CancellationToken, Task> worker, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = new Task[count];
        for (var i = 0; i < count; i++)
        {
            tasks[i] = Task.Run(
                async () =>
                {
                    try
                    {
                        await worker(linked.Token).ConfigureAwait(false);
                    }
                    catch
                    {
                        await linked.CancelAsync().ConfigureAwait(false);
                        throw;
                    }
                },
                CancellationToken.None);
        }

        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch
        {
            cancellationToken.ThrowIfCancellationRequested();
            var first = tasks
                .Where(t => t.IsFaulted)
                .SelectMany(t => t.Exception!.InnerExceptions)
                .FirstOrDefault(e => e is not OperationCanceledException)
                ?? tasks.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions).FirstOrDefault();
            if (first is not null)
            {
                ExceptionDispatchInfo.Capture(first).Throw();
            }

            throw;
        }
    }
}

/// <summary>
/// Accepts results finished in any order and commits them strictly in sequence, on whichever thread finds the next
/// one ready, so no worker ever waits for a slower neighbour. A semaphore bounds how many items may be claimed but not
/// yet committed, which bounds the memory parked results can hold.
/// </summary>
internal sealed class OrderedCommitter<T>
    where T : class
{
    private readonly T?[] _ready;
    private readonly Action<T> _commit;
    private readonly SemaphoreSlim _slots;
    private readonly Lock _drain = new();
    private long _next;

    public OrderedCommitter(int count, int maxInFlight, Action<T> commit)
    {
        _ready = new T?[count];
        _commit = commit;
        _slots = new SemaphoreSlim(maxInFlight, maxInFlight);
    }

    /// <summary>Waits until fewer than the maximum number of items are in flight; call before claiming an item.</summary>
    public Task WaitForSlotAsync(CancellationToken cancellationToken) => _slots.WaitAsync(cancellationToken);

    /// <summary>Gives back a slot that was not used (no item was left to claim).</summary>
    public void ReleaseUnusedSlot() => _slots.Release();

    /// <summary>Hands over the result of item <paramref name="index"/> and commits every result now in sequence.</summary>
    public void Complete(long index, T result)
    {
        Volatile.Write(ref _ready[index], result);
        while (true)
        {
            if (!_drain.TryEnter())
            {
                return; // the thread draining will reach this result, or re-check after it lets go
            }

            try
            {
                while (_next < _ready.Length && Volatile.Read(ref _ready[_next]) is { } ready)
                {
                    _ready[_next] = null;
                    _commit(ready);
                    Volatile.Write(ref _next, _next + 1);
                    _slots.Release();
                }
            }
            finally
            {
                _drain.Exit();
            }

            // A result stored after the last check by a thread that failed TryEnter would be stranded: look again.
            var next = Volatile.Read(ref _next);
            if (next >= _ready.Length || Volatile.Read(ref _ready[next]) is null)
            {
                return;
            }
        }
    }
}
