using System.Diagnostics;
using System.Text;
using Fireworks.Models;
using Fireworks.Tests.Core.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Xunit;

namespace Fireworks.Emulator.Tests;

/// <summary>
/// The span tree of one create-and-wait against the in-process emulator, exported with OpenTelemetry's in-memory
/// exporter: the create and the wait under the caller's span, the polls under the wait, the HTTP client's attempt
/// spans under their operation, no orphan. The rendered tree is the one README's OpenTelemetry section shows; the test
/// fails (printing the tree) when they differ.
/// </summary>
public sealed class CreateAndWaitSpanTreeTests : EmulatorTest
{
    private const string ReadmeBegin = "<!-- create-and-wait span tree: begin (rendered by CreateAndWaitSpanTreeTests) -->";
    private const string ReadmeEnd = "<!-- create-and-wait span tree: end -->";

    private static readonly ActivitySource CallerSource = new("Fireworks.Emulator.Tests.Caller");

    private static readonly string[] ShownTags =
    [
        "http.request.method", "server.address", "url.template", "http.response.status_code", "error.type",
        "fireworks.rpc.code", "fireworks.attempts", "fireworks.resource.kind", "fireworks.resource",
        "fireworks.wait.polls", "fireworks.wait.state", "fireworks.outcome",
    ];

    [Fact]
    public async Task One_create_and_wait_is_one_tree_polls_under_the_wait_span_and_no_orphans()
    {
        var exported = new SpanCollector();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(FireworksTelemetry.SourceName, CallerSource.Name, "System.Net.Http")
            .AddInMemoryExporter(exported)
            .Build()!;
        var creation = TimeSpan.FromTicks((long)Math.Ceiling(Timings.DeploymentCreate.Ticks / Scale));
        var clock = new PollDelaySignallingClock(Time, creation);
        var options = Emulator.CreateClientOptions();
        options.TimeProvider = clock;
        options.MaxRetries = 0;
        using var client = new FireworksClient(options);
        ActivityTraceId traceId;

        using (var caller = CallerSource.StartActivity("create-and-wait")!)
        {
            traceId = caller.TraceId;
            var createAndWait = client.Deployments.CreateAndWaitAsync(
                new Deployment { BaseModel = "accounts/fireworks/models/qwen3-8b", MinReplicaCount = 1, MaxReplicaCount = 1 },
                deploymentId: "traced",
                waitOptions: new WaitOptions { InitialInterval = creation, Jitter = 0 });

            await clock.PollDelayStarted.Task.WaitAsync(TimeSpan.FromSeconds(20)); // the first poll saw CREATING
            Time.Advance(creation);
            var deployment = await createAndWait.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(DeploymentState.Ready, deployment.State);
        }

        tracing.ForceFlush();
        var spans = exported.Where(a => a.TraceId == traceId).ToList();

        var root = Assert.Single(spans, s => s.Source.Name == CallerSource.Name);
        var ids = spans.Select(s => s.SpanId).ToHashSet();
        Assert.All(spans.Where(s => s != root), s => Assert.Contains(s.ParentSpanId, ids)); // no orphan

        var create = Assert.Single(spans, s => s.DisplayName == "Gateway_CreateDeployment");
        var wait = Assert.Single(spans, s => s.DisplayName == "Wait Deployment");
        Assert.Equal(root.SpanId, create.ParentSpanId);
        Assert.Equal(root.SpanId, wait.ParentSpanId);
        var polls = spans.Where(s => s.DisplayName == "Gateway_GetDeployment").ToList();
        Assert.Equal(2, polls.Count);
        Assert.All(polls, p => Assert.Equal(wait.SpanId, p.ParentSpanId));
        Assert.Equal(2, wait.GetTagItem("fireworks.wait.polls"));
        Assert.Equal("READY", wait.GetTagItem("fireworks.wait.state"));
        foreach (var operation in polls.Append(create))
        {
            Assert.Equal(ActivityKind.Client, operation.Kind);
            Assert.Equal("127.0.0.1", operation.GetTagItem("server.address"));
            Assert.NotNull(operation.GetTagItem("server.port"));
            Assert.Equal(200, operation.GetTagItem("http.response.status_code"));
            Assert.Equal(1, operation.GetTagItem("fireworks.attempts"));
            Assert.False(string.IsNullOrEmpty(operation.GetTagItem("fireworks.request_id") as string));
            var http = Assert.Single(spans, s => s.ParentSpanId == operation.SpanId);
            Assert.Equal("System.Net.Http", http.Source.Name);
        }

        Assert.Equal("POST", create.GetTagItem("http.request.method"));
        Assert.Equal("/v1/accounts/{account_id}/deployments", create.GetTagItem("url.template"));

        var rendered = Render(root, spans);
        Assert.True(ReadmeTree() == rendered, "README's create-and-wait span tree differs from this run's:\n" + rendered);
    }

    /// <summary>One line per span, children in start order: name, kind and the tags that do not change between runs.</summary>
    private static string Render(Activity root, List<Activity> spans)
    {
        var text = new StringBuilder();
        void Write(Activity span, int depth)
        {
            text.Append(' ', depth * 2).Append(span.DisplayName).Append(" (").Append(span.Kind).Append(')');
            foreach (var name in ShownTags)
            {
                if (span.GetTagItem(name) is { } value)
                {
                    text.Append(' ').Append(name).Append('=').Append(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            if (span.GetTagItem("fireworks.request_id") is string { Length: > 0 })
            {
                text.Append(" fireworks.request_id=…");
            }

            text.Append('\n');
            foreach (var child in spans.Where(s => s.ParentSpanId == span.SpanId).OrderBy(s => s.StartTimeUtc))
            {
                Write(child, depth + 1);
            }
        }

        Write(root, 0);
        return text.ToString();
    }

    /// <summary>
    /// The clone this test was built from, found from the test binary upwards: a CI build maps source paths to
    /// <c>/_/</c> (ContinuousIntegrationBuild), so <c>[CallerFilePath]</c> does not name a real file there.
    /// </summary>
    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fireworks.Generated.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Fireworks.Generated.sln above {AppContext.BaseDirectory}.");
    }

    private static string? ReadmeTree()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md")).ReplaceLineEndings("\n");
        var begin = readme.IndexOf(ReadmeBegin, StringComparison.Ordinal);
        var end = readme.IndexOf(ReadmeEnd, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            return null;
        }

        var block = readme[(begin + ReadmeBegin.Length)..end];
        var open = block.IndexOf("```text\n", StringComparison.Ordinal);
        var close = block.LastIndexOf("```", StringComparison.Ordinal);
        return open < 0 || close <= open ? null : block[(open + "```text\n".Length)..close];
    }

    /// <summary>The test's clock for the client: reports when the wait arms its poll delay, so the test advances only then.</summary>
    private sealed class PollDelaySignallingClock(FakeTimeProvider clock, TimeSpan pollDelay) : TimeProvider
    {
        public TaskCompletionSource PollDelayStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

        public override long GetTimestamp() => clock.GetTimestamp();

        public override long TimestampFrequency => clock.TimestampFrequency;

        public override TimeZoneInfo LocalTimeZone => clock.LocalTimeZone;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = clock.CreateTimer(callback, state, dueTime, period);
            if (dueTime == pollDelay)
            {
                PollDelayStarted.TrySetResult();
            }

            return timer;
        }
    }
}
