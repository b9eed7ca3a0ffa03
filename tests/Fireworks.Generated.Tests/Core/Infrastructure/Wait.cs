namespace Fireworks.Tests.Core.Infrastructure;

/// <summary>Waiting helpers. <see cref="Guard"/> only turns a hang into a failure; no test relies on real time passing.</summary>
public static class Wait
{
    /// <summary>How long a test waits for an event before failing instead of hanging.</summary>
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    public static Task ForCancellationAsync(CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cancellationToken.Register(() => completion.TrySetCanceled(cancellationToken));
        return completion.Task;
    }

    public static Task<T> Guarded<T>(this Task<T> task) => task.WaitAsync(Guard);

    public static Task Guarded(this Task task) => task.WaitAsync(Guard);
}
