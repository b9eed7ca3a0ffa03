using System.Text.Json.Serialization;
using Microsoft.Kiota.Abstractions;

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
    public Task<Widget> GetAsync(string widgetId, string? readMask = null, string? accountId = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = pipeline.CreateRequest(Method.GET, "{+baseurl}/v1/accounts/{account_id}/widgets/{widget_id}{?readMask}");
        request.PathParameters["account_id"] = pipeline.ResolveAccountId(accountId);
        request.PathParameters["widget_id"] = widgetId;
        if (readMask is not null)
        {
            request.QueryParameters["readMask"] = readMask;
        }

        return pipeline.SendAsync(request, TestJsonContext.Default.Widget, "Gateway_GetWidget", options, cancellationToken).Guarded();
    }

    public Task<Widget> CreateAsync(Widget body, string? widgetId = null, string? accountId = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = pipeline.CreateRequest(Method.POST, "{+baseurl}/v1/accounts/{account_id}/widgets{?widgetId}");
        request.PathParameters["account_id"] = pipeline.ResolveAccountId(accountId);
        if (widgetId is not null)
        {
            request.QueryParameters["widgetId"] = widgetId;
        }

        pipeline.SetJsonContent(request, body, TestJsonContext.Default.Widget);
        return pipeline.SendAsync(request, TestJsonContext.Default.Widget, "Gateway_CreateWidget", options, cancellationToken).Guarded();
    }

    public Task<Widget> ResumeAsync(string widgetId, string? accountId = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = pipeline.CreateRequest(Method.POST, "{+baseurl}/v1/accounts/{account_id}/widgets/{widget_id}:resume");
        request.PathParameters["account_id"] = pipeline.ResolveAccountId(accountId);
        request.PathParameters["widget_id"] = widgetId;
        pipeline.SetJsonContent(request, new Widget(), TestJsonContext.Default.Widget);
        return pipeline.SendAsync(request, TestJsonContext.Default.Widget, "Gateway_ResumeWidget", options, cancellationToken).Guarded();
    }

    public Task DeleteAsync(string widgetId, string? accountId = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = pipeline.CreateRequest(Method.DELETE, "{+baseurl}/v1/accounts/{account_id}/widgets/{widget_id}");
        request.PathParameters["account_id"] = pipeline.ResolveAccountId(accountId);
        request.PathParameters["widget_id"] = widgetId;
        return pipeline.SendAsync(request, "Gateway_DeleteWidget", options, cancellationToken).Guarded();
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
        var request = pipeline.CreateRequest(Method.GET, "{+baseurl}/v1/accounts/{account_id}/widgets{?pageSize,pageToken,filter,showDeleted,names*,createdAfter}");
        request.PathParameters["account_id"] = pipeline.ResolveAccountId(accountId);
        if (pageSize is not null)
        {
            request.QueryParameters["pageSize"] = pageSize.Value;
        }

        if (pageToken is not null)
        {
            request.QueryParameters["pageToken"] = pageToken;
        }

        if (filter is not null)
        {
            request.QueryParameters["filter"] = filter;
        }

        if (showDeleted is not null)
        {
            request.QueryParameters["showDeleted"] = showDeleted.Value;
        }

        if (names is not null)
        {
            request.QueryParameters["names"] = names;
        }

        if (createdAfter is not null)
        {
            request.QueryParameters["createdAfter"] = createdAfter;
        }

        return pipeline.SendAsync(request, TestJsonContext.Default.ListWidgetsResponse, "Gateway_ListWidgets", options, cancellationToken).Guarded();
    }

    public AsyncPageable<Widget> ListAsync(int? pageSize = null, string? filter = null, string? accountId = null, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        new(async (pageToken, token) =>
        {
            var response = await ListPageAsync(pageSize, pageToken, filter, accountId: accountId, options: options, cancellationToken: token).ConfigureAwait(false);
            return Page<Widget>.Create(response.Widgets, response.NextPageToken, response);
        });
}
