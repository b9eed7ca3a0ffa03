using System.Net;
using System.Net.Http.Headers;

namespace Fireworks.Benchmarks.Calls;

/// <summary>
/// An in-process transport: consumes the request body as a socket would (so lazily serialized content
/// really is serialized) and answers 200 with a fixed JSON body. No network, no real time.
/// </summary>
public sealed class CannedResponseHandler : HttpMessageHandler
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };
    private readonly byte[] _responseBody;

    /// <summary>Creates a handler that answers every request with <paramref name="responseBody"/>.</summary>
    /// <param name="responseBody">The UTF-8 JSON response body; shared, never modified.</param>
    public CannedResponseHandler(byte[] responseBody)
    {
        ArgumentNullException.ThrowIfNull(responseBody);
        _responseBody = responseBody;
    }

    /// <summary>How many requests the handler has answered.</summary>
    public long RequestCount { get; private set; }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Content is not null)
        {
            await request.Content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }

        RequestCount++;
        var content = new ByteArrayContent(_responseBody);
        content.Headers.ContentType = JsonContentType;
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
    }
}
