using System.Net;
using System.Text.Json;
using Fireworks.Models;
using Fireworks.Serialization;
using Fireworks.Tests.Lro.Infrastructure;
using Xunit;
using static Fireworks.Tests.Lro.Infrastructure.LroTestKit;

namespace Fireworks.Tests.HotLoad;

public sealed class WaitUntilServedTests
{
    private const string Model = "accounts/test-account/models/m";
    private const string Deployment = "accounts/test-account/deployments/d";

    [Fact]
    public async Task WaitsUntilEveryReplicaServesTheIdentityWithExactPollCountAndDelays()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenOk(Status(("r0", "v1", true, "downloading"), ("r1", "v1", true, "downloading")))
            .ThenOk(Status(("r0", "v2", true, "ready"), ("r1", "v1", true, "downloading")))
            .ThenOk(Status(("r0", "v2", true, "ready"), ("r1", "v1", true, "downloading")))
            .ThenOk(Status(("r0", "v2", true, "ready"), ("r1", "v2", false, "swapping")))
            .ThenOk(Status(("r0", "v2", true, "ready"), ("r1", "v2", true, "ready")))
            .ThenOk(Status(("r0", "v3", true, "ready"), ("r1", "v3", true, "ready")));
        using var client = Client(server, clock);
        var progress = new ProgressLog<SnapshotLoadProgress>();

        var status = await clock.DriveAsync(client.HotLoad.WaitUntilServedAsync(Model, Deployment, "v2", Exact, progress));

        Assert.Equal(5, server.Gets); // the sixth scripted status is never read
        Assert.Equal([Seconds(1), Seconds(2), Seconds(4), Seconds(8)], clock.Armed);
        Assert.All(status.Replicas!, replica => Assert.Equal("v2", replica.CurrentSnapshotIdentity));
        Assert.All(server.Requests, request => Assert.Equal("GET /hot_load/v1/models/hot_load", request));

        // A report per change across replicas; the unchanged third status adds none.
        var reports = progress.Reports;
        Assert.Equal([1, 2, 4, 5], reports.Select(static report => report.PollCount));
        Assert.Equal([0, 1, 1, 2], reports.Select(static report => report.ServingReplicaCount));
        Assert.Equal([SnapshotLoadState.Loading, SnapshotLoadState.Loading, SnapshotLoadState.Loading, SnapshotLoadState.Served], reports.Select(static report => report.State));
        Assert.All(reports, report => Assert.Equal(2, report.ReplicaCount));
        Assert.Equal(Seconds(15), reports[^1].Elapsed);
    }

    [Fact]
    public async Task NoReplicasKeepsTheWaitGoingAndIsReported()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenOk("""{"replicas": []}""")
            .ThenOk("{}")
            .ThenOk(Status(("r0", "v2", true, "ready")));
        using var client = Client(server, clock);
        var progress = new ProgressLog<SnapshotLoadProgress>();

        await clock.DriveAsync(client.HotLoad.WaitUntilServedAsync(Model, Deployment, "v2", Exact, progress));

        Assert.Equal(3, server.Gets);
        Assert.Equal([0, 1], progress.Reports.Select(static report => report.ReplicaCount));
        Assert.Equal(SnapshotLoadState.Loading, progress.Reports[0].State);
    }

    [Fact]
    public async Task StageErrorForTheSnapshotThrowsWithTheServersMessage()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenOk(Status(("r0", "v1", true, "downloading"), ("r1", "v1", true, "downloading")))
            .ThenOk("""
                {"replicas": [
                  {"replica_id": "r0", "current_snapshot_identity": "v1", "readiness": true, "loading_state": {"stage": "downloading", "target_snapshot_identity": "v2"}},
                  {"replica_id": "r1", "current_snapshot_identity": "v1", "readiness": true,
                   "loading_state": {"stage": "error", "target_snapshot_identity": "v2", "message": "Config value mismatch for num_layers"}}]}
                """);
        using var client = Client(server, clock);

        var failure = await clock.DriveToFailureAsync<SnapshotLoadFailedException, HotLoadStatus>(
            client.HotLoad.WaitUntilServedAsync(Model, Deployment, "v2", Exact));

        Assert.Equal("Config value mismatch for num_layers", failure.ServerMessage);
        Assert.Equal("Config value mismatch for num_layers", failure.StatusMessage);
        Assert.Equal("r1", failure.ReplicaId);
        Assert.Equal("v2", failure.Identity);
        Assert.Equal(SnapshotLoadState.Failed, failure.State);
        Assert.Equal(StateClass.Failure, failure.StateClass);
        Assert.Same(failure.Status, failure.Resource);
        Assert.Contains("Snapshot 'v2' failed to load on replica r1 of accounts/test-account/deployments/d: Config value mismatch for num_layers", failure.Message);
        Assert.Equal(2, server.Gets);
    }

    [Fact]
    public async Task AnErrorLeftOverFromAnotherSnapshotIsNotThisSnapshotsFailure()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenOk("""{"replicas": [{"replica_id": "r0", "current_snapshot_identity": "v1", "readiness": true, "loading_state": {"stage": "error", "target_snapshot_identity": "v1-delta", "message": "stale"}}]}""")
            .ThenOk(Status(("r0", "v2", true, "ready")));
        using var client = Client(server, clock);

        var status = await clock.DriveAsync(client.HotLoad.WaitUntilServedAsync(Model, Deployment, "v2", Exact));

        Assert.Equal("v2", status.Replicas!.Single().CurrentSnapshotIdentity);
        Assert.Equal(2, server.Gets);
    }

    [Fact]
    public async Task AnErrorWithoutTargetIsTakenAsThisSnapshotsAndItsMessageFoundUnderAnotherName()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenOk("""{"replicas": [{"current_snapshot_identity": "v1", "readiness": true, "loading_state": {"stage": "ERROR", "error_message": "out of memory while merging"}}]}""");
        using var client = Client(server, clock);

        var failure = await clock.DriveToFailureAsync<SnapshotLoadFailedException, HotLoadStatus>(
            client.HotLoad.WaitUntilServedAsync(Model, Deployment, "v2", Exact));

        Assert.Equal("out of memory while merging", failure.ServerMessage);
        Assert.Equal("#0", failure.ReplicaId); // no replica_id: its position
    }

    [Fact]
    public async Task TransientPollErrorsAreRiddenOutByThePoller()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenError(HttpStatusCode.ServiceUnavailable, ("Retry-After", "3"))
            .ThenOk(Status(("r0", "v2", true, "ready")));
        using var client = Client(server, clock);

        await clock.DriveAsync(client.HotLoad.WaitUntilServedAsync(Model, Deployment, "v2", Exact));

        Assert.Equal(2, server.Gets);
        Assert.Equal([Seconds(3)], clock.Armed); // the server's Retry-After, longer than the 1 s schedule
    }

    [Fact]
    public async Task AnInvalidIdentityIsRefusedBeforeAnyRequest()
    {
        var server = new ScriptedServer();
        using var client = Client(server, new PollingClock());

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => client.HotLoad.WaitUntilServedAsync(Model, Deployment, "runs/v2"));

        Assert.Contains("contains '/'", refused.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void StatusExtensionsClassifyPerIdentity()
    {
        var partial = Parse(Status(("r0", "v2", true, "ready"), ("r1", "v2", false, "swapping"), ("r2", "v1", true, "downloading")));
        var served = Parse(Status(("r0", "v2", true, "ready")));

        Assert.Equal(SnapshotLoadState.Loading, partial.GetSnapshotState("v2"));
        Assert.Equal(1, partial.CountServingReplicas("v2"));
        Assert.Equal(1, partial.CountServingReplicas("v1"));
        Assert.Equal(SnapshotLoadState.Served, served.GetSnapshotState("v2"));
        Assert.Equal(SnapshotLoadState.Loading, served.GetSnapshotState("v3"));
        Assert.Equal(SnapshotLoadState.Loading, new HotLoadStatus().GetSnapshotState("v2"));
        Assert.Equal(0, new HotLoadStatus().CountServingReplicas("v2"));
    }

    private static HotLoadStatus Parse(string json) => JsonSerializer.Deserialize(json, FireworksJsonContext.Default.HotLoadStatus)!;

    private static string Status(params (string Id, string Current, bool Ready, string Stage)[] replicas) =>
        JsonSerializer.Serialize(
            new HotLoadStatus
            {
                Replicas = [.. replicas.Select(static replica => new ReplicaLoadStatus
                {
                    ReplicaId = replica.Id,
                    CurrentSnapshotIdentity = replica.Current,
                    Readiness = replica.Ready,
                    LoadingState = new LoadingState { Stage = replica.Stage, TargetSnapshotIdentity = "v2" },
                })],
            },
            FireworksJsonContext.Default.HotLoadStatus);
}
