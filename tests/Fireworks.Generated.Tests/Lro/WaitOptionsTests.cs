using Fireworks.Tests.Lro.Infrastructure;
using Xunit;

namespace Fireworks.Tests.Lro;

public sealed class WaitOptionsTests
{
    public static TheoryData<string, WaitOptions> Invalid() => new()
    {
        { "InitialInterval", new WaitOptions { InitialInterval = TimeSpan.Zero } },
        { "MaxInterval", new WaitOptions { InitialInterval = TimeSpan.FromSeconds(10), MaxInterval = TimeSpan.FromSeconds(5) } },
        { "MaxInterval", new WaitOptions { MaxInterval = TimeSpan.FromDays(60) } },
        { "Multiplier", new WaitOptions { Multiplier = 0.9 } },
        { "Multiplier", new WaitOptions { Multiplier = double.NaN } },
        { "Multiplier", new WaitOptions { Multiplier = double.PositiveInfinity } },
        { "Jitter", new WaitOptions { Jitter = 1 } },
        { "Jitter", new WaitOptions { Jitter = -0.1 } },
        { "Timeout", new WaitOptions { Timeout = TimeSpan.Zero } },
        { "Timeout", new WaitOptions { Timeout = TimeSpan.FromDays(60) } },
        { "MaxTransientErrors", new WaitOptions { MaxTransientErrors = -1 } },
        { "TransientErrorTimeLimit", new WaitOptions { TransientErrorTimeLimit = TimeSpan.FromSeconds(-1) } },
        { "MaxRetryAfter", new WaitOptions { MaxRetryAfter = TimeSpan.FromSeconds(-1) } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task AnInvalidSettingIsRejectedByName(string setting, WaitOptions options)
    {
        var server = new ScriptedServer();
        using var client = LroTestKit.Client(server, new PollingClock());

        var exception = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.RlorTrainerJobs.WaitForCompletionAsync("grpo-1", options));

        Assert.Equal(setting, exception.ParamName);
        Assert.Contains("WaitOptions." + setting, exception.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void ToStringShowsTheSchedule()
    {
        Assert.Equal(
            "WaitOptions { InitialInterval = 00:00:01, MaxInterval = 00:00:30, Multiplier = 1.5, Jitter = 0.2, Timeout = none, MaxTransientErrors = 10, TransientErrorTimeLimit = 00:05:00, MaxRetryAfter = 00:05:00 }",
            WaitOptions.Default.ToString());
    }
}
