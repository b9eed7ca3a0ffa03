using System.Text.Json;
using Xunit;
using Fireworks.Models;

namespace Fireworks.Emulator.Tests;

/// <summary>The evaluator on hand-written JSON, for the parts of AIP-160 the resources above do not reach.</summary>
public sealed class FilterEvaluatorTests
{
    private const string Resource = """
        {
          "name": "accounts/a/deployments/web",
          "state": "READY",
          "minReplicaCount": 2,
          "exampleCount": "42",
          "enableHotLoad": true,
          "autoscalingPolicy": { "scaleUpWindow": "30s" },
          "annotations": { "team": "rl", "my-key": "x" },
          "directRouteApiKeys": [ "k1", "k2" ],
          "criteria": [ { "name": "exact" }, { "name": "fuzzy" } ]
        }
        """;

    private static readonly HashSet<string> Fields = ["name", "state", "minReplicaCount", "exampleCount", "enableHotLoad", "autoscalingPolicy", "annotations", "directRouteApiKeys", "criteria", "displayName"];

    [Theory]
    [InlineData("min_replica_count = 2", true)]
    [InlineData("min_replica_count >= 3", false)]
    [InlineData("example_count > 40", true)]
    [InlineData("enable_hot_load = true", true)]
    [InlineData("enable_hot_load != true", false)]
    [InlineData("autoscaling_policy.scale_up_window > 20s", true)]
    [InlineData("autoscaling_policy.scale_up_window < 0.5s", false)]
    [InlineData("annotations.team = \"rl\"", true)]
    [InlineData("annotations:team", true)]
    [InlineData("annotations:owner", false)]
    [InlineData("annotations.\"my-key\" = \"x\"", true)]
    [InlineData("direct_route_api_keys:\"k2\"", true)]
    [InlineData("direct_route_api_keys:\"k3\"", false)]
    [InlineData("criteria.name = \"fuzzy\"", true)]
    [InlineData("criteria:*", true)]
    [InlineData("display_name:*", false)]
    [InlineData("display_name = \"\"", true)]
    [InlineData("name = \"accounts/a/deployments/*\"", true)]
    [InlineData("name = \"accounts/a/deployments/\\*\"", false)]
    [InlineData("state = (CREATING OR READY)", true)]
    [InlineData("web", true)]
    [InlineData("\"deployments/web\"", true)]
    [InlineData("mobile", false)]
    [InlineData("min_replica_count != 2", false)]
    [InlineData("example_count = 42", true)]
    [InlineData("example_count < \"50\"", true)]
    [InlineData("display_name != \"\"", false)]
    [InlineData("display_name < \"a\"", true)]
    [InlineData("state = \"READ*\"", true)]
    [InlineData("state > \"A\" AND state < \"S\"", true)]
    [InlineData("NOT state = READY OR enable_hot_load = false", false)]
    [InlineData("criteria.name = (\"none\" OR \"exact\")", true)]
    [InlineData("criteria.name != \"exact\"", false)]
    [InlineData("annotations.team:*", true)]
    [InlineData("autoscaling_policy.scale_down_window = 0s", true)]
    public void Matches(string filter, bool expected)
    {
        using var document = JsonDocument.Parse(Resource);
        var evaluator = FilterEvaluator.Create(filter, Fields.Contains, "Deployment");
        Assert.Equal(expected, evaluator.Matches(document.RootElement));
    }

    // "2024-05-01T12:00:00.5" has no offset: DateTimeOffset.TryParse takes it (as UTC), RFC 3339 and the SDK do not,
    // so it is compared as the string it is; real timestamps still compare as instants whatever their offset.
    [Theory]
    [InlineData("display_name > \"2024-05-01T12:00:00Z\"", false)]
    [InlineData("display_name < \"2024-05-01T12:00:00Z\"", true)]
    [InlineData("create_time > \"2024-05-01T12:00:00.5\"", true)]
    [InlineData("create_time > \"2024-05-01T13:00:00+02:00\"", true)]
    [InlineData("create_time < 2024-05-01T13:00:00+02:00", false)]
    public void Only_RFC_3339_timestamps_compare_as_instants(string filter, bool expected)
    {
        using var document = JsonDocument.Parse("""{ "displayName": "2024-05-01T12:00:00.5", "createTime": "2024-05-01T12:00:00Z" }""");
        var evaluator = FilterEvaluator.Create(filter, name => name is "displayName" or "createTime", "Deployment");
        Assert.Equal(expected, evaluator.Matches(document.RootElement));
    }

    [Fact]
    public void Order_by_compares_RFC_3339_timestamps_as_instants_and_anything_else_as_text()
    {
        var ordering = ResourceOrdering.Create("display_name", name => name == "displayName", "Deployment");
        using var noon = JsonDocument.Parse("""{ "displayName": "2024-05-01T12:00:00Z" }""");
        using var elevenUtc = JsonDocument.Parse("""{ "displayName": "2024-05-01T13:00:00+02:00" }""");
        using var noOffset = JsonDocument.Parse("""{ "displayName": "2024-05-01T12:00:00.5" }""");

        Assert.True(ordering.Compare(elevenUtc.RootElement, noon.RootElement) < 0);
        Assert.True(ordering.Compare(noOffset.RootElement, noon.RootElement) < 0);
    }

    [Fact]
    public void Empty_filter_matches_everything_and_restrictions_inside_values_are_rejected()
    {
        using var document = JsonDocument.Parse(Resource);
        Assert.True(FilterEvaluator.Create("  ", Fields.Contains, "Deployment").Matches(document.RootElement));
        var nested = Assert.Throws<ApiException>(() => FilterEvaluator.Create("state = (name = \"x\")", Fields.Contains, "Deployment"));
        Assert.Equal(Code.InvalidArgument, nested.Code);
    }
}
