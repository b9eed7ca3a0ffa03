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
}
