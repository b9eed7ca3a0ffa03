using System.Net;
using System.Text.Json;
using Fireworks.Models;
using Fireworks.Serialization;
using Fireworks.Tests.Core.Infrastructure;
using Xunit;

namespace Fireworks.Generated.Tests.Generated;

/// <summary>
/// A document the generated converters cannot read says where it is wrong: the JSON path of the failing value
/// (<c>$.deployments[1].autoscalingPolicy.scaleUpWindow</c>), as <see cref="JsonException.Path"/> and in the message,
/// through nested models, list items and map values, for wrong types and for malformed JSON alike.
/// </summary>
public sealed class JsonPathErrorTests
{
    [Theory]
    [InlineData("""{"deployments":[{"name":"a"},{"autoscalingPolicy":{"scaleUpWindow":5}}]}""", "$.deployments[1].autoscalingPolicy.scaleUpWindow")]
    [InlineData("""{"deployments":[{"annotations":{"team":"x","cost center":7}}]}""", "$.deployments[0].annotations['cost center']")]
    [InlineData("""{"deployments":[{"minReplicaCount":"many"}]}""", "$.deployments[0].minReplicaCount")]
    [InlineData("""{"nextPageToken":{"a":1}}""", "$.nextPageToken")]
    [InlineData("""{"deployments":[{},{},{},{},{},{},{},{},{},{"directRouteApiKeys":["k",3]}]}""", "$.deployments[9].directRouteApiKeys[1]")]
    public void A_wrong_value_is_reported_at_its_path(string json, string path)
    {
        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, FireworksJsonContext.Default.ListDeploymentsResponse));

        Assert.Equal(path, exception.Path);
        Assert.Equal(typeof(JsonException), exception.InnerException?.GetType());
        Assert.EndsWith(" Path: " + path + ".", exception.Message, StringComparison.Ordinal);
        Assert.StartsWith("Expected ", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_inside_a_value_keeps_the_readers_position_and_gains_the_path()
    {
        var exception = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize("{\"deployments\":[{\"name\":\"a\",\n \"state\": tru}]}", FireworksJsonContext.Default.ListDeploymentsResponse));

        Assert.Equal("$.deployments[0].state", exception.Path);
        Assert.Equal(1, exception.LineNumber);
        Assert.NotNull(exception.BytePositionInLine);
        var cause = Assert.IsAssignableFrom<JsonException>(exception.InnerException);
        Assert.Null(cause.InnerException);
    }

    [Fact]
    public void A_property_name_that_is_not_a_plain_word_is_quoted_as_System_Text_Json_quotes_it()
    {
        var exception = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize("""{"annotations":{"it's":{}}}""", FireworksJsonContext.Default.Deployment));

        Assert.Equal("$.annotations['it\\'s']", exception.Path);
    }

    [Fact]
    public async Task An_unreadable_response_names_the_path_in_the_callers_exception()
    {
        var handler = new FakeHttpHandler().Then(() => FakeHttpHandler.Json(HttpStatusCode.OK, """{"name":"accounts/a/deployments/d","baseModel":"m","status":{"code":"OK","message":["not","text"]}}"""));
        using var client = TestClients.Create(handler);

        var exception = await Assert.ThrowsAsync<FireworksException>(() => client.Deployments.GetAsync("d"));

        Assert.Contains("could not be read as Deployment", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Path: $.status.message.", exception.Message, StringComparison.Ordinal);
    }
}
