using Fireworks.Rollouts;
using Xunit;

namespace Fireworks.Tests.Rollouts;

public sealed class RolloutSessionTests
{
    private const string Deployment = "accounts/me/deployments/rl";

    [Fact]
    public void Session_sets_the_same_headers_on_every_call()
    {
        var session = new RolloutSession("trajectory-7", Deployment);
        var first = session.CreateRequestOptions();
        var second = session.CreateRequestOptions();

        Assert.Equal(first.Headers, second.Headers);
        Assert.Equal("trajectory-7", first.Headers[RolloutHeaders.MultiTurnSessionId]);
        Assert.Equal("trajectory-7", first.Headers[RolloutHeaders.SessionAffinity]);
        Assert.Equal(Deployment, first.Headers[RolloutHeaders.Deployment]);
        Assert.Equal("session trajectory-7 on accounts/me/deployments/rl", session.ToString());
    }

    [Fact]
    public void ApplyTo_keeps_the_callers_settings_and_headers()
    {
        var options = new RequestOptions { MaxRetries = 5, Timeout = TimeSpan.FromSeconds(3) };
        options.Headers["x-other"] = "kept";
        var applied = new RolloutSession("t", sessionAffinity: "user-42").ApplyTo(options);

        Assert.Same(options, applied);
        Assert.Equal((5, TimeSpan.FromSeconds(3)), (applied.MaxRetries!.Value, applied.Timeout!.Value));
        Assert.Equal("kept", applied.Headers["x-other"]);
        Assert.Equal("user-42", applied.Headers[RolloutHeaders.SessionAffinity]);
        Assert.False(applied.Headers.ContainsKey(RolloutHeaders.Deployment));
    }

    [Fact]
    public void Drain_timeout_is_sent_in_whole_seconds_rounded_up()
    {
        Assert.Equal("3", new RequestOptions().WithHotLoadDrainTimeout(TimeSpan.FromMilliseconds(2100)).Headers[RolloutHeaders.HotLoadDrainTimeout]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RequestOptions().WithHotLoadDrainTimeout(TimeSpan.FromSeconds(-1)));
    }

    [Theory]
    [InlineData("", null, "sessionId")]
    [InlineData("a\r\nx-injected: 1", null, "sessionId")]
    [InlineData("trajectory-é", null, "sessionId")]
    [InlineData("ok", "deployments/rl", "deployment")]
    [InlineData("ok", "accounts/me/models/rl", "deployment")]
    [InlineData("ok", "accounts//deployments/rl", "deployment")]
    [InlineData("ok", "accounts/me/deployments/rl%2F..", "deployment")]
    [InlineData("ok", "accounts/me/deployments/rl x", "deployment")]
    [InlineData("ok", "accounts/me/deployments/rl/versions/1", "deployment")]
    public void Bad_ids_are_refused_naming_the_argument(string sessionId, string? deployment, string parameter)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new RolloutSession(sessionId, deployment));
        Assert.Equal(parameter, error.ParamName);
    }
}
