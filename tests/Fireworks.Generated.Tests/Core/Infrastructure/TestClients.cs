using Microsoft.Extensions.Logging;

namespace Fireworks.Tests.Core.Infrastructure;

internal static class TestClients
{
    public const string ApiKey = "fw_TEST_secret_key_0123456789";

    public const string AccountId = "test-account";

    /// <summary>A client on the fake handler and clock, no retry jitter (factor 1), and no call timeout unless configured.</summary>
    public static FireworksClient Create(
        FakeHttpHandler handler,
        TimeProvider? timeProvider = null,
        Action<FireworksClientOptions>? configure = null,
        ILoggerFactory? loggerFactory = null)
    {
        var options = new FireworksClientOptions
        {
            ApiKey = ApiKey,
            AccountId = AccountId,
            HttpMessageHandler = handler,
            TimeProvider = timeProvider ?? new RecordingTimeProvider(),
            Timeout = Timeout.InfiniteTimeSpan,
            LoggerFactory = loggerFactory,
            RetryJitter = static () => 0,
        };
        configure?.Invoke(options);
        return new FireworksClient(options);
    }

    public static WidgetsClient Widgets(this FireworksClient client) => new(client.Pipeline);
}
