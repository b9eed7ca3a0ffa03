using Fireworks.Models;
using Fireworks.Tests.Lro.Infrastructure;
using Xunit;
using static Fireworks.Tests.Lro.Infrastructure.LroTestKit;

namespace Fireworks.Tests.Lro;

public sealed class WaitForStateTests
{
    [Fact]
    public async Task RlorTrainerIsReturnedWhenItReachesRunningWithoutWaitingForTheEnd()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenOk(Job("JOB_STATE_CREATING"))
            .ThenOk(Job("JOB_STATE_PENDING"))
            .ThenOk(Job("JOB_STATE_RUNNING"))
            .ThenOk(Job("JOB_STATE_COMPLETED"));
        using var client = Client(server, clock);

        var job = await clock.DriveAsync(client.RlorTrainerJobs.WaitForStateAsync("grpo-1", JobState.Running, Exact));

        Assert.Equal(JobState.Running, job.State);
        Assert.Equal(3, server.Gets); // the scripted COMPLETED is never read
        Assert.Equal([Seconds(1), Seconds(2)], clock.Armed);
    }

    [Fact]
    public async Task AFullResourceNameWorksAsWellAsAnId()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer().ThenOk(Job("JOB_STATE_RUNNING"));
        using var client = Client(server, clock);

        // job.Name is what users hold: the wait polls that job in that name's account.
        var job = await clock.DriveAsync(client.RlorTrainerJobs.WaitForStateAsync("accounts/other-account/rlorTrainerJobs/grpo-7", JobState.Running, Exact));

        Assert.Equal(JobState.Running, job.State);
        Assert.Equal("GET /v1/accounts/other-account/rlorTrainerJobs/grpo-7", server.Requests.Single());
    }

    [Fact]
    public async Task AFailureBeforeTheTargetThrows()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer().ThenOk(Job("JOB_STATE_CREATING")).ThenOk(Job("JOB_STATE_FAILED", "INTERNAL", "image pull failed"));
        using var client = Client(server, clock);

        var exception = await clock.DriveToFailureAsync<ResourceFailedException, RlorTrainerJob>(client.RlorTrainerJobs.WaitForStateAsync("grpo-1", JobState.Running, Exact));

        Assert.Equal(JobState.Failed, exception.State);
        Assert.Equal(Code.Internal, exception.StatusCode);
        Assert.Equal(
            "RlorTrainerJob grpo-1 reached JOB_STATE_FAILED (a failure state) before JOB_STATE_RUNNING. Status: INTERNAL: image pull failed",
            exception.Message);
    }

    [Fact]
    public async Task ASuccessStateThatIsNotTheTargetCannotLeadToItAndThrows()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer().ThenOk(Job("JOB_STATE_PENDING")).ThenOk(Job("JOB_STATE_COMPLETED"));
        using var client = Client(server, clock);

        var exception = await clock.DriveToFailureAsync<ResourceFailedException, RlorTrainerJob>(client.RlorTrainerJobs.WaitForStateAsync("grpo-1", JobState.Running, Exact));

        Assert.Equal(StateClass.Success, exception.StateClass);
        Assert.Equal(JobState.Completed, exception.State);
        Assert.Contains("without reaching JOB_STATE_RUNNING", exception.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Gets);
    }

    [Fact]
    public async Task AnyOfSeveralTargetsEndsTheWait()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer().ThenOk(Job("JOB_STATE_PENDING")).ThenOk(Job("JOB_STATE_COMPLETED"));
        using var client = Client(server, clock);

        var job = await clock.DriveAsync(client.RlorTrainerJobs.WaitForStateAsync("grpo-1", [JobState.Running, JobState.Completed], Exact));

        Assert.Equal(JobState.Completed, job.State);
    }

    [Fact]
    public async Task AParkedStateThatIsATargetIsReturned()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer().ThenOk(Job("JOB_STATE_RUNNING")).ThenOk(Job("JOB_STATE_PAUSED"));
        using var client = Client(server, clock);

        var job = await clock.DriveAsync(client.RlorTrainerJobs.WaitForStateAsync("grpo-1", JobState.Paused, Exact));

        Assert.Equal(JobState.Paused, job.State);
    }

    [Fact]
    public async Task AParkedStateThatIsNotATargetThrows()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer().ThenOk(Job("JOB_STATE_PENDING")).ThenOk(Job("JOB_STATE_IDLE"));
        using var client = Client(server, clock);

        var exception = await clock.DriveToFailureAsync<ResourceFailedException, RlorTrainerJob>(client.RlorTrainerJobs.WaitForStateAsync("grpo-1", JobState.Running, Exact));

        Assert.True(exception.IsParked);
        Assert.Equal(JobState.Idle, exception.State);
    }

    [Fact]
    public async Task AFailureStateThatIsATargetIsReturned()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer().ThenOk(Job("JOB_STATE_CANCELLING")).ThenOk(Job("JOB_STATE_CANCELLED"));
        using var client = Client(server, clock);

        var job = await clock.DriveAsync(client.RlorTrainerJobs.WaitForStateAsync("grpo-1", JobState.Cancelled, Exact));

        Assert.Equal(JobState.Cancelled, job.State);
    }

    [Fact]
    public async Task AnAlreadyReachedTargetReturnsAfterOnePoll()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer().ThenOk(Job("JOB_STATE_RUNNING"));
        using var client = Client(server, clock);

        var job = await clock.DriveAsync(client.RlorTrainerJobs.WaitForStateAsync("grpo-1", JobState.Running));

        Assert.Equal(JobState.Running, job.State);
        Assert.Equal(1, server.Gets);
        Assert.Empty(clock.Armed);
    }

    [Fact]
    public async Task TheAccountCanBeOverriddenPerWait()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer().ThenOk(Job("JOB_STATE_RUNNING"));
        using var client = Client(server, clock);

        await clock.DriveAsync(client.RlorTrainerJobs.WaitForStateAsync("grpo-1", JobState.Running, accountId: "other-account"));

        Assert.Equal(["GET /v1/accounts/other-account/rlorTrainerJobs/grpo-1"], server.Requests);
    }

    [Fact]
    public async Task BadArgumentsAreRejectedBeforeAnyRequest()
    {
        var server = new ScriptedServer();
        using var client = Client(server, new PollingClock());

        var empty = await Assert.ThrowsAsync<ArgumentException>(() => client.RlorTrainerJobs.WaitForStateAsync("grpo-1", Array.Empty<JobState>()));
        Assert.Equal("targetStates", empty.ParamName);
        await Assert.ThrowsAsync<ArgumentNullException>(() => client.RlorTrainerJobs.WaitForStateAsync("grpo-1", (IReadOnlyCollection<JobState>)null!));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => client.RlorTrainerJobs.WaitForCompletionAsync(string.Empty));
        var options = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.RlorTrainerJobs.WaitForCompletionAsync("grpo-1", new WaitOptions { Multiplier = 0.5 }));
        Assert.Equal("Multiplier", options.ParamName);
        Assert.Empty(server.Requests);
    }
}
