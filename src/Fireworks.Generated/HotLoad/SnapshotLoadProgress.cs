using Fireworks.Models;

namespace Fireworks;

/// <summary>
/// One report of a wait for a snapshot to be served: sent for the first status read and whenever a
/// replica's identity, readiness or loading stage changes (replicas appearing or leaving included).
/// </summary>
public sealed class SnapshotLoadProgress
{
    /// <summary>The snapshot waited for.</summary>
    public required string Identity { get; init; }

    /// <summary>The status as read by the poll that produced this report.</summary>
    public required HotLoadStatus Status { get; init; }

    /// <summary>How the status classifies for <see cref="Identity"/>.</summary>
    public required SnapshotLoadState State { get; init; }

    /// <summary>The number of replicas that reported (0 while a deployment scales up: the wait goes on).</summary>
    public required int ReplicaCount { get; init; }

    /// <summary>The replicas that already serve <see cref="Identity"/> with <c>readiness</c>.</summary>
    public required int ServingReplicaCount { get; init; }

    /// <summary>The number of status polls made so far (1 for the first).</summary>
    public required int PollCount { get; init; }

    /// <summary>The time since the wait started, on the client's <see cref="TimeProvider"/>.</summary>
    public required TimeSpan Elapsed { get; init; }
}
