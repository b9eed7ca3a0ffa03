using System.Diagnostics;
using Fireworks.Models;
using Fireworks.Tests.Core;
using Fireworks.Tests.Core.Infrastructure;
using Fireworks.Tests.Lro.Infrastructure;
using Xunit;
using static Fireworks.Tests.Lro.Infrastructure.LroTestKit;

namespace Fireworks.Tests.Lro;

[Collection(nameof(TelemetryTests))]
public sealed class WaitTelemetryTests
{
    private static readonly ActivitySource TestSource = new("Fireworks.Tests.Telemetry");

    [Fact]
    public async Task A_create_and_wait_is_the_create_span_then_one_wait_span_whose_children_are_the_polls()
    {
        var exported = new SpanCollector();
        using var tracing = TelemetryTests.Tracing(exported);
        var clock = new PollingClock();
        var server = new ScriptedServer()
            .ThenOk(Deployment("CREATING", id: "dep-9"))
            .ThenOk(Deployment("CREATING", id: "dep-9"))
            .ThenOk(Deployment("READY", id: "dep-9"));
        using var client = Client(server, clock);

        Activity root;
        using (root = TestSource.StartActivity("test")!)
        {
            await clock.DriveAsync(client.Deployments.CreateAndWaitAsync(
                new Deployment { BaseModel = "accounts/fireworks/models/llama" }, deploymentId: "dep-9", waitOptions: Exact));
        }

        var spans = exported.Where(a => a.TraceId == root.TraceId && a.Source.Name == FireworksTelemetry.SourceName).ToList();
        Assert.Equal(
            [
                "Gateway_CreateDeployment POST /v1/accounts/{account_id}/deployments 200 attempts=1",
                "Wait Deployment polls=2 state=READY outcome=succeeded",
                "  Gateway_GetDeployment GET /v1/accounts/{account_id}/deployments/{deployment_id} 200 attempts=1",
                "  Gateway_GetDeployment GET /v1/accounts/{account_id}/deployments/{deployment_id} 200 attempts=1",
            ],
            Tree(spans, root.SpanId, depth: 0));
        var wait = spans.Single(s => s.DisplayName == "Wait Deployment");
        Assert.Equal("Deployment dep-9", wait.GetTagItem("fireworks.resource"));
        Assert.Equal(ActivityKind.Internal, wait.Kind);
    }

    private static IEnumerable<string> Tree(List<Activity> spans, ActivitySpanId parent, int depth) =>
        spans.Where(s => s.ParentSpanId == parent).OrderBy(s => s.StartTimeUtc).ThenBy(s => s.DisplayName, StringComparer.Ordinal)
            .SelectMany(s => new[] { new string(' ', depth * 2) + Describe(s) }.Concat(Tree(spans, s.SpanId, depth + 1)));

    private static string Describe(Activity span) => span.Kind == ActivityKind.Client
        ? $"{span.DisplayName} {span.GetTagItem("http.request.method")} {span.GetTagItem("url.template")} {span.GetTagItem("http.response.status_code")} attempts={span.GetTagItem("fireworks.attempts")}"
        : $"{span.DisplayName} polls={span.GetTagItem("fireworks.wait.polls")} state={span.GetTagItem("fireworks.wait.state")} outcome={span.GetTagItem("fireworks.outcome")}";
}
