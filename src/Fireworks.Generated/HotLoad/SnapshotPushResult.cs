using Fireworks.Models;

namespace Fireworks;

/// <summary>What <see cref="SnapshotChain.PushAsync"/> did: the snapshot every replica now serves, and what it cost.</summary>
public sealed class SnapshotPushResult
{
    /// <summary>The training step.</summary>
    public required long Step { get; init; }

    /// <summary>The identity every replica now serves.</summary>
    public required string Identity { get; init; }

    /// <summary>Full or delta.</summary>
    public required SnapshotKind Kind { get; init; }

    /// <summary>For a delta, the snapshot it was encoded against (the one served before); null for a full snapshot.</summary>
    public string? PreviousIdentity { get; init; }

    /// <summary>The delta that failed or was rejected before this full snapshot was pushed in its place, or null.</summary>
    public string? FailedDeltaIdentity { get; init; }

    /// <summary>Why the delta <see cref="FailedDeltaIdentity"/> did not load, or null.</summary>
    public string? FallbackReason { get; init; }

    /// <summary>True when this full snapshot replaced a delta that failed or was rejected.</summary>
    public bool IsFallback => FailedDeltaIdentity is not null;

    /// <summary>The number of files uploaded.</summary>
    public required int FileCount { get; init; }

    /// <summary>The size of the checkpoint directory (the full weights and other files).</summary>
    public required long CheckpointBytes { get; init; }

    /// <summary>The bytes uploaded for this snapshot (for a fallback, not counting the failed delta).</summary>
    public required long UploadedBytes { get; init; }

    /// <summary><see cref="CheckpointBytes"/> over <see cref="UploadedBytes"/>: 1 for a full snapshot, the saving of a delta.</summary>
    public double CompressionRatio => UploadedBytes == 0 ? 1 : (double)CheckpointBytes / UploadedBytes;

    /// <summary>The per-file hints the deployment accepted.</summary>
    public required int HintsSent { get; init; }

    /// <summary>The status that showed every replica serving <see cref="Identity"/>.</summary>
    public required HotLoadStatus Status { get; init; }

    /// <summary>The number of replicas serving it.</summary>
    public int ReplicaCount => Status.Replicas?.Count ?? 0;

    /// <summary>Time spent encoding the delta (zero for a full snapshot).</summary>
    public required TimeSpan EncodeTime { get; init; }

    /// <summary>Time spent in the uploader.</summary>
    public required TimeSpan UploadTime { get; init; }

    /// <summary>Time from the first signal until every replica served the snapshot (425 back-offs included).</summary>
    public required TimeSpan LoadTime { get; init; }

    /// <summary>The whole push, a failed delta attempt included.</summary>
    public required TimeSpan Elapsed { get; init; }
}
