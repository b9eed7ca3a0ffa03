using System.Net;
using Fireworks.Tests.Core.Infrastructure;
using Xunit;

namespace Fireworks.Tests.Core;

/// <summary>425 Too Early (a deployment mid weight-swap) is a refusal before any work, retried for every method like 429.</summary>
public sealed class TooEarlyTests
{
    [Fact]
    public async Task A_post_answered_425_is_retried_after_the_servers_retry_after()
    {
        var time = new RecordingTimeProvider();
        var handler = new FakeHttpHandler()
            .Then(() => FakeHttpHandler.Json((HttpStatusCode)425, """{"code": 14, "message": "weight swap in progress"}""", ("Retry-After", "3")))
            .Then(() => FakeHttpHandler.Json(HttpStatusCode.OK, """{"name": "w1"}"""));
        using var client = TestClients.Create(handler, time);

        Widget? widget = null;
        await time.DriveAsync(async () => widget = await client.Widgets().CreateAsync(new Widget { Name = "w1" }));

        Assert.Equal("w1", widget!.Name);
        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal(HttpMethod.Post, r.Method));
        Assert.Equal([TimeSpan.FromSeconds(3)], time.Timers);
    }

    [Fact]
    public async Task A_caller_with_its_own_back_off_gets_the_425_at_once()
    {
        var handler = new FakeHttpHandler().Then(() => FakeHttpHandler.Json((HttpStatusCode)425, "{}", ("Retry-After", "3")));
        using var client = TestClients.Create(handler);

        var exception = await Assert.ThrowsAsync<FireworksException>(() => client.Widgets().GetAsync("w1", options: new RequestOptions { LeavesTooEarlyToCaller = true }));

        Assert.Equal(425, exception.HttpStatus);
        Assert.Equal(TimeSpan.FromSeconds(3), exception.RetryAfter);
        Assert.Single(handler.Requests);
    }
}
