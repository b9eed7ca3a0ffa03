using System.Text.Json;
using Fireworks.Models;

namespace Fireworks;

/// <summary>Reads a <see cref="HotLoadStatus"/> for one snapshot: is it served everywhere, where, or did it fail.</summary>
public static class HotLoadStatusExtensions
{
    /// <summary>The <c>loading_state.stage</c> value that means the load failed.</summary>
    public const string ErrorStage = "error";

    /// <summary>
    /// Classifies <paramref name="status"/> for <paramref name="identity"/>: <see cref="SnapshotLoadState.Failed"/> when a
    /// replica reports stage <c>error</c> for it (or for no named target: an error reported right after the signal
    /// is taken to be about it); <see cref="SnapshotLoadState.Served"/> when at least one replica reported and every
    /// replica has <c>readiness</c> with <c>current_snapshot_identity == identity</c>; otherwise
    /// <see cref="SnapshotLoadState.Loading"/> (no replica at all included: a deployment scaling up).
    /// </summary>
    /// <param name="status">A status read from <c>GET /hot_load/v1/models/hot_load</c>.</param>
    /// <param name="identity">The snapshot of interest.</param>
    /// <returns>The state.</returns>
    public static SnapshotLoadState GetSnapshotState(this HotLoadStatus status, string identity)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentException.ThrowIfNullOrEmpty(identity);
        if (FindError(status, identity, out _) is not null)
        {
            return SnapshotLoadState.Failed;
        }

        var replicas = status.Replicas;
        return replicas is { Count: > 0 } && replicas.All(replica => IsServing(replica, identity)) ? SnapshotLoadState.Served : SnapshotLoadState.Loading;
    }

    /// <summary>
    /// The number of replicas that serve <paramref name="identity"/> (<c>readiness</c> and the identity): for
    /// off-policy rollouts that may start on a subset of replicas.
    /// </summary>
    /// <param name="status">A status read from <c>GET /hot_load/v1/models/hot_load</c>.</param>
    /// <param name="identity">The snapshot of interest.</param>
    /// <returns>The count (0 when no replica reported).</returns>
    public static int CountServingReplicas(this HotLoadStatus status, string identity)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentException.ThrowIfNullOrEmpty(identity);
        return status.Replicas?.Count(replica => IsServing(replica, identity)) ?? 0;
    }

    internal static bool IsServing(ReplicaLoadStatus? replica, string identity) =>
        replica is { Readiness: true } && string.Equals(replica.CurrentSnapshotIdentity, identity, StringComparison.Ordinal);

    /// <summary>The first replica that reports a failed load of <paramref name="identity"/>, and its position.</summary>
    internal static ReplicaLoadStatus? FindError(HotLoadStatus status, string identity, out int index)
    {
        var replicas = status.Replicas;
        if (replicas is not null)
        {
            for (index = 0; index < replicas.Count; index++)
            {
                var loading = replicas[index]?.LoadingState;
                if (loading is not null
                    && string.Equals(loading.Stage, ErrorStage, StringComparison.OrdinalIgnoreCase)
                    && (string.IsNullOrEmpty(loading.TargetSnapshotIdentity) || string.Equals(loading.TargetSnapshotIdentity, identity, StringComparison.Ordinal)))
                {
                    return replicas[index];
                }
            }
        }

        index = -1;
        return null;
    }

    /// <summary>A replica's name for messages: its <c>replica_id</c>, or its position in the status.</summary>
    internal static string NameOf(ReplicaLoadStatus? replica, int index) =>
        string.IsNullOrEmpty(replica?.ReplicaId) ? "#" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) : replica.ReplicaId;

    /// <summary>
    /// The server's explanation of a failed load: <c>loading_state.message</c>, or (the field name is not
    /// documented) the first string field of <c>loading_state</c> whose name mentions a message, error or reason.
    /// </summary>
    internal static string? ErrorMessageOf(ReplicaLoadStatus replica)
    {
        var loading = replica.LoadingState;
        if (!string.IsNullOrWhiteSpace(loading?.Message))
        {
            return loading.Message;
        }

        foreach (var (name, value) in loading?.AdditionalProperties ?? new Dictionary<string, JsonElement>())
        {
            if (value.ValueKind == JsonValueKind.String
                && (name.Contains("message", StringComparison.OrdinalIgnoreCase) || name.Contains("error", StringComparison.OrdinalIgnoreCase) || name.Contains("reason", StringComparison.OrdinalIgnoreCase))
                && !string.IsNullOrWhiteSpace(value.GetString()))
            {
                return value.GetString();
            }
        }

        return null;
    }
}
