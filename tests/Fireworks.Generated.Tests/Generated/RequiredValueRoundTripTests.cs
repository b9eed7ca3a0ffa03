using System.Text.Json;
using System.Text.Json.Nodes;
using Fireworks.Models;
using Fireworks.Serialization;
using Xunit;

namespace Fireworks.Generated.Tests.Generated;

/// <summary>
/// Required properties of value types (JSON values, timestamps, enums, numbers) that the server leaves out, or sends
/// as <c>null</c>, are written back absent: a value read from the server is written back unchanged, and nothing the
/// server did not send is made up (year one, 0, the first enum value).
/// </summary>
public sealed class RequiredValueRoundTripTests
{
    [Theory]
    [InlineData("""{"name":"accounts/a/genericDeployments/g","placement":{"region":"US_IOWA_1"}}""")]
    [InlineData("""{"name":"accounts/a/genericDeployments/g","releaseValues":null,"placement":{"region":"US_IOWA_1"}}""")]
    public void A_generic_deployment_read_without_releaseValues_is_written_back_without_it(string json)
    {
        var deployment = JsonSerializer.Deserialize(json, FireworksJsonContext.Default.GenericDeployment)!;

        var written = JsonSerializer.Serialize(deployment, FireworksJsonContext.Default.GenericDeployment);

        AssertSameJson("""{"name":"accounts/a/genericDeployments/g","placement":{"region":"US_IOWA_1"}}""", written);
    }

    [Theory]
    [InlineData("""{"name":"accounts/a/pricingPlans/p"}""")]
    [InlineData("""{"name":"accounts/a/pricingPlans/p","billingType":null,"startTime":null}""")]
    public void A_pricing_plan_read_without_its_start_time_and_billing_type_is_not_written_back_with_made_up_ones(string json)
    {
        var plan = JsonSerializer.Deserialize(json, FireworksJsonContext.Default.PricingPlan)!;

        var written = JsonSerializer.Serialize(plan, FireworksJsonContext.Default.PricingPlan);

        // Not "0001-01-01T00:00:00Z" and not the first enum value.
        Assert.Equal("""{"name":"accounts/a/pricingPlans/p"}""", written);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"prompt_tokens":null,"total_tokens":null,"completion_tokens":5}""")]
    public void Usage_read_without_its_required_token_counts_is_not_written_back_with_zeros(string json)
    {
        var usage = JsonSerializer.Deserialize(json, FireworksJsonContext.Default.UsageInfo)!;

        var written = JsonSerializer.Serialize(usage, FireworksJsonContext.Default.UsageInfo);

        // The inference API's names are snake_case.
        AssertSameJson(json.Replace("\"prompt_tokens\":null,\"total_tokens\":null,", "", StringComparison.Ordinal), written);
    }

    [Fact]
    public void Required_values_the_server_sends_are_written_back_even_when_they_are_zero_values()
    {
        const string json = """{"name":"accounts/a/pricingPlans/p","billingType":"BILLING_TYPE_UNSPECIFIED","startTime":"0001-01-01T00:00:00Z"}""";
        var plan = JsonSerializer.Deserialize(json, FireworksJsonContext.Default.PricingPlan)!;

        Assert.Equal(json, JsonSerializer.Serialize(plan, FireworksJsonContext.Default.PricingPlan));
    }

    [Fact]
    public void Required_values_the_caller_sets_are_written_even_when_they_are_zero_values()
    {
        var usage = new UsageInfo { PromptTokens = 0, TotalTokens = 0 };
        var plan = new PricingPlan { BillingType = default, StartTime = default };
        using var releaseValues = JsonDocument.Parse("""{"replicas":0}""");
        var deployment = new GenericDeployment { ReleaseValues = releaseValues.RootElement, Placement = new Placement(), GenericDeploymentType = "helm" };

        Assert.Equal("""{"prompt_tokens":0,"total_tokens":0}""", JsonSerializer.Serialize(usage, FireworksJsonContext.Default.UsageInfo));
        var writtenPlan = JsonSerializer.Serialize(plan, FireworksJsonContext.Default.PricingPlan);
        Assert.Contains("\"startTime\":\"0001-01-01T00:00:00Z\"", writtenPlan, StringComparison.Ordinal);
        Assert.Contains("\"billingType\":\"BILLING_TYPE_UNSPECIFIED\"", writtenPlan, StringComparison.Ordinal);
        Assert.Contains("\"releaseValues\":{\"replicas\":0}", JsonSerializer.Serialize(deployment, FireworksJsonContext.Default.GenericDeployment), StringComparison.Ordinal);
    }

    [Fact]
    public void A_required_value_set_after_reading_a_model_without_it_is_written()
    {
        var plan = JsonSerializer.Deserialize("""{"name":"accounts/a/pricingPlans/p"}""", FireworksJsonContext.Default.PricingPlan)!;

        plan.StartTime = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal("""{"name":"accounts/a/pricingPlans/p","startTime":"2024-05-01T12:00:00Z"}""", JsonSerializer.Serialize(plan, FireworksJsonContext.Default.PricingPlan));
    }

    private static void AssertSameJson(string expected, string written) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(written)), written);
}
