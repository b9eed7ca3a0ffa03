using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Threading.Channels;

namespace Fireworks.Tests.Core.Infrastructure;

/// <summary>What the fake server saw of one request (the body is read before the SDK disposes it).</summary>
public sealed record RecordedRequest(
    HttpMethod Method,
    Uri Uri,
    IReadOnlyDictionary<string, string> Headers,
    string Body)
{
    public string PathAndQuery => Uri.PathAndQuery;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// An in-process HTTP server stand-in: records every request and answers with the responder
/// (or, in order, with the queued responders).
/// </summary>
public sealed class FakeHttpHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>> _queue = new();
    private readonly Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>? _fallback;
    private readonly Channel<RecordedRequest> _arrivals = Channel.CreateUnbounded<RecordedRequest>();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public FakeHttpHandler(Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>? fallback = null)
    {
        _fallback = fallback;
    }

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Queues the answer to the next request that has no earlier queued answer.</summary>
    public FakeHttpHandler Then(Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> responder)
    {
        _queue.Enqueue(responder);
        return this;
    }

    public FakeHttpHandler Then(Func<HttpResponseMessage> response) => Then((_, _) => Task.FromResult(response()));

    public FakeHttpHandler ThenThrow(Exception exception) => Then((_, _) => Task.FromException<HttpResponseMessage>(exception));

    /// <summary>Answers only when the request is cancelled (a server that hangs).</summary>
    public FakeHttpHandler ThenHang() => Then(async (_, cancellationToken) =>
    {
        await Wait.ForCancellationAsync(cancellationToken);
        throw new InvalidOperationException("unreachable");
    });

    /// <summary>Waits until the <paramref name="count"/>-th request has arrived, and returns it.</summary>
    public async Task<RecordedRequest> WaitForRequestAsync(int count)
    {
        while (_requests.Count < count)
        {
            await _arrivals.Reader.WaitToReadAsync().AsTask().WaitAsync(Wait.Guard);
            while (_arrivals.Reader.TryRead(out _))
            {
            }
        }

        return Requests[count - 1];
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Key] = string.Join(", ", header.Value);
        }

        var body = string.Empty;
        if (request.Content is not null)
        {
            foreach (var header in request.Content.Headers)
            {
                headers[header.Key] = string.Join(", ", header.Value);
            }

            body = await request.Content.ReadAsStringAsync(cancellationToken);
        }

        var recorded = new RecordedRequest(request.Method, request.RequestUri!, headers, body);
        _requests.Enqueue(recorded);
        _arrivals.Writer.TryWrite(recorded);

        var responder = _queue.TryDequeue(out var queued) ? queued
            : _fallback ?? throw new InvalidOperationException($"No response queued for request {_requests.Count}: {request.Method} {request.RequestUri}");
        var response = await responder(recorded, cancellationToken);
        response.RequestMessage ??= request;
        return response;
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    public static HttpResponseMessage Text(HttpStatusCode status, string text, string mediaType = "text/html")
        => new(status) { Content = new StringContent(text, Encoding.UTF8, mediaType) };
}
