using System.Net;
using System.Text.Json;
using Fireworks.Tests.Core.Infrastructure;
using Xunit;

namespace Fireworks.Tests.Core;

public sealed class RedactionTests
{
    [Fact]
    public void OptionsToStringNeverPrintsTheKeyOrHeaderValues()
    {
        var options = new FireworksClientOptions { ApiKey = TestClients.ApiKey, AccountId = "acct" };
        options.DefaultHeaders["X-Secret"] = "header-secret-value";

        var text = options.ToString();

        Assert.DoesNotContain(TestClients.ApiKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain("header-secret-value", text, StringComparison.Ordinal);
        Assert.Contains("ApiKey = (set, redacted)", text, StringComparison.Ordinal);
        Assert.Contains("X-Secret", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyEchoedByTheServerIsRedactedFromTheException()
    {
        var handler = new FakeHttpHandler().Then(() => FakeHttpHandler.Json(
            HttpStatusCode.Unauthorized,
            $$"""{"code": 16, "message": "invalid API key {{TestClients.ApiKey}}", "details": [{"key": "{{TestClients.ApiKey}}"}]}"""));
        using var client = TestClients.Create(handler);

        var exception = await Assert.ThrowsAsync<FireworksException>(() => client.Widgets().GetAsync("w1"));

        Assert.Equal("Bearer " + TestClients.ApiKey, handler.Requests[0].Header("Authorization"));
        Assert.DoesNotContain(TestClients.ApiKey, exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TestClients.ApiKey, exception.RawBody, StringComparison.Ordinal);
        Assert.DoesNotContain(TestClients.ApiKey, exception.Details[0].GetRawText(), StringComparison.Ordinal);
        Assert.Equal("invalid API key [REDACTED]", exception.ServerMessage);
    }

    [Fact]
    public async Task LogsNeverContainTheKey()
    {
        var time = new RecordingTimeProvider();
        var logs = new CapturingLoggerFactory();
        var handler = new FakeHttpHandler()
            .Then(() => FakeHttpHandler.Json(HttpStatusCode.ServiceUnavailable, $$"""{"message": "{{TestClients.ApiKey}}"}""", ("x-request-id", "r1")))
            .ThenThrow(new HttpRequestException(HttpRequestError.ConnectionError, "refused"))
            .Then(() => FakeHttpHandler.Json(HttpStatusCode.OK, """{"name": "w1"}"""));
        using var client = TestClients.Create(handler, time, loggerFactory: logs);

        var call = client.Widgets().GetAsync("w1");
        time.Advance(await time.WaitForTimerAsync(1));
        time.Advance(await time.WaitForTimerAsync(2));
        await call.Guarded();

        var entries = logs.Entries;
        Assert.Equal(["RequestFailed", "RetryScheduled", "RequestGotNoResponse", "RetryScheduled", "RequestSucceeded"], entries.Select(e => e.EventId.Name));
        Assert.All(entries, e => Assert.Equal("Fireworks.FireworksClient", e.Category));
        Assert.Equal("Gateway_GetWidget GET /v1/accounts/test-account/widgets/w1 -> 503 UNAVAILABLE in 0.0 ms (attempt 1, request id r1)", entries[0].Message);
        Assert.Equal("Retrying Gateway_GetWidget in 500 ms (retry 1 of 2) after HTTP 503 UNAVAILABLE", entries[1].Message);
        Assert.Equal("Retrying Gateway_GetWidget in 1000 ms (retry 2 of 2) after connection failure (ConnectionError)", entries[3].Message);
        Assert.Contains(entries[4].State, kv => kv.Key == "HttpStatus" && Equals(kv.Value, 200));
        foreach (var entry in entries)
        {
            Assert.DoesNotContain(TestClients.ApiKey, entry.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(entry.State, kv => kv.Value?.ToString()?.Contains(TestClients.ApiKey, StringComparison.Ordinal) == true);
        }
    }

    [Fact]
    public async Task TheKeyIsOnlySentToTheConfiguredHost()
    {
        var handler = new FakeHttpHandler().Then(() => FakeHttpHandler.Json(HttpStatusCode.OK, "{}"));
        using var client = TestClients.Create(handler);

        // Requests are built from the configured base URL only: a path cannot name another host.
        await client.Widgets().GetAsync("w1");

        Assert.Equal("api.fireworks.ai", handler.Requests[0].Uri.Host);
        Assert.Equal("Bearer " + TestClients.ApiKey, handler.Requests[0].Header("Authorization"));
        var auth = new AuthPolicy(TestClients.ApiKey, new Uri("https://api.fireworks.ai"));
        Assert.False(auth.Authorizes(new Uri("https://evil.example.com/v1/x")));
        Assert.False(auth.Authorizes(new Uri("http://api.fireworks.ai/v1/x")));
        Assert.True(auth.Authorizes(new Uri("https://api.fireworks.ai/v1/x")));
        Assert.True(new AuthPolicy(TestClients.ApiKey, new Uri("http://127.0.0.1:8080")).Authorizes(new Uri("http://127.0.0.1:8080/v1/x")));
    }

    /// <summary>Signed URLs of the three storage schemes and a GCS resumable session URL, with the secret values their queries carry (decoded).</summary>
    public static TheoryData<string, string[]> SignedUrls() => new()
    {
        {
            "https://storage.googleapis.com/bucket/data.jsonl?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=sa%40p.iam.gserviceaccount.com%2F20240101%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20240101T000000Z&X-Goog-Expires=900&X-Goog-SignedHeaders=host&X-Goog-Signature=0123456789abcdef0123456789abcdef0123456789abcdef",
            ["0123456789abcdef0123456789abcdef0123456789abcdef", "sa@p.iam.gserviceaccount.com/20240101/auto/storage/goog4_request"]
        },
        {
            "https://bucket.s3.amazonaws.com/data.jsonl?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Security-Token=IQoJb3JpZ2luX2VjEJr%2F%2F%2F%2FwEaCXVzLWVhc3QtMSJHMEUCIQ%3D%3D&X-Amz-Signature=fedcba9876543210fedcba9876543210fedcba9876543210",
            ["fedcba9876543210fedcba9876543210fedcba9876543210", "IQoJb3JpZ2luX2VjEJr////wEaCXVzLWVhc3QtMSJHMEUCIQ==", "AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/s3/aws4_request"]
        },
        {
            "https://account.blob.core.windows.net/container/data.jsonl?sv=2022-11-02&se=2024-01-01T00%3A00%3A00Z&sr=b&sp=r&sig=Zm9vYmFyK3NlY3JldC9zaWduYXR1cmU%2BYWJj%2Bxyz%3D",
            ["Zm9vYmFyK3NlY3JldC9zaWduYXR1cmU+YWJj+xyz="]
        },
        {
            "https://storage.googleapis.com/upload/storage/v1/b/bucket/o?uploadType=resumable&name=data.jsonl&upload_id=ADPycduQ1dT7rX9Hk2mZ0vJfLqWb3sYeNc",
            ["ADPycduQ1dT7rX9Hk2mZ0vJfLqWb3sYeNc"]
        },
    };

    /// <summary>The ways a storage's error body, or an API error, quotes a signed URL.</summary>
    public static IEnumerable<string> UrlForms() => ["verbatim", "xml-escaped", "numeric-references", "percent-decoded", "json-escaped", "percent-encoded", "bare-values"];

    public static TheoryData<string, string[], string> SignedUrlsInEveryForm()
    {
        var data = new TheoryData<string, string[], string>();
        foreach (var row in SignedUrls())
        {
            foreach (var form in UrlForms())
            {
                data.Add((string)row[0], (string[])row[1], form);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SignedUrlsInEveryForm))]
    public async Task A_storage_error_quoting_the_signed_url_in_any_form_leaks_no_signature_or_credential_into_the_exception_or_the_retry_warning(string url, string[] secrets, string form)
    {
        var logs = new CapturingLoggerFactory();
        var listing = "{\"filenameToSignedUrls\":{\"data.jsonl\":" + JsonSerializer.Serialize(url) + "}}";
        var handler = new FakeHttpHandler(fallback: (request, _) => Task.FromResult(request.Uri.Host.StartsWith("api.", StringComparison.Ordinal)
            ? FakeHttpHandler.Json(HttpStatusCode.OK, listing)
            : FakeHttpHandler.Text(HttpStatusCode.ServiceUnavailable, "<Error><Code>SlowDown</Code><Details>" + Quote(url, secrets, form) + "</Details></Error>", "application/xml")));
        using var client = TestClients.Create(handler, loggerFactory: logs);
        var target = Path.Combine(Path.GetTempPath(), $"fireworks-redaction-{Guid.NewGuid():N}");

        try
        {
            var error = await Assert.ThrowsAsync<FileTransferException>(() => client.Datasets.DownloadAsync(
                "ds", target, transferOptions: new FileTransferOptions { MaxAttemptsPerFile = 2, RetryDelay = TimeSpan.Zero })).Guarded();

            Assert.Equal(503, error.HttpStatus);
            Assert.Contains("HTTP 503", error.Message, StringComparison.Ordinal);
            Assert.Contains("SlowDown", error.Message, StringComparison.Ordinal);
            var warning = Assert.Single(logs.Entries, e => e.Message.StartsWith("Attempt 1 for 'data.jsonl'", StringComparison.Ordinal));
            AssertNoSecret(secrets, LeakOracle.Texts(error).Append(warning.Message).Concat(warning.State.Select(kv => kv.Key + "=" + kv.Value)));
        }
        finally
        {
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }
        }
    }

    [Theory]
    [MemberData(nameof(SignedUrls))]
    public async Task A_non_transient_exception_of_the_callers_handler_quoting_the_signed_url_reaches_the_caller_redacted_naming_its_original_type(string url, string[] secrets)
    {
        var listing = "{\"filenameToSignedUrls\":{\"data.jsonl\":" + JsonSerializer.Serialize(url) + "}}";
        var handler = new FakeHttpHandler(fallback: (request, _) => request.Uri.Host.StartsWith("api.", StringComparison.Ordinal)
            ? Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, listing))
            : throw new InvalidOperationException($"bad {request.Uri}", new FormatException($"cannot send {url}")));
        using var client = TestClients.Create(handler);
        var target = Path.Combine(Path.GetTempPath(), $"fireworks-redaction-{Guid.NewGuid():N}");

        try
        {
            var error = await Record.ExceptionAsync(() => client.Datasets.DownloadAsync("ds", target)).Guarded();

            var redacted = Assert.IsType<RedactedException>(error);
            Assert.Equal(typeof(InvalidOperationException).FullName, redacted.OriginalTypeName);
            Assert.StartsWith("bad " + new Uri(url).GetLeftPart(UriPartial.Path), redacted.Message, StringComparison.Ordinal);
            Assert.Equal(typeof(FormatException).FullName, Assert.IsType<RedactedException>(redacted.InnerException).OriginalTypeName);
            AssertNoSecret(secrets, LeakOracle.Texts(error));
        }
        finally
        {
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }
        }
    }

    [Theory]
    [MemberData(nameof(SignedUrlsInEveryForm))]
    public async Task An_api_error_quoting_a_signed_url_leaks_no_signature_or_credential(string url, string[] secrets, string form)
    {
        if (form == "bare-values")
        {
            return; // Only the storage that signed the URL knows a bare value is a signature; see the storage test.
        }

        var handler = new FakeHttpHandler().Then(() => FakeHttpHandler.Json(
            HttpStatusCode.BadRequest,
            "{\"code\": 3, \"message\": " + JsonSerializer.Serialize("cannot read " + Quote(url, secrets, form)) + "}"));
        using var client = TestClients.Create(handler);

        var error = await Assert.ThrowsAsync<FireworksException>(() => client.Widgets().GetAsync("w1"));

        Assert.Contains(new Uri(url).Host, error.Message, StringComparison.Ordinal);
        AssertNoSecret(secrets, LeakOracle.Texts(error));
    }

    [Fact]
    public void The_redactor_cuts_credential_parameters_by_name_and_keeps_everything_else()
    {
        var redactor = SecretRedactor.None;

        Assert.Equal(
            "see https://h/o?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Signature=[REDACTED]&X-Goog-Expires=900 (pageToken=abcdefghijkl, sv=2024-01-01)",
            redactor.Redact("see https://h/o?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Signature=0123abcd&X-Goog-Expires=900 (pageToken=abcdefghijkl, sv=2024-01-01)"));
        Assert.Equal("<a href=\"https://h/o?sp=r&amp;sig=[REDACTED]\">", redactor.Redact("<a href=\"https://h/o?sp=r&amp;sig=c2VjcmV0%3D\">"));
        Assert.False(redactor.Reveals("x?sig=[REDACTED]&token=[REDACTED]"));
        Assert.False(redactor.Reveals("a signature of 0123 and a token"));
    }

    [Fact]
    public void A_signed_urls_redactor_cuts_its_short_values_only_by_name()
    {
        var redactor = SecretRedactor.ForSignedUrl(new Uri("https://h/o?sig=abc1&sv=2024"));

        Assert.Equal("sig=[REDACTED], abc1, 2024", redactor.Redact("sig=abc1, abc1, 2024"));
    }

    private static string Quote(string url, string[] secrets, string form) => form switch
    {
        "verbatim" => url,
        "xml-escaped" => WebUtility.HtmlEncode(url),
        "numeric-references" => string.Concat(url.Select(c => char.IsAsciiLetterOrDigit(c) ? c.ToString() : $"&#x{(int)c:X};")),
        "percent-decoded" => Uri.UnescapeDataString(url),
        "json-escaped" => string.Concat(url.Select(c => char.IsAsciiLetterOrDigit(c) ? c.ToString() : $"\\u{(int)c:x4}")),
        "percent-encoded" => "https://proxy.example/fetch?target=" + Uri.EscapeDataString(url),
        "bare-values" => string.Concat(secrets.Select(s => $"<SignatureProvided>{WebUtility.HtmlEncode(s)}</SignatureProvided>")),
        _ => throw new ArgumentOutOfRangeException(nameof(form)),
    };

    /// <summary>No secret, as sent (percent-encoded) or decoded, in any letter case, in a text or its decoded forms.</summary>
    private static void AssertNoSecret(string[] secrets, IEnumerable<string> texts)
    {
        foreach (var text in texts)
        {
            var jsonDecoded = System.Text.RegularExpressions.Regex.Replace(text, @"\\u([0-9a-fA-F]{4})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString());
            var decoded = WebUtility.HtmlDecode(Uri.UnescapeDataString(jsonDecoded));
            foreach (var secret in secrets.SelectMany(s => new[] { s, Uri.EscapeDataString(s) }))
            {
                Assert.True(
                    !text.Contains(secret, StringComparison.OrdinalIgnoreCase) && !decoded.Contains(secret, StringComparison.OrdinalIgnoreCase),
                    $"'{secret}' leaked in: {text}");
            }
        }
    }
}
