using Fireworks.Models;

namespace Fireworks;

/// <summary>
/// One report of a wait: the resource as last read, its state and what changed since the previous
/// report. A wait reports the first observation, every state change and every change of
/// <see cref="JobProgress"/>, in the order it observed them.
/// </summary>
/// <typeparam name="TResource">The resource type, e.g. <see cref="RlorTrainerJob"/>.</typeparam>
/// <typeparam name="TState">The resource's state enum, e.g. <see cref="JobState"/>.</typeparam>
/// <remarks>
/// Reports are made synchronously from the polling loop, in order. <see cref="Progress{T}"/>
/// posts them to the synchronization context it was created on, or to the thread pool when there
/// is none, where handlers may run concurrently and out of order; implement
/// <see cref="IProgress{T}"/> directly when the order matters outside a UI context.
/// </remarks>
public sealed class WaitProgress<TResource, TState>
    where TState : struct
{
    /// <summary>The resource as returned by the poll that produced this report.</summary>
    public TResource Resource { get; init; } = default!;

    /// <summary>Its state, or null when the server sent none (proto3 JSON omits the unspecified state).</summary>
    public TState? State { get; init; }

    /// <summary>How <see cref="State"/> classifies (<see cref="StateClass.Transient"/> for a missing or unrecognized state).</summary>
    public StateClass StateClass { get; init; }

    /// <summary>A readable state: the member name, <c>(not set)</c>, or a note that the server sent a state this SDK version does not know.</summary>
    public string StateDescription { get; init; } = string.Empty;

    /// <summary>True when the server sent a state value this SDK version does not know (<c>IsKnown</c> is false; <see cref="State"/> holds its wire value); the wait keeps polling.</summary>
    public bool IsUnrecognizedState { get; init; }

    /// <summary>True for the first observation and whenever the state differs from the previous poll's.</summary>
    public bool StateChanged { get; init; }

    /// <summary>True when this is the first resource the wait read.</summary>
    public bool IsFirstObservation { get; init; }

    /// <summary>The state of the previous report, or null on the first one (or when it had none).</summary>
    public TState? PreviousState { get; init; }

    /// <summary>The resource's <c>jobProgress</c> (percent, epoch, processed requests, …), when the resource has one and the server sent it.</summary>
    public JobProgress? JobProgress { get; init; }

    /// <summary>True when <see cref="JobProgress"/> differs from the previous report's (or appears for the first time).</summary>
    public bool JobProgressChanged { get; init; }

    /// <summary>The number of polls made so far, failed ones included (1 for the first).</summary>
    public int PollCount { get; init; }

    /// <summary>The time since the wait started, on the client's <see cref="TimeProvider"/>.</summary>
    public TimeSpan Elapsed { get; init; }
}
