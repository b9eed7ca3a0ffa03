using Fireworks.Models;
using Fireworks.Tests.Lro.Infrastructure;
using Xunit;
using static Fireworks.Tests.Lro.Infrastructure.LroTestKit;

namespace Fireworks.Tests.Lro;

public sealed class CreateAndWaitTests
{
    [Fact]
    public async Task RlorTrainerIsCreatedAndReturnedOnceRunning()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenOk(Job("JOB_STATE_CREATING", name: "srv-7"))
            .ThenOk(Job("JOB_STATE_PENDING", name: "srv-7"))
            .ThenOk(Job("JOB_STATE_RUNNING", name: "srv-7"));
        using var client = Client(server, clock);
        var progress = new ProgressLog<WaitProgress<RlorTrainerJob, JobState>>();

        var job = await clock.DriveAsync(client.RlorTrainerJobs.CreateAndWaitForStateAsync(
            new RlorTrainerJob { DisplayName = "grpo" }, JobState.Running, waitOptions: Exact, progress: progress));

        Assert.Equal(JobState.Running, job.State);
        Assert.Equal(
            [
                "POST /v1/accounts/test-account/rlorTrainerJobs",
                "GET /v1/accounts/test-account/rlorTrainerJobs/srv-7", // the id the server chose, read from the name
                "GET /v1/accounts/test-account/rlorTrainerJobs/srv-7",
            ],
            server.Requests);
        Assert.Equal([JobState.Pending, JobState.Running], progress.Reports.Select(static report => report.State!.Value));
    }

    [Fact]
    public async Task RlorTrainerThatFailsToStartThrows()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenOk(Job("JOB_STATE_CREATING"))
            .ThenOk(Job("JOB_STATE_FAILED", "UNAVAILABLE", "no capacity for 8xH100"));
        using var client = Client(server, clock);

        var exception = await clock.DriveToFailureAsync<ResourceFailedException, RlorTrainerJob>(client.RlorTrainerJobs.CreateAndWaitForStateAsync(
            new RlorTrainerJob(), JobState.Running, rlorTrainerJobId: "grpo-1", waitOptions: Exact));

        Assert.Equal("POST /v1/accounts/test-account/rlorTrainerJobs?rlorTrainerJobId=grpo-1", server.Requests[0]);
        Assert.Equal("no capacity for 8xH100", exception.StatusMessage);
    }

    [Fact]
    public async Task DeploymentIsCreatedAndReturnedOnceReady()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenOk(Deployment("CREATING", id: "dep-9"))
            .ThenOk(Deployment("CREATING", id: "dep-9"))
            .ThenOk(Deployment("READY", id: "dep-9"));
        using var client = Client(server, clock);

        var deployment = await clock.DriveAsync(client.Deployments.CreateAndWaitAsync(
            new Deployment { BaseModel = "accounts/fireworks/models/llama" }, deploymentId: "dep-9", disableAutoDeploy: true, waitOptions: Exact));

        Assert.Equal(DeploymentState.Ready, deployment.State);
        Assert.Equal("POST /v1/accounts/test-account/deployments?disableAutoDeploy=true&deploymentId=dep-9", server.Requests[0]);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal([Seconds(1)], clock.Armed);
    }

    [Fact]
    public async Task DeploymentThatFailsThrowsWithItsStatus()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenOk(Deployment("CREATING"))
            .ThenOk(Deployment("FAILED", "RESOURCE_EXHAUSTED", "quota exceeded for NVIDIA_H100_80GB"));
        using var client = Client(server, clock);

        var exception = await clock.DriveToFailureAsync<ResourceFailedException, Deployment>(client.Deployments.CreateAndWaitAsync(new Deployment { BaseModel = "accounts/fireworks/models/llama" }, waitOptions: Exact));

        Assert.Equal(DeploymentState.Failed, exception.State);
        Assert.Equal(Code.ResourceExhausted, exception.StatusCode);
        Assert.Equal("Deployment dep-1", exception.Description);
    }

    [Fact]
    public async Task ACreatedResourceWithoutAUsableNameAndNoIdCannotBeWaitedFor()
    {
        var server = new ScriptedServer().ThenOk("""{"state": "CREATING"}""");
        using var client = Client(server, new PollingClock());

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => client.Deployments.CreateAndWaitAsync(new Deployment { BaseModel = "accounts/fireworks/models/llama" }));

        Assert.Contains("accounts/{account_id}/deployments/{deployment_id}", exception.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }
}
