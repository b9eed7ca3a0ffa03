using Fireworks.Delta;

namespace Fireworks;

/// <summary>The stage a push reports from.</summary>
public enum SnapshotPushStage
{
    /// <summary>Encoding the delta against the last loaded checkpoint (<see cref="SnapshotPushProgress.Encode"/> is set).</summary>
    Encoding = 0,

    /// <summary>The uploader reported bytes (<see cref="SnapshotPushProgress.Upload"/> is set).</summary>
    Uploading = 1,

    /// <summary>A file landed and its hint was sent (<see cref="SnapshotPushProgress.FileName"/> is set).</summary>
    FileHinted = 2,

    /// <summary>Every file is uploaded; the snapshot is being signalled.</summary>
    Signalling = 3,

    /// <summary>The server answered <c>425 Too Early</c> (a swap is draining); the signal is sent again after <see cref="SnapshotPushProgress.RetryDelay"/>.</summary>
    SignalDeferred = 4,

    /// <summary>A status poll showed a change across replicas (<see cref="SnapshotPushProgress.Load"/> is set).</summary>
    Loading = 5,

    /// <summary>Every replica serves the snapshot.</summary>
    Served = 6,

    /// <summary>The delta failed or was rejected; a full snapshot follows (<see cref="SnapshotPushProgress.Message"/> says why).</summary>
    FallingBack = 7,
}

/// <summary>One report of <see cref="SnapshotChain.PushAsync"/>. Reports are made synchronously, in order, from the push.</summary>
public sealed class SnapshotPushProgress
{
    /// <summary>The training step being pushed.</summary>
    public required long Step { get; init; }

    /// <summary>The snapshot being pushed (a fallback has its own identity).</summary>
    public required string Identity { get; init; }

    /// <summary>Full or delta.</summary>
    public required SnapshotKind Kind { get; init; }

    /// <summary>What is happening.</summary>
    public required SnapshotPushStage Stage { get; init; }

    /// <summary>Codec progress while <see cref="SnapshotPushStage.Encoding"/>.</summary>
    public DeltaProgress? Encode { get; init; }

    /// <summary>Upload progress while <see cref="SnapshotPushStage.Uploading"/>.</summary>
    public SnapshotUploadProgress? Upload { get; init; }

    /// <summary>The file hinted, for <see cref="SnapshotPushStage.FileHinted"/>.</summary>
    public string? FileName { get; init; }

    /// <summary>Replica progress while <see cref="SnapshotPushStage.Loading"/>.</summary>
    public SnapshotLoadProgress? Load { get; init; }

    /// <summary>The delay before the signal is sent again, for <see cref="SnapshotPushStage.SignalDeferred"/>.</summary>
    public TimeSpan? RetryDelay { get; init; }

    /// <summary>Why, for <see cref="SnapshotPushStage.FallingBack"/>.</summary>
    public string? Message { get; init; }

    /// <summary>The time since the push started, on the client's <see cref="TimeProvider"/>.</summary>
    public required TimeSpan Elapsed { get; init; }
}
