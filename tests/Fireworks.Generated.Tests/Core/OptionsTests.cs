using System.Net;
using Fireworks.Tests.Core.Infrastructure;
using Xunit;

namespace Fireworks.Tests.Core;

public sealed class OptionsTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return name => map.GetValueOrDefault(name);
    }

    [Fact]
    public void EnvironmentVariablesAreRead()
    {
        var options = FireworksClientOptions.FromEnvironment(Environment(
            ("FIREWORKS_API_KEY", "  fw_key  "),
            ("FIREWORKS_ACCOUNT_ID", "acct"),
            ("FIREWORKS_BASE_URL", "http://127.0.0.1:8080"),
            ("FIREWORKS_CUSTOM_HEADERS", "X-One: 1\r\n\nX-Two:  two words \nX-Url: http://a:b")));

        Assert.Equal("fw_key", options.ApiKey);
        Assert.Equal("acct", options.AccountId);
        Assert.Equal(new Uri("http://127.0.0.1:8080"), options.BaseUrl);
        Assert.Equal(
            new Dictionary<string, string> { ["X-One"] = "1", ["X-Two"] = "two words", ["X-Url"] = "http://a:b" },
            options.DefaultHeaders);
    }

    [Fact]
    public void UnsetVariablesLeaveTheDefaults()
    {
        var options = FireworksClientOptions.FromEnvironment(Environment(("FIREWORKS_API_KEY", " ")));

        Assert.Null(options.ApiKey);
        Assert.Null(options.AccountId);
        Assert.Equal(new Uri("https://api.fireworks.ai"), options.BaseUrl);
        Assert.Empty(options.DefaultHeaders);
        Assert.Equal(2, options.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(8), options.MaxRetryDelay);
    }

    [Fact]
    public void MalformedBaseUrlIsRejectedNamingTheVariable()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => FireworksClientOptions.FromEnvironment(Environment(("FIREWORKS_BASE_URL", "api.fireworks.ai"))));

        Assert.Contains("FIREWORKS_BASE_URL", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedCustomHeaderLineIsRejectedWithoutEchoingIt()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => FireworksClientOptions.FromEnvironment(Environment(("FIREWORKS_CUSTOM_HEADERS", "X-Ok: 1\nsecret-token-without-colon"))));

        Assert.Contains("FIREWORKS_CUSTOM_HEADERS line 2", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token", exception.Message, StringComparison.Ordinal);
    }

    // ReadLine's rule: CR, LF and CRLF each end a line, so a lone CR cannot end up inside a value.
    [Fact]
    public void CustomHeaderLinesEndAtACarriageReturnToo()
    {
        var options = FireworksClientOptions.FromEnvironment(Environment(("FIREWORKS_CUSTOM_HEADERS", "X-One: 1\rX-Two: 2")));

        Assert.Equal(new Dictionary<string, string> { ["X-One"] = "1", ["X-Two"] = "2" }, options.DefaultHeaders);
    }

    [Theory]
    [InlineData("X-Ok: 1\nX-Token: secret\u0000tail", "line 2: the value of header 'X-Token' contains the control character U+0000")]
    [InlineData("X-Ok: 1\nX-Token: secret\u0007tail", "line 2: the value of header 'X-Token' contains the control character U+0007")]
    [InlineData("X-Ok: 1\nX-Token: secretétail", "line 2: the value of header 'X-Token' contains a non-ASCII character")]
    [InlineData("X-Ok: 1\n\nX(Token): secret", "line 3: header name 'X…' is not an HTTP token")]
    [InlineData("X-Ok: 1\nContent-Length: 10", "line 2: header 'Content-Length' cannot be set: it frames the request body, and the SDK frames the body itself")]
    [InlineData("X-Ok: 1\ntransfer-encoding: chunked", "line 2: header 'transfer-encoding' cannot be set: it frames the request body")]
    [InlineData("X-Ok: 1\nConnection: close", "line 2: header 'Connection' cannot be set: it manages the connection")]
    public void CustomHeaderThatCannotBeSentIsRejectedNamingTheLineWithoutEchoingTheValue(string variable, string reason)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => FireworksClientOptions.FromEnvironment(Environment(("FIREWORKS_CUSTOM_HEADERS", variable))));

        Assert.Contains("FIREWORKS_CUSTOM_HEADERS " + reason, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X-Custom", "v\r\nX-Injected: yes", "the value of header 'X-Custom' contains a line break (U+000D) at index 1")]
    [InlineData("X-Custom", "secret\ttab is fine\0but NUL is not", "the value of header 'X-Custom' contains the control character U+0000 at index 18")]
    [InlineData("X Custom", "v", "header name 'X…' is not an HTTP token (RFC 7230): U+0020 at index 1")]
    [InlineData("Authorization: Bearer secret", "", "header name 'Authorization…' is not an HTTP token (RFC 7230): ':' at index 13")]
    [InlineData("Authorization Bearer secret", "", "header name 'Authorization…' is not an HTTP token (RFC 7230): U+0020 at index 13")]
    [InlineData("X-Key=secret", "", "header name 'X-Key…' is not an HTTP token (RFC 7230): '=' at index 5")]
    [InlineData(" ", "v", "header name '…' is not an HTTP token (RFC 7230): U+0020 at index 0")]
    [InlineData("Content-Length", "5", "header 'Content-Length' cannot be set: it frames the request body, and the SDK frames the body itself")]
    [InlineData("Transfer-Encoding", "chunked", "header 'Transfer-Encoding' cannot be set: it frames the request body, and the SDK frames the body itself")]
    [InlineData("Upgrade", "websocket", "header 'Upgrade' cannot be set: it manages the connection")]
    public void DefaultHeaderThatCannotBeSentIsRefusedWhenTheClientIsBuilt(string name, string value, string reason)
    {
        var options = new FireworksClientOptions { ApiKey = "k", AccountId = "a" };
        options.DefaultHeaders[name] = value;

        var exception = Assert.Throws<ArgumentException>(() => new FireworksClient(options));

        Assert.Equal(nameof(FireworksClientOptions.DefaultHeaders), exception.ParamName);
        Assert.Contains("DefaultHeaders: " + reason, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Injected", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fw_secret\r\nX-Injected: yes", "contains a line break (U+000D) at index 9")]
    [InlineData("fw_secret\0", "contains the control character U+0000 at index 9")]
    [InlineData("fw_secret_é", "contains a non-ASCII character at index 10")]
    public void AnApiKeyThatCannotBeSentInTheAuthorizationHeaderIsRefusedWithoutQuotingIt(string apiKey, string reason)
    {
        var exception = Assert.Throws<ArgumentException>(() => new FireworksClient(new FireworksClientOptions { ApiKey = apiKey, AccountId = "a" }));

        Assert.Equal(nameof(FireworksClientOptions.ApiKey), exception.ParamName);
        Assert.Contains("ApiKey " + reason, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainHttpIsRejectedForNonLoopbackHosts()
    {
        var exception = Assert.Throws<ArgumentException>(() => new FireworksClient(new FireworksClientOptions { ApiKey = "k", BaseUrl = new Uri("http://api.fireworks.ai") }));

        Assert.Contains("https", exception.Message, StringComparison.Ordinal);
        using var loopback = new FireworksClient(new FireworksClientOptions { ApiKey = "k", BaseUrl = new Uri("http://127.0.0.1:9") });
        Assert.Equal(new Uri("http://127.0.0.1:9"), loopback.BaseUrl);
    }

    [Theory]
    [InlineData(nameof(FireworksClientOptions.MaxRetries))]
    [InlineData(nameof(FireworksClientOptions.Timeout))]
    [InlineData(nameof(FireworksClientOptions.InitialRetryDelay))]
    [InlineData(nameof(FireworksClientOptions.AttemptTimeout))]
    public void InvalidSettingsAreRejectedNamingTheSetting(string setting)
    {
        var options = new FireworksClientOptions { ApiKey = "k" };
        switch (setting)
        {
            case nameof(FireworksClientOptions.MaxRetries): options.MaxRetries = -1; break;
            case nameof(FireworksClientOptions.Timeout): options.Timeout = TimeSpan.Zero; break;
            case nameof(FireworksClientOptions.InitialRetryDelay): options.InitialRetryDelay = TimeSpan.FromSeconds(-1); break;
            default: options.AttemptTimeout = TimeSpan.FromSeconds(-5); break;
        }

        var exception = Assert.ThrowsAny<ArgumentException>(() => new FireworksClient(options));

        Assert.Equal(setting, exception.ParamName);
    }

    [Fact]
    public async Task InvalidPerCallSettingsAreRejectedBeforeSending()
    {
        var handler = new FakeHttpHandler();
        using var client = TestClients.Create(handler);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.Widgets().GetAsync("w", options: new RequestOptions { MaxRetries = -1 }));
        var timeout = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.Widgets().GetAsync("w", options: new RequestOptions { Timeout = TimeSpan.FromSeconds(-1) }));

        Assert.Contains("RequestOptions.Timeout", timeout.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void ABlankApiKeyIsRefusedByTheConstructor(string apiKey)
    {
        var exception = Assert.Throws<ArgumentException>(() => new FireworksClient(new FireworksClientOptions { ApiKey = apiKey, AccountId = "a" }));

        Assert.Equal(nameof(FireworksClientOptions.ApiKey), exception.ParamName);
        Assert.Contains(FireworksClientOptions.ApiKeyVariable, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://api.fireworks.ai/v1", "/v1", "https://api.fireworks.ai/")]
    [InlineData("https://api.fireworks.ai/v1/", "/v1/", "https://api.fireworks.ai/")]
    [InlineData("https://api.fireworks.ai/inference/v1", "/inference/v1", "https://api.fireworks.ai/")]
    [InlineData("https://api.fireworks.ai/inference", "/inference", "https://api.fireworks.ai/")]
    [InlineData("https://proxy.example.test/fireworks/V1", "/V1", "https://proxy.example.test/fireworks/")]
    public void ABaseUrlEndingInAnApiPathIsRefusedWithTheUrlToUse(string baseUrl, string suffix, string fix)
    {
        var exception = Assert.Throws<ArgumentException>(() => new FireworksClient(new FireworksClientOptions { ApiKey = "k", BaseUrl = new Uri(baseUrl) }));

        Assert.Equal(nameof(FireworksClientOptions.BaseUrl), exception.ParamName);
        Assert.Contains($"without '{suffix}'", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"Use '{fix}'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABaseUrlWithAProxyPathIsAccepted()
    {
        using var client = new FireworksClient(new FireworksClientOptions { ApiKey = "k", BaseUrl = new Uri("https://proxy.example.test/fireworks/") });

        Assert.Equal("/fireworks/", client.BaseUrl.AbsolutePath);
    }

    [Fact]
    public async Task AClientWithNeitherKeyNorAccountNamesTheKeyFirst()
    {
        var handler = new FakeHttpHandler();
        using var client = TestClients.Create(handler, configure: options =>
        {
            options.ApiKey = null;
            options.AccountId = null;
        });

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => client.Datasets.GetAsync("d"));

        Assert.Contains(FireworksClientOptions.ApiKeyVariable, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("account", exception.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public void HttpClientAndHandlerAreMutuallyExclusive()
    {
        using var httpClient = new HttpClient();
        using var handler = new FakeHttpHandler();

        var exception = Assert.Throws<ArgumentException>(() => new FireworksClient(new FireworksClientOptions { HttpClient = httpClient, HttpMessageHandler = handler }));
        var withFactory = Assert.Throws<ArgumentException>(() => new FireworksClient(new FireworksClientOptions { HttpClient = httpClient, HttpClientFactory = () => httpClient }));

        Assert.Contains("at most one of HttpClient, HttpMessageHandler and HttpClientFactory", exception.Message, StringComparison.Ordinal);
        Assert.Equal(nameof(FireworksClientOptions.HttpClientFactory), withFactory.ParamName);
    }

    [Fact]
    public async Task HttpClientFactoryIsAskedForAClientOnEveryAttempt()
    {
        var handler = new FakeHttpHandler()
            .Then(() => FakeHttpHandler.Json(HttpStatusCode.ServiceUnavailable, "{}"))
            .Then(() => FakeHttpHandler.Json(HttpStatusCode.OK, """{"name":"w"}"""));
        var time = new RecordingTimeProvider();
        var created = 0;
        using var client = TestClients.Create(handler, time, configure: options =>
        {
            options.HttpMessageHandler = null;
            options.HttpClientFactory = () =>
            {
                created++;
                return new HttpClient(handler, disposeHandler: false);
            };
        });

        var call = client.Widgets().GetAsync("w");
        await handler.WaitForRequestAsync(1);
        time.Advance(await time.WaitForTimerAsync(1));
        await call.Guarded();

        Assert.Equal(2, handler.Requests.Count);
        Assert.True(created >= 2, $"the factory was asked {created} times for two attempts");
    }

    [Fact]
    public async Task TheClientKeepsASnapshotOfItsOptions()
    {
        var handler = new FakeHttpHandler(fallback: (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, "{}")));
        var options = new FireworksClientOptions { ApiKey = "k1", AccountId = "a1", HttpMessageHandler = handler };
        using var client = new FireworksClient(options);
        options.ApiKey = "k2";
        options.AccountId = "a2";

        await client.Widgets().GetAsync("w");

        Assert.Equal("Bearer k1", handler.Requests[0].Header("Authorization"));
        Assert.Equal("a1", client.AccountId);
    }

    [Fact]
    public async Task ApiKeyConstructorOverridesTheKey()
    {
        var handler = new FakeHttpHandler(fallback: (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, "{}")));
        using var client = new FireworksClient("explicit-key", new FireworksClientOptions { ApiKey = "other", AccountId = "a", HttpMessageHandler = handler });

        await client.Widgets().GetAsync("w");

        Assert.Equal("Bearer explicit-key", handler.Requests[0].Header("Authorization"));
        Assert.Throws<ArgumentException>(() => new FireworksClient("  ", new FireworksClientOptions()));
    }

    [Fact]
    public async Task AMissingApiKeyIsReportedByTheFirstCall()
    {
        var handler = new FakeHttpHandler();
        using var client = new FireworksClient(new FireworksClientOptions { AccountId = "a", HttpMessageHandler = handler });

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => client.Widgets().GetAsync("w"));

        Assert.Contains("FIREWORKS_API_KEY", exception.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task AccountIdResolution()
    {
        var handler = new FakeHttpHandler(fallback: (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, "{}")));
        using var client = TestClients.Create(handler);

        await client.Widgets().GetAsync("w");
        await client.Widgets().GetAsync("w", accountId: "other-account");

        Assert.Equal("/v1/accounts/test-account/widgets/w", handler.Requests[0].PathAndQuery);
        Assert.Equal("/v1/accounts/other-account/widgets/w", handler.Requests[1].PathAndQuery);
        Assert.Equal("other", client.Pipeline.ResolveAccountId("other"));
        Assert.Equal(TestClients.AccountId, client.Pipeline.ResolveAccountId(null));
        Assert.Throws<ArgumentException>(() => client.Pipeline.ResolveAccountId(" "));
        var resourceName = Assert.Throws<ArgumentException>(() => client.Pipeline.ResolveAccountId("accounts/x"));
        Assert.Contains("the last segment of a resource name", resourceName.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingAccountIdTellsTheUserWhatToSet()
    {
        using var client = TestClients.Create(new FakeHttpHandler(), configure: o => o.AccountId = null);

        var exception = Assert.Throws<InvalidOperationException>(() => client.Pipeline.ResolveAccountId(null));

        Assert.Contains("FIREWORKS_ACCOUNT_ID", exception.Message, StringComparison.Ordinal);
        Assert.Contains("accountId", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADisposedClientRefusesNewWork()
    {
        var client = TestClients.Create(new FakeHttpHandler());
        client.Dispose();

        Assert.Throws<ObjectDisposedException>(() => client.Pipeline);
    }
}
