using System.Net;
using Fireworks.Tests.Core.Infrastructure;
using Xunit;

namespace Fireworks.Tests.Core;

public sealed class RetryTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private static HttpResponseMessage Unavailable(params (string, string)[] headers) =>
        FakeHttpHandler.Json(HttpStatusCode.ServiceUnavailable, """{"code": 14, "message": "try later"}""", headers);

    private static HttpResponseMessage RateLimited(params (string, string)[] headers) =>
        FakeHttpHandler.Json(HttpStatusCode.TooManyRequests, """{"code": 8, "message": "slow down"}""", headers);

    private static HttpResponseMessage Ok(string name = "w1") =>
        FakeHttpHandler.Json(HttpStatusCode.OK, $$"""{"name": "{{name}}", "count": 1}""");

    [Fact]
    public async Task GetIsRetriedOn503ThenSucceedsAfterTheBackoff()
    {
        var time = new RecordingTimeProvider();
        var handler = new FakeHttpHandler().Then(() => Unavailable()).Then(() => Ok());
        using var client = TestClients.Create(handler, time);

        var call = client.Widgets().GetAsync("w1");
        await handler.WaitForRequestAsync(1);
        var delay = await time.WaitForTimerAsync(1);

        Assert.Equal(TimeSpan.FromMilliseconds(500), delay);
        time.Advance(delay - Tick);
        Assert.Single(handler.Requests);
        time.Advance(Tick);

        var widget = await call.Guarded();
        Assert.Equal("w1", widget.Name);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task RetryAfterSecondsIsHonoured()
    {
        var time = new RecordingTimeProvider();
        var handler = new FakeHttpHandler().Then(() => RateLimited(("Retry-After", "3"))).Then(() => Ok());
        using var client = TestClients.Create(handler, time);

        var call = client.Widgets().GetAsync("w1");
        await handler.WaitForRequestAsync(1);

        Assert.Equal(TimeSpan.FromSeconds(3), await time.WaitForTimerAsync(1));
        time.Advance(TimeSpan.FromSeconds(3) - Tick);
        Assert.Single(handler.Requests);
        time.Advance(Tick);
        await call.Guarded();
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task RetryAfterHttpDateIsHonoured()
    {
        var time = new RecordingTimeProvider();
        var retryAt = time.GetUtcNow().AddSeconds(7).ToString("R");
        var handler = new FakeHttpHandler().Then(() => Unavailable(("Retry-After", retryAt))).Then(() => Ok());
        using var client = TestClients.Create(handler, time);

        var call = client.Widgets().GetAsync("w1");

        Assert.Equal(TimeSpan.FromSeconds(7), await time.WaitForTimerAsync(1));
        time.Advance(TimeSpan.FromSeconds(7));
        await call.Guarded();
    }

    [Fact]
    public async Task RetryAfterMillisecondsWinsOverRetryAfter()
    {
        var time = new RecordingTimeProvider();
        var handler = new FakeHttpHandler().Then(() => RateLimited(("retry-after-ms", "1250"), ("Retry-After", "9"))).Then(() => Ok());
        using var client = TestClients.Create(handler, time);

        var call = client.Widgets().GetAsync("w1");

        Assert.Equal(TimeSpan.FromMilliseconds(1250), await time.WaitForTimerAsync(1));
        time.Advance(TimeSpan.FromMilliseconds(1250));
        await call.Guarded();
    }

    [Fact]
    public async Task RetryAfterLongerThanTheCapFallsBackToTheBackoff()
    {
        var time = new RecordingTimeProvider();
        var handler = new FakeHttpHandler().Then(() => RateLimited(("Retry-After", "3600"))).Then(() => Ok());
        using var client = TestClients.Create(handler, time);

        var call = client.Widgets().GetAsync("w1");

        Assert.Equal(TimeSpan.FromMilliseconds(500), await time.WaitForTimerAsync(1));
        time.Advance(TimeSpan.FromMilliseconds(500));
        await call.Guarded();
    }

    [Fact]
    public async Task BackoffDoublesIsCappedAndJitteredWithTheSeededSource()
    {
        var time = new RecordingTimeProvider();
        var handler = new FakeHttpHandler(fallback: (_, _) => Task.FromResult(Unavailable()));
        var jitter = new Random(1234);
        using var client = TestClients.Create(handler, time, o =>
        {
            o.MaxRetries = 5;
            o.MaxRetryDelay = TimeSpan.FromSeconds(3);
            o.RetryJitter = jitter.NextDouble;
        });

        var call = client.Widgets().GetAsync("w1");
        var expected = new Random(1234);
        var timer = 0;
        foreach (var backoffSeconds in new[] { 0.5, 1, 2, 3, 3 })
        {
            var delay = await time.WaitForTimerAsync(++timer);
            Assert.Equal(TimeSpan.FromMilliseconds(Math.Round(backoffSeconds * 1000 * (1 - (0.25 * expected.NextDouble())))), delay);
            Assert.InRange(delay, TimeSpan.FromSeconds(backoffSeconds * 0.75), TimeSpan.FromSeconds(backoffSeconds));
            time.Advance(delay);
        }

        var exception = await Assert.ThrowsAsync<FireworksException>(() => call.Guarded());
        Assert.Equal(6, handler.Requests.Count);
        Assert.Equal(6, exception.Attempts);
    }

    [Fact]
    public async Task PostIsNotRepeatedOn503()
    {
        var time = new RecordingTimeProvider();
        var handler = new FakeHttpHandler().Then(() => Unavailable()).Then(() => Ok());
        using var client = TestClients.Create(handler, time);

        var exception = await Assert.ThrowsAsync<FireworksException>(() => client.Widgets().CreateAsync(new Widget { Name = "w1" }));

        Assert.True(exception.IsUnavailable);
        Assert.Equal(1, exception.Attempts);
        Assert.Single(handler.Requests);
        Assert.Empty(time.Timers);
    }

    [Fact]
    public async Task PostIsNotRepeatedOnAmbiguousConnectionFailures()
    {
        var handler = new FakeHttpHandler()
            .ThenThrow(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."))
            .Then(() => Ok());
        using var client = TestClients.Create(handler);

        var exception = await Assert.ThrowsAsync<FireworksException>(() => client.Widgets().CreateAsync(new Widget()));

        Assert.Equal("UNAVAILABLE", exception.CodeName);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task PostIsRetriedOn429WithTheSameBody()
    {
        var time = new RecordingTimeProvider();
        var handler = new FakeHttpHandler().Then(() => RateLimited(("Retry-After", "1"))).Then(() => Ok("created"));
        using var client = TestClients.Create(handler, time);

        var call = client.Widgets().CreateAsync(new Widget { Name = "w1", Count = 3 }, widgetId: "w1");
        await time.WaitForTimerAsync(1);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("created", (await call.Guarded()).Name);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal("""{"name":"w1","count":3}""", handler.Requests[0].Body);
        Assert.Equal(handler.Requests[0].Body, handler.Requests[1].Body);
        Assert.Equal("application/json", handler.Requests[1].Header("Content-Type")?.Split(';')[0]);
    }

    [Fact]
    public async Task PostIsRetriedWhenTheConnectionWasRefused()
    {
        var time = new RecordingTimeProvider();
        var handler = new FakeHttpHandler()
            .ThenThrow(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"))
            .Then(() => Ok());
        using var client = TestClients.Create(handler, time);

        var call = client.Widgets().CreateAsync(new Widget());
        time.Advance(await time.WaitForTimerAsync(1));

        await call.Guarded();
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task PostToAClosedLoopbackPortIsRetriedThenReportsUnavailable()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var time = new RecordingTimeProvider();
        using var client = new FireworksClient(new FireworksClientOptions
        {
            ApiKey = TestClients.ApiKey,
            AccountId = TestClients.AccountId,
            BaseUrl = new Uri($"http://127.0.0.1:{port}"),
            TimeProvider = time,
            Timeout = Timeout.InfiniteTimeSpan,
            MaxRetries = 1,
        });

        var call = client.Widgets().CreateAsync(new Widget());
        time.Advance(await time.WaitForTimerAsync(1));

        var exception = await Assert.ThrowsAsync<FireworksException>(() => call.Guarded());
        Assert.Equal("UNAVAILABLE", exception.CodeName);
        Assert.Equal(2, exception.Attempts);
        Assert.Equal(HttpRequestError.ConnectionError, Assert.IsType<HttpRequestException>(exception.InnerException).HttpRequestError);
    }

    [Fact]
    public async Task ExhaustedRetriesThrowTheLastError()
    {
        var time = new RecordingTimeProvider();
        var handler = new FakeHttpHandler()
            .Then(() => Unavailable())
            .Then(() => Unavailable())
            .Then(() => FakeHttpHandler.Json(HttpStatusCode.InternalServerError, """{"code": 13, "message": "last one"}""", ("x-request-id", "r3")));
        using var client = TestClients.Create(handler, time);

        var call = client.Widgets().GetAsync("w1");
        time.Advance(await time.WaitForTimerAsync(1));
        time.Advance(await time.WaitForTimerAsync(2));

        var exception = await Assert.ThrowsAsync<FireworksException>(() => call.Guarded());
        Assert.Equal("Gateway_GetWidget failed: INTERNAL (HTTP 500): last one [request-id: r3]", exception.Message);
        Assert.Equal(3, exception.Attempts);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(2, time.Timers.Count);
    }

    [Fact]
    public async Task ClientErrorsAreNotRetried()
    {
        var handler = new FakeHttpHandler().Then(() => FakeHttpHandler.Json(HttpStatusCode.BadRequest, """{"code": 3, "message": "bad"}"""));
        using var client = TestClients.Create(handler);

        await Assert.ThrowsAsync<FireworksException>(() => client.Widgets().GetAsync("w1"));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task TreatAsIdempotentLetsAPostBeRetriedOn503()
    {
        var time = new RecordingTimeProvider();
        var handler = new FakeHttpHandler().Then(() => Unavailable()).Then(() => Ok());
        using var client = TestClients.Create(handler, time);

        var call = client.Widgets().CreateAsync(new Widget(), options: new RequestOptions { TreatAsIdempotent = true });
        time.Advance(await time.WaitForTimerAsync(1));

        await call.Guarded();
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task TreatAsIdempotentFalseKeepsAGetFromBeingRetriedOn503()
    {
        var handler = new FakeHttpHandler().Then(() => Unavailable()).Then(() => Ok());
        using var client = TestClients.Create(handler);

        await Assert.ThrowsAsync<FireworksException>(() => client.Widgets().GetAsync("w1", options: new RequestOptions { TreatAsIdempotent = false }));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task PerCallMaxRetriesOverridesTheClientSetting()
    {
        var handler = new FakeHttpHandler().Then(() => Unavailable()).Then(() => Ok());
        using var client = TestClients.Create(handler);

        await Assert.ThrowsAsync<FireworksException>(() => client.Widgets().GetAsync("w1", options: new RequestOptions { MaxRetries = 0 }));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task RetryIsSkippedWhenTheDelayWouldExceedTheCallBudget()
    {
        var time = new RecordingTimeProvider();
        var handler = new FakeHttpHandler().Then(() => Unavailable(("Retry-After", "30"))).Then(() => Ok());
        using var client = TestClients.Create(handler, time, o => o.Timeout = TimeSpan.FromSeconds(10));

        var exception = await Assert.ThrowsAsync<FireworksException>(() => client.Widgets().GetAsync("w1"));

        Assert.True(exception.IsUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(30), exception.RetryAfter);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task AnAttemptTimeoutIsRetriedForIdempotentCalls()
    {
        var time = new RecordingTimeProvider();
        var handler = new FakeHttpHandler().ThenHang().Then(() => Ok());
        using var client = TestClients.Create(handler, time, o => o.AttemptTimeout = TimeSpan.FromSeconds(2));

        var call = client.Widgets().GetAsync("w1");
        await handler.WaitForRequestAsync(1);
        Assert.Equal(TimeSpan.FromSeconds(2), await time.WaitForTimerAsync(1));
        time.Advance(TimeSpan.FromSeconds(2));
        var backoff = await time.WaitForTimerAsync(2);
        Assert.Equal(TimeSpan.FromMilliseconds(500), backoff);
        time.Advance(backoff);

        Assert.Equal("w1", (await call.Guarded()).Name);
        Assert.Equal(2, handler.Requests.Count);
    }
}
