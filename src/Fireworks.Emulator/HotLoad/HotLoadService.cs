using System.Text.Json.Nodes;
using Fireworks.Delta;
using Fireworks.Models;
using Fireworks.Serialization;
using Microsoft.Extensions.Logging;

namespace Fireworks.Emulator;

/// <summary>
/// The hot-load API (signal / status / hint) and the deployment ledger. A signal is validated against the chain
/// (a delta names the served snapshot; the first snapshot and the first after a ledger reset are full), then loaded
/// in the background by <see cref="SnapshotLoader"/>; replicas download for at least
/// <see cref="EmulatorTimings.HotLoadDownload"/> and swap one after another, <see cref="EmulatorTimings.HotLoadSwap"/> each.
/// </summary>
internal sealed partial class HotLoadService
{
    private const string ModelHeader = "fireworks-model";
    private const string DeploymentHeader = "fireworks-deployment";
    private const string DrainTimeoutHeader = "x-fireworks-hot-load-drain-timeout";
    private const string MaterializedFolder = ".emulator-materialized";

    private readonly EmulatorState state;
    private readonly Dictionary<string, HotLoadDeployment> deployments = new(StringComparer.Ordinal);

    public HotLoadService(EmulatorState state) => this.state = state;

    public void Register(HandlerTable table)
    {
        table.Add("HotLoad_Signal", Signal);
        table.Add("HotLoad_GetStatus", GetStatus);
        table.Add("HotLoad_Hint", Hint);
    }

    /// <summary>Where deployment <paramref name="deploymentId"/> reads snapshot <paramref name="identity"/> from.</summary>
    public string SnapshotDirectory(string deploymentId, string identity) => Path.Combine(state.SnapshotRoot, deploymentId, identity);

    /// <summary>The ledger, newest entry first.</summary>
    public GetLedgerResponse GetLedger(string deploymentId) =>
        new() { Ledger = For(deploymentId).Ledger.AsEnumerable().Reverse().ToList() };

    /// <summary>Forgets every loaded snapshot: replicas go back to the base model and the next snapshot must be full.</summary>
    public void ResetLedger(string deploymentId)
    {
        var hot = For(deploymentId);
        hot.Load?.Abandon();
        deployments[deploymentId] = new HotLoadDeployment();
        DeleteMaterialized(deploymentId, keep: null);
        state.Logger.LogInformation("Ledger of deployment {DeploymentId} reset", deploymentId);
    }

    /// <summary>Drops a deployment's hot-load state (it was deleted); loads in flight are abandoned.</summary>
    public void Forget(string deploymentId)
    {
        if (deployments.Remove(deploymentId, out var hot))
        {
            hot.Load?.Abandon();
        }

        DeleteMaterialized(deploymentId, keep: null);
    }

    /// <summary>
    /// The snapshot replica <paramref name="index"/> of a deployment serves at <paramref name="now"/> (null: the base model)
    /// and, while it swaps weights, when the swap ends. Call under the state write lock.
    /// </summary>
    public (string? Identity, DateTimeOffset? SwapEndsAt) Serving(string deploymentId, int index, DateTimeOffset now)
    {
        if (!deployments.TryGetValue(deploymentId, out var hot) || hot.Load is not { } load)
        {
            return (hot?.ServedIdentity, null);
        }

        return load.StageOf(index, now, state.Timings) switch
        {
            LoadAttempt.StageReady => (load.Identity, null),
            LoadAttempt.StageSwapping => (hot.ServedIdentity, load.SwapEnd(index, state.Timings)),
            _ => (hot.ServedIdentity, null),
        };
    }

    private HotLoadDeployment For(string deploymentId)
    {
        if (!deployments.TryGetValue(deploymentId, out var hot))
        {
            hot = new HotLoadDeployment();
            deployments.Add(deploymentId, hot);
        }

        return hot;
    }

    private ApiResult Signal(ApiRequest request)
    {
        var (deploymentId, deployment) = ResolveDeployment(request);
        var body = request.ReadBody(FireworksJsonContext.Default.HotLoadSignalRequest);
        var identity = ValidateIdentity(body.Identity);
        var hot = For(deploymentId);
        var now = state.Clock.UtcNow;
        if (hot.Load is { IsActive: true } active)
        {
            var message = $"Snapshot '{active.Identity}' is still loading on deployment \"{deployment.Name}\"; wait until every replica serves it (or its load fails) before signalling '{identity}'.";
            if (request.Header(DrainTimeoutHeader) is not null)
            {
                var remaining = active.SwapEnd(active.ReplicaCount - 1, state.Timings) is { } end && end > now ? end - now : state.Timings.HotLoadSwap;
                throw new ApiException(Code.Unavailable, message, httpStatus: 425, retryAfter: state.Clock.ToReal(remaining));
            }

            throw ApiException.FailedPrecondition(message);
        }

        if (hot.LoadedIdentities.Contains(identity))
        {
            throw ApiException.FailedPrecondition(
                $"Snapshot '{identity}' was already loaded on deployment \"{deployment.Name}\"; every snapshot needs a new identity.");
        }

        var metadata = body.IncrementalSnapshotMetadata;
        if (metadata is not null)
        {
            ValidateDeltaFormat(metadata);
            if (hot.ServedIdentity is null)
            {
                throw ApiException.FailedPrecondition(
                    $"Deployment \"{deployment.Name}\" serves no snapshot yet (new deployment, or its ledger was reset): the next snapshot must be full; omit incremental_snapshot_metadata.");
            }

            if (metadata.PreviousSnapshotIdentity != hot.ServedIdentity)
            {
                throw ApiException.FailedPrecondition(
                    $"previous_snapshot_identity '{metadata.PreviousSnapshotIdentity}' is not the snapshot deployment \"{deployment.Name}\" serves ('{hot.ServedIdentity}'); a delta must be made against the served snapshot.");
            }
        }

        var replicas = Math.Max(deployment.ReplicaCount ?? 0, 0);
        if (replicas == 0)
        {
            throw ApiException.FailedPrecondition($"Deployment \"{deployment.Name}\" has no replicas to load '{identity}' on; scale it up first.");
        }

        var source = SnapshotDirectory(deploymentId, identity);
        var attempt = new LoadAttempt(identity, metadata?.PreviousSnapshotIdentity, now, replicas, source,
            metadata is null ? source : Path.Combine(state.SnapshotRoot, MaterializedFolder, deploymentId, identity),
            state.Stopping.Token);
        hot.Load = attempt;
        hot.Ledger.Add(Entry(now, new JsonObject
        {
            ["event"] = "signaled",
            ["identity"] = identity,
            ["type"] = attempt.IsDelta ? "delta" : "full",
            ["previous_snapshot_identity"] = attempt.Previous,
            ["replicas"] = replicas,
        }));
        LogSignaled(state.Logger, identity, attempt.IsDelta ? "delta" : "full", deploymentId);

        var ignored = (IReadOnlyCollection<string>?)body.Validation?.ExtraFieldsIgnore?.ToArray() ?? [];
        var baseDirectory = hot.ServedDirectory;
        var referenceConfig = hot.ReferenceConfig;
        state.Track(Task.Run(() => RunLoadAsync(deploymentId, hot, attempt, baseDirectory, referenceConfig, ignored)));
        return ApiResult.Empty;
    }

    private async Task RunLoadAsync(string deploymentId, HotLoadDeployment hot, LoadAttempt attempt, string? baseDirectory, string? referenceConfig, IReadOnlyCollection<string> ignoredConfigFields)
    {
        string? error = null;
        try
        {
            if (attempt.IsDelta)
            {
                await SnapshotLoader.LoadDeltaAsync(state.SnapshotRoot, attempt.SourceDirectory, baseDirectory!, attempt.Previous!, attempt.ServedDirectory, attempt.Cancellation)
                    .ConfigureAwait(false);
            }
            else
            {
                await SnapshotLoader.LoadFullAsync(state.SnapshotRoot, attempt.SourceDirectory, attempt.Cancellation).ConfigureAwait(false);
            }

            SnapshotLoader.ValidateConfig(state.SnapshotRoot, referenceConfig, attempt.ServedDirectory, ignoredConfigFields);
        }
        catch (OperationCanceledException) when (attempt.Abandoned || state.Stopping.IsCancellationRequested)
        {
            using (state.Write())
            {
                attempt.DecodeFinished();
            }

            return;
        }
        catch (SnapshotLoadException exception)
        {
            error = exception.Message;
        }
        catch (Exception exception)
        {
            // Anything else the codec or the file system throws is still a failed load, not an emulator crash.
            error = $"{exception.GetType().Name}: {exception.Message}";
        }

        using (state.Write())
        {
            attempt.DecodeFinished();
            var now = state.Advance();
            if (!ReferenceEquals(hot.Load, attempt) || !ReferenceEquals(deployments.GetValueOrDefault(deploymentId), hot))
            {
                return;
            }

            if (error is not null)
            {
                attempt.Fail(now, error);
                hot.Ledger.Add(Entry(now, new JsonObject { ["event"] = "load_failed", ["identity"] = attempt.Identity, ["message"] = error }));
                LogFailed(state.Logger, attempt.Identity, deploymentId, error);
                return;
            }

            attempt.Downloaded(now);
            for (var replica = 0; replica < attempt.ReplicaCount; replica++)
            {
                var index = replica;
                state.Scheduler.At(attempt.SwapEnd(index, state.Timings)!.Value, due =>
                {
                    if (ReferenceEquals(hot.Load, attempt) && !attempt.Abandoned)
                    {
                        hot.Ledger.Add(Entry(due, new JsonObject { ["event"] = "replica_ready", ["identity"] = attempt.Identity, ["replica_id"] = ReplicaId(index) }));
                    }
                });
            }

            state.Scheduler.At(attempt.SwapEnd(attempt.ReplicaCount - 1, state.Timings)!.Value, due => Commit(deploymentId, hot, attempt, due));
        }
    }

    private void Commit(string deploymentId, HotLoadDeployment hot, LoadAttempt attempt, DateTimeOffset at)
    {
        if (!ReferenceEquals(hot.Load, attempt) || attempt.Abandoned)
        {
            return;
        }

        attempt.Committed = true;
        hot.ServedIdentity = attempt.Identity;
        hot.ServedDirectory = attempt.ServedDirectory;
        hot.LoadedIdentities.Add(attempt.Identity);
        if (!attempt.IsDelta)
        {
            // The first full snapshot's config stands in for the base model's config in later validations.
            hot.ReferenceConfig ??= SnapshotLoader.ConfigPath(attempt.ServedDirectory);
        }

        hot.Ledger.Add(Entry(at, new JsonObject { ["event"] = "loaded", ["identity"] = attempt.Identity }));
        DeleteMaterialized(deploymentId, keep: attempt.IsDelta ? attempt.Identity : null);
        LogLoaded(state.Logger, attempt.Identity, deploymentId);
    }

    private ApiResult GetStatus(ApiRequest request)
    {
        var (deploymentId, deployment) = ResolveDeployment(request, forStatus: true);
        var hot = For(deploymentId);
        var now = state.Clock.UtcNow;
        var replicaCount = deployment.State == DeploymentState.Ready || deployment.State == DeploymentState.Updating ? Math.Max(deployment.ReplicaCount ?? 0, 0) : 0;
        var replicas = new List<ReplicaLoadStatus>(replicaCount);
        for (var i = 0; i < replicaCount; i++)
        {
            replicas.Add(ReplicaStatus(hot, i, now));
        }

        return ApiResult.Json(new HotLoadStatus { Replicas = replicas }, FireworksJsonContext.Default.HotLoadStatus);
    }

    private ReplicaLoadStatus ReplicaStatus(HotLoadDeployment hot, int index, DateTimeOffset now)
    {
        var status = new ReplicaLoadStatus
        {
            ReplicaId = ReplicaId(index),
            CurrentSnapshotIdentity = hot.ServedIdentity,
            Readiness = true,
            LoadedAdapters = [],
        };
        var load = hot.Load;
        if (load is null)
        {
            status.LoadingState = new LoadingState { Stage = LoadAttempt.StageIdle };
            return status;
        }

        var stage = load.StageOf(index, now, state.Timings);
        status.LoadingState = new LoadingState { Stage = stage, TargetSnapshotIdentity = load.Identity, Message = load.Error };
        switch (stage)
        {
            case LoadAttempt.StageSwapping:
                status.Readiness = false;
                break;
            case LoadAttempt.StageReady:
                status.CurrentSnapshotIdentity = load.Identity;
                break;
        }

        return status;
    }

    private ApiResult Hint(ApiRequest request)
    {
        var (deploymentId, _) = ResolveDeployment(request);
        var body = request.ReadBody(FireworksJsonContext.Default.HotLoadHintRequest);
        if (body.Snapshot is null)
        {
            throw ApiException.InvalidArgument("snapshot is required.");
        }

        var identity = ValidateIdentity(body.Snapshot.Identity);
        if (body.Snapshot.IncrementalSnapshotMetadata is { } metadata)
        {
            ValidateDeltaFormat(metadata);
        }

        var fileName = body.Filename;
        if (string.IsNullOrEmpty(fileName) || fileName.IndexOfAny(['/', '\\']) >= 0 || fileName is "." or "..")
        {
            throw ApiException.InvalidArgument($"filename '{fileName}' must be one file name of the snapshot directory, such as model-00000.safetensors.");
        }

        var path = Path.Combine(SnapshotDirectory(deploymentId, identity), fileName);
        if (File.Exists(path))
        {
            try
            {
                SnapshotRoot.CheckInside(state.SnapshotRoot, path);
            }
            catch (SnapshotLoadException exception)
            {
                throw ApiException.InvalidArgument(exception.Message);
            }
        }
        else
        {
            throw ApiException.NotFound($"The hint names '{identity}/{fileName}', but no such file has landed under the deployment's snapshot root ('{path}').");
        }

        return ApiResult.Empty;
    }

    /// <summary>Reads and checks the hot-load headers and the deployment they name.</summary>
    private (string DeploymentId, Deployment Deployment) ResolveDeployment(ApiRequest request, bool forStatus = false)
    {
        var deploymentName = request.Header(DeploymentHeader)
            ?? throw ApiException.InvalidArgument($"The {DeploymentHeader} header is required (accounts/<account>/deployments/<deployment>).");
        var parts = deploymentName.Split('/');
        if (parts.Length != 4 || parts[0] != "accounts" || parts[2] != "deployments" || !ResourceIds.IsValid(parts[3]))
        {
            throw ApiException.InvalidArgument($"The {DeploymentHeader} header '{deploymentName}' is not of the form accounts/<account>/deployments/<deployment>.");
        }

        state.CheckAccount(parts[1]);
        var deployment = state.Deployments.Get(parts[3]).Value;
        if (deployment.EnableHotLoad != true)
        {
            throw ApiException.FailedPrecondition($"Deployment \"{deployment.Name}\" was not created with enableHotLoad.");
        }

        var modelName = request.Header(ModelHeader)
            ?? throw ApiException.InvalidArgument($"The {ModelHeader} header is required (accounts/<account>/models/<model>).");
        if (modelName != deployment.BaseModel)
        {
            throw ApiException.InvalidArgument($"The {ModelHeader} header '{modelName}' does not match the base model of deployment \"{deployment.Name}\" ('{deployment.BaseModel}').");
        }

        if (!forStatus && deployment.State != DeploymentState.Ready && deployment.State != DeploymentState.Updating)
        {
            throw ApiException.FailedPrecondition(
                $"Deployment \"{deployment.Name}\" is {(deployment.State ?? DeploymentState.Unspecified)}; snapshots can be loaded once it is READY.");
        }

        return (parts[3], deployment);
    }

    private static string ValidateIdentity(string? identity)
    {
        if (string.IsNullOrEmpty(identity) || identity is "." or ".." || identity.Length > 255 ||
            identity.IndexOfAny(['/', '\\']) >= 0 || identity.Any(char.IsControl))
        {
            throw ApiException.InvalidArgument(
                $"identity '{identity}' must be one path segment (a snapshot directory name without '/'), such as version_001.");
        }

        return identity;
    }

    private static void ValidateDeltaFormat(IncrementalSnapshotMetadata metadata)
    {
        if (string.IsNullOrEmpty(metadata.PreviousSnapshotIdentity) || string.IsNullOrEmpty(metadata.CompressionFormat) || string.IsNullOrEmpty(metadata.ChecksumFormat))
        {
            throw ApiException.InvalidArgument("incremental_snapshot_metadata needs previous_snapshot_identity, compression_format and checksum_format.");
        }

        if (metadata.CompressionFormat == "arc_v2")
        {
            throw new ApiException(
                Code.Unimplemented,
                $"compression_format 'arc_v2' is Fireworks' own delta format, whose byte layout is not public, so the emulator cannot decode it; encode deltas with the SDK's codec and send compression_format '{DeltaFormat.Name}'.");
        }

        if (!DeltaFormat.IsSupported(metadata.CompressionFormat))
        {
            throw ApiException.InvalidArgument(
                $"Unknown compression_format '{metadata.CompressionFormat}'; the emulator decodes '{string.Join("', '", DeltaFormat.SupportedNames)}'.");
        }

        if (metadata.ChecksumFormat != DeltaFormat.ChecksumFormat)
        {
            throw ApiException.InvalidArgument($"Unknown checksum_format '{metadata.ChecksumFormat}'; use '{DeltaFormat.ChecksumFormat}' (Adler-32).");
        }
    }

    private void DeleteMaterialized(string deploymentId, string? keep)
    {
        var root = Path.Combine(state.SnapshotRoot, MaterializedFolder, deploymentId);
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var directory in Directory.EnumerateDirectories(root))
        {
            if (Path.GetFileName(directory) != keep)
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException exception)
                {
                    // A decode of an abandoned load may still hold a file open; the next cleanup gets it.
                    state.Logger.LogDebug(exception, "Could not delete {Directory} yet", directory);
                }
            }
        }
    }

    private static string ReplicaId(int index) => $"replica-{index}";

    private static LedgerEntry Entry(DateTimeOffset at, JsonObject value) => new() { Timestamp = at, Value = value.ToJsonString() };

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot {Identity} ({Type}) signalled on deployment {DeploymentId}")]
    private static partial void LogSignaled(ILogger logger, string identity, string type, string deploymentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot {Identity} loaded on every replica of deployment {DeploymentId}")]
    private static partial void LogLoaded(ILogger logger, string identity, string deploymentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot {Identity} failed to load on deployment {DeploymentId}: {Error}")]
    private static partial void LogFailed(ILogger logger, string identity, string deploymentId, string error);
}
