using System.Net;
using Fireworks.Tests.Core.Infrastructure;
using Xunit;

namespace Fireworks.Tests.Core;

public sealed class RedactionTests
{
    [Fact]
    public void OptionsToStringNeverPrintsTheKeyOrHeaderValues()
    {
        var options = new FireworksClientOptions { ApiKey = TestClients.ApiKey, AccountId = "acct" };
        options.DefaultHeaders["X-Secret"] = "header-secret-value";

        var text = options.ToString();

        Assert.DoesNotContain(TestClients.ApiKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain("header-secret-value", text, StringComparison.Ordinal);
        Assert.Contains("ApiKey = (set, redacted)", text, StringComparison.Ordinal);
        Assert.Contains("X-Secret", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyEchoedByTheServerIsRedactedFromTheException()
    {
        var handler = new FakeHttpHandler().Then(() => FakeHttpHandler.Json(
            HttpStatusCode.Unauthorized,
            $$"""{"code": 16, "message": "invalid API key {{TestClients.ApiKey}}", "details": [{"key": "{{TestClients.ApiKey}}"}]}"""));
        using var client = TestClients.Create(handler);

        var exception = await Assert.ThrowsAsync<FireworksException>(() => client.Widgets().GetAsync("w1"));

        Assert.Equal("Bearer " + TestClients.ApiKey, handler.Requests[0].Header("Authorization"));
        Assert.DoesNotContain(TestClients.ApiKey, exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TestClients.ApiKey, exception.RawBody, StringComparison.Ordinal);
        Assert.DoesNotContain(TestClients.ApiKey, exception.Details[0].GetRawText(), StringComparison.Ordinal);
        Assert.Equal("invalid API key [REDACTED]", exception.ServerMessage);
    }

    [Fact]
    public async Task LogsNeverContainTheKey()
    {
        var time = new RecordingTimeProvider();
        var logs = new CapturingLoggerFactory();
        var handler = new FakeHttpHandler()
            .Then(() => FakeHttpHandler.Json(HttpStatusCode.ServiceUnavailable, $$"""{"message": "{{TestClients.ApiKey}}"}""", ("x-request-id", "r1")))
            .ThenThrow(new HttpRequestException(HttpRequestError.ConnectionError, "refused"))
            .Then(() => FakeHttpHandler.Json(HttpStatusCode.OK, """{"name": "w1"}"""));
        using var client = TestClients.Create(handler, time, loggerFactory: logs);

        var call = client.Widgets().GetAsync("w1");
        time.Advance(await time.WaitForTimerAsync(1));
        time.Advance(await time.WaitForTimerAsync(2));
        await call.Guarded();

        var entries = logs.Entries;
        Assert.Equal(["RequestFailed", "RetryScheduled", "RequestGotNoResponse", "RetryScheduled", "RequestSucceeded"], entries.Select(e => e.EventId.Name));
        Assert.All(entries, e => Assert.Equal("Fireworks.FireworksClient", e.Category));
        Assert.Equal("Gateway_GetWidget GET /v1/accounts/test-account/widgets/w1 -> 503 UNAVAILABLE in 0.0 ms (attempt 1, request id r1)", entries[0].Message);
        Assert.Equal("Retrying Gateway_GetWidget in 500 ms (retry 1 of 2) after HTTP 503 UNAVAILABLE", entries[1].Message);
        Assert.Equal("Retrying Gateway_GetWidget in 1000 ms (retry 2 of 2) after connection failure (ConnectionError)", entries[3].Message);
        Assert.Contains(entries[4].State, kv => kv.Key == "HttpStatus" && Equals(kv.Value, 200));
        foreach (var entry in entries)
        {
            Assert.DoesNotContain(TestClients.ApiKey, entry.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(entry.State, kv => kv.Value?.ToString()?.Contains(TestClients.ApiKey, StringComparison.Ordinal) == true);
        }
    }

    [Fact]
    public async Task TheKeyIsOnlySentToTheConfiguredHost()
    {
        var handler = new FakeHttpHandler().Then(() => FakeHttpHandler.Json(HttpStatusCode.OK, "{}"));
        using var client = TestClients.Create(handler);

        // Requests are built from the configured base URL only: a path cannot name another host.
        await client.Widgets().GetAsync("w1");

        Assert.Equal("api.fireworks.ai", handler.Requests[0].Uri.Host);
        Assert.Equal("Bearer " + TestClients.ApiKey, handler.Requests[0].Header("Authorization"));
        var auth = new AuthPolicy(TestClients.ApiKey, new Uri("https://api.fireworks.ai"));
        Assert.False(auth.Authorizes(new Uri("https://evil.example.com/v1/x")));
        Assert.False(auth.Authorizes(new Uri("http://api.fireworks.ai/v1/x")));
        Assert.True(auth.Authorizes(new Uri("https://api.fireworks.ai/v1/x")));
        Assert.True(new AuthPolicy(TestClients.ApiKey, new Uri("http://127.0.0.1:8080")).Authorizes(new Uri("http://127.0.0.1:8080/v1/x")));
    }
}
