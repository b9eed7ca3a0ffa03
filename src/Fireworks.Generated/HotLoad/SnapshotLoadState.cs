namespace Fireworks;

/// <summary>
/// Where a signalled snapshot stands across the replicas of a hot-load deployment, as read from one
/// status poll. It is the state <see cref="HotLoadClient.WaitUntilServedAsync"/> waits on.
/// </summary>
public enum SnapshotLoadState
{
    /// <summary>Not every replica serves it yet (or no replica reported at all): keep polling.</summary>
    Loading = 0,

    /// <summary>Every replica reports <c>readiness</c> with <c>current_snapshot_identity</c> equal to the snapshot.</summary>
    Served = 1,

    /// <summary>A replica reports <c>loading_state.stage == "error"</c> for the snapshot: it will not load.</summary>
    Failed = 2,
}
