using System.Net;
using Fireworks.Tests.Core.Infrastructure;
using Xunit;

namespace Fireworks.Tests.Core;

public sealed class TimeoutAndCancellationTests
{
    [Fact]
    public async Task CallTimeoutSurfacesAsDeadlineExceeded()
    {
        var time = new RecordingTimeProvider();
        var handler = new FakeHttpHandler().ThenHang();
        using var client = TestClients.Create(handler, time, o => o.Timeout = TimeSpan.FromSeconds(10));

        var call = client.Widgets().GetAsync("w1");
        await handler.WaitForRequestAsync(1);
        Assert.Equal(TimeSpan.FromSeconds(10), time.Timers[0]);
        time.Advance(TimeSpan.FromSeconds(10));

        var exception = await Assert.ThrowsAsync<FireworksException>(() => call.Guarded());
        Assert.True(exception.IsTimeout);
        Assert.Equal("DEADLINE_EXCEEDED", exception.CodeName);
        Assert.False(exception.HasResponse);
        Assert.Equal(
            "Gateway_GetWidget failed: DEADLINE_EXCEEDED (no HTTP response): the call did not complete within 10 s (RequestOptions.Timeout / FireworksClientOptions.Timeout)",
            exception.Message);
    }

    [Fact]
    public async Task PerCallTimeoutOverridesTheClientTimeout()
    {
        var time = new RecordingTimeProvider();
        var handler = new FakeHttpHandler().ThenHang();
        using var client = TestClients.Create(handler, time, o => o.Timeout = TimeSpan.FromSeconds(60));

        var call = client.Widgets().GetAsync("w1", options: new RequestOptions { Timeout = TimeSpan.FromMilliseconds(1500) });
        await handler.WaitForRequestAsync(1);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), time.Timers[0]);
        time.Advance(TimeSpan.FromMilliseconds(1500));

        var exception = await Assert.ThrowsAsync<FireworksException>(() => call.Guarded());
        Assert.True(exception.IsTimeout);
        Assert.Contains("within 1.5 s", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallTimeoutAlsoBoundsTheRetryDelays()
    {
        var time = new RecordingTimeProvider();
        var handler = new FakeHttpHandler(fallback: (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.ServiceUnavailable, "{}")));
        using var client = TestClients.Create(handler, time, o =>
        {
            o.Timeout = TimeSpan.FromSeconds(2);
            o.MaxRetries = 10;
        });

        var call = client.Widgets().GetAsync("w1");
        time.Advance(await time.WaitForTimerAsync(2)); // 0.5 s backoff (timer 1 is the call budget)
        time.Advance(await time.WaitForTimerAsync(3)); // 1 s backoff; 1.5 s used, the next 2 s backoff does not fit

        var exception = await Assert.ThrowsAsync<FireworksException>(() => call.Guarded());
        Assert.True(exception.IsUnavailable);
        Assert.Equal(3, exception.Attempts);
    }

    [Fact]
    public async Task CallerCancellationSurfacesAsOperationCanceled()
    {
        var handler = new FakeHttpHandler().ThenHang();
        using var client = TestClients.Create(handler);
        using var cancellation = new CancellationTokenSource();

        var call = client.Widgets().GetAsync("w1", cancellationToken: cancellation.Token);
        await handler.WaitForRequestAsync(1);
        await cancellation.CancelAsync();

        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.Guarded());
        Assert.Equal(cancellation.Token, exception.CancellationToken);
    }

    [Fact]
    public async Task CancellationDuringARetryDelayStopsTheCall()
    {
        var time = new RecordingTimeProvider();
        var handler = new FakeHttpHandler(fallback: (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.ServiceUnavailable, "{}")));
        using var client = TestClients.Create(handler, time);
        using var cancellation = new CancellationTokenSource();

        var call = client.Widgets().GetAsync("w1", cancellationToken: cancellation.Token);
        await time.WaitForTimerAsync(1);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.Guarded());
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task AnAlreadyCancelledTokenSendsNothing()
    {
        var handler = new FakeHttpHandler();
        using var client = TestClients.Create(handler);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.Widgets().GetAsync("w1", cancellationToken: new CancellationToken(canceled: true)));

        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task CallerSuppliedHttpClientTimeoutIsReportedAsTimeout()
    {
        var handler = new FakeHttpHandler().ThenThrow(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout", new TimeoutException()));
        using var httpClient = new HttpClient(handler);
        using var client = new FireworksClient(new FireworksClientOptions
        {
            ApiKey = TestClients.ApiKey,
            AccountId = TestClients.AccountId,
            HttpClient = httpClient,
            MaxRetries = 0,
        });

        var exception = await Assert.ThrowsAsync<FireworksException>(() => client.Widgets().GetAsync("w1"));

        Assert.True(exception.IsTimeout);
        Assert.Contains("the HTTP client timed out", exception.Message, StringComparison.Ordinal);
        Assert.IsType<TimeoutException>(exception.InnerException?.InnerException);
    }
}
