using System.Net;
using Fireworks.Tests.Core.Infrastructure;
using Xunit;
using Fireworks.Models;

namespace Fireworks.Tests.Core;

/// <summary>The pipeline's fixed order, the caller's policies per client and per call, and raw responses.</summary>
public sealed class PipelinePolicyTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Fact]
    public void The_policies_run_in_the_documented_order()
    {
        using var client = TestClients.Create(new FakeHttpHandler(), configure: o =>
        {
            o.AttemptTimeout = TimeSpan.FromSeconds(5);
            o.AddPolicy(new RecordingPolicy("client-call", []), PolicyPosition.PerCall);
            o.AddPolicy(new RecordingPolicy("client-try", []), PolicyPosition.PerTry);
        });

        var names = client.Pipeline.Policies.Select(p => p is RecordingPolicy recording ? recording.Name : p.GetType().Name);

        Assert.Equal(
            ["TelemetryPolicy", "TimeoutPolicy", "client-call", "RetryPolicy", "AttemptTimeoutPolicy", "AuthPolicy", "LoggingPolicy", "client-try", "ErrorMappingPolicy", "TransportPolicy"],
            names);
    }

    [Fact]
    public async Task Per_call_policies_run_once_per_try_policies_every_attempt_client_ones_first()
    {
        var time = new RecordingTimeProvider();
        var handler = new FakeHttpHandler()
            .Then(() => FakeHttpHandler.Json(HttpStatusCode.ServiceUnavailable, """{"code": 14}"""))
            .Then(() => FakeHttpHandler.Json(HttpStatusCode.OK, """{"name": "w1"}"""));
        var log = new List<string>();
        using var client = TestClients.Create(handler, time, o => o
            .AddPolicy(new RecordingPolicy("client-call", log), PolicyPosition.PerCall)
            .AddPolicy(new RecordingPolicy("client-try", log), PolicyPosition.PerTry));
        var options = new RequestOptions()
            .AddPolicy(new RecordingPolicy("call-call", log, header: ("X-Trace", "abc")))
            .AddPolicy(new RecordingPolicy("call-try", log), PolicyPosition.PerTry);

        var call = client.Widgets().GetAsync("w1", options: options);
        await handler.WaitForRequestAsync(1);
        time.Advance(await time.WaitForTimerAsync(1));
        await call.Guarded();

        Assert.Equal(
            [
                "client-call attempt 0", "call-call attempt 0",
                "client-try attempt 1", "call-try attempt 1", "call-try saw 503", "client-try saw 503",
                "client-try attempt 2", "call-try attempt 2", "call-try saw 200", "client-try saw 200",
                "call-call saw 200", "client-call saw 200",
            ],
            log);

        // A per-call policy's header reaches every attempt; the SDK's auth too.
        Assert.All(handler.Requests, r => Assert.Equal("abc", r.Header("X-Trace")));
        Assert.All(handler.Requests, r => Assert.Equal("Bearer " + TestClients.ApiKey, r.Header("Authorization")));
    }

    [Fact]
    public async Task A_per_try_policy_that_moves_the_request_to_another_host_cannot_take_the_key_there()
    {
        var handler = new FakeHttpHandler().Then(() => FakeHttpHandler.Json(HttpStatusCode.OK, """{"name": "w1"}"""));
        using var client = TestClients.Create(handler, configure: o => o.AddPolicy(new Rewrite(u => new Uri("https://collector.example:8443" + u.PathAndQuery)), PolicyPosition.PerTry));

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => client.Widgets().GetAsync("w1"));

        Assert.Empty(handler.Requests);
        Assert.Contains("https://collector.example:8443", exception.Message, StringComparison.Ordinal);
        Assert.Contains("FireworksClientOptions.BaseUrl", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestClients.ApiKey, exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("/widgets", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_per_try_policy_may_change_the_path_on_the_same_host_and_the_key_goes_along()
    {
        var handler = new FakeHttpHandler().Then(() => FakeHttpHandler.Json(HttpStatusCode.OK, """{"name": "w1"}"""));
        using var client = TestClients.Create(handler, configure: o => o.AddPolicy(new Rewrite(u => new Uri(u, u.AbsolutePath + "?trace=1")), PolicyPosition.PerTry));

        await client.Widgets().GetAsync("w1");

        var request = Assert.Single(handler.Requests);
        Assert.EndsWith("?trace=1", request.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal("Bearer " + TestClients.ApiKey, request.Header("Authorization"));
    }

    [Fact]
    public async Task A_callers_own_authorization_header_is_theirs_to_send_anywhere()
    {
        var handler = new FakeHttpHandler().Then(() => FakeHttpHandler.Json(HttpStatusCode.OK, """{"name": "w1"}"""));
        using var client = TestClients.Create(handler, configure: o => o
            .AddPolicy(new RecordingPolicy("own-auth", [], header: ("Authorization", "Bearer proxy-token")), PolicyPosition.PerCall)
            .AddPolicy(new Rewrite(u => new Uri("https://proxy.example" + u.PathAndQuery)), PolicyPosition.PerTry));

        await client.Widgets().GetAsync("w1");

        var request = Assert.Single(handler.Requests);
        Assert.Equal("proxy.example", request.Uri.Host);
        Assert.Equal("Bearer proxy-token", request.Header("Authorization"));
    }

    [Fact]
    public async Task A_call_without_policies_uses_the_clients_pipeline_unchanged()
    {
        var log = new List<string>();
        var handler = new FakeHttpHandler().Then(() => FakeHttpHandler.Json(HttpStatusCode.OK, """{"name": "w1"}"""));
        using var client = TestClients.Create(handler, configure: o => o.AddPolicy(new RecordingPolicy("client-call", log)));

        await client.Widgets().GetAsync("w1", options: new RequestOptions { MaxRetries = 0 });

        Assert.Equal(["client-call attempt 0", "client-call saw 200"], log);
    }

    [Fact]
    public async Task The_raw_response_gives_status_headers_request_id_and_attempts_next_to_the_result()
    {
        var time = new RecordingTimeProvider();
        var handler = new FakeHttpHandler()
            .Then(() => FakeHttpHandler.Json(HttpStatusCode.TooManyRequests, """{"code": 8}"""))
            .Then(() => FakeHttpHandler.Json(HttpStatusCode.Created, """{"name": "w1"}""", ("x-request-id", "req-7"), ("X-RateLimit-Remaining", "41")));
        using var client = TestClients.Create(handler, time);
        FireworksResponse? raw = null;

        var call = client.Widgets().CreateAsync(new Widget { Name = "w1" }, options: new RequestOptions { ResponseReceived = r => raw = r });
        await handler.WaitForRequestAsync(1);
        time.Advance(await time.WaitForTimerAsync(1));
        var widget = await call.Guarded();

        Assert.Equal("w1", widget.Name);
        Assert.NotNull(raw);
        Assert.Equal(201, raw.Status);
        Assert.Equal("req-7", raw.RequestId);
        Assert.Equal("41", raw.GetHeader("x-ratelimit-remaining"));
        Assert.Equal("application/json", raw.GetHeader("Content-Type")?.Split(';')[0]);
        Assert.Equal(2, raw.Attempts);
        Assert.Equal("Gateway_CreateWidget", raw.OperationId);
        Assert.Equal("Gateway_CreateWidget: HTTP 201 (attempts 2, request id req-7)", raw.ToString());
    }

    [Fact]
    public async Task The_raw_response_of_a_failed_call_is_reported_before_the_exception()
    {
        var handler = new FakeHttpHandler().Then(() => FakeHttpHandler.Json(HttpStatusCode.Forbidden, """{"code": 7, "message": "no"}""", ("x-request-id", "req-9")));
        using var client = TestClients.Create(handler);
        FireworksResponse? raw = null;

        var exception = await Assert.ThrowsAsync<FireworksException>(() => client.Widgets().GetAsync("w1", options: new RequestOptions { ResponseReceived = r => raw = r }));

        Assert.True(exception.IsPermissionDenied);
        Assert.Equal(403, raw!.Status);
        Assert.Equal("req-9", raw.RequestId);
    }

    [Fact]
    public async Task No_raw_response_is_reported_when_no_response_arrived()
    {
        var handler = new FakeHttpHandler().ThenThrow(new HttpRequestException(HttpRequestError.ConnectionError, "refused"));
        using var client = TestClients.Create(handler, configure: o => o.MaxRetries = 0);
        var reported = 0;

        var exception = await Assert.ThrowsAsync<FireworksException>(() => client.Widgets().GetAsync("w1", options: new RequestOptions { ResponseReceived = _ => reported++ }));

        Assert.True(exception.IsUnavailable);
        Assert.Equal(0, reported);
    }

    [Fact]
    public void Transient_failures_are_classified_in_one_place_for_retries_and_pollers()
    {
        static FireworksException Answered(int status) => new("Op", RpcCodes.FromHttpStatus(status), status, "x");
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "refused");
        var lost = new HttpRequestException(HttpRequestError.ResponseEnded, "lost");

        Assert.Equal(TransientFailure.Retryability.Always, TransientFailure.Classify(Answered(429)));
        Assert.Equal(TransientFailure.Retryability.Always, TransientFailure.Classify(Answered(425)));
        Assert.Equal(TransientFailure.Retryability.IfIdempotent, TransientFailure.Classify(Answered(503)));
        Assert.Equal(TransientFailure.Retryability.IfIdempotent, TransientFailure.Classify(Answered(408)));
        Assert.Equal(TransientFailure.Retryability.Never, TransientFailure.Classify(Answered(404)));
        Assert.Equal(TransientFailure.Retryability.Always, TransientFailure.Classify(refused));
        Assert.Equal(TransientFailure.Retryability.IfIdempotent, TransientFailure.Classify(lost));

        // After the pipeline mapped them (what pollers see), the same answers.
        Assert.Equal(TransientFailure.Retryability.Always, TransientFailure.Classify(new FireworksException("Op", Code.Numbers.Unavailable, 0, "x", innerException: refused)));
        Assert.Equal(TransientFailure.Retryability.IfIdempotent, TransientFailure.Classify(new FireworksException("Op", Code.Numbers.Unavailable, 0, "x", innerException: lost)));
        Assert.Equal(TransientFailure.Retryability.IfIdempotent, TransientFailure.Classify(new FireworksException("Op", Code.Numbers.DeadlineExceeded, 0, "x")));
        Assert.True(ResourceWaiter.IsTransient(Answered(503)));
        Assert.False(ResourceWaiter.IsTransient(Answered(400)));
        Assert.False(TransientFailure.MayHaveReachedServer(refused));
        Assert.True(TransientFailure.MayHaveReachedServer(lost));
    }

    private sealed class Rewrite(Func<Uri, Uri> rewrite) : FireworksPolicy
    {
        public override ValueTask ProcessAsync(FireworksMessage message, ReadOnlyMemory<FireworksPolicy> pipeline)
        {
            message.Request.RequestUri = rewrite(message.Request.RequestUri!);
            return ProcessNextAsync(message, pipeline);
        }
    }

    private sealed class RecordingPolicy(string name, List<string> log, (string Name, string Value)? header = null) : FireworksPolicy
    {
        public string Name => name;

        public override async ValueTask ProcessAsync(FireworksMessage message, ReadOnlyMemory<FireworksPolicy> pipeline)
        {
            log.Add($"{name} attempt {message.Attempt}");
            if (header is { } h)
            {
                message.Request.Headers.Remove(h.Name);
                message.Request.Headers.Add(h.Name, h.Value);
            }

            try
            {
                await ProcessNextAsync(message, pipeline);
            }
            finally
            {
                log.Add($"{name} saw {(int?)message.Response?.StatusCode}");
            }
        }
    }
}
