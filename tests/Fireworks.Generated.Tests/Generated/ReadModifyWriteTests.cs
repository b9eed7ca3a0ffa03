using System.Net;
using System.Text.Json.Nodes;
using Fireworks.Models;
using Fireworks.Tests.Core.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Fireworks.Generated.Tests.Generated;

/// <summary>
/// Read-modify-write: a resource read from the server, changed in one property and updated, sends a mask of exactly
/// that property and a body that writes everything else back as read (values and properties this SDK does not know).
/// </summary>
public sealed class ReadModifyWriteTests(ITestOutputHelper output)
{
    /// <summary>A deployment as a newer server sends it: an accelerator and properties this SDK version does not know.</summary>
    private const string ServerDeployment = """
        {
          "name": "accounts/acct-1/deployments/my-deployment",
          "displayName": "old name",
          "baseModel": "accounts/fireworks/models/llama-v3p1-8b-instruct",
          "acceleratorType": "NVIDIA_Z100_999GB",
          "acceleratorCount": 8,
          "state": "READY",
          "minReplicaCount": 1,
          "autoscalingPolicy": { "scaleUpWindow": "30s", "futureKnob": 7 },
          "futureTopLevel": { "nested": ["a", 1, true] }
        }
        """;

    [Fact]
    public async Task Changing_one_property_sends_exactly_that_mask_and_writes_everything_else_back_unchanged()
    {
        var handler = new FakeHttpHandler((request, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, ServerDeployment)));
        using var client = Client(handler);

        var deployment = await client.Deployments.GetAsync("my-deployment");
        Assert.False(deployment.AcceleratorType!.Value.IsKnown);
        await client.Deployments.UpdateAsync("my-deployment", deployment, d => d.DisplayName = "new name");

        var update = handler.Requests[1];
        output.WriteLine($"{update.Method} {update.PathAndQuery}\n{update.Body}");
        Assert.Equal(HttpMethod.Patch, update.Method);
        Assert.Equal("/v1/accounts/acct-1/deployments/my-deployment?updateMask=display_name", update.PathAndQuery);

        var expected = JsonNode.Parse(ServerDeployment)!.AsObject();
        expected.Remove("name");                    // carried by the path, not a field of the update body
        expected["displayName"] = "new name";
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(update.Body)), update.Body);
        Assert.Equal("old name", deployment.DisplayName); // what was read is not modified
    }

    [Fact]
    public async Task Clearing_a_property_and_changing_a_nested_one_name_exactly_those_fields()
    {
        var handler = new FakeHttpHandler((request, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, ServerDeployment)));
        using var client = Client(handler);
        var deployment = await client.Deployments.GetAsync("my-deployment");

        await client.Deployments.UpdateAsync("my-deployment", deployment, d =>
        {
            d.MinReplicaCount = null;
            d.AutoscalingPolicy!.ScaleUpWindow = "60s";
        });

        var update = handler.Requests[1];
        Assert.Equal("/v1/accounts/acct-1/deployments/my-deployment?updateMask=autoscaling_policy%2Cmin_replica_count", update.PathAndQuery);
        var body = JsonNode.Parse(update.Body)!.AsObject();
        Assert.False(body.ContainsKey("minReplicaCount"));
        Assert.Equal("""{"scaleUpWindow":"60s","futureKnob":7}""", body["autoscalingPolicy"]!.ToJsonString());
        Assert.Equal("NVIDIA_Z100_999GB", (string?)body["acceleratorType"]);
    }

    [Fact]
    public async Task A_change_that_changes_nothing_or_touches_an_output_only_field_is_refused_before_sending()
    {
        var handler = new FakeHttpHandler((request, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, ServerDeployment)));
        using var client = Client(handler);
        var deployment = await client.Deployments.GetAsync("my-deployment");

        var nothing = await Assert.ThrowsAsync<InvalidOperationException>(() => client.Deployments.UpdateAsync("my-deployment", deployment, d => d.DisplayName = "old name"));
        Assert.Contains("nothing to update", nothing.Message, StringComparison.Ordinal);
        var outputOnly = await Assert.ThrowsAsync<InvalidOperationException>(() => client.Deployments.UpdateAsync("my-deployment", deployment, d => d.State = DeploymentState.Deleting));
        Assert.Contains("'state'", outputOnly.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_change_of_a_field_fixed_at_create_is_refused_before_sending()
    {
        var handler = new FakeHttpHandler((request, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, ServerDeployment)));
        using var client = Client(handler);
        var deployment = await client.Deployments.GetAsync("my-deployment");

        // The overlay's immutable marks (DeploymentFields.ImmutableJsonNames): the server would refuse these anyway.
        var baseModel = await Assert.ThrowsAsync<InvalidOperationException>(() => client.Deployments.UpdateAsync(
            "my-deployment", deployment, d => d.BaseModel = "accounts/fireworks/models/other"));
        Assert.Equal(
            "The change sets 'baseModel', which a Deployment fixes when it is created: no update can change it. Create a new Deployment instead (or, if the service does accept the change, pass an explicit updateMask).",
            baseModel.Message);
        var placement = await Assert.ThrowsAsync<InvalidOperationException>(() => client.Deployments.UpdateAsync(
            "my-deployment", deployment, d => d.Placement = new Placement { Region = Region.UsIowa1 }));
        Assert.Contains("'placement'", placement.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requests);

        // Restating the value as read is no change of it; the rest of the change goes through.
        await client.Deployments.UpdateAsync("my-deployment", deployment, d =>
        {
            d.BaseModel = "accounts/fireworks/models/llama-v3p1-8b-instruct";
            d.DisplayName = "renamed";
        });
        Assert.Equal("/v1/accounts/acct-1/deployments/my-deployment?updateMask=display_name", handler.Requests[1].PathAndQuery);
    }

    [Fact]
    public async Task An_update_body_needs_only_the_fields_it_changes_and_explicit_masks_keep_working()
    {
        var handler = new FakeHttpHandler((request, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, ServerDeployment)));
        using var client = Client(handler);

        // BaseModel is required by the spec but relaxed for updates in the overlay: a rename needs no GET.
        await client.Deployments.UpdateAsync("my-deployment", new UpdateDeploymentRequest { DisplayName = "renamed" });
        await client.Deployments.UpdateAsync("my-deployment", new UpdateDeploymentRequest { DisplayName = "renamed", MinReplicaCount = 3 }, updateMask: "min_replica_count");

        Assert.Equal("/v1/accounts/acct-1/deployments/my-deployment?updateMask=display_name", handler.Requests[0].PathAndQuery);
        Assert.Equal("""{"displayName":"renamed"}""", handler.Requests[0].Body);
        Assert.Equal("/v1/accounts/acct-1/deployments/my-deployment?updateMask=min_replica_count", handler.Requests[1].PathAndQuery);
    }

    private static FireworksClient Client(FakeHttpHandler handler) => new(new FireworksClientOptions
    {
        ApiKey = "test-key",
        AccountId = "acct-1",
        BaseUrl = new Uri("http://127.0.0.1:1/"),
        HttpMessageHandler = handler,
        MaxRetries = 0,
    });
}
