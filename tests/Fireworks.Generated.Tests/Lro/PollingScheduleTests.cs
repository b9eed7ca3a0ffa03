using System.Net;
using Fireworks.Models;
using Fireworks.Tests.Lro.Infrastructure;
using Xunit;
using static Fireworks.Tests.Lro.Infrastructure.LroTestKit;

namespace Fireworks.Tests.Lro;

/// <summary>The poller's cadence: backoff, jitter, Retry-After, the transient-error budget, timeout and cancellation.</summary>
public sealed class PollingScheduleTests
{
    private static readonly string Running = Job("JOB_STATE_RUNNING");
    private static readonly string Completed = Job("JOB_STATE_COMPLETED");

    [Fact]
    public async Task TheDefaultScheduleGrowsByHalfFromOneSecondToThirtySeconds()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer().ThenOk(Enumerable.Repeat(Running, 12)).ThenOk(Completed);
        using var client = Client(server, clock);

        await clock.DriveAsync(client.RlorTrainerJobs.WaitForCompletionAsync("grpo-1", new WaitOptions { Jitter = 0 }));

        // 1 s × 1.5^n, capped at 30 s, in whole milliseconds: one GET per delay plus the first, no more.
        double[] expected = [1, 1.5, 2.25, 3.375, 5.063, 7.594, 11.391, 17.086, 25.629, 30, 30, 30];
        Assert.Equal(expected.Select(Seconds), clock.Armed);
        Assert.Equal(13, server.Gets);
    }

    [Fact]
    public void DefaultsAreTheDocumentedOnes()
    {
        var defaults = WaitOptions.Default;

        Assert.Equal(Seconds(1), defaults.InitialInterval);
        Assert.Equal(Seconds(30), defaults.MaxInterval);
        Assert.Equal(1.5, defaults.Multiplier);
        Assert.Equal(0.2, defaults.Jitter);
        Assert.Null(defaults.Timeout);
        Assert.Equal(10, defaults.MaxTransientErrors);
        Assert.Equal(TimeSpan.FromMinutes(5), defaults.TransientErrorTimeLimit);
        Assert.Equal(TimeSpan.FromMinutes(5), defaults.MaxRetryAfter);
    }

    [Fact]
    public async Task JitterStaysWithinItsBandIsCappedAndIsReproducibleWithASeed()
    {
        var options = new WaitOptions { JitterSeed = 42 };
        var first = await RunAsync(options);
        var second = await RunAsync(options);
        var other = await RunAsync(new WaitOptions { JitterSeed = 7 });

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Equal(14, first.Count);
        var nominal = 1.0;
        foreach (var delay in first)
        {
            // ±20 % around the nominal delay, never above the 30 s cap.
            Assert.InRange(delay.TotalSeconds, (nominal * 0.8) - 0.0005, Math.Min(nominal * 1.2, 30) + 0.0005);
            if (nominal < 30)
            {
                Assert.NotEqual(Seconds(nominal), delay);
            }

            nominal = Math.Min(nominal * 1.5, 30);
        }

        static async Task<IReadOnlyList<TimeSpan>> RunAsync(WaitOptions options)
        {
            var clock = new PollingClock();
            var server = new ScriptedServer().ThenOk(Enumerable.Repeat(Running, 14)).ThenOk(Completed);
            using var client = Client(server, clock);
            await clock.DriveAsync(client.RlorTrainerJobs.WaitForCompletionAsync("grpo-1", options));
            return clock.Armed;
        }
    }

    [Fact]
    public async Task TransientErrorsAreToleratedAndTheScheduleContinues()
    {
        var clock = new PollingClock();
        var logs = new LogCollector();
        var server = new ScriptedServer()
            .ThenOk(Running)
            .ThenError(HttpStatusCode.ServiceUnavailable)
            .ThenError(HttpStatusCode.TooManyRequests)
            .ThenError(HttpStatusCode.InternalServerError)
            .ThenError(HttpStatusCode.RequestTimeout)
            .ThenThrow(new HttpRequestException(HttpRequestError.ConnectionError, "connection refused"))
            .ThenOk(Completed);
        using var client = Client(server, clock, logs);

        var job = await clock.DriveAsync(client.RlorTrainerJobs.WaitForCompletionAsync("grpo-1", Exact));

        Assert.Equal(JobState.Completed, job.State);
        Assert.Equal(7, server.Gets);
        Assert.Equal([Seconds(1), Seconds(2), Seconds(4), Seconds(8), Seconds(16), Seconds(30)], clock.Armed);
        var failures = logs.Waits.Where(static entry => entry.EventName == "PollFailed").ToList();
        Assert.Equal(
            ["HTTP 503 UNAVAILABLE", "HTTP 429 RESOURCE_EXHAUSTED", "HTTP 500 INTERNAL", "HTTP 408 DEADLINE_EXCEEDED", "UNAVAILABLE (no HTTP response)"],
            failures.Select(static entry => entry.Values["Reason"]));
        Assert.Equal([1, 2, 3, 4, 5], failures.Select(static entry => entry.Values["Errors"]));
    }

    [Fact]
    public async Task TheClientsOwnRetriesRunInsideEachPoll()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer().ThenError(HttpStatusCode.ServiceUnavailable).ThenOk(Completed);
        using var client = Client(server, clock, maxRetries: 2);

        await clock.DriveAsync(client.RlorTrainerJobs.WaitForCompletionAsync("grpo-1", Exact));

        // One poll, retried by the transport after its own backoff; the poller never saw the error.
        Assert.Equal(2, server.Gets);
        var retryDelay = Assert.Single(clock.Armed);
        Assert.InRange(retryDelay, TimeSpan.FromMilliseconds(375), TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task TheErrorCountBudgetEndsTheWaitWithTheLastError()
    {
        var clock = new PollingClock();
        var logs = new LogCollector();
        var server = new ScriptedServer()
            .ThenOk(Running)
            .ThenError(HttpStatusCode.ServiceUnavailable)
            .ThenError(HttpStatusCode.BadGateway)
            .ThenError(HttpStatusCode.GatewayTimeout);
        using var client = Client(server, clock, logs);

        var exception = await clock.DriveToFailureAsync<FireworksException, RlorTrainerJob>(
            client.RlorTrainerJobs.WaitForCompletionAsync("grpo-1", new WaitOptions { Jitter = 0, MaxTransientErrors = 2 }));

        Assert.Equal(504, exception.HttpStatus);
        Assert.Equal(4, server.Gets);
        Assert.Equal([Seconds(1), Seconds(1.5), Seconds(2.25)], clock.Armed);
        var gaveUp = Assert.Single(logs.Waits, static entry => entry.EventName == "TransientErrorBudgetExhausted");
        Assert.Equal(3, gaveUp.Values["Errors"]);
    }

    [Fact]
    public async Task TheErrorTimeBudgetEndsARunOfErrorsThatLastsTooLong()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer();
        for (var i = 0; i < 10; i++)
        {
            server.ThenError(HttpStatusCode.ServiceUnavailable);
        }

        using var client = Client(server, clock);
        var options = new WaitOptions { InitialInterval = Seconds(2), Multiplier = 1, Jitter = 0, MaxTransientErrors = 100, TransientErrorTimeLimit = Seconds(5) };

        var exception = await clock.DriveToFailureAsync<FireworksException, RlorTrainerJob>(client.RlorTrainerJobs.WaitForCompletionAsync("grpo-1", options));

        // Errors at 0, 2, 4 and 6 s; at 6 s the run has lasted longer than 5 s.
        Assert.Equal(503, exception.HttpStatus);
        Assert.Equal(4, server.Gets);
        Assert.Equal([Seconds(2), Seconds(2), Seconds(2)], clock.Armed);
    }

    [Fact]
    public async Task ASuccessfulPollResetsTheErrorBudget()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenError(HttpStatusCode.ServiceUnavailable)
            .ThenOk(Running)
            .ThenError(HttpStatusCode.ServiceUnavailable)
            .ThenOk(Running)
            .ThenError(HttpStatusCode.ServiceUnavailable)
            .ThenOk(Completed);
        using var client = Client(server, clock);

        var job = await clock.DriveAsync(client.RlorTrainerJobs.WaitForCompletionAsync("grpo-1", new WaitOptions { Jitter = 0, MaxTransientErrors = 1 }));

        Assert.Equal(JobState.Completed, job.State);
        Assert.Equal(6, server.Gets);
    }

    [Fact]
    public async Task ANonTransientErrorEndsTheWaitAtOnce()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer().ThenOk(Running).ThenError(HttpStatusCode.NotFound);
        using var client = Client(server, clock);

        var exception = await clock.DriveToFailureAsync<FireworksException, RlorTrainerJob>(client.RlorTrainerJobs.WaitForCompletionAsync("grpo-1", Exact));

        Assert.True(exception.IsNotFound);
        Assert.Equal(2, server.Gets);
    }

    [Fact]
    public async Task RetryAfterLengthensTheNextDelayOnly()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenOk(Running)
            .ThenError(HttpStatusCode.TooManyRequests, ("Retry-After", "7"))
            .ThenOk(Running)
            .ThenError(HttpStatusCode.ServiceUnavailable, ("Retry-After", "1"))
            .ThenOk(Completed);
        using var client = Client(server, clock);

        await clock.DriveAsync(client.RlorTrainerJobs.WaitForCompletionAsync("grpo-1", Exact));

        // 1 s; the server's 7 s instead of 2 s; back on schedule with 4 s; a shorter Retry-After (1 s) does not shorten 8 s.
        Assert.Equal([Seconds(1), Seconds(7), Seconds(4), Seconds(8)], clock.Armed);
        Assert.Equal(5, server.Gets);
    }

    [Fact]
    public async Task RetryAfterIsCappedByMaxRetryAfter()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenError(HttpStatusCode.ServiceUnavailable, ("Retry-After", "3600"))
            .ThenOk(Completed);
        using var client = Client(server, clock);

        await clock.DriveAsync(client.RlorTrainerJobs.WaitForCompletionAsync("grpo-1", new WaitOptions { Jitter = 0, MaxRetryAfter = Seconds(45) }));

        Assert.Equal([Seconds(45)], clock.Armed);
    }

    [Fact]
    public async Task TheOverallTimeoutNamesTheResourceAndItsLastState()
    {
        var clock = new PollingClock();
        var logs = new LogCollector();
        var server = new ScriptedServer().ThenOk(Job("JOB_STATE_PENDING")).ThenOk(Enumerable.Repeat(Running, 10));
        using var client = Client(server, clock, logs);
        var options = new WaitOptions { InitialInterval = Seconds(3), Multiplier = 1, Jitter = 0, Timeout = Seconds(10) };

        var exception = await clock.DriveToFailureAsync<WaitTimeoutException, RlorTrainerJob>(
            client.RlorTrainerJobs.WaitForStateAsync("grpo-1", JobState.Completed, options), skip: 1);

        // Polls at 0, 3, 6 and 9 s; the wait ends at 10 s, during the delay before the fifth.
        Assert.Equal(4, server.Gets);
        Assert.Equal(Seconds(10), clock.Armed[0]);
        Assert.Equal(JobState.Running, exception.LastState);
        Assert.Equal(4, exception.PollCount);
        Assert.Equal(Seconds(10), exception.Timeout);
        Assert.Equal(JobState.Running, Assert.IsType<RlorTrainerJob>(exception.LastResource).State);
        Assert.IsAssignableFrom<TimeoutException>(exception);
        Assert.Equal(
            "Timed out after 00:00:10 waiting for RlorTrainerJob grpo-1 to reach JOB_STATE_COMPLETED; its last state was JOB_STATE_RUNNING (4 polls). The resource is untouched; raise WaitOptions.Timeout or wait again.",
            exception.Message);
        Assert.Single(logs.Waits, static entry => entry.EventName == "WaitTimedOut");
    }

    [Fact]
    public async Task TheOverallTimeoutAlsoEndsARequestThatHangs()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer().ThenHang();
        using var client = Client(server, clock);

        var wait = client.RlorTrainerJobs.WaitForCompletionAsync("grpo-1", new WaitOptions { Timeout = Seconds(30) });
        Assert.Equal(Seconds(30), await clock.TimerArmedAsync(1).WaitAsync(PollingClock.Guard));
        await server.FirstRequest.WaitAsync(PollingClock.Guard);

        clock.Advance(Seconds(30));
        var exception = await Assert.ThrowsAsync<WaitTimeoutException>(() => wait.WaitAsync(PollingClock.Guard));

        Assert.Null(exception.LastState);
        Assert.Contains("no poll succeeded", exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, exception.PollCount);
    }

    [Fact]
    public async Task CancellationDuringADelayStopsTheWait()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer().ThenOk(Running).ThenOk(Completed);
        using var client = Client(server, clock);
        using var cancellation = new CancellationTokenSource();

        var wait = client.RlorTrainerJobs.WaitForCompletionAsync("grpo-1", Exact, cancellationToken: cancellation.Token);
        Assert.Equal(Seconds(1), await clock.TimerArmedAsync(1).WaitAsync(PollingClock.Guard));
        await cancellation.CancelAsync();

        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(PollingClock.Guard));
        Assert.Equal(cancellation.Token, exception.CancellationToken);
        Assert.Equal(1, server.Gets);
    }

    [Fact]
    public async Task CancellationDuringARequestStopsTheWait()
    {
        var clock = new PollingClock();
        var server = new ScriptedServer().ThenHang();
        using var client = Client(server, clock);
        using var cancellation = new CancellationTokenSource();

        var wait = client.RlorTrainerJobs.WaitForCompletionAsync("grpo-1", new WaitOptions { Timeout = TimeSpan.FromHours(1) }, cancellationToken: cancellation.Token);
        await server.FirstRequest.WaitAsync(PollingClock.Guard);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(PollingClock.Guard));
    }

    [Fact]
    public async Task AnAlreadyCancelledTokenSendsNothing()
    {
        var server = new ScriptedServer().ThenOk(Completed);
        using var client = Client(server, new PollingClock());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.RlorTrainerJobs.WaitForCompletionAsync("grpo-1", cancellationToken: new CancellationToken(canceled: true)));

        Assert.Empty(server.Requests);
    }
}
