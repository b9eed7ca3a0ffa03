using System.Net;
using System.Web;
using Fireworks.Tests.Core.Infrastructure;
using Xunit;

namespace Fireworks.Tests.Core;

public sealed class PagingTests
{
    /// <summary>A server with three pages: tokens (none) → "p2" → "p3" → end.</summary>
    private static FakeHttpHandler ThreePageServer() => new((request, _) =>
    {
        var token = HttpUtility.ParseQueryString(request.Uri.Query)["pageToken"];
        var json = token switch
        {
            null => """{"widgets": [{"name": "a"}, {"name": "b"}], "nextPageToken": "p2", "totalSize": 5}""",
            "p2" => """{"widgets": [{"name": "c"}, {"name": "d"}], "nextPageToken": "p3", "totalSize": 5}""",
            "p3" => """{"widgets": [{"name": "e"}], "nextPageToken": "", "totalSize": 5}""",
            _ => throw new InvalidOperationException($"unexpected token {token}"),
        };
        return Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, json));
    });

    [Fact]
    public async Task ItemsAreEnumeratedAcrossThreePages()
    {
        var handler = ThreePageServer();
        using var client = TestClients.Create(handler);

        var names = new List<string?>();
        await foreach (var widget in client.Widgets().ListAsync(pageSize: 2))
        {
            names.Add(widget.Name);
        }

        Assert.Equal(["a", "b", "c", "d", "e"], names);
        Assert.Equal(
            [
                "/v1/accounts/test-account/widgets?pageSize=2",
                "/v1/accounts/test-account/widgets?pageSize=2&pageToken=p2",
                "/v1/accounts/test-account/widgets?pageSize=2&pageToken=p3",
            ],
            handler.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task PagesExposeTokensAndTheRawResponse()
    {
        var handler = ThreePageServer();
        using var client = TestClients.Create(handler);

        var pages = new List<Page<Widget>>();
        await foreach (var page in client.Widgets().ListAsync().AsPages())
        {
            pages.Add(page);
        }

        Assert.Equal([2, 2, 1], pages.Select(p => p.Items.Count));
        Assert.Equal(["p2", "p3", null], pages.Select(p => p.NextPageToken));
        Assert.Equal(5, Assert.IsType<ListWidgetsResponse>(pages[0].RawResponse).TotalSize);
    }

    [Fact]
    public async Task AsPagesResumesFromAContinuationToken()
    {
        var handler = ThreePageServer();
        using var client = TestClients.Create(handler);

        var items = new List<string?>();
        await foreach (var page in client.Widgets().ListAsync().AsPages("p3"))
        {
            items.AddRange(page.Items.Select(w => w.Name));
        }

        Assert.Equal(["e"], items);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task PagesAreFetchedLazilyOneAtATime()
    {
        var handler = ThreePageServer();
        using var client = TestClients.Create(handler);

        var pageable = client.Widgets().ListAsync();
        Assert.Empty(handler.Requests);

        await using var enumerator = pageable.GetAsyncEnumerator();
        Assert.True(await enumerator.MoveNextAsync());
        Assert.True(await enumerator.MoveNextAsync());
        Assert.Single(handler.Requests);
        Assert.True(await enumerator.MoveNextAsync());
        Assert.Equal("c", enumerator.Current.Name);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task ARepeatedPageTokenStopsTheEnumeration()
    {
        var pageable = new AsyncPageable<int>((token, _) => Task.FromResult(Page<int>.Create([1], "same", null)));

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var unused in pageable)
            {
            }
        });

        Assert.Contains("'same'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnumerationHonoursCancellation()
    {
        var fetched = 0;
        var pageable = new AsyncPageable<int>((token, _) =>
        {
            fetched++;
            return Task.FromResult(Page<int>.Create([fetched], "t" + fetched, null));
        });
        using var cancellation = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in pageable.WithCancellation(cancellation.Token))
            {
                if (item == 2)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        Assert.Equal(2, fetched);
    }

    [Fact]
    public async Task ADerivedPageableCanStandInForTheServer()
    {
        var names = new List<string>();
        await foreach (var name in new CannedPageable(["x", "y"]))
        {
            names.Add(name);
        }

        Assert.Equal(["x", "y"], names);
        var unconfigured = new UnconfiguredPageable();
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await unconfigured.AsPages().GetAsyncEnumerator().MoveNextAsync());
    }

    [Fact]
    public void PageCreateNormalisesNullItemsAndEmptyTokens()
    {
        var page = Page<string>.Create(null, string.Empty, null);

        Assert.Empty(page.Items);
        Assert.Null(page.NextPageToken);
    }

    private sealed class CannedPageable(string[] items) : AsyncPageable<string>
    {
        public override async IAsyncEnumerable<Page<string>> AsPages(string? continuationToken = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask;
            yield return Page<string>.Create(items, null, null);
        }
    }

    private sealed class UnconfiguredPageable : AsyncPageable<string>;
}
