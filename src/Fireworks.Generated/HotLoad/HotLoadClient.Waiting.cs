using System.Text;
using System.Text.Json;
using Fireworks.Models;
using Fireworks.Serialization;

namespace Fireworks;

public partial class HotLoadClient
{
    /// <summary>
    /// Polls the hot-load status until <b>every</b> replica reports <c>readiness</c> with
    /// <c>current_snapshot_identity == identity</c>, on the schedule of <paramref name="waitOptions"/> (the SDK's
    /// one poller, <see cref="ResourceWaiter"/>: backoff with jitter, <c>Retry-After</c>, transient-error budget,
    /// timeout, the client's <see cref="TimeProvider"/>).
    /// </summary>
    /// <remarks>
    /// A status with no replicas keeps the wait going (a deployment scaling up) and is reported. A replica that
    /// reports <c>loading_state.stage == "error"</c> for the snapshot ends the wait with
    /// <see cref="SnapshotLoadFailedException"/> carrying the server's message.
    /// </remarks>
    /// <param name="fireworksModel">The model the deployment serves, <c>accounts/{account}/models/{model}</c>.</param>
    /// <param name="fireworksDeployment">The hot-load deployment, <c>accounts/{account}/deployments/{deployment}</c>.</param>
    /// <param name="identity">The signalled snapshot.</param>
    /// <param name="waitOptions">Polling schedule, timeout and transient-error budget, or null for <see cref="WaitOptions.Default"/>.</param>
    /// <param name="progress">Receives the first status and every change of a replica's identity, readiness or stage.</param>
    /// <param name="cancellationToken">Stops waiting (the load itself carries on).</param>
    /// <returns>The status that showed every replica serving the snapshot.</returns>
    /// <exception cref="ArgumentException">An argument is empty, or <paramref name="identity"/> is not a single path segment.</exception>
    /// <exception cref="SnapshotLoadFailedException">A replica reported that loading the snapshot failed.</exception>
    /// <exception cref="WaitTimeoutException"><see cref="WaitOptions.Timeout"/> passed first.</exception>
    /// <exception cref="FireworksException">A poll failed with a non-transient error, or the transient-error budget ran out.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<HotLoadStatus> WaitUntilServedAsync(
        string fireworksModel,
        string fireworksDeployment,
        string identity,
        WaitOptions? waitOptions = null,
        IProgress<SnapshotLoadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(fireworksModel);
        ArgumentException.ThrowIfNullOrEmpty(fireworksDeployment);
        SnapshotIdentity.Validate(identity, nameof(identity));
        var pipeline = _pipeline ?? throw new InvalidOperationException(
            "This HotLoadClient was created for mocking and has no transport; override WaitUntilServedAsync, or use client.HotLoad of a FireworksClient.");
        var watch = new ServedSnapshotWatch(this, fireworksModel, fireworksDeployment, identity, pipeline.TimeProvider, pipeline.Redactor, progress);
        var target = new WaitTarget<HotLoadStatus, SnapshotLoadState>(
            pipeline,
            watch.Description,
            watch.FetchAsync,
            watch.ReadState,
            static state => state switch
            {
                SnapshotLoadState.Served => StateClass.Success,
                SnapshotLoadState.Failed => StateClass.Failure,
                _ => StateClass.Transient,
            },
            readStatus: null,
            readProgress: null)
        {
            CreateFailure = watch.CreateFailure,
        };
        return ResourceWaiter.WaitAsync(target, [SnapshotLoadState.Served], waitOptions, progress: null, cancellationToken);
    }

    /// <summary>One wait for a snapshot: reads the status for the poller and reports per-replica changes.</summary>
    private sealed class ServedSnapshotWatch(
        HotLoadClient client, string model, string deployment, string identity, TimeProvider time, SecretRedactor redactor, IProgress<SnapshotLoadProgress>? progress)
    {
        private readonly long _start = time.GetTimestamp();
        private int _polls;
        private string? _lastSignature;

        internal string Description { get; } = $"snapshot {identity} on {deployment}";

        internal async Task<HotLoadStatus> FetchAsync(CancellationToken cancellationToken)
        {
            _polls++;
            var status = await client.GetStatusAsync(model, deployment, options: null, cancellationToken).ConfigureAwait(false);
            if (status is not null && progress is not null)
            {
                // Reported here rather than through WaitProgress: the wait's state stays Loading while replicas
                // come ready one by one, and those steps are what a trainer wants to see.
                var signature = Signature(status);
                if (!string.Equals(signature, _lastSignature, StringComparison.Ordinal))
                {
                    _lastSignature = signature;
                    progress.Report(new SnapshotLoadProgress
                    {
                        Identity = identity,
                        Status = status,
                        State = status.GetSnapshotState(identity),
                        ReplicaCount = status.Replicas?.Count ?? 0,
                        ServingReplicaCount = status.CountServingReplicas(identity),
                        PollCount = _polls,
                        Elapsed = time.GetElapsedTime(_start),
                    });
                }
            }

            return status!;
        }

        internal SnapshotLoadState? ReadState(HotLoadStatus status) => status.GetSnapshotState(identity);

        /// <summary>
        /// The failure a replica reported. Replicas and servers may echo the API key (a fetch error quoting its
        /// request), so their text (message, replica id, the status as read) passes through the client's redactor.
        /// </summary>
        internal Exception CreateFailure(HotLoadStatus status, SnapshotLoadState state, StateClass stateClass, string waiterMessage)
        {
            status = Redacted(status);
            var replica = HotLoadStatusExtensions.FindError(status, identity, out var index);
            var replicaName = replica is null ? null : HotLoadStatusExtensions.NameOf(replica, index);
            var serverMessage = replica is null ? null : HotLoadStatusExtensions.ErrorMessageOf(replica);
            var message = $"Snapshot '{identity}' failed to load on replica {replicaName ?? "(unknown)"} of {deployment}: "
                + (serverMessage ?? "the server reported stage 'error' without a message.");
            return new SnapshotLoadFailedException(message, Description, identity, replicaName, serverMessage, status);
        }

        /// <summary><paramref name="status"/>, or a copy with the API key cut out wherever a replica echoed it.</summary>
        private HotLoadStatus Redacted(HotLoadStatus status)
        {
            var json = JsonSerializer.Serialize(status, FireworksJsonContext.Default.HotLoadStatus);
            return redactor.Reveals(json)
                ? JsonSerializer.Deserialize(redactor.RedactBody(json), FireworksJsonContext.Default.HotLoadStatus) ?? status
                : status;
        }

        private static string Signature(HotLoadStatus status)
        {
            var builder = new StringBuilder();
            var replicas = status.Replicas ?? [];
            for (var i = 0; i < replicas.Count; i++)
            {
                var replica = replicas[i];
                builder.Append(HotLoadStatusExtensions.NameOf(replica, i)).Append('|')
                    .Append(replica?.CurrentSnapshotIdentity).Append('|')
                    .Append(replica?.Readiness).Append('|')
                    .Append(replica?.LoadingState?.Stage).Append('|')
                    .Append(replica?.LoadingState?.TargetSnapshotIdentity).Append('\n');
            }

            return builder.ToString();
        }
    }
}
