using System.Runtime.CompilerServices;

namespace Fireworks;

/// <summary>
/// The items of a list operation across all its pages, fetched lazily: a page is requested only
/// when the previous one has been consumed, one request at a time. Use <see cref="AsPages"/> for
/// page-level access (page tokens, raw responses).
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <example>
/// <code>
/// await foreach (var deployment in client.Deployments.ListAsync(cancellationToken: ct)) { … }
/// </code>
/// </example>
public class AsyncPageable<T> : IAsyncEnumerable<T>
{
    private readonly Func<string?, CancellationToken, Task<Page<T>>>? _fetchPage;

    /// <summary>Creates a pageable over <paramref name="fetchPage"/>.</summary>
    /// <param name="fetchPage">Fetches the page for a page token (null for the first page).</param>
    public AsyncPageable(Func<string?, CancellationToken, Task<Page<T>>> fetchPage)
    {
        _fetchPage = fetchPage ?? throw new ArgumentNullException(nameof(fetchPage));
    }

    /// <summary>For mocking: a derived class overrides <see cref="AsPages"/>.</summary>
    protected AsyncPageable()
    {
    }

    /// <summary>Enumerates pages, starting at <paramref name="continuationToken"/> (a previous page's <see cref="Page{T}.NextPageToken"/>) or at the first page.</summary>
    /// <param name="continuationToken">Where to resume, or null for the first page.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The pages, ending after the page without a next page token.</returns>
    /// <exception cref="InvalidOperationException">The server returned the same page token twice (the enumeration would never end).</exception>
    public virtual async IAsyncEnumerable<Page<T>> AsPages(
        string? continuationToken = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var fetchPage = _fetchPage ?? throw new InvalidOperationException(
            $"{GetType().Name} was created with the protected constructor: override {nameof(AsPages)}.");
        var token = string.IsNullOrEmpty(continuationToken) ? null : continuationToken;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await fetchPage(token, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The page fetcher returned null instead of a page.");
            yield return page;

            if (page.NextPageToken is null)
            {
                yield break;
            }

            if (page.NextPageToken == token)
            {
                throw new InvalidOperationException(
                    $"The server returned the page token it was given ('{token}') as the next one; stopping instead of looping forever.");
            }

            token = page.NextPageToken;
        }
    }

    /// <summary>Enumerates the items of every page.</summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>An enumerator over the items.</returns>
    public virtual async IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        await foreach (var page in AsPages(continuationToken: null, cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in page.Items)
            {
                yield return item;
            }
        }
    }
}
