using System.Net;
using System.Net.Http.Headers;

namespace Fireworks.Benchmarks.Calls;

/// <summary>
/// An in-process transport: reads the request as a socket transport must before it can send it (the URI's host
/// and port, which key SocketsHttpHandler's connection pool, and its path and query, the request line; every
/// header; the body, so lazily serialized content really is serialized) and answers 200 with a fixed JSON body. No
/// network, no real time. Every contender pays the same reading, so what differs is what each does before and after.
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

    /// <summary>The characters of host, path, query and headers read so far (keeps that reading from being optimized away).</summary>
    public long AddressedLength { get; private set; }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        var addressed = uri.IdnHost.Length + uri.Port + uri.PathAndQuery.Length;
        foreach (var header in request.Headers.NonValidated)
        {
            foreach (var value in header.Value)
            {
                addressed += header.Key.Length + value.Length;
            }
        }

        AddressedLength += addressed;
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
