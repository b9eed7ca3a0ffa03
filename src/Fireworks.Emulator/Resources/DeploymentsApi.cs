using Fireworks.Aip;
using Fireworks.Models;
using Fireworks.Serialization;

namespace Fireworks.Emulator;

/// <summary>
/// Deployments: CREATING → READY after <see cref="EmulatorTimings.DeploymentCreate"/>; <c>:scale</c> and serving
/// changes go through UPDATING; delete is soft (DELETED with deleteTime, purged after
/// <see cref="EmulatorTimings.DeletedDeploymentRetention"/>) unless <c>hard</c>; <c>:undelete</c> brings it back;
/// hot-load deployments have a ledger.
/// </summary>
internal sealed class DeploymentsApi
{
    // Fields whose change does not touch serving: updating them leaves the deployment READY.
    private static readonly HashSet<string> MetadataFields = new(StringComparer.Ordinal)
    {
        "displayName", "description", "annotations", "expireTime", "updateTime",
    };

    private readonly EmulatorState state;
    private readonly HotLoadService hotLoad;
    private readonly CollectionOperations<Deployment> operations;

    public DeploymentsApi(EmulatorState state, HotLoadService hotLoad)
    {
        this.state = state;
        this.hotLoad = hotLoad;
        operations = new CollectionOperations<Deployment>(state.Deployments);
    }

    public void Register(HandlerTable table)
    {
        table.Add("Gateway_CreateDeployment", Create);
        table.AddReader("Gateway_GetDeployment", Get);
        table.AddReader("Gateway_ListDeployments", List);
        table.Add("Gateway_UpdateDeployment", Update);
        table.Add("Gateway_DeleteDeployment", Delete);
        table.Add("Gateway_UndeleteDeployment", Undelete);
        table.Add("Gateway_ScaleDeployment", Scale);
        table.Add("Gateway_GetLedger", GetLedger);
        table.Add("Gateway_ResetLedger", ResetLedger);
    }

    private ApiResult Create(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        var deployment = operations.CreationInput(request, request.ReadBody(FireworksJsonContext.Default.Deployment), null, out var requestedName);
        if (string.IsNullOrEmpty(deployment.BaseModel))
        {
            throw ApiException.InvalidArgument("base_model is required.");
        }

        state.RequireIfLocal(deployment.BaseModel, state.Models, "base_model");
        ValidateReplicaBounds(deployment);
        var id = state.ChooseId(request.Query("deploymentId"), state.Deployments, requestedName);
        if (state.Deployments.Find(id) is not null)
        {
            throw ApiException.AlreadyExists($"Deployment \"{state.Deployments.NameOf(id)}\" already exists.");
        }

        var now = state.Clock.UtcNow;
        deployment.Name = state.Deployments.NameOf(id);
        deployment.CreateTime = now;
        deployment.UpdateTime = now;
        deployment.DesiredReplicaCount = DesiredReplicas(deployment, Math.Max(deployment.MinReplicaCount ?? 1, 1));
        deployment.ReplicaCount = 0;
        if (deployment.EnableHotLoad == true && string.IsNullOrEmpty(deployment.HotLoadBucketUrl))
        {
            deployment.HotLoadBucketUrl = new Uri(Path.Combine(state.SnapshotRoot, id)).AbsoluteUri;
        }

        if (request.QueryBoolean("validateOnly"))
        {
            deployment.State = DeploymentState.Unspecified;
            return ApiResult.Json(deployment, FireworksJsonContext.Default.Deployment);
        }

        var stored = state.Deployments.Add(id, deployment);
        StartCreating(stored, now);
        return ApiResult.Json(deployment, FireworksJsonContext.Default.Deployment);
    }

    private void StartCreating(StoredResource<Deployment> stored, DateTimeOffset now)
    {
        stored.NextGeneration();
        stored.Value.State = DeploymentState.Creating;
        stored.Value.UpdateTime = now;
        state.Schedule(state.Deployments, stored, now + state.Timings.DeploymentCreate, BecomeReady);
    }

    private static void BecomeReady(Deployment deployment, DateTimeOffset at)
    {
        deployment.State = DeploymentState.Ready;
        deployment.ReplicaCount = deployment.DesiredReplicaCount;
        deployment.UpdateTime = at;
    }

    private ApiResult Get(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        return operations.Respond(request, state.Deployments.Get(request.Path("deployment_id")).Value);
    }

    private ApiResult List(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        var showDeleted = request.QueryBoolean("showDeleted");
        return operations.List(
            request,
            (items, next, total) => new ListDeploymentsResponse { Deployments = items, NextPageToken = next, TotalSize = total },
            FireworksJsonContext.Default.ListDeploymentsResponse,
            "deployments",
            include: showDeleted ? null : d => d.Value.State != DeploymentState.Deleted,
            scope: showDeleted ? "showDeleted" : null);
    }

    private ApiResult Update(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        var stored = Live(request.Path("deployment_id"));
        var body = request.ReadBody(FireworksJsonContext.Default.UpdateDeploymentRequest);
        var (updated, changed) = operations.Update(request, stored.Value, body, FireworksJsonContext.Default.UpdateDeploymentRequest);
        ValidateReplicaBounds(updated);
        if (changed.Count == 0)
        {
            return ApiResult.Json(stored.Value, FireworksJsonContext.Default.Deployment);
        }

        var now = state.Clock.UtcNow;
        updated.UpdateTime = now;
        updated.DesiredReplicaCount = DesiredReplicas(updated, updated.DesiredReplicaCount ?? 1);
        stored.Value = updated;
        if (!changed.IsSubsetOf(MetadataFields))
        {
            StartUpdating(stored, now);
        }

        return ApiResult.Json(updated, FireworksJsonContext.Default.Deployment);
    }

    private void StartUpdating(StoredResource<Deployment> stored, DateTimeOffset now)
    {
        if (stored.Value.State == DeploymentState.Creating)
        {
            // Still coming up: the creation picks up the new settings when it completes.
            return;
        }

        stored.NextGeneration();
        stored.Value.State = DeploymentState.Updating;
        state.Schedule(state.Deployments, stored, now + state.Timings.DeploymentUpdate, BecomeReady);
    }

    private ApiResult Scale(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        var stored = Live(request.Path("deployment_id"));
        var body = request.ReadBody(FireworksJsonContext.Default.ScaleDeploymentBody);
        var maskText = request.Query("updateMask");
        if (!string.IsNullOrWhiteSpace(maskText))
        {
            var mask = FieldMasks.Parse(maskText, "update_mask");
            for (var i = 0; i < mask.Paths.Count; i++)
            {
                if (mask.Paths[i].ToString() is not ("replica_count" or "*"))
                {
                    var position = mask.GetPosition(i);
                    throw ApiException.InvalidArgument(
                        $"Invalid update_mask at {position} (offset {position.Offset}): unknown field path '{mask.Paths[i]}' of ScaleDeploymentRequest; only replica_count can be scaled.");
                }
            }
        }

        var replicas = body.ReplicaCount ?? 0;
        var deployment = stored.Value;
        if (replicas < 0 || (deployment.MaxReplicaCount is { } max && replicas > max))
        {
            throw ApiException.InvalidArgument(
                $"replica_count {replicas} is outside the deployment's bounds [0, {deployment.MaxReplicaCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unbounded"}].");
        }

        if (replicas != deployment.DesiredReplicaCount)
        {
            var now = state.Clock.UtcNow;
            deployment.DesiredReplicaCount = replicas;
            deployment.UpdateTime = now;
            StartUpdating(stored, now);
        }

        return ApiResult.Empty;
    }

    private ApiResult Delete(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        var id = request.Path("deployment_id");
        var stored = state.Deployments.Get(id);
        hotLoad.Forget(id);
        if (request.QueryBoolean("hard"))
        {
            state.Deployments.Remove(id);
            return ApiResult.Empty;
        }

        var deployment = stored.Value;
        if (deployment.State == DeploymentState.Deleted)
        {
            throw ApiException.FailedPrecondition($"Deployment \"{deployment.Name}\" is already deleted; pass hard=true to purge it now.");
        }

        var now = state.Clock.UtcNow;
        stored.NextGeneration();
        deployment.State = DeploymentState.Deleted;
        deployment.DeleteTime = now;
        deployment.PurgeTime = now + state.Timings.DeletedDeploymentRetention;
        deployment.UpdateTime = now;
        deployment.ReplicaCount = 0;
        state.Schedule(state.Deployments, stored, deployment.PurgeTime.Value, (_, _) => state.Deployments.Remove(id));
        return ApiResult.Empty;
    }

    private ApiResult Undelete(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        request.ReadBody(FireworksJsonContext.Default.UndeleteDeploymentBody);
        var stored = state.Deployments.Get(request.Path("deployment_id"));
        var deployment = stored.Value;
        if (deployment.State != DeploymentState.Deleted)
        {
            throw ApiException.FailedPrecondition(
                $"Deployment \"{deployment.Name}\" is {(deployment.State ?? DeploymentState.Unspecified)}, not DELETED; only a deleted deployment can be undeleted.");
        }

        deployment.DeleteTime = null;
        deployment.PurgeTime = null;
        StartCreating(stored, state.Clock.UtcNow);
        return ApiResult.Json(deployment, FireworksJsonContext.Default.Deployment);
    }

    private ApiResult GetLedger(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        var id = request.Path("deployment_id");
        RequireHotLoad(Live(id).Value);
        return ApiResult.Json(hotLoad.GetLedger(id), FireworksJsonContext.Default.GetLedgerResponse);
    }

    private ApiResult ResetLedger(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        var id = request.Path("deployment_id");
        RequireHotLoad(Live(id).Value);
        hotLoad.ResetLedger(id);
        return ApiResult.Empty;
    }

    /// <summary>A deployment that is not soft-deleted.</summary>
    private StoredResource<Deployment> Live(string id)
    {
        var stored = state.Deployments.Get(id);
        if (stored.Value.State == DeploymentState.Deleted)
        {
            throw ApiException.FailedPrecondition($"Deployment \"{stored.Value.Name}\" is deleted; undelete it first.");
        }

        return stored;
    }

    private static void RequireHotLoad(Deployment deployment)
    {
        if (deployment.EnableHotLoad != true)
        {
            throw ApiException.FailedPrecondition($"Deployment \"{deployment.Name}\" is not a hot-load deployment (enableHotLoad was not set), so it has no ledger.");
        }
    }

    private static void ValidateReplicaBounds(Deployment deployment)
    {
        if (deployment.MinReplicaCount < 0 || deployment.MaxReplicaCount < 0)
        {
            throw ApiException.InvalidArgument("min_replica_count and max_replica_count must not be negative.");
        }

        if (deployment.MinReplicaCount is { } min && deployment.MaxReplicaCount is { } max && min > max)
        {
            throw ApiException.InvalidArgument($"min_replica_count ({min}) must not exceed max_replica_count ({max}).");
        }
    }

    /// <summary>
    /// The replica count to run: <paramref name="wanted"/> within [min, max]. The emulator does not autoscale: a new
    /// deployment starts with max(min_replica_count, 1) replicas so hot-load has somewhere to load, and <c>:scale</c>
    /// sets any count within the bounds, 0 included.
    /// </summary>
    private static int DesiredReplicas(Deployment deployment, int wanted)
    {
        var desired = Math.Max(wanted, deployment.MinReplicaCount ?? 0);
        if (deployment.MaxReplicaCount is { } max)
        {
            desired = Math.Min(desired, max);
        }

        return desired;
    }
}
