using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Fireworks.Extensions.DependencyInjection;

/// <summary>
/// Reads <see cref="FireworksClientOptions"/> from the environment and from configuration, by hand: the settings are
/// few, and reflection-based binding would neither be trimming-safe nor refuse a misspelt key.
/// </summary>
internal static class FireworksOptionsBinder
{
    private static readonly string[] Keys =
    [
        nameof(FireworksClientOptions.ApiKey), nameof(FireworksClientOptions.AccountId), nameof(FireworksClientOptions.BaseUrl), nameof(FireworksClientOptions.InferenceBaseUrl),
        nameof(FireworksClientOptions.MaxRetries), nameof(FireworksClientOptions.Timeout), nameof(FireworksClientOptions.AttemptTimeout),
        nameof(FireworksClientOptions.StreamIdleTimeout),
        nameof(FireworksClientOptions.InitialRetryDelay), nameof(FireworksClientOptions.MaxRetryDelay), nameof(FireworksClientOptions.MaxRetryAfter),
        nameof(FireworksClientOptions.DefaultHeaders),
    ];

    /// <summary>Copies what the <c>FIREWORKS_*</c> variables set onto <paramref name="target"/>.</summary>
    public static void ApplyEnvironment(FireworksClientOptions target)
    {
        // BaseUrl always has a value, so only a variable that is set may replace it: otherwise a second AddFireworks,
        // or options configured before it, would be reset to the public endpoint (and the key sent there).
        var set = new HashSet<string>(StringComparer.Ordinal);
        var environment = FireworksClientOptions.FromEnvironment(name =>
        {
            var value = Environment.GetEnvironmentVariable(name);
            if (!string.IsNullOrWhiteSpace(value))
            {
                set.Add(name);
            }

            return value;
        });
        target.ApiKey = environment.ApiKey ?? target.ApiKey;
        target.AccountId = environment.AccountId ?? target.AccountId;
        if (set.Contains(FireworksClientOptions.BaseUrlVariable))
        {
            target.BaseUrl = environment.BaseUrl;
        }

        target.InferenceBaseUrl = environment.InferenceBaseUrl ?? target.InferenceBaseUrl;
        foreach (var header in environment.DefaultHeaders)
        {
            target.DefaultHeaders[header.Key] = header.Value;
        }
    }

    /// <summary>Applies the settings present in <paramref name="configuration"/>; absent keys leave <paramref name="target"/> as it is.</summary>
    /// <exception cref="InvalidOperationException">A key is unknown or a value malformed; the message names the key.</exception>
    public static void Bind(IConfiguration configuration, FireworksClientOptions target)
    {
        foreach (var child in configuration.GetChildren())
        {
            if (!Keys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"Configuration key '{child.Path}' is not a Fireworks setting; the settings are {string.Join(", ", Keys)}.");
            }
        }

        if (Text(configuration, nameof(FireworksClientOptions.ApiKey)) is { } apiKey)
        {
            target.ApiKey = apiKey;
        }

        if (Text(configuration, nameof(FireworksClientOptions.AccountId)) is { } accountId)
        {
            target.AccountId = accountId;
        }

        if (Text(configuration, nameof(FireworksClientOptions.BaseUrl)) is { } baseUrl)
        {
            target.BaseUrl = HttpUrl(baseUrl) ?? throw Malformed(configuration, nameof(FireworksClientOptions.BaseUrl), "an absolute http(s) URL");
        }

        if (Text(configuration, nameof(FireworksClientOptions.InferenceBaseUrl)) is { } inferenceBaseUrl)
        {
            target.InferenceBaseUrl = HttpUrl(inferenceBaseUrl) ?? throw Malformed(configuration, nameof(FireworksClientOptions.InferenceBaseUrl), "an absolute http(s) URL");
        }

        if (Text(configuration, nameof(FireworksClientOptions.MaxRetries)) is { } maxRetries)
        {
            target.MaxRetries = int.TryParse(maxRetries, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw Malformed(configuration, nameof(FireworksClientOptions.MaxRetries), "a whole number");
        }

        target.Timeout = Duration(configuration, nameof(FireworksClientOptions.Timeout)) ?? target.Timeout;
        target.AttemptTimeout = Duration(configuration, nameof(FireworksClientOptions.AttemptTimeout)) ?? target.AttemptTimeout;
        target.StreamIdleTimeout = Duration(configuration, nameof(FireworksClientOptions.StreamIdleTimeout)) ?? target.StreamIdleTimeout;
        target.InitialRetryDelay = Duration(configuration, nameof(FireworksClientOptions.InitialRetryDelay)) ?? target.InitialRetryDelay;
        target.MaxRetryDelay = Duration(configuration, nameof(FireworksClientOptions.MaxRetryDelay)) ?? target.MaxRetryDelay;
        target.MaxRetryAfter = Duration(configuration, nameof(FireworksClientOptions.MaxRetryAfter)) ?? target.MaxRetryAfter;
        foreach (var header in configuration.GetSection(nameof(FireworksClientOptions.DefaultHeaders)).GetChildren())
        {
            target.DefaultHeaders[header.Key] = header.Value ?? string.Empty;
        }
    }

    private static string? Text(IConfiguration configuration, string key) =>
        configuration[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    // On Unix "/srv/x" is an absolute file: URI; only http(s) reaches the API, as FromEnvironment requires too.
    private static Uri? HttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri : null;

    private static TimeSpan? Duration(IConfiguration configuration, string key)
    {
        if (Text(configuration, key) is not { } text)
        {
            return null;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Malformed(configuration, key, "a time span such as 00:00:30");
    }

    // The value itself is not quoted: configuration values are often secrets.
    private static InvalidOperationException Malformed(IConfiguration configuration, string key, string expected) =>
        new($"Configuration key '{Path(configuration, key)}' must be {expected}.");

    private static string Path(IConfiguration configuration, string key) =>
        configuration is IConfigurationSection section ? section.Path + ":" + key : key;
}
