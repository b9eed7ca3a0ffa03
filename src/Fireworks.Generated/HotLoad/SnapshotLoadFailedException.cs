using Fireworks.Models;

namespace Fireworks;

/// <summary>
/// A replica reported <c>loading_state.stage == "error"</c> for a signalled snapshot: the snapshot will not be
/// served. Carries the server's explanation, the replica and the status as last read. The deployment keeps
/// serving the previous snapshot; a <see cref="SnapshotChain"/> falls back to a full snapshot when a delta fails.
/// </summary>
public class SnapshotLoadFailedException : ResourceFailedException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public SnapshotLoadFailedException()
        : this("A hot-load snapshot failed to load.")
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    /// <param name="message">The message.</param>
    public SnapshotLoadFailedException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/> and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public SnapshotLoadFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Identity = string.Empty;
    }

    /// <summary>Creates an exception as a wait does (useful to test code that handles failed loads).</summary>
    /// <param name="message">The message.</param>
    /// <param name="description">What was waited for, e.g. <c>snapshot step-000042 on accounts/a/deployments/d</c>.</param>
    /// <param name="identity">The snapshot that failed.</param>
    /// <param name="replicaId">The replica that reported the error, when it has an id.</param>
    /// <param name="serverMessage">The server's explanation, when it gave one.</param>
    /// <param name="status">The status as last read.</param>
    public SnapshotLoadFailedException(string message, string description, string identity, string? replicaId, string? serverMessage, HotLoadStatus? status)
        : base(message, description, status, SnapshotLoadState.Failed, StateClass.Failure, statusCode: null, statusMessage: serverMessage)
    {
        Identity = identity ?? string.Empty;
        ReplicaId = replicaId;
        ServerMessage = serverMessage;
        Status = status;
    }

    /// <summary>The snapshot that failed to load.</summary>
    public string Identity { get; }

    /// <summary>The replica that reported the error (<c>replica_id</c>, or its position when the server sent no id).</summary>
    public string? ReplicaId { get; }

    /// <summary>The server's explanation of the failure (<c>loading_state.message</c>), when it gave one.</summary>
    public string? ServerMessage { get; }

    /// <summary>The hot-load status as last read.</summary>
    public HotLoadStatus? Status { get; }
}
