using System.Text.Json.Serialization;

namespace Fireworks.Tests.Core.Infrastructure;

public sealed class Widget
{
    public string? Name { get; set; }

    public int Count { get; set; }
}

public sealed class ListWidgetsResponse
{
    public List<Widget>? Widgets { get; set; }

    public string? NextPageToken { get; set; }

    public int TotalSize { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Widget))]
[JsonSerializable(typeof(ListWidgetsResponse))]
internal sealed partial class TestJsonContext : JsonSerializerContext;

/// <summary>
/// A resource client written the way the generator writes them, so the tests exercise the
/// contract between generated code and <see cref="FireworksPipeline"/>. Every call is guarded:
/// a regression that leaves a call waiting on the fake clock fails instead of hanging the run.
/// </summary>
internal sealed class WidgetsClient(FireworksPipeline pipeline)
{
    private static readonly ApiOperation GetEndpoint = new("Gateway_GetWidget", HttpMethod.Get, "/v1/accounts/{account_id}/widgets/{widget_id}");
    private static readonly ApiOperation CreateEndpoint = new("Gateway_CreateWidget", HttpMethod.Post, "/v1/accounts/{account_id}/widgets");
    private static readonly ApiOperation ResumeEndpoint = new("Gateway_ResumeWidget", HttpMethod.Post, "/v1/accounts/{account_id}/widgets/{widget_id}:resume");
    private static readonly ApiOperation DeleteEndpoint = new("Gateway_DeleteWidget", HttpMethod.Delete, "/v1/accounts/{account_id}/widgets/{widget_id}");
    private static readonly ApiOperation ListEndpoint = new("Gateway_ListWidgets", HttpMethod.Get, "/v1/accounts/{account_id}/widgets");

    public Task<Widget> GetAsync(string widgetId, string? readMask = null, string? accountId = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        PathSegment.Validate(widgetId, nameof(widgetId));
        var request = new FireworksRequest(GetEndpoint, string.Concat("/v1/accounts/", pipeline.ResolveAccountId(accountId), "/widgets/", widgetId));
        if (readMask is not null)
        {
            request.AddQuery("readMask", readMask);
        }

        return pipeline.SendAsync(request, TestJsonContext.Default.Widget, options, cancellationToken).Guarded();
    }

    public Task<Widget> CreateAsync(Widget body, string? widgetId = null, string? accountId = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = new FireworksRequest(CreateEndpoint, string.Concat("/v1/accounts/", pipeline.ResolveAccountId(accountId), "/widgets"));
        if (widgetId is not null)
        {
            request.AddQuery("widgetId", widgetId);
        }

        request.SetJsonBody(body, TestJsonContext.Default.Widget);
        return pipeline.SendAsync(request, TestJsonContext.Default.Widget, options, cancellationToken).Guarded();
    }

    public Task<Widget> ResumeAsync(string widgetId, string? accountId = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        PathSegment.Validate(widgetId, nameof(widgetId));
        var request = new FireworksRequest(ResumeEndpoint, string.Concat("/v1/accounts/", pipeline.ResolveAccountId(accountId), "/widgets/", widgetId, ":resume"));
        request.SetJsonBody(new Widget(), TestJsonContext.Default.Widget);
        return pipeline.SendAsync(request, TestJsonContext.Default.Widget, options, cancellationToken).Guarded();
    }

    public Task DeleteAsync(string widgetId, string? accountId = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        PathSegment.Validate(widgetId, nameof(widgetId));
        var request = new FireworksRequest(DeleteEndpoint, string.Concat("/v1/accounts/", pipeline.ResolveAccountId(accountId), "/widgets/", widgetId));
        return pipeline.SendAsync(request, options, cancellationToken).Guarded();
    }

    public Task<ListWidgetsResponse> ListPageAsync(
        int? pageSize = null,
        string? pageToken = null,
        string? filter = null,
        bool? showDeleted = null,
        string[]? names = null,
        string? createdAfter = null,
        string? accountId = null,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var request = new FireworksRequest(ListEndpoint, string.Concat("/v1/accounts/", pipeline.ResolveAccountId(accountId), "/widgets"));
        if (pageSize is not null)
        {
            request.AddQuery("pageSize", Fireworks.Serialization.JsonWire.FormatQuery(pageSize.Value));
        }

        if (pageToken is not null)
        {
            request.AddQuery("pageToken", pageToken);
        }

        if (filter is not null)
        {
            request.AddQuery("filter", filter);
        }

        if (showDeleted is not null)
        {
            request.AddQuery("showDeleted", Fireworks.Serialization.JsonWire.FormatQuery(showDeleted.Value));
        }

        if (names is not null)
        {
            request.AddQuery("names", Fireworks.Serialization.JsonWire.FormatQueryArray(names));
        }

        if (createdAfter is not null)
        {
            request.AddQuery("createdAfter", createdAfter);
        }

        return pipeline.SendAsync(request, TestJsonContext.Default.ListWidgetsResponse, options, cancellationToken).Guarded();
    }

    public AsyncPageable<Widget> ListAsync(int? pageSize = null, string? filter = null, string? accountId = null, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        new(async (pageToken, token) =>
        {
            var response = await ListPageAsync(pageSize, pageToken, filter, accountId: accountId, options: options, cancellationToken: token).ConfigureAwait(false);
            return Page<Widget>.Create(response.Widgets, response.NextPageToken, response);
        });
}
