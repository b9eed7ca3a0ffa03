using System.Net;
using System.Text;
using Fireworks.Tests.Core.Infrastructure;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Fireworks.Tests.Core;

/// <summary>
/// Every failure kind, with a logger at Trace: the API key — verbatim, in another case, JSON-escaped,
/// percent-encoded or as a 16-character fragment — appears in no log line, log value, scope, exception message,
/// <c>ToString()</c>, property, inner exception or <c>Data</c> entry.
/// </summary>
public sealed class SecretLeakTests
{
    private const string Key = TestClients.ApiKey;

    /// <summary>The forms a server, proxy or handler may echo the key in.</summary>
    public static TheoryData<string> Forms() => new() { "verbatim", "upper", "json-escaped", "percent-encoded", "fragment", "bearer" };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task An_error_response_echoing_the_key_in_headers_body_and_reason_leaks_nothing(string form)
    {
        var echoed = Echo(form);
        var handler = new FakeHttpHandler().Then(() =>
        {
            var response = FakeHttpHandler.Json(
                HttpStatusCode.Unauthorized,
                "{\"code\": 16, \"message\": \"bad key " + JsonEscaped(echoed, form) + "\", \"details\": [{\"@type\": \"x\", \"key\": \"" + JsonEscaped(echoed, form) + "\"}], \"" + JsonEscaped(echoed, form) + "\": 1}",
                ("x-request-id", "req-" + echoed),
                ("x-fireworks-request-id", echoed));
            response.ReasonPhrase = "Denied " + echoed;
            return response;
        });

        await AssertNoLeakAsync(handler, c => c.Widgets().GetAsync("w1"));
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task A_non_json_body_echoing_the_key_leaks_nothing(string form)
    {
        var handler = new FakeHttpHandler().Then(() => FakeHttpHandler.Text(HttpStatusCode.BadGateway, "<html>upstream said: Authorization=" + Echo(form) + "</html>"));

        await AssertNoLeakAsync(handler, c => c.Widgets().GetAsync("w1"));
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task Handler_exceptions_quoting_the_key_leak_nothing(string form)
    {
        var echoed = Echo(form);
        foreach (var thrown in new Exception[]
        {
            WithData(new HttpRequestException(HttpRequestError.ResponseEnded, "reset after " + echoed, new InvalidOperationException("inner " + echoed))),
            WithData(new HttpRequestException(HttpRequestError.ConnectionError, "refused", new IOException(echoed))),
            new IOException("lost " + echoed),
            WithData(new InvalidOperationException("handler bug " + echoed)),
            new AggregateException("many", new Exception(echoed), new Exception("x")),
            new OperationCanceledException("client timeout " + echoed, new TimeoutException(echoed)),
        })
        {
            await AssertNoLeakAsync(new FakeHttpHandler().ThenThrow(thrown), c => c.Widgets().CreateAsync(new Widget()));
        }
    }

    [Fact]
    public async Task Retries_exhausted_with_echoing_responses_leak_nothing()
    {
        var handler = new FakeHttpHandler();
        for (var i = 0; i < 3; i++)
        {
            var echoed = Echo(new[] { "verbatim", "json-escaped", "percent-encoded" }[i]);
            handler.Then(() => FakeHttpHandler.Json(HttpStatusCode.ServiceUnavailable, "{\"message\": \"" + echoed + "\"}", ("x-request-id", echoed), ("Retry-After", "1")));
        }

        var entries = await AssertNoLeakAsync(handler, c => c.Widgets().GetAsync("w1"), maxRetries: 2);
        Assert.Equal(2, entries.Count(e => e.EventId.Name == "RetryScheduled"));
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task An_attempt_timeout_and_a_call_timeout_leak_nothing()
    {
        var handler = new FakeHttpHandler().ThenHang();
        await AssertNoLeakAsync(handler, c => c.Widgets().GetAsync("w1"), configure: o => o.Timeout = TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Cancellation_with_a_handler_exception_quoting_the_key_leaks_nothing()
    {
        using var cancellation = new CancellationTokenSource();
        var handler = new FakeHttpHandler().Then(async (_, token) =>
        {
            cancellation.Cancel();
            await Task.Yield();
            throw new OperationCanceledException("cancelled while sending " + Key, new IOException(Key), cancellation.Token);
        });

        var logs = new CapturingLoggerFactory();
        using var client = TestClients.Create(handler, loggerFactory: logs);
        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.Widgets().GetAsync("w1", cancellationToken: cancellation.Token));
        AssertClean(Texts(exception).Concat(LogTexts(logs)));
    }

    [Fact]
    public void Log_scopes_and_values_are_redacted()
    {
        var logs = new CapturingLoggerFactory();
        using var client = TestClients.Create(new FakeHttpHandler(), loggerFactory: logs);

        using (client.Pipeline.Logger.BeginScope(new Dictionary<string, object?> { ["auth"] = "Bearer " + Key }))
        {
            client.Pipeline.Logger.LogTrace("echo {Value} {Count}", JsonEscaped(Key, "json-escaped"), 3);
        }

        Assert.Single(logs.Scopes);
        Assert.Equal(3, logs.Entries.Single().State.Single(kv => kv.Key == "Count").Value);
        AssertClean(LogTexts(logs));
    }

    [Fact]
    public void The_redactor_keeps_json_valid_and_masked_keys_visible()
    {
        var redactor = new SecretRedactor(Key);

        Assert.Equal("""{"m":"a [REDACTED] b","n":1.50,"masked":"fw_…6789"}""", redactor.RedactBody("{\"m\": \"a " + JsonEscaped(Key, "json-escaped") + " b\", \"n\": 1.50, \"masked\": \"fw_…6789\"}"));
        Assert.Equal("x [REDACTED] y", redactor.Redact("x " + Key.ToUpperInvariant() + " y"));
        Assert.Equal("nothing here", redactor.Redact("nothing here"));
        Assert.False(redactor.Reveals(Key[..(SecretRedactor.MinFragmentLength - 1)]));
    }

    private static async Task<IReadOnlyList<LogEntry>> AssertNoLeakAsync(
        FakeHttpHandler handler,
        Func<FireworksClient, Task> call,
        int maxRetries = 0,
        Action<FireworksClientOptions>? configure = null)
    {
        var time = new RecordingTimeProvider();
        var logs = new CapturingLoggerFactory();
        using var client = TestClients.Create(handler, time, o =>
        {
            o.MaxRetries = maxRetries;
            configure?.Invoke(o);
        }, logs);

        var running = call(client);
        for (var timer = 1; !running.IsCompleted; timer++)
        {
            var armed = time.WaitForTimerAsync(timer);
            if (await Task.WhenAny(running, armed).WaitAsync(Wait.Guard) == armed)
            {
                time.Advance(await armed);
            }
        }

        var exception = await Record(running);
        Assert.NotNull(exception);
        AssertClean(Texts(exception).Concat(LogTexts(logs)));
        return logs.Entries;
    }

    private static async Task<Exception?> Record(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    private static IEnumerable<string> Texts(Exception exception) => LeakOracle.Texts(exception);

    private static IEnumerable<string> LogTexts(CapturingLoggerFactory logs) => LeakOracle.Texts(logs);

    private static void AssertClean(IEnumerable<string> texts) => LeakOracle.AssertClean(Key, texts);

    private static string Echo(string form) => form switch
    {
        "verbatim" or "json-escaped" => Key,
        "upper" => Key.ToUpperInvariant(),
        "percent-encoded" => string.Concat(Key.Select(c => char.IsLetterOrDigit(c) ? c.ToString() : $"%{(int)c:X2}")),
        "fragment" => Key[4..24] + "…",
        "bearer" => "Bearer " + Key,
        _ => throw new ArgumentOutOfRangeException(nameof(form)),
    };

    // In a JSON string, the json-escaped form writes every character as \uXXXX.
    private static string JsonEscaped(string text, string form) =>
        form == "json-escaped" ? string.Concat(text.Select(c => $"\\u{(int)c:x4}")) : text;

    private static Exception WithData(Exception exception)
    {
        exception.Data["authorization"] = "Bearer " + Key;
        exception.Data[Key] = "as a key";
        return exception;
    }
}
