namespace Fireworks;

/// <summary>
/// Signed URLs (and resumable session URLs) are bearer secrets: whoever holds one can read or write the object
/// until it expires. They are shown only as scheme, host and path, never with their query; what the storage sends
/// back about one passes through <see cref="SecretRedactor.ForSignedUrl"/>.
/// </summary>
internal static class SignedUrls
{
    /// <summary>Scheme, host, port and path of <paramref name="url"/>, with <c>?…</c> when it had a query.</summary>
    public static string Describe(Uri url) =>
        url.GetLeftPart(UriPartial.Path) + (string.IsNullOrEmpty(url.Query) ? string.Empty : "?" + SecretRedactor.Redacted);

    /// <summary>Parses a URL the server returned, without ever echoing it in the error.</summary>
    public static Uri Parse(string fileName, string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new FileTransferException(fileName, $"The server returned no usable signed URL for '{fileName}' (expected an absolute http(s) URL).");
        }

        return uri;
    }
}
