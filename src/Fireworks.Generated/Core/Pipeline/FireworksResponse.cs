using System.Globalization;
using System.Net.Http.Headers;

namespace Fireworks;

/// <summary>
/// The raw HTTP answer to a call: status, headers and request id, next to the typed result. Ask for it with
/// <see cref="RequestOptions.ResponseReceived"/>; the plain call pays nothing for it.
/// </summary>
public sealed class FireworksResponse
{
    internal FireworksResponse(string operationId, HttpResponseMessage response, string? requestId, int attempts)
    {
        OperationId = operationId;
        Status = (int)response.StatusCode;
        ReasonPhrase = response.ReasonPhrase;
        Headers = response.Headers;
        ContentHeaders = response.Content.Headers;
        RequestId = requestId;
        Attempts = attempts;
    }

    /// <summary>The spec's operationId of the call.</summary>
    public string OperationId { get; }

    /// <summary>The HTTP status code (e.g. 200).</summary>
    public int Status { get; }

    /// <summary>The HTTP reason phrase, when the server sent one.</summary>
    public string? ReasonPhrase { get; }

    /// <summary>The response headers.</summary>
    public HttpResponseHeaders Headers { get; }

    /// <summary>The content headers (<c>Content-Type</c>, <c>Content-Length</c>, …).</summary>
    public HttpContentHeaders ContentHeaders { get; }

    /// <summary>The server's request id (<c>x-request-id</c> and similar), for support requests; null when none was sent.</summary>
    public string? RequestId { get; }

    /// <summary>How many attempts the call took (1 when it was not retried).</summary>
    public int Attempts { get; }

    /// <summary>Gets the first value of header <paramref name="name"/> (response or content header), or null.</summary>
    /// <param name="name">The header name (case-insensitive).</param>
    /// <returns>The first value, or null when the header is absent.</returns>
    public string? GetHeader(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Headers.NonValidated.TryGetValues(name, out var values) || ContentHeaders.NonValidated.TryGetValues(name, out values))
        {
            foreach (var value in values)
            {
                return value;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{OperationId}: HTTP {Status} (attempts {Attempts}, request id {RequestId ?? "none"})");
}
