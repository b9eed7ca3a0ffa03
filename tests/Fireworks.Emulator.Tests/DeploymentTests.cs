using Fireworks.Filtering;
using Fireworks.Models;
using Xunit;

namespace Fireworks.Emulator.Tests;

public sealed class DeploymentTests : EmulatorTest
{
    private const string BaseModel = "accounts/fireworks/models/qwen3-8b";

    [Fact]
    public async Task Deployment_is_creating_until_the_emulated_start_time_has_passed()
    {
        var created = await Client.Deployments.CreateAsync(new Deployment { BaseModel = BaseModel, MinReplicaCount = 2, MaxReplicaCount = 4 }, deploymentId: "web");
        Assert.Equal(DeploymentState.Creating, created.State);
        Assert.Equal(2, created.DesiredReplicaCount);
        Assert.Equal(0, created.ReplicaCount);

        Advance(Timings.DeploymentCreate - TimeSpan.FromSeconds(1));
        Assert.Equal(DeploymentState.Creating, (await Client.Deployments.GetAsync("web")).State);
        Advance(TimeSpan.FromSeconds(1));
        var ready = await Client.Deployments.GetAsync("web");
        Assert.Equal(DeploymentState.Ready, ready.State);
        Assert.Equal(2, ready.ReplicaCount);
    }

    [Fact]
    public async Task Validate_only_stores_nothing_and_base_model_is_required()
    {
        var preview = await Client.Deployments.CreateAsync(new Deployment { BaseModel = BaseModel }, deploymentId: "dry", validateOnly: true);
        Assert.Equal("accounts/emulator/deployments/dry", preview.Name);
        Assert.True((await ThrowsFireworksAsync(() => Client.Deployments.GetAsync("dry"))).IsNotFound);

        var missing = await ThrowsFireworksAsync(() => Client.Deployments.CreateAsync(new Deployment { BaseModel = "" }));
        Assert.True(missing.IsInvalidArgument);
        var bounds = await ThrowsFireworksAsync(() => Client.Deployments.CreateAsync(new Deployment { BaseModel = BaseModel, MinReplicaCount = 3, MaxReplicaCount = 1 }));
        Assert.True(bounds.IsInvalidArgument);
    }

    [Fact]
    public async Task Scale_goes_through_updating_to_the_new_replica_count()
    {
        await CreateReadyDeploymentAsync("scaled");
        await Client.Deployments.ScaleAsync("scaled", new ScaleDeploymentBody { ReplicaCount = 3 });
        var updating = await Client.Deployments.GetAsync("scaled");
        Assert.Equal(DeploymentState.Updating, updating.State);
        Assert.Equal(3, updating.DesiredReplicaCount);
        Assert.Equal(1, updating.ReplicaCount);

        Advance(Timings.DeploymentUpdate);
        var ready = await Client.Deployments.GetAsync("scaled");
        Assert.Equal(DeploymentState.Ready, ready.State);
        Assert.Equal(3, ready.ReplicaCount);

        var tooMany = await ThrowsFireworksAsync(() => Client.Deployments.ScaleAsync("scaled", new ScaleDeploymentBody { ReplicaCount = 9 }));
        Assert.True(tooMany.IsInvalidArgument);
        var badMask = await ThrowsFireworksAsync(() => Client.Deployments.ScaleAsync("scaled", new ScaleDeploymentBody { ReplicaCount = 2 }, updateMask: "replica_count,display_name"));
        Assert.True(badMask.IsInvalidArgument);
        Assert.Contains("1:15", badMask.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_changes_only_the_masked_fields()
    {
        await Client.Deployments.CreateAsync(
            new Deployment { BaseModel = BaseModel, DisplayName = "Before", Description = "kept", Annotations = new Dictionary<string, string> { ["team"] = "rl" } },
            deploymentId: "masked");
        Advance(Timings.DeploymentCreate);

        // The body carries three fields but the mask names one: only that one changes.
        var updated = await Client.Deployments.UpdateAsync(
            "masked",
            new UpdateDeploymentRequest { BaseModel = BaseModel, DisplayName = "After", Description = "ignored", MaxContextLength = 4096 },
            updateMask: "display_name");
        Assert.Equal("After", updated.DisplayName);
        Assert.Equal("kept", updated.Description);
        Assert.Null(updated.MaxContextLength);
        Assert.Equal("rl", updated.Annotations!["team"]);
        Assert.Equal(DeploymentState.Ready, updated.State);

        // A masked field absent from the body is cleared; a serving change goes through UPDATING.
        var cleared = await Client.Deployments.UpdateAsync(
            "masked", new UpdateDeploymentRequest { BaseModel = BaseModel, MaxContextLength = 8192 }, updateMask: "description,max_context_length");
        Assert.Null(cleared.Description);
        Assert.Equal(8192, cleared.MaxContextLength);
        Assert.Equal(DeploymentState.Updating, cleared.State);
        Advance(Timings.DeploymentUpdate);
        Assert.Equal(DeploymentState.Ready, (await Client.Deployments.GetAsync("masked")).State);

        // The SDK's computed mask (every field set on the body) works too.
        var viaSdkMask = await Client.Deployments.UpdateAsync("masked", new UpdateDeploymentRequest { BaseModel = BaseModel, DisplayName = "Computed" });
        Assert.Equal("Computed", viaSdkMask.DisplayName);
        Assert.Equal(8192, viaSdkMask.MaxContextLength);
    }

    [Fact]
    public async Task Update_rejects_unknown_paths_malformed_masks_and_immutable_changes()
    {
        await CreateReadyDeploymentAsync("strict");
        var unknown = await ThrowsFireworksAsync(() => Client.Deployments.UpdateAsync(
            "strict", new UpdateDeploymentRequest { BaseModel = BaseModel }, updateMask: "display_name,no_such_field"));
        Assert.True(unknown.IsInvalidArgument);
        Assert.Contains("no_such_field", unknown.ServerMessage, StringComparison.Ordinal);
        Assert.Contains("1:14", unknown.ServerMessage, StringComparison.Ordinal);

        var malformed = await ThrowsFireworksAsync(() => Client.Deployments.UpdateAsync(
            "strict", new UpdateDeploymentRequest { BaseModel = BaseModel }, updateMask: "display_name,,"));
        Assert.True(malformed.IsInvalidArgument);

        var immutable = await ThrowsFireworksAsync(() => Client.Deployments.UpdateAsync(
            "strict", new UpdateDeploymentRequest { BaseModel = "accounts/fireworks/models/other" }, updateMask: "base_model"));
        Assert.True(immutable.IsInvalidArgument);
        Assert.Contains("immutable", immutable.ServerMessage, StringComparison.Ordinal);

        // Output-only fields in the mask are ignored, as the API does.
        var ignored = await Client.Deployments.UpdateAsync(
            "strict", new UpdateDeploymentRequest { BaseModel = BaseModel, State = DeploymentState.Failed, DisplayName = "x" }, updateMask: "state,display_name");
        Assert.Equal(DeploymentState.Ready, ignored.State);
        Assert.Equal("x", ignored.DisplayName);
    }

    [Fact]
    public async Task Placement_is_fixed_at_create_by_the_overlays_immutable_list()
    {
        Assert.Contains("placement", DeploymentFields.ImmutableJsonNames);
        await Client.Deployments.CreateAsync(
            new Deployment { BaseModel = BaseModel, Placement = new Placement { Region = Region.UsIowa1 }, MaxReplicaCount = 2 },
            deploymentId: "placed");
        Advance(Timings.DeploymentCreate);

        var moved = await ThrowsFireworksAsync(() => Client.Deployments.UpdateAsync(
            "placed", new UpdateDeploymentRequest { BaseModel = BaseModel, Placement = new Placement { Region = Region.UsVirginia1 } }, updateMask: "placement.region"));
        Assert.True(moved.IsInvalidArgument);
        Assert.Contains(
            "Field 'placement' of Deployment is immutable (update_mask path 'placement.region'); it cannot change from \"US_IOWA_1\" to \"US_VIRGINIA_1\".",
            moved.ServerMessage,
            StringComparison.Ordinal);

        // A masked immutable path that the body leaves out would clear it: refused too.
        var cleared = await ThrowsFireworksAsync(() => Client.Deployments.UpdateAsync(
            "placed", new UpdateDeploymentRequest { BaseModel = BaseModel, DisplayName = "x" }, updateMask: "placement,display_name"));
        Assert.True(cleared.IsInvalidArgument);
        Assert.Contains("cannot change from {\"region\":\"US_IOWA_1\"} to unset", cleared.ServerMessage, StringComparison.Ordinal);

        var hotLoadOn = await ThrowsFireworksAsync(() => Client.Deployments.UpdateAsync(
            "placed", new UpdateDeploymentRequest { BaseModel = BaseModel, EnableHotLoad = true }, updateMask: "enable_hot_load"));
        Assert.True(hotLoadOn.IsInvalidArgument);

        // Restating the current value at the masked path is no change, and other fields still update.
        var renamed = await Client.Deployments.UpdateAsync(
            "placed",
            new UpdateDeploymentRequest { BaseModel = BaseModel, Placement = new Placement { Region = Region.UsIowa1 }, DisplayName = "Kept in Iowa" },
            updateMask: "placement.region,display_name");
        Assert.Equal("Kept in Iowa", renamed.DisplayName);
        Assert.Equal(Region.UsIowa1, renamed.Placement?.Region);
    }

    [Fact]
    public async Task Delete_is_soft_until_purged_and_undelete_brings_the_deployment_back()
    {
        await CreateReadyDeploymentAsync("soft");
        await Client.Deployments.DeleteAsync("soft");
        var deleted = await Client.Deployments.GetAsync("soft");
        Assert.Equal(DeploymentState.Deleted, deleted.State);
        Assert.Equal(Emulator.UtcNow, deleted.DeleteTime);
        Assert.Equal(deleted.DeleteTime + Timings.DeletedDeploymentRetention, deleted.PurgeTime);

        Assert.Empty((await Client.Deployments.ListPageAsync()).Deployments ?? []);
        Assert.Single((await Client.Deployments.ListPageAsync(showDeleted: true)).Deployments!);
        Assert.True((await ThrowsFireworksAsync(() => Client.Deployments.DeleteAsync("soft"))).IsFailedPrecondition);
        Assert.True((await ThrowsFireworksAsync(() => Client.Deployments.ScaleAsync("soft", new ScaleDeploymentBody { ReplicaCount = 2 }))).IsFailedPrecondition);

        var undeleted = await Client.Deployments.UndeleteAsync("soft", new UndeleteDeploymentBody());
        Assert.Equal(DeploymentState.Creating, undeleted.State);
        Assert.Null(undeleted.DeleteTime);
        Advance(Timings.DeploymentCreate);
        Assert.Equal(DeploymentState.Ready, (await Client.Deployments.GetAsync("soft")).State);
        Assert.True((await ThrowsFireworksAsync(() => Client.Deployments.UndeleteAsync("soft", new UndeleteDeploymentBody()))).IsFailedPrecondition);

        await Client.Deployments.DeleteAsync("soft");
        Advance(Timings.DeletedDeploymentRetention);
        Assert.True((await ThrowsFireworksAsync(() => Client.Deployments.GetAsync("soft"))).IsNotFound);

        await CreateReadyDeploymentAsync("hard");
        await Client.Deployments.DeleteAsync("hard", hard: true);
        Assert.True((await ThrowsFireworksAsync(() => Client.Deployments.GetAsync("hard"))).IsNotFound);
    }

    [Fact]
    public async Task Ledger_needs_a_hot_load_deployment()
    {
        await CreateReadyDeploymentAsync("plain");
        Assert.True((await ThrowsFireworksAsync(() => Client.Deployments.GetLedgerAsync("plain"))).IsFailedPrecondition);

        await CreateReadyDeploymentAsync("hot", hotLoad: true);
        var ledger = await Client.Deployments.GetLedgerAsync("hot");
        Assert.Empty(ledger.Ledger ?? []);
        var hot = await Client.Deployments.GetAsync("hot");
        Assert.StartsWith("file://", hot.HotLoadBucketUrl, StringComparison.Ordinal);
    }
}
