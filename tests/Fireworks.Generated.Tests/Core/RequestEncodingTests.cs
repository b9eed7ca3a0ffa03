using System.Net;
using System.Text;
using Fireworks.Tests.Core.Infrastructure;
using Xunit;

namespace Fireworks.Tests.Core;

public sealed class RequestEncodingTests
{
    private static FakeHttpHandler OkServer() =>
        new((_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, """{"widgets": []}""")));

    [Fact]
    public async Task Aip160FilterIsPercentEncoded()
    {
        var handler = OkServer();
        using var client = TestClients.Create(handler);

        await client.Widgets().ListPageAsync(filter: "snapshot.base_model=\"accounts/fireworks/models/X\" AND latest_validated=true AND name:\"ré*\"");

        Assert.Equal(
            "/v1/accounts/test-account/widgets?filter=snapshot.base_model%3D%22accounts%2Ffireworks%2Fmodels%2FX%22%20AND%20latest_validated%3Dtrue%20AND%20name%3A%22r%C3%A9%2A%22",
            handler.Requests[0].PathAndQuery);
        Assert.Equal(
            "snapshot.base_model=\"accounts/fireworks/models/X\" AND latest_validated=true AND name:\"ré*\"",
            Uri.UnescapeDataString(handler.Requests[0].Uri.Query["?filter=".Length..]));
    }

    [Fact]
    public async Task IntegersBooleansArraysAndTimestampsAreEncoded()
    {
        var handler = OkServer();
        using var client = TestClients.Create(handler);

        await client.Widgets().ListPageAsync(pageSize: 50, showDeleted: true, names: ["a b", "c&d"], createdAfter: "2024-01-02T03:04:05.5Z");
        await client.Widgets().ListPageAsync(showDeleted: false);

        Assert.Equal(
            "/v1/accounts/test-account/widgets?pageSize=50&showDeleted=true&names=a%20b&names=c%26d&createdAfter=2024-01-02T03%3A04%3A05.5Z",
            handler.Requests[0].PathAndQuery);
        Assert.Equal("/v1/accounts/test-account/widgets?showDeleted=false", handler.Requests[1].PathAndQuery);
    }

    [Fact]
    public async Task CustomMethodPathsKeepTheirColonAndEncodeSegments()
    {
        var handler = new FakeHttpHandler(fallback: (_, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, "{}")));
        using var client = TestClients.Create(handler);

        await client.Widgets().ResumeAsync("job-1");
        await client.Widgets().GetAsync("w.1", readMask: "a/b c:d,state");

        Assert.Equal("/v1/accounts/test-account/widgets/job-1:resume", handler.Requests[0].PathAndQuery);
        Assert.Equal(HttpMethod.Post, handler.Requests[0].Method);
        Assert.Equal("/v1/accounts/test-account/widgets/w.1?readMask=a%2Fb%20c%3Ad%2Cstate", handler.Requests[1].PathAndQuery);
    }

    [Fact]
    public async Task EmptyPathParametersAreRejectedNamingTheParameter()
    {
        var handler = OkServer();
        using var client = TestClients.Create(handler);

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => client.Widgets().GetAsync(string.Empty));

        Assert.Equal("widgetId", exception.ParamName);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task HeadersCarryAuthAcceptUserAgentDefaultsAndPerCallOverrides()
    {
        var handler = OkServer();
        using var client = TestClients.Create(handler, configure: o =>
        {
            o.DefaultHeaders["X-Team"] = "research";
            o.DefaultHeaders["X-Mode"] = "default";
        });

        var options = new RequestOptions();
        options.Headers["X-Mode"] = "per-call";
        await client.Widgets().ListPageAsync(options: options);

        var request = handler.Requests[0];
        Assert.Equal("Bearer " + TestClients.ApiKey, request.Header("Authorization"));
        Assert.Equal("application/json", request.Header("Accept"));
        Assert.StartsWith("Fireworks.Generated/", request.Header("User-Agent"), StringComparison.Ordinal);
        Assert.Equal("research", request.Header("X-Team"));
        Assert.Equal("per-call", request.Header("X-Mode"));
    }

    [Fact]
    public async Task NullBodyIsRejected()
    {
        using var client = TestClients.Create(OkServer());

        await Assert.ThrowsAsync<ArgumentNullException>(() => client.Widgets().CreateAsync(null!));
    }

    [Fact]
    public async Task RealLoopbackServerSeesBearerAuthAndTheEncodedQuery()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            using var connection = await listener.AcceptTcpClientAsync();
            var stream = connection.GetStream();
            var head = new StringBuilder();
            var buffer = new byte[4096];
            while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer);
                if (read == 0)
                {
                    break;
                }

                head.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            var body = """{"name": "from-socket", "count": 2}""";
            var response = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
            return head.ToString();
        });

        using var client = new FireworksClient(new FireworksClientOptions
        {
            ApiKey = TestClients.ApiKey,
            AccountId = TestClients.AccountId,
            BaseUrl = new Uri($"http://127.0.0.1:{port}"),
        });

        var widget = await client.Widgets().GetAsync("w-1", readMask: "name").Guarded();
        var requestHead = await server.Guarded();

        Assert.Equal("from-socket", widget.Name);
        Assert.StartsWith("GET /v1/accounts/test-account/widgets/w-1?readMask=name HTTP/1.1\r\n", requestHead, StringComparison.Ordinal);
        Assert.Contains($"Authorization: Bearer {TestClients.ApiKey}\r\n", requestHead, StringComparison.Ordinal);
    }

    // A value with CR LF would end the header line on the wire and start one the caller never set.
    [Theory]
    [InlineData("RequestOptions.Headers")]
    [InlineData("DefaultHeaders")]
    [InlineData("header parameter")]
    public async Task HeaderValueWithCrLfIsRefusedBeforeAnythingReachesTheWire(string source)
    {
        const string Smuggling = "v\r\nX-Injected: yes";
        await using var server = LoopbackServer.Start();
        var options = new FireworksClientOptions
        {
            ApiKey = TestClients.ApiKey,
            AccountId = TestClients.AccountId,
            BaseUrl = server.BaseUrl,
            MaxRetries = 0,
        };
        var call = new RequestOptions();
        Exception? refused = null;
        if (source == "DefaultHeaders")
        {
            options.DefaultHeaders["X-Custom"] = Smuggling;
            refused = Record.Exception(() => new FireworksClient(options).Dispose());
            options.DefaultHeaders.Clear();
        }

        using var client = new FireworksClient(options);
        if (source == "RequestOptions.Headers")
        {
            call.Headers["X-Custom"] = Smuggling;
            refused = await Record.ExceptionAsync(() => client.Widgets().GetAsync("w-1", options: call).Guarded());
        }
        else if (source == "header parameter")
        {
            refused = await Record.ExceptionAsync(() => client.HotLoad.GetStatusAsync(Smuggling, "accounts/a/deployments/d").WaitAsync(Wait.Guard));
        }

        // The same client then sends a clean request: if the refused one had gone out, it would be the first on the wire.
        await client.Widgets().GetAsync("w-1").Guarded();

        var error = Assert.IsType<ArgumentException>(refused);
        Assert.Contains(source, error.Message, StringComparison.Ordinal);
        Assert.Contains("line break", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Injected", error.Message, StringComparison.Ordinal);
        var head = Assert.Single(server.RequestHeads);
        Assert.StartsWith("GET /v1/accounts/test-account/widgets/w-1 HTTP/1.1\r\n", head, StringComparison.Ordinal);
        Assert.DoesNotContain("Injected", head, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X Bad", "'X…' is not an HTTP token (RFC 7230): U+0020 at index 1")]
    [InlineData("X-Bad:", "'X-Bad…' is not an HTTP token")]
    [InlineData("X-Bad\r\nX-Injected", "'X-Bad…' is not an HTTP token (RFC 7230): U+000D at index 5")]
    [InlineData("", "header name is empty")]
    [InlineData("Content-Language", "'Content-Language' is a content header (it describes a request body), and this GET request has no body")]
    public async Task PerCallHeaderThatCannotBeSentIsRefusedNamingItNotDropped(string name, string reason)
    {
        var handler = OkServer();
        using var client = TestClients.Create(handler);
        var call = new RequestOptions();
        call.Headers[name] = "v";

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => client.Widgets().GetAsync("w-1", options: call));

        Assert.Contains("RequestOptions.Headers: ", refused.Message, StringComparison.Ordinal);
        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.Equal("options", refused.ParamName);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task HeaderNameHoldingAWholeHeaderLineIsNamedOnlyUpToItsColon()
    {
        var handler = OkServer();
        using var client = TestClients.Create(handler);
        var call = new RequestOptions();
        call.Headers["Authorization: Bearer fw_secret_in_the_name"] = string.Empty;

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => client.Widgets().GetAsync("w-1", options: call));

        Assert.Contains("'Authorization…'", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("fw_secret", refused.Message, StringComparison.Ordinal);
    }

    // A name and its value written as one (a space or '=' where the colon would go) hold the value after the name: the
    // name is quoted up to its first character that cannot be in a name, so a secret after it never is.
    [Theory]
    [InlineData("Authorization Bearer fw_secret_in_the_name", "'Authorization…' is not an HTTP token (RFC 7230): U+0020 at index 13")]
    [InlineData("X-Key=fw_secret_in_the_name", "'X-Key…' is not an HTTP token (RFC 7230): '=' at index 5")]
    [InlineData("X-Key\tfw_secret_in_the_name", "'X-Key…' is not an HTTP token (RFC 7230): U+0009 at index 5")]
    public async Task HeaderNameIsQuotedOnlyUpToItsFirstCharacterThatIsNotATokenCharacter(string name, string reason)
    {
        var handler = OkServer();
        using var client = TestClients.Create(handler);
        var call = new RequestOptions();
        call.Headers[name] = string.Empty;

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => client.Widgets().GetAsync("w-1", options: call));

        Assert.Contains("RequestOptions.Headers: header name " + reason, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("fw_secret", refused.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    // The SDK frames the body (and HttpClient the connection): a caller's Content-Length replaced the computed one on the
    // first attempt only (the body and its length disagreed, and a retry sent the fresh body's own), and the connection
    // headers would be sent over HTTP/1.1 but not over HTTP/2. Refused on a call with a body and on one without.
    [Theory]
    [InlineData("Content-Length", "5", "frames the request body, and the SDK frames the body itself")]
    [InlineData("content-length", "0", "frames the request body, and the SDK frames the body itself")]
    [InlineData("Transfer-Encoding", "chunked", "frames the request body, and the SDK frames the body itself")]
    [InlineData("Connection", "close", "manages the connection, which HttpClient owns")]
    [InlineData("Keep-Alive", "timeout=5", "manages the connection, which HttpClient owns")]
    [InlineData("Proxy-Connection", "keep-alive", "manages the connection, which HttpClient owns")]
    [InlineData("Upgrade", "h2c", "manages the connection, which HttpClient owns")]
    [InlineData("TE", "gzip", "manages the connection, which HttpClient owns")]
    public async Task PerCallFramingOrConnectionHeaderIsRefusedSayingWhy(string name, string value, string reason)
    {
        var handler = OkServer();
        using var client = TestClients.Create(handler);
        var call = new RequestOptions { TreatAsIdempotent = true };
        call.Headers[name] = value;

        var withBody = await Assert.ThrowsAsync<ArgumentException>(() => client.Widgets().CreateAsync(new Widget { Name = "w" }, options: call));
        var withoutBody = await Assert.ThrowsAsync<ArgumentException>(() => client.Widgets().GetAsync("w-1", options: call));

        foreach (var refused in new[] { withBody, withoutBody })
        {
            Assert.Contains($"RequestOptions.Headers: header '{name}' cannot be set: it {reason}", refused.Message, StringComparison.Ordinal);
            Assert.Equal("options", refused.ParamName);
        }

        Assert.Empty(handler.Requests);
    }

    // Host and Expect are not framing: HttpClient honours both, and every attempt copies them.
    [Fact]
    public async Task PerCallHostAndExpectAreSentOnEveryAttempt()
    {
        var requests = await CreateRetriedOnceAsync(("Host", "gateway.example"), ("Expect", "100-continue"));

        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal("gateway.example", r.Header("Host")));
        Assert.All(requests, r => Assert.Equal("100-continue", r.Header("Expect")));
    }

    // One create with these per-call headers, answered 503 once and then 200: what each attempt sent.
    private static async Task<IReadOnlyList<RecordedRequest>> CreateRetriedOnceAsync(params (string Name, string Value)[] headers)
    {
        var time = new RecordingTimeProvider();
        var handler = new FakeHttpHandler()
            .Then(() => FakeHttpHandler.Json(HttpStatusCode.ServiceUnavailable, """{"code": 14, "message": "try later"}"""))
            .Then(() => FakeHttpHandler.Json(HttpStatusCode.OK, "{}"));
        using var client = TestClients.Create(handler, time);
        var call = new RequestOptions { TreatAsIdempotent = true };
        foreach (var (name, value) in headers)
        {
            call.Headers[name] = value;
        }

        var created = client.Widgets().CreateAsync(new Widget { Name = "w" }, options: call);
        await handler.WaitForRequestAsync(1);
        time.Advance(await time.WaitForTimerAsync(1));
        await created;
        return handler.Requests;
    }

    // Every streaming call adds its Accept header as a header parameter: one that passes the rules must not pay for the
    // error text it would have needed.
    [Fact]
    public void HeaderParameterThatCanBeSentBuildsNoErrorText()
    {
        var operation = new ApiOperation("Test_Stream", HttpMethod.Post, "/x");
        var warm = new FireworksRequest(operation, "/x");
        warm.AddHeader("X-Warm", "1");
        warm.AcceptEventStream();
        warm.AddHeader("fireworks-model", "m", "fireworksModel");
        var request = new FireworksRequest(operation, "/x");
        request.AddHeader("X-Warm", "1");

        var before = GC.GetAllocatedBytesForCurrentThread();
        request.AcceptEventStream();
        request.AddHeader("fireworks-model", "m", "fireworksModel");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(3, request.Headers!.Count);
    }

    [Theory]
    [InlineData("secret\0tail", "control character U+0000 at index 6")]
    [InlineData("secret\rtail", "line break (U+000D) at index 6")]
    [InlineData("secret\ntail", "line break (U+000A) at index 6")]
    [InlineData("secret\u001btail", "control character U+001B at index 6")]
    [InlineData("secret\u007ftail", "control character U+007F at index 6")]
    [InlineData("secretétail", "non-ASCII character at index 6")]
    public async Task PerCallHeaderValueThatCannotBeSentIsRefusedWithoutQuotingIt(string value, string reason)
    {
        var handler = OkServer();
        using var client = TestClients.Create(handler);
        var call = new RequestOptions();
        call.Headers["X-Token"] = value;

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => client.Widgets().GetAsync("w-1", options: call));

        Assert.Contains("RequestOptions.Headers: the value of header 'X-Token' contains", refused.Message, StringComparison.Ordinal);
        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tail", refused.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task HeaderValuesMayHoldSpacesTabsAndVisibleAscii()
    {
        var handler = OkServer();
        using var client = TestClients.Create(handler);
        var call = new RequestOptions();
        call.Headers["X-Any"] = "a\tb c !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
        call.Headers["X-Empty"] = string.Empty;

        await client.Widgets().GetAsync("w-1", options: call);

        Assert.Equal("a\tb c !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", handler.Requests.Single().Header("X-Any"));
    }

    [Fact]
    public async Task GeneratedHeaderParameterThatCannotBeSentIsRefusedNamingTheParameter()
    {
        var handler = OkServer();
        using var client = TestClients.Create(handler);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => client.HotLoad.GetStatusAsync("accounts/a/models/m\n", "accounts/a/deployments/d"));

        Assert.Equal("fireworksModel", refused.ParamName);
        Assert.Contains("HotLoad_GetStatus header parameter: the value of header 'fireworks-model' contains a line break", refused.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task ContentHeaderGoesOnTheBodyOfACallThatHasOne()
    {
        var handler = OkServer();
        using var client = TestClients.Create(handler, configure: o => o.DefaultHeaders["Content-Language"] = "de");
        var call = new RequestOptions();
        call.Headers["Content-Language"] = "fr";

        await client.Widgets().CreateAsync(new Widget { Name = "w" }, options: call);
        await client.Widgets().CreateAsync(new Widget { Name = "w" });

        Assert.Equal("fr", handler.Requests[0].Header("Content-Language"));
        Assert.Equal("de", handler.Requests[1].Header("Content-Language"));
    }

    [Fact]
    public async Task PerCallContentTypeReplacesTheSdksOnEveryAttempt()
    {
        var requests = await CreateRetriedOnceAsync(("Content-Type", "application/json; charset=utf-8"));

        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal("application/json; charset=utf-8", r.Header("Content-Type")));
        Assert.All(requests, r => Assert.Equal("""{"name":"w","count":0}""", r.Body));
    }

    [Fact]
    public async Task DefaultContentHeaderDescribesBodiesSoACallWithoutOneGoesWithoutIt()
    {
        var handler = OkServer();
        using var client = TestClients.Create(handler, configure: o => o.DefaultHeaders["Content-Language"] = "de");

        await client.Widgets().GetAsync("w-1");

        Assert.Null(handler.Requests.Single().Header("Content-Language"));
    }

    /// <summary>
    /// A real HTTP/1.1 server on 127.0.0.1 that records the head of every request as it arrived on the socket (the one
    /// place a smuggled header line would show) and answers each with <c>{}</c>, closing the connection.
    /// </summary>
    private sealed class LoopbackServer : IAsyncDisposable
    {
        private readonly System.Net.Sockets.TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _heads = new();
        private readonly Task _serving;

        private LoopbackServer(System.Net.Sockets.TcpListener listener)
        {
            _listener = listener;
            _serving = ServeAsync();
        }

        public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

        public IReadOnlyList<string> RequestHeads => [.. _heads];

        public static LoopbackServer Start()
        {
            var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return new LoopbackServer(listener);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _serving.Guarded();
            _listener.Dispose();
            _stop.Dispose();
        }

        private async Task ServeAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                System.Net.Sockets.TcpClient connection;
                try
                {
                    connection = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                using (connection)
                {
                    // Bounded: a client that connects and never finishes its head cannot hold the test.
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                    timeout.CancelAfter(Wait.Guard);
                    var stream = connection.GetStream();
                    var head = new StringBuilder();
                    var buffer = new byte[4096];
                    while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                    {
                        var read = await stream.ReadAsync(buffer, timeout.Token);
                        if (read == 0)
                        {
                            break;
                        }

                        head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                    }

                    _heads.Enqueue(head.ToString());
                    await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"u8.ToArray(), timeout.Token);
                }
            }
        }
    }
}
