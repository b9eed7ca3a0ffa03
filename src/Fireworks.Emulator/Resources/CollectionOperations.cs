using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Fireworks.Aip;

namespace Fireworks.Emulator;

/// <summary>
/// The standard methods shared by every collection (AIP-131..135): read masks, list with filter/order/paging, and
/// updates that honour <c>updateMask</c>, checked against the resource's generated field declarations.
/// </summary>
internal sealed class CollectionOperations<T>
    where T : class
{
    /// <summary>Filtered lists count matches exactly up to this many resources, and estimate total_size above it.</summary>
    internal const int TotalSizeSampleLimit = 1_000;

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
    /// Lists the collection (those of its resources <paramref name="include"/> accepts) with the request's
    /// <c>filter</c>, <c>orderBy</c>, <c>pageSize</c>, <c>pageToken</c> and <c>readMask</c>, answering with the
    /// operation's typed list response. Page tokens hold the position after the last item returned (creation
    /// sequence, plus the order_by key when there is one), so a page is found by binary search in creation order and
    /// writes between pages neither repeat nor skip the resources that were there all along.
    /// Runs under the read lock: stored values are serialized, never handed out.
    /// </summary>
    public ApiResult List<TResponse>(
        ApiRequest request,
        Func<List<T>, string?, int, TResponse> createResponse,
        JsonTypeInfo<TResponse> responseTypeInfo,
        string itemsJsonName,
        Func<StoredResource<T>, bool>? include = null,
        string? scope = null)
    {
        var filterText = request.Query("filter");
        var orderByText = request.Query("orderBy");
        var filter = FilterEvaluator.Create(filterText, Kind.IsKnownField, Kind.Label);
        if (filter.Parsed is { } parsedFilter)
        {
            DeclaredFields.CheckFilter(Kind.Declarations, parsedFilter);
        }

        var ordering = ResourceOrdering.Create(orderByText, Kind.IsKnownField, Kind.Label);
        if (ordering.Parsed is { } parsedOrder)
        {
            DeclaredFields.CheckOrderBy(Kind.Declarations, parsedOrder);
        }

        var readMask = ReadMask(request);
        var pageSize = PageTokens.EffectivePageSize(request.QueryInt32("pageSize"));
        var fingerprint = PageTokens.Fingerprint(Kind.Collection, filterText, orderByText, scope);
        var cursor = PageTokens.Read(request.Query("pageToken"), fingerprint);

        var (page, total, hasMore) = ordering.IsEmpty
            ? PageInCreationOrder(filter, include, cursor, pageSize)
            : PageInRequestedOrder(filter, include, ordering, cursor, pageSize);
        string? next = null;
        if (hasMore)
        {
            var last = page[^1];
            next = PageTokens.Create(new PageCursor(last.Sequence, ordering.IsEmpty ? null : ordering.KeyOf(last.Json(Kind))), fingerprint);
        }

        var response = createResponse(page.Select(r => r.Value).ToList(), next, total);
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

    // Creation order: the page starts right after the cursor (a binary search). Without a filter the total is the
    // count. With one, a collection of up to TotalSizeSampleLimit resources is scanned whole and the total is exact;
    // above that the scan stops once the page and whether more follow are known and at least that many resources were
    // visited (after the cursor first, then from the start), and total_size is extrapolated from the share that
    // matched: AIP-158 lets total_size be an estimate, and a list then costs the same at 10,000 resources as at 1,000.
    private (List<StoredResource<T>> Page, int Total, bool HasMore) PageInCreationOrder(
        FilterEvaluator filter, Func<StoredResource<T>, bool>? include, PageCursor? cursor, int pageSize)
    {
        var all = Collection.All;
        var start = cursor is null ? 0 : Collection.IndexAfter(cursor.Sequence);
        var page = new List<StoredResource<T>>(Math.Min(pageSize, all.Count));
        var hasMore = false;
        if (filter.IsEmpty && include is null)
        {
            for (var i = start; i < all.Count && !hasMore; i++)
            {
                if (page.Count == pageSize)
                {
                    hasMore = true;
                }
                else
                {
                    page.Add(all[i]);
                }
            }

            return (page, all.Count, hasMore);
        }

        var afterCursor = all.Count - start;
        var matched = 0;
        var visited = 0;
        while (visited < all.Count && (visited < TotalSizeSampleLimit || (!hasMore && visited < afterCursor)))
        {
            var resource = all[(start + visited) % all.Count];
            var onPage = visited < afterCursor;
            visited++;
            if ((include is not null && !include(resource)) || !filter.Matches(resource.Json(Kind)))
            {
                continue;
            }

            matched++;
            if (!onPage)
            {
                continue;
            }

            if (page.Count < pageSize)
            {
                page.Add(resource);
            }
            else
            {
                hasMore = true;
            }
        }

        var unvisited = all.Count - visited;
        var total = unvisited == 0 ? matched : matched + (int)Math.Round((double)matched * unvisited / visited);
        return (page, total, hasMore);
    }

    private (List<StoredResource<T>> Page, int Total, bool HasMore) PageInRequestedOrder(
        FilterEvaluator filter, Func<StoredResource<T>, bool>? include, ResourceOrdering ordering, PageCursor? cursor, int pageSize)
    {
        var matches = Collection.All
            .Where(r => (include is null || include(r)) && filter.Matches(r.Json(Kind)))
            .Select(r => (Resource: r, Key: ordering.KeyOf(r.Json(Kind))))
            .ToList();

        // List.Sort is not stable; the sequence keeps creation order among equal keys.
        int Compare((StoredResource<T> Resource, JsonElement Key) a, JsonElement key, long sequence)
        {
            var comparison = ordering.CompareKeys(a.Key, key);
            return comparison != 0 ? comparison : a.Resource.Sequence.CompareTo(sequence);
        }

        matches.Sort((a, b) => Compare(a, b.Key, b.Resource.Sequence));
        var start = 0;
        if (cursor is not null)
        {
            var cursorKey = cursor.Key!.Value;
            while (start < matches.Count && Compare(matches[start], cursorKey, cursor.Sequence) <= 0)
            {
                start++;
            }
        }

        var page = matches.Skip(start).Take(pageSize).Select(m => m.Resource).ToList();
        return (page, matches.Count, start + page.Count < matches.Count);
    }

    /// <summary>
    /// A creation input as the service takes it: unknown fields and unknown enum names are refused (protobuf's JSON
    /// parser refuses them before the service runs), output-only fields are dropped (AIP-203: the server ignores
    /// them), and the <c>name</c> the client may have sent is returned for the id check.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="input">The resource as bound from the body.</param>
    /// <param name="bodyProperty">The body property holding the resource (<c>dataset</c>), or null when the body is the resource.</param>
    /// <param name="requestedName">The body's <c>name</c>, if it had one.</param>
    /// <exception cref="ApiException">INVALID_ARGUMENT naming the unknown field or enum value.</exception>
    public T CreationInput(ApiRequest request, T input, string? bodyProperty, out string? requestedName)
    {
        var json = request.BodyJson(bodyProperty);
        CheckSentFields(json, bodyProperty is null ? "$" : "$." + bodyProperty);
        requestedName = Kind.GetName(input);
        return WithoutOutputOnlyFields(input);
    }

    /// <summary>A creation input without the fields the server owns (the API ignores output-only fields in requests).</summary>
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
        CheckSentFields(request.BodyJson(), "$");
        if (Kind.GetName(current) is { } currentName && request.BodyJson().TryGetProperty("name", out var sentName) &&
            sentName.ValueKind == JsonValueKind.String && sentName.GetString() != currentName)
        {
            throw ApiException.InvalidArgument(
                $"The body names {Kind.Label} \"{sentName.GetString()}\" but the URL names \"{currentName}\"; they must agree (or leave name out of the body).");
        }

        var patch = (JsonObject)JsonSerializer.SerializeToNode(body, bodyTypeInfo)!;
        var before = Kind.ToNode(current);
        var after = Kind.ToNode(current);
        var maskText = request.Query("updateMask");
        var mask = string.IsNullOrWhiteSpace(maskText) ? FieldMask.All : FieldMasks.Parse(maskText, "update_mask");
        DeclaredFields.CheckMask(Kind.Declarations, Kind.IsKnownField, mask, "update_mask");

        var wildcard = mask.Paths.Any(p => p.IsWildcard);
        IEnumerable<string[]> paths = wildcard
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
                // Compared at the masked path: 'placement.region' restating the current region is no change. A masked
                // path absent from the body would clear it, which is a change too.
                var existing = FieldMasks.ValueAt(before, path);
                var requested = FieldMasks.ValueAt(patch, path);
                var masked = wildcard ? null : string.Join('.', path.Select(JsonNames.ToProtoName));
                if (!JsonNode.DeepEquals(requested, existing) && (requested is not null || masked is not null))
                {
                    var named = masked is null || masked == JsonNames.ToProtoName(field) ? string.Empty : $" (update_mask path '{masked}')";
                    throw ApiException.InvalidArgument(
                        $"Field '{JsonNames.ToProtoName(field)}' of {Kind.Label} is immutable{named}; it cannot change from {existing?.ToJsonString() ?? "unset"} to {requested?.ToJsonString() ?? "unset"}.");
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
        DeclaredFields.CheckMask(Kind.Declarations, Kind.IsKnownField, mask, "read_mask");
        return mask;
    }

    /// <summary>Every field sent must be a field of the resource, and every enum field must hold one of its names.</summary>
    private void CheckSentFields(JsonElement json, string path)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var unknown = json.EnumerateObject().Select(p => p.Name).Where(n => !Kind.IsKnownField(n)).ToList();
        if (unknown.Count > 0)
        {
            throw ApiException.InvalidArgument(
                $"Unknown field{(unknown.Count > 1 ? "s" : string.Empty)} {string.Join(", ", unknown.Select(n => $"'{n}'"))} in {path} ({Kind.Label}); the emulator serves the fields of the SDK's spec and stores nothing else.");
        }

        DeclaredFields.CheckEnumValues(Kind.Declarations, json, path);
    }
}
