using System.Diagnostics;
using System.Net;
using Fireworks.Tests.Core.Infrastructure;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Xunit;

namespace Fireworks.Tests.Core;

/// <summary>
/// The SDK's spans and metrics as an OpenTelemetry user receives them (in-memory exporter). Each test runs under its
/// own root span and keeps only the spans of its trace, so tests running in parallel do not see each other's.
/// </summary>
[Collection(nameof(TelemetryTests))]
public sealed class TelemetryTests
{
    private static readonly ActivitySource TestSource = new("Fireworks.Tests.Telemetry");
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Fact]
    public async Task An_operation_is_one_client_span_with_its_http_and_rpc_tags_covering_every_attempt()
    {
        var exported = new SpanCollector();
        using var tracing = Tracing(exported);
        var time = new RecordingTimeProvider();
        var handler = new FakeHttpHandler()
            .Then(() => FakeHttpHandler.Json(HttpStatusCode.ServiceUnavailable, """{"code": 14, "message": "try later"}"""))
            .Then(() => FakeHttpHandler.Json(HttpStatusCode.OK, """{"name": "w1", "count": 1}""", ("x-request-id", "req-42")));
        using var client = TestClients.Create(handler, time);

        ActivityTraceId trace;
        using (var root = TestSource.StartActivity("test")!)
        {
            trace = root.TraceId;
            var call = client.Widgets().GetAsync("w1");
            await handler.WaitForRequestAsync(1);
            var delay = await time.WaitForTimerAsync(1);
            time.Advance(delay - Tick);
            time.Advance(Tick);
            await call.Guarded();
        }

        var span = Assert.Single(exported, a => a.TraceId == trace && a.Source.Name == FireworksTelemetry.SourceName);
        Assert.Equal("Gateway_GetWidget", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("GET", span.GetTagItem("http.request.method"));
        Assert.Equal("api.fireworks.ai", span.GetTagItem("server.address"));
        Assert.Equal(443, span.GetTagItem("server.port"));
        Assert.Equal("/v1/accounts/{account_id}/widgets/{widget_id}", span.GetTagItem("url.template"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Equal(2, span.GetTagItem("fireworks.attempts"));
        Assert.Equal("req-42", span.GetTagItem("fireworks.request_id"));
        Assert.Null(span.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public async Task A_failed_operation_carries_error_type_rpc_code_and_status_without_the_key()
    {
        var exported = new SpanCollector();
        using var tracing = Tracing(exported);
        var handler = new FakeHttpHandler()
            .Then(() => FakeHttpHandler.Json(HttpStatusCode.NotFound, $$"""{"code": 5, "message": "widget w1 not found (key {{TestClients.ApiKey}})"}""", ("x-request-id", "req-404")));
        using var client = TestClients.Create(handler);

        ActivityTraceId trace;
        using (var root = TestSource.StartActivity("test")!)
        {
            trace = root.TraceId;
            await Assert.ThrowsAsync<FireworksException>(() => client.Widgets().GetAsync("w1"));
        }

        var span = Assert.Single(exported, a => a.TraceId == trace && a.Source.Name == FireworksTelemetry.SourceName);
        Assert.Equal(404, span.GetTagItem("http.response.status_code"));
        Assert.Equal("NOT_FOUND", span.GetTagItem("error.type"));
        Assert.Equal("NOT_FOUND", span.GetTagItem("fireworks.rpc.code"));
        Assert.Equal("req-404", span.GetTagItem("fireworks.request_id"));
        Assert.Equal(1, span.GetTagItem("fireworks.attempts"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.DoesNotContain(TestClients.ApiKey, span.StatusDescription, StringComparison.Ordinal);
        Assert.All(span.TagObjects, tag => Assert.DoesNotContain(TestClients.ApiKey, tag.Value?.ToString() ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retries_and_operation_durations_are_metrics()
    {
        var metrics = new List<Metric>();
        using (var meters = Sdk.CreateMeterProviderBuilder().AddMeter(FireworksTelemetry.SourceName).AddInMemoryExporter(metrics).Build())
        {
            var operation = new ApiOperation("Test_MetricsRetry", HttpMethod.Get, "/v1/metrics");
            var time = new RecordingTimeProvider();
            var handler = new FakeHttpHandler()
                .Then(() => FakeHttpHandler.Json(HttpStatusCode.TooManyRequests, """{"code": 8}"""))
                .Then(() => FakeHttpHandler.Json(HttpStatusCode.OK, "{}"));
            using var client = TestClients.Create(handler, time);

            var call = client.Pipeline.SendAsync(new FireworksRequest(operation, "/v1/metrics"), null, CancellationToken.None);
            await handler.WaitForRequestAsync(1);
            time.Advance(await time.WaitForTimerAsync(1));
            await call.Guarded();
            meters.ForceFlush();

            Assert.Equal(1, Sum(metrics, "fireworks.client.retries", "Test_MetricsRetry"));
            var duration = metrics.Single(m => m.Name == "fireworks.client.operation.duration");
            Assert.Equal("s", duration.Unit);
            Assert.Contains(Points(duration), p => Tag(p, "fireworks.operation") as string == "Test_MetricsRetry" && Equals(Tag(p, "http.response.status_code"), 200) && p.GetHistogramCount() == 1);
        }
    }

    [Fact]
    public async Task A_chat_completion_follows_the_gen_ai_conventions()
    {
        var exported = new SpanCollector();
        using var tracing = Tracing(exported);
        var handler = new FakeHttpHandler().Then(() => FakeHttpHandler.Json(HttpStatusCode.OK, """
            {"id": "cmpl-1", "object": "chat.completion", "created": 1700000000, "model": "accounts/fireworks/models/llama-v3p1-8b-instruct",
             "choices": [{"index": 0, "message": {"role": "assistant", "content": "hi"}, "finish_reason": "stop"}],
             "usage": {"prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15}}
            """));
        using var client = TestClients.Create(handler);
        var request = System.Text.Json.JsonSerializer.Deserialize(
            """{"model": "accounts/fireworks/models/llama-v3p1-8b-instruct", "messages": [{"role": "user", "content": "hello"}]}""",
            Fireworks.Serialization.FireworksJsonContext.Default.ChatCompletionRequest)!;

        ActivityTraceId trace;
        using (var root = TestSource.StartActivity("test")!)
        {
            trace = root.TraceId;
            await client.Chat.Completions.CreateAsync(request).Guarded();
        }

        var span = Assert.Single(exported, a => a.TraceId == trace && a.Source.Name == FireworksTelemetry.SourceName);
        Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("fireworks", span.GetTagItem("gen_ai.provider.name"));
        Assert.Equal("accounts/fireworks/models/llama-v3p1-8b-instruct", span.GetTagItem("gen_ai.request.model"));
        Assert.Equal("accounts/fireworks/models/llama-v3p1-8b-instruct", span.GetTagItem("gen_ai.response.model"));
        Assert.Equal("cmpl-1", span.GetTagItem("gen_ai.response.id"));
        Assert.Equal(12, span.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(3, span.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Equal("api.fireworks.ai", span.GetTagItem("server.address"));
        Assert.Equal("/v1/chat/completions", span.GetTagItem("url.template"));
    }

    [Fact]
    public async Task A_streamed_chat_completion_span_lasts_until_the_stream_ends_and_records_the_time_to_first_chunk()
    {
        var exported = new SpanCollector();
        using var tracing = Tracing(exported);
        const string events = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"h\"}}]}\n\n"
            + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":1,\"total_tokens\":5}}\n\n"
            + "data: [DONE]\n\n";
        var handler = new FakeHttpHandler().Then(() => FakeHttpHandler.Text(HttpStatusCode.OK, events, "text/event-stream"));
        using var client = TestClients.Create(handler);
        var request = System.Text.Json.JsonSerializer.Deserialize(
            """{"model": "m", "messages": [{"role": "user", "content": "hello"}]}""",
            Fireworks.Serialization.FireworksJsonContext.Default.ChatCompletionRequest)!;

        ActivityTraceId trace;
        var chunks = 0;
        using (var root = TestSource.StartActivity("test")!)
        {
            trace = root.TraceId;
            await foreach (var _ in client.Chat.Completions.StreamAsync(request))
            {
                chunks++;
                Assert.DoesNotContain(exported, a => a.TraceId == trace && a.Source.Name == FireworksTelemetry.SourceName);
            }
        }

        Assert.Equal(2, chunks);
        var span = Assert.Single(exported, a => a.TraceId == trace && a.Source.Name == FireworksTelemetry.SourceName);
        Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal(4, span.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(1, span.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.NotNull(span.GetTagItem("gen_ai.response.time_to_first_chunk"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
    }

    internal static TracerProvider Tracing(SpanCollector exported) =>
        Sdk.CreateTracerProviderBuilder()
            .AddSource(FireworksTelemetry.SourceName, TestSource.Name)
            .AddInMemoryExporter(exported)
            .Build()!;

    private static IEnumerable<MetricPoint> Points(Metric metric)
    {
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            yield return point;
        }
    }

    private static object? Tag(MetricPoint point, string name)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == name)
            {
                return tag.Value;
            }
        }

        return null;
    }

    private static long Sum(List<Metric> metrics, string name, string operation) =>
        metrics.Where(m => m.Name == name).SelectMany(Points)
            .Where(p => Tag(p, "fireworks.operation") as string == operation)
            .Sum(p => p.GetSumLong());
}
