using System.Net;
using System.Text;
using Xunit;

namespace Fireworks.Generated.Tests.Generated;

/// <summary>Generated signatures that read naturally at the call site.</summary>
public sealed class SignatureTests
{
    [Fact]
    public async Task Accounts_GetAsync_takes_the_account_first()
    {
        var handler = new CapturingHandler("""{"name":"accounts/my-account"}""");
        using var client = Client(handler);

        var account = await client.Accounts.GetAsync("my-account");

        Assert.Equal("accounts/my-account", account.Name);
        Assert.Equal("/v1/accounts/my-account", handler.Last!.RequestUri!.AbsolutePath);
        Assert.Empty(handler.Last.RequestUri.Query); // not sent as a read mask
    }

    [Fact]
    public async Task Empty_bodies_are_optional_and_sent_as_an_empty_object()
    {
        var handler = new CapturingHandler("{}");
        using var client = Client(handler);

        await client.RlorTrainerJobs.CancelAsync("grpo-1");

        Assert.Equal("/v1/accounts/acct-1/rlorTrainerJobs/grpo-1:cancel", handler.Last!.RequestUri!.AbsolutePath);
        Assert.Equal("{}", handler.LastBody);
    }

    private static FireworksClient Client(HttpMessageHandler handler) => new(new FireworksClientOptions
    {
        ApiKey = "test-key",
        AccountId = "acct-1",
        BaseUrl = new Uri("http://127.0.0.1:1/"),
        HttpMessageHandler = handler,
    });

    private sealed class CapturingHandler(string response) : HttpMessageHandler
    {
        public HttpRequestMessage? Last { get; private set; }

        public string? LastBody { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Last = request;
            LastBody = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(response, Encoding.UTF8, "application/json") };
        }
    }
}
