using Fireworks;
using Fireworks.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Fireworks SDK in a service collection.</summary>
/// <example>
/// <code>
/// builder.Services.AddFireworks(builder.Configuration.GetSection("Fireworks"));
/// // … then inject FireworksClient anywhere.
/// </code>
/// </example>
public static class FireworksServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="FireworksClient"/> as a singleton configured from the <c>FIREWORKS_*</c> environment
    /// variables, then <paramref name="configure"/>. Requests go through the <see cref="IHttpClientFactory"/> client
    /// named <see cref="FireworksHttpClient.Name"/>, asked for once per call so its handlers rotate; logs go to the
    /// container's <see cref="ILoggerFactory"/>, and delays and timeouts use its <see cref="TimeProvider"/> when one is registered.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets options after the environment was read (the API key, account, base URL, retries…), or null.</param>
    /// <returns>The builder of the named HTTP client, to add handlers (proxies, test doubles). Do not add a retry handler: the SDK retries.</returns>
    public static IHttpClientBuilder AddFireworks(this IServiceCollection services, Action<FireworksClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        return AddFireworksCore(services, configuration: null, configure);
    }

    /// <summary>
    /// Registers <see cref="FireworksClient"/> like <see cref="AddFireworks(IServiceCollection, Action{FireworksClientOptions}?)"/>,
    /// reading the settings of <paramref name="configuration"/> (a section such as <c>Fireworks</c>) over the environment:
    /// <c>ApiKey</c>, <c>AccountId</c>, <c>BaseUrl</c>, <c>InferenceBaseUrl</c>, <c>MaxRetries</c>, <c>Timeout</c>, <c>AttemptTimeout</c>,
    /// <c>StreamIdleTimeout</c>, <c>InitialRetryDelay</c>, <c>MaxRetryDelay</c>, <c>MaxRetryAfter</c> (time spans as <c>hh:mm:ss</c>) and
    /// <c>DefaultHeaders:{Name}</c>. A key that is not one of these is an error, so a typo is not silently ignored.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section holding the settings.</param>
    /// <param name="configure">Sets options after the configuration was applied, or null.</param>
    /// <returns>The builder of the named HTTP client.</returns>
    public static IHttpClientBuilder AddFireworks(this IServiceCollection services, IConfiguration configuration, Action<FireworksClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return AddFireworksCore(services, configuration, configure);
    }

    private static IHttpClientBuilder AddFireworksCore(IServiceCollection services, IConfiguration? configuration, Action<FireworksClientOptions>? configure)
    {
        var options = services.AddOptions<FireworksClientOptions>()
            .Configure(FireworksOptionsBinder.ApplyEnvironment);
        if (configuration is not null)
        {
            options.Configure(target => FireworksOptionsBinder.Bind(configuration, target));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        // What the container provides fills what the caller left unset.
        options.PostConfigure<IServiceProvider>(static (target, provider) =>
        {
            if (target.HttpClient is null && target.HttpMessageHandler is null && target.HttpClientFactory is null)
            {
                var factory = provider.GetRequiredService<IHttpClientFactory>();
                target.HttpClientFactory = () => factory.CreateClient(FireworksHttpClient.Name);
            }

            target.LoggerFactory ??= provider.GetService<ILoggerFactory>();
            if (ReferenceEquals(target.TimeProvider, TimeProvider.System) && provider.GetService<TimeProvider>() is { } timeProvider)
            {
                target.TimeProvider = timeProvider;
            }
        });

        services.TryAddSingleton(static provider => new FireworksClient(provider.GetRequiredService<IOptions<FireworksClientOptions>>().Value));
        return services.AddHttpClient(FireworksHttpClient.Name, static client =>
        {
            // The SDK enforces the call budget on its TimeProvider; the factory's 100 s default must not cut a long call.
            client.Timeout = Timeout.InfiniteTimeSpan;
        });
    }
}
