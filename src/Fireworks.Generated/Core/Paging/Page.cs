namespace Fireworks;

/// <summary>One page of a list operation.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class Page<T>
{
    private Page(IReadOnlyList<T> items, string? nextPageToken, object? rawResponse)
    {
        Items = items;
        NextPageToken = nextPageToken;
        RawResponse = rawResponse;
    }

    /// <summary>The items of this page (possibly empty).</summary>
    public IReadOnlyList<T> Items { get; }

    /// <summary>The token of the next page, or null on the last page.</summary>
    public string? NextPageToken { get; }

    /// <summary>The whole list response (e.g. <c>ListDeploymentsResponse</c>, with <c>totalSize</c>), or null.</summary>
    public object? RawResponse { get; }

    /// <summary>Creates a page; a null or empty <paramref name="nextPageToken"/> marks the last page.</summary>
    /// <param name="items">The items; null is an empty page.</param>
    /// <param name="nextPageToken">The server's <c>nextPageToken</c>.</param>
    /// <param name="rawResponse">The response the page was read from.</param>
    /// <returns>The page.</returns>
    public static Page<T> Create(IReadOnlyList<T>? items, string? nextPageToken, object? rawResponse) =>
        new(items ?? [], string.IsNullOrEmpty(nextPageToken) ? null : nextPageToken, rawResponse);
}
