using Microsoft.Kiota.Abstractions.Authentication;

namespace Fireworks;

/// <summary>
/// Hands Kiota's <see cref="BaseBearerTokenAuthenticationProvider"/> the API key, only for the
/// configured base URL hosts (gateway and inference) and only over https or to a loopback host.
/// </summary>
internal sealed class ApiKeyAccessTokenProvider : IAccessTokenProvider
{
    private static readonly Task<string> NoToken = Task.FromResult(string.Empty);
    private readonly Task<string> _token;

    internal ApiKeyAccessTokenProvider(string? apiKey, Uri baseUrl, Uri? inferenceBaseUrl = null)
    {
        _token = string.IsNullOrEmpty(apiKey) ? NoToken : Task.FromResult(apiKey);
        AllowedHostsValidator = new AllowedHostsValidator(inferenceBaseUrl is null ? [baseUrl.Host] : [baseUrl.Host, inferenceBaseUrl.Host]);
    }

    /// <inheritdoc />
    public AllowedHostsValidator AllowedHostsValidator { get; }

    /// <inheritdoc />
    public Task<string> GetAuthorizationTokenAsync(
        Uri uri,
        Dictionary<string, object>? additionalAuthenticationContext = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return Authorizes(uri) ? _token : NoToken;
    }

    /// <summary>Whether the key may be sent to <paramref name="uri"/>: the configured host, over https or to a loopback host.</summary>
    /// <param name="uri">The request URI.</param>
    /// <returns>True when the request may carry the key.</returns>
    internal bool Authorizes(Uri uri) =>
        (uri.Scheme == Uri.UriSchemeHttps || uri.IsLoopback) && AllowedHostsValidator.IsUrlHostValid(uri);
}
