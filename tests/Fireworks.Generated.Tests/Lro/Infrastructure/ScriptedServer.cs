using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Fireworks.Tests.Lro.Infrastructure;

/// <summary>
/// An in-process stand-in for the Fireworks API: answers requests, in order, with a scripted
/// sequence of responses and records what it was asked. A request beyond the script gets HTTP 418
/// (a non-transient error), so an unexpected extra poll fails the test instead of looping.
/// </summary>
public sealed class ScriptedServer : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<CancellationToken, Task<HttpResponseMessage>>> _script = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<string> _bodies = new();
    private readonly TaskCompletionSource _firstRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The requests received, as <c>METHOD /path?query</c>.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>The request bodies received (empty for GETs).</summary>
    public IReadOnlyList<string> Bodies => [.. _bodies];

    /// <summary>The number of GET requests received.</summary>
    public int Gets => Requests.Count(static request => request.StartsWith("GET ", StringComparison.Ordinal));

    /// <summary>Completes when the first request has arrived.</summary>
    public Task FirstRequest => _firstRequest.Task;

    public ScriptedServer Then(HttpStatusCode status, string json, params (string Name, string Value)[] headers)
    {
        _script.Enqueue(_ => Task.FromResult(Response(status, json, headers)));
        return this;
    }

    public ScriptedServer ThenOk(string json) => Then(HttpStatusCode.OK, json);

    public ScriptedServer ThenOk(IEnumerable<string> jsons)
    {
        foreach (var json in jsons)
        {
            ThenOk(json);
        }

        return this;
    }

    public ScriptedServer ThenError(HttpStatusCode status, params (string Name, string Value)[] headers) =>
        Then(status, $$"""{"code": {{(int)status switch { 404 => 5, 408 or 504 => 4, 429 => 8, 502 or 503 => 14, _ => 13 }}}, "message": "scripted {{(int)status}}"}""", headers);

    public ScriptedServer ThenThrow(Exception exception)
    {
        _script.Enqueue(_ => Task.FromException<HttpResponseMessage>(exception));
        return this;
    }

    /// <summary>A request that never gets an answer until it is cancelled.</summary>
    public ScriptedServer ThenHang()
    {
        _script.Enqueue(async cancellationToken =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("unreachable");
        });
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _requests.Enqueue(request.Method.Method + " " + request.RequestUri!.PathAndQuery);
        _bodies.Enqueue(request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken));
        _firstRequest.TrySetResult();
        if (_script.TryDequeue(out var next))
        {
            return await next(cancellationToken);
        }

        return Response((HttpStatusCode)418, """{"code": 9, "message": "the test script has no response for this request"}""", []);
    }

    private static HttpResponseMessage Response(HttpStatusCode status, string json, (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}
