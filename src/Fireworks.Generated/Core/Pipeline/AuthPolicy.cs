namespace Fireworks;

/// <summary>
/// Adds <c>Authorization: Bearer &lt;key&gt;</c> to each attempt, only for the configured hosts (gateway and inference)
/// and only over https or to a loopback host, unless the call already carries an <c>Authorization</c> header.
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
        }

        return ProcessNextAsync(message, pipeline);
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
