using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Fireworks.Aip;

namespace Fireworks.Emulator;

/// <summary>
/// The standard methods shared by every collection (AIP-131..135): read masks, list with filter/order/paging, and
/// updates that honour <c>updateMask</c>. Used under the state gate.
/// </summary>
internal sealed class CollectionOperations<T>
    where T : class
{
    public CollectionOperations(ResourceCollection<T> collection) => Collection = collection;

    public ResourceCollection<T> Collection { get; }

    private ResourceKind<T> Kind => Collection.Kind;

    /// <summary>Answers with a copy of <paramref name="value"/>, reduced to the request's <c>readMask</c> when it has one.</summary>
    public ApiResult Respond(ApiRequest request, T value)
    {
        var readMask = ReadMask(request);
        return readMask is null
            ? ApiResult.Json(value, Kind.TypeInfo)
            : ApiResult.Json(FieldMasks.Project(Kind.ToNode(value), readMask));
    }

    /// <summary>
    /// Lists <paramref name="candidates"/> with the request's <c>filter</c>, <c>orderBy</c>, <c>pageSize</c>,
    /// <c>pageToken</c> and <c>readMask</c>, answering with the operation's typed list response.
    /// </summary>
    public ApiResult List<TResponse>(
        ApiRequest request,
        IEnumerable<StoredResource<T>> candidates,
        Func<List<T>, string?, int, TResponse> createResponse,
        JsonTypeInfo<TResponse> responseTypeInfo,
        string itemsJsonName,
        string? scope = null)
    {
        var filterText = request.Query("filter");
        var orderByText = request.Query("orderBy");
        var filter = FilterEvaluator.Create(filterText, Kind.IsKnownField, Kind.Label);
        var ordering = ResourceOrdering.Create(orderByText, Kind.IsKnownField, Kind.Label);
        var readMask = ReadMask(request);
        var pageSize = PageTokens.EffectivePageSize(request.QueryInt32("pageSize"));
        var fingerprint = PageTokens.Fingerprint(Kind.Collection, filterText, orderByText, scope);
        var offset = PageTokens.Read(request.Query("pageToken"), fingerprint);

        var matches = candidates
            .Select(r => (Resource: r, Json: Kind.ToElement(r.Value)))
            .Where(r => filter.Matches(r.Json))
            .ToList();
        if (!ordering.IsEmpty)
        {
            // List.Sort is not stable; the sequence keeps creation order among equal keys.
            matches.Sort((a, b) =>
            {
                var comparison = ordering.Compare(a.Json, b.Json);
                return comparison != 0 ? comparison : a.Resource.Sequence.CompareTo(b.Resource.Sequence);
            });
        }

        var page = matches.Skip(offset).Take(pageSize).Select(m => Kind.Clone(m.Resource.Value)).ToList();
        var next = offset + page.Count < matches.Count ? PageTokens.Create(offset + page.Count, fingerprint) : null;
        var response = createResponse(page, next, matches.Count);
        if (readMask is null)
        {
            return ApiResult.Json(response, responseTypeInfo);
        }

        var node = (JsonObject)JsonSerializer.SerializeToNode(response, responseTypeInfo)!;
        if (node[itemsJsonName] is JsonArray items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                items[i] = FieldMasks.Project((JsonObject)items[i]!, readMask);
            }
        }

        return ApiResult.Json(node);
    }

    /// <summary>
    /// A creation input without the fields the server owns (the API ignores output-only fields in requests).
    /// </summary>
    public T WithoutOutputOnlyFields(T input)
    {
        var node = Kind.ToNode(input);
        foreach (var field in Kind.OutputOnlyFields)
        {
            node.Remove(field);
        }

        return Kind.FromNode(node);
    }

    /// <summary>
    /// Applies an update body under the request's <c>updateMask</c>: only masked fields change (a masked field absent
    /// from the body is cleared); without a mask, or with <c>*</c>, every mutable field is replaced, as the API
    /// documents. Output-only fields are ignored; an immutable field may only be "changed" to its current value.
    /// </summary>
    /// <returns>The updated resource and the JSON names of the top-level fields whose value changed.</returns>
    /// <exception cref="ApiException">INVALID_ARGUMENT for a malformed mask, an unknown path or a change of an immutable field.</exception>
    public (T Updated, IReadOnlySet<string> ChangedFields) Update<TBody>(ApiRequest request, T current, TBody body, JsonTypeInfo<TBody> bodyTypeInfo)
        where TBody : class
    {
        var patch = (JsonObject)JsonSerializer.SerializeToNode(body, bodyTypeInfo)!;
        var before = Kind.ToNode(current);
        var after = Kind.ToNode(current);
        var maskText = request.Query("updateMask");
        var mask = string.IsNullOrWhiteSpace(maskText) ? FieldMask.All : FieldMasks.Parse(maskText, "update_mask");
        FieldMasks.CheckPaths(mask, Kind.IsKnownField, Kind.Label, "update_mask");

        IEnumerable<string[]> paths = mask.Paths.Any(p => p.IsWildcard)
            ? before.Select(p => p.Key).Union(patch.Select(p => p.Key)).Where(Kind.IsKnownField).Select(k => new[] { k }).ToList()
            : mask.Paths.Select(FieldMasks.JsonPath).ToList();
        foreach (var path in paths)
        {
            var field = path[0];
            if (Kind.OutputOnlyFields.Contains(field))
            {
                continue;
            }

            if (Kind.ImmutableFields.Contains(field))
            {
                if (patch.TryGetPropertyValue(field, out var requested) && requested is not null && !JsonNode.DeepEquals(requested, before[field]))
                {
                    throw ApiException.InvalidArgument(
                        $"Field '{JsonNames.ToProtoName(field)}' of {Kind.Label} is immutable; it cannot change from {before[field]?.ToJsonString() ?? "unset"} to {requested.ToJsonString()}.");
                }

                continue;
            }

            FieldMasks.CopyPath(patch, after, path);
        }

        var changed = after.Select(p => p.Key).Union(before.Select(p => p.Key))
            .Where(k => !JsonNode.DeepEquals(after[k], before[k]))
            .ToHashSet(StringComparer.Ordinal);
        return (Kind.FromNode(after), changed);
    }

    private FieldMask? ReadMask(ApiRequest request)
    {
        var text = request.Query("readMask");
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var mask = FieldMasks.Parse(text, "read_mask");
        FieldMasks.CheckPaths(mask, Kind.IsKnownField, Kind.Label, "read_mask");
        return mask;
    }
}
