namespace Fireworks;

/// <summary>Whether a snapshot carries the whole checkpoint or only its difference from the served one.</summary>
public enum SnapshotKind
{
    /// <summary>The whole checkpoint (HuggingFace layout); loadable on its own.</summary>
    Full = 0,

    /// <summary>
    /// An incremental snapshot: each shard is a delta against the same shard of the snapshot the deployment
    /// serves (<c>previous_snapshot_identity</c>); other files are copied whole.
    /// </summary>
    Delta = 1,
}
