using Fireworks.Models;
using Fireworks.Tests.Lro.Infrastructure;
using Xunit;
using static Fireworks.Tests.Lro.Infrastructure.LroTestKit;

namespace Fireworks.Tests.Lro;

public sealed class WaitForCompletionTests
{
    [Theory]
    [InlineData("JOB_STATE_COMPLETED")]
    [InlineData("JOB_STATE_EARLY_STOPPED")]
    public async Task ReturnsTheJobInItsSuccessState(string wire)
    {
        JobState expected = wire;
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenOk(Job("JOB_STATE_CREATING"))
            .ThenOk(Job("JOB_STATE_PENDING"))
            .ThenOk(Job("JOB_STATE_RUNNING"))
            .ThenOk(Job(wire));
        using var client = Client(server, clock);

        var job = await clock.DriveAsync(client.RlorTrainerJobs.WaitForCompletionAsync("grpo-1", Exact));

        Assert.Equal(expected, job.State);
        Assert.Equal(4, server.Gets);
        Assert.All(server.Requests, request => Assert.Equal($"GET /v1/accounts/{AccountId}/rlorTrainerJobs/grpo-1", request));
        Assert.Equal([Seconds(1), Seconds(2), Seconds(4)], clock.Armed);
    }

    [Theory]
    [InlineData("JOB_STATE_FAILED")]
    [InlineData("JOB_STATE_CANCELLED")]
    [InlineData("JOB_STATE_EXPIRED")]
    [InlineData("JOB_STATE_DELETED")]
    public async Task AFailureStateThrowsWithTheResourceItsStateAndStatus(string wire)
    {
        JobState expected = wire;
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenOk(Job("JOB_STATE_RUNNING"))
            .ThenOk(Job(wire, "RESOURCE_EXHAUSTED", "out of GPU memory at step 12"));
        using var client = Client(server, clock);

        var exception = await clock.DriveToFailureAsync<ResourceFailedException, RlorTrainerJob>(client.RlorTrainerJobs.WaitForCompletionAsync("grpo-1", Exact));

        Assert.Equal(expected, exception.State);
        Assert.Equal(StateClass.Failure, exception.StateClass);
        Assert.False(exception.IsParked);
        Assert.Equal(Code.ResourceExhausted, exception.StatusCode);
        Assert.Equal("out of GPU memory at step 12", exception.StatusMessage);
        Assert.Equal("RlorTrainerJob grpo-1", exception.Description);
        Assert.Equal(expected, exception.GetResource<RlorTrainerJob>().State);
        Assert.Equal(
            $"RlorTrainerJob grpo-1 failed: it reached {wire}. Status: RESOURCE_EXHAUSTED: out of GPU memory at step 12",
            exception.Message);
        Assert.Equal(2, server.Gets);
    }

    [Theory]
    [InlineData("JOB_STATE_PAUSED")]
    [InlineData("JOB_STATE_IDLE")]
    public async Task AParkedStateStopsTheWaitInsteadOfPollingForever(string wire)
    {
        JobState expected = wire;
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenOk(Job("JOB_STATE_RUNNING"))
            .ThenOk(Job(wire, "FAILED_PRECONDITION", "account suspended"));
        using var client = Client(server, clock);

        var exception = await clock.DriveToFailureAsync<ResourceFailedException, RlorTrainerJob>(client.RlorTrainerJobs.WaitForCompletionAsync("grpo-1", Exact));

        Assert.True(exception.IsParked);
        Assert.Equal(StateClass.Parked, exception.StateClass);
        Assert.Equal(expected, exception.State);
        Assert.Equal(Code.FailedPrecondition, exception.StatusCode);
        Assert.Contains("is parked in " + wire, exception.Message, StringComparison.Ordinal);
        Assert.Contains("account suspended", exception.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Gets);
    }

    [Fact]
    public async Task AFailureWithoutStatusStillNamesTheState()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer().ThenOk(Deployment("FAILED"));
        using var client = Client(server, clock);

        var exception = await clock.DriveToFailureAsync<ResourceFailedException, Deployment>(client.Deployments.WaitForCompletionAsync("dep-1", Exact));

        Assert.Equal(DeploymentState.Failed, exception.State);
        Assert.Null(exception.StatusCode);
        Assert.Null(exception.StatusMessage);
        Assert.Equal("Deployment dep-1 failed: it reached FAILED.", exception.Message);
        Assert.Throws<InvalidOperationException>(() => exception.GetResource<RlorTrainerJob>());
    }

    [Fact]
    public async Task DeploymentBecomesReady()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenOk(Deployment("CREATING"))
            .ThenOk(Deployment("CREATING"))
            .ThenOk(Deployment("UPDATING"))
            .ThenOk(Deployment("READY"));
        using var client = Client(server, clock);
        var progress = new ProgressLog<WaitProgress<Deployment, DeploymentState>>();

        var deployment = await clock.DriveAsync(client.Deployments.WaitForStateAsync("dep-1", DeploymentState.Ready, Exact, progress));

        Assert.Equal(DeploymentState.Ready, deployment.State);
        Assert.Equal([DeploymentState.Creating, DeploymentState.Updating, DeploymentState.Ready], progress.Reports.Select(static report => report.State!.Value));
        Assert.Equal([1, 3, 4], progress.Reports.Select(static report => report.PollCount));
        Assert.Equal(4, server.Gets);
    }

    [Fact]
    public async Task EvaluatorBuildFailureThrows()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenOk("""{"name": "accounts/test-account/evaluators/ev-1", "state": "BUILDING"}""")
            .ThenOk("""{"name": "accounts/test-account/evaluators/ev-1", "state": "BUILD_FAILED", "status": {"code": "INVALID_ARGUMENT", "message": "requirements.txt: no such package"}}""");
        using var client = Client(server, clock);

        var exception = await clock.DriveToFailureAsync<ResourceFailedException, Evaluator>(client.Evaluators.WaitForCompletionAsync("ev-1", Exact));

        Assert.Equal(EvaluatorState.BuildFailed, exception.State);
        Assert.Equal("requirements.txt: no such package", exception.StatusMessage);
    }

    [Fact]
    public async Task ProgressReportsStateTransitionsAndJobProgressInOrder()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenOk(Job("JOB_STATE_CREATING"))
            .ThenOk(Job("JOB_STATE_RUNNING", progress: """{"percent": 10, "epoch": 0}"""))
            .ThenOk(Job("JOB_STATE_RUNNING", progress: """{"percent": 10, "epoch": 0}"""))
            .ThenOk(Job("JOB_STATE_RUNNING", progress: """{"percent": 55, "epoch": 1, "totalProcessedRequests": 550, "totalInputRequests": 1000}"""))
            .ThenOk(Job("JOB_STATE_COMPLETED", progress: """{"percent": 100, "epoch": 1}"""));
        using var client = Client(server, clock);
        var progress = new ProgressLog<WaitProgress<RlorTrainerJob, JobState>>();

        await clock.DriveAsync(client.RlorTrainerJobs.WaitForCompletionAsync("grpo-1", Exact, progress));

        var reports = progress.Reports;
        Assert.Equal(4, reports.Count); // the unchanged third poll is not reported
        Assert.Equal([JobState.Creating, JobState.Running, JobState.Running, JobState.Completed], reports.Select(static report => report.State!.Value));
        Assert.Equal([true, true, false, true], reports.Select(static report => report.StateChanged));
        Assert.Equal([false, true, true, true], reports.Select(static report => report.JobProgressChanged));
        Assert.Equal([null, 10, 55, 100], reports.Select(static report => report.JobProgress?.Percent));
        Assert.Equal([1, 2, 4, 5], reports.Select(static report => report.PollCount));
        Assert.Equal(550, reports[2].JobProgress!.TotalProcessedRequests);
        Assert.Equal(1000, reports[2].JobProgress!.TotalInputRequests);
        Assert.True(reports[0].IsFirstObservation);
        Assert.Null(reports[0].PreviousState);
        Assert.Equal(JobState.Creating, reports[1].PreviousState);
        Assert.Equal(StateClass.Success, reports[3].StateClass);
        Assert.Equal([TimeSpan.Zero, Seconds(1), Seconds(7), Seconds(15)], reports.Select(static report => report.Elapsed));
    }

    [Fact]
    public async Task AnUnknownStateKeepsPollingAndIsReported()
    {
        var clock = new PollingClock();
        var logs = new LogCollector();
        var server = new ScriptedServer()
            .ThenOk(Job("JOB_STATE_RUNNING"))
            .ThenOk(Job("JOB_STATE_ARCHIVED"))
            .ThenOk(Job("JOB_STATE_ARCHIVED"))
            .ThenOk(Job("JOB_STATE_COMPLETED"));
        using var client = Client(server, clock, logs);
        var progress = new ProgressLog<WaitProgress<RlorTrainerJob, JobState>>();

        var job = await clock.DriveAsync(client.RlorTrainerJobs.WaitForCompletionAsync("grpo-1", Exact, progress));

        Assert.Equal(JobState.Completed, job.State);
        Assert.Equal(4, server.Gets);
        var unknown = progress.Reports[1];
        Assert.Equal(new JobState("JOB_STATE_ARCHIVED"), unknown.State);
        Assert.True(unknown.IsUnrecognizedState);
        Assert.Equal(StateClass.Transient, unknown.StateClass);
        Assert.Equal("JOB_STATE_ARCHIVED (a JobState this SDK version does not know)", unknown.StateDescription);
        Assert.False(progress.Reports[0].IsUnrecognizedState);
        var warning = Assert.Single(logs.Waits, static entry => entry.EventName == "UnrecognizedState");
        Assert.Equal("RlorTrainerJob grpo-1", warning.Values["Resource"]);
        Assert.Equal("JobState", warning.Values["StateType"]);
        Assert.Equal("JOB_STATE_ARCHIVED", warning.Values["State"]);
    }

    [Fact]
    public async Task AMissingStateIsTransient()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer().ThenOk(Job(state: string.Empty)).ThenOk(Job("JOB_STATE_COMPLETED"));
        using var client = Client(server, clock);
        var progress = new ProgressLog<WaitProgress<RlorTrainerJob, JobState>>();

        await clock.DriveAsync(client.RlorTrainerJobs.WaitForCompletionAsync("grpo-1", Exact, progress));

        Assert.Null(progress.Reports[0].State);
        Assert.Equal("(not set)", progress.Reports[0].StateDescription);
        Assert.Equal(StateClass.Transient, progress.Reports[0].StateClass);
        Assert.Equal(2, server.Gets);
    }

    [Fact]
    public async Task TransitionsAreLoggedWithStructuredValues()
    {
        var clock = new PollingClock();
        var logs = new LogCollector();
        var server = new ScriptedServer().ThenOk(Job("JOB_STATE_CREATING")).ThenOk(Job("JOB_STATE_RUNNING")).ThenOk(Job("JOB_STATE_COMPLETED"));
        using var client = Client(server, clock, logs);

        await clock.DriveAsync(client.RlorTrainerJobs.WaitForCompletionAsync("grpo-1", Exact));

        var transitions = logs.Waits.Where(static entry => entry.EventName == "StateChanged").ToList();
        Assert.Equal(["JOB_STATE_CREATING", "JOB_STATE_RUNNING", "JOB_STATE_COMPLETED"], transitions.Select(static entry => entry.Values["State"]));
        Assert.Equal(["(not yet read)", "JOB_STATE_CREATING", "JOB_STATE_RUNNING"], transitions.Select(static entry => entry.Values["PreviousState"]));
        Assert.Equal([1, 2, 3], transitions.Select(static entry => entry.Values["Poll"]));
        Assert.Equal(
            "RlorTrainerJob grpo-1 is JOB_STATE_RUNNING (Transient), was JOB_STATE_CREATING; poll 2 after 1000 ms",
            transitions[1].Message);
        var done = Assert.Single(logs.Waits, static entry => entry.EventName == "WaitSucceeded");
        Assert.Equal("RlorTrainerJob grpo-1 reached JOB_STATE_COMPLETED after 3000 ms and 3 polls", done.Message);
        Assert.DoesNotContain(logs.Entries, static entry => entry.Message.Contains("fw_test_key", StringComparison.Ordinal));
    }
}
