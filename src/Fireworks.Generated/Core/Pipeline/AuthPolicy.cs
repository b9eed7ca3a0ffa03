namespace Fireworks;

/// <summary>
/// Adds <c>Authorization: Bearer &lt;key&gt;</c> to each attempt, only for the configured hosts (gateway and inference)
/// and only over https or to a loopback host, unless the call already carries an <c>Authorization</c> header.
/// Per-try policies run after it; <see cref="EnsureStillAuthorized"/> (called by the transport) keeps one that rewrites
/// the request's host from carrying the key there.
/// </summary>
internal sealed class AuthPolicy : FireworksPolicy
{
    private const string AuthorizationHeader = "Authorization";

    private readonly string _authorization;
    private readonly string[] _hosts;

    /// <summary>Creates the policy for <paramref name="apiKey"/> and the hosts of <paramref name="baseUrls"/>.</summary>
    internal AuthPolicy(string apiKey, params Uri[] baseUrls)
    {
        _authorization = "Bearer " + apiKey;
        _hosts = [.. baseUrls.Select(static url => url.Host).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    public override ValueTask ProcessAsync(FireworksMessage message, ReadOnlyMemory<FireworksPolicy> pipeline)
    {
        var request = message.Request;
        if (request.RequestUri is { } uri && Authorizes(uri) && !request.Headers.NonValidated.Contains(AuthorizationHeader))
        {
            request.Headers.TryAddWithoutValidation(AuthorizationHeader, _authorization);
            message.KeyAddedBy = this;
        }

        return ProcessNextAsync(message, pipeline);
    }

    /// <summary>
    /// Throws when the key this policy added would now go to a host it does not authorize: a policy that changed the
    /// request's URI after auth ran. The message names the host, never the key or the full URL.
    /// </summary>
    internal static void EnsureStillAuthorized(FireworksMessage message)
    {
        if (message.KeyAddedBy is { } auth && (message.Request.RequestUri is not { IsAbsoluteUri: true } uri || !auth.Authorizes(uri)))
        {
            message.Request.Headers.Remove(AuthorizationHeader);
            var target = message.Request.RequestUri is { IsAbsoluteUri: true } changed ? $"{changed.Scheme}://{changed.Authority}" : "a relative URI";
            throw new InvalidOperationException(
                $"A policy redirected {message.OperationId} to {target} after the API key was added; the key is only sent to the configured hosts " +
                $"({string.Join(", ", auth._hosts)}, over https or loopback). To call another host, set FireworksClientOptions.BaseUrl or InferenceBaseUrl to it.");
        }
    }

    /// <summary>Whether the key may be sent to <paramref name="uri"/>: a configured host, over https or to a loopback host.</summary>
    internal bool Authorizes(Uri uri)
    {
        if (uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback)
        {
            return false;
        }

        foreach (var host in _hosts)
        {
            if (string.Equals(host, uri.Host, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
