namespace Fireworks.Extensions.DependencyInjection;

/// <summary>The <see cref="IHttpClientFactory"/> client that <c>AddFireworks</c> registers.</summary>
public static class FireworksHttpClient
{
    /// <summary>The name of the HTTP client, for <c>services.AddHttpClient(FireworksHttpClient.Name)</c> or <c>ConfigureHttpClientDefaults</c>.</summary>
    public const string Name = "Fireworks";
}
