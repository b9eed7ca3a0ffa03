using Fireworks.SpecDiff.Loading;
using YamlDotNet.RepresentationModel;

namespace Fireworks.SpecDiff.OpenApi;

/// <summary>A parameter of an operation, after path-level and operation-level parameters are merged and references followed.</summary>
internal sealed record ParameterInfo(string Name, string In, bool Required, YamlNode? Schema, string? Description)
{
    public string Key => In + ":" + Name;
}

/// <summary>The request body of an operation (its JSON schema, or the first media type's).</summary>
internal sealed record RequestBodyInfo(bool Required, YamlNode? Schema);

/// <summary>One HTTP operation of a document.</summary>
internal sealed record OperationInfo(
    string Method,
    string Path,
    string? OperationId,
    string? Summary,
    string? Description,
    IReadOnlyList<ParameterInfo> Parameters,
    RequestBodyInfo? RequestBody,
    IReadOnlyDictionary<string, YamlNode?> SuccessResponses,
    YamlMappingNode Node)
{
    public string Key => Method + " " + Path;
}

/// <summary>
/// The parts of one OpenAPI document the differ compares: operations (with references to parameters, request
/// bodies and responses followed), component schemas, and which operations reach each component schema and how.
/// </summary>
internal sealed class SpecIndex
{
    private const string SchemaRefPrefix = "#/components/schemas/";
    private const int MaxReferenceHops = 32;
    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    public SpecIndex(SpecDocument document)
    {
        Document = document;
        foreach (var entry in document.Root.Map("components").Map("schemas").Entries()) Schemas[entry.Key] = entry.Value;
        foreach (var path in document.Root.Map("paths").Entries())
        {
            var pathItem = Deref(path.Value) as YamlMappingNode;
            if (pathItem is null) continue;
            foreach (var method in pathItem.Entries())
            {
                var verb = method.Key.ToLowerInvariant();
                if (Array.IndexOf(HttpMethods, verb) < 0 || method.Value is not YamlMappingNode operation) continue;
                var info = ReadOperation(path.Key, verb, pathItem, operation);
                Operations[info.Key] = info;
            }
        }
        Reach = ComputeReach();
    }

    public SpecDocument Document { get; }

    /// <summary>components.schemas by name, in document order.</summary>
    public Dictionary<string, YamlNode> Schemas { get; } = new(StringComparer.Ordinal);

    /// <summary>Operations by <c>METHOD /path</c>, in document order.</summary>
    public Dictionary<string, OperationInfo> Operations { get; } = new(StringComparer.Ordinal);

    /// <summary>Component schema name → operation key → directions through which the operation reaches the schema.</summary>
    public Dictionary<string, Dictionary<string, Directions>> Reach { get; }

    /// <summary>The component schema a <c>$ref</c> names (<c>#/components/schemas/Name</c>), or null.</summary>
    public static string? SchemaRefName(YamlNode? schema)
    {
        var reference = schema.Str("$ref");
        if (reference is null || !reference.StartsWith(SchemaRefPrefix, StringComparison.Ordinal)) return null;
        var name = reference.Substring(SchemaRefPrefix.Length);
        return name.Contains('/') ? null : name.Replace("~1", "/").Replace("~0", "~");
    }

    /// <summary>Follows <c>$ref</c>s to local non-schema components (parameters, request bodies, responses, path items).</summary>
    public YamlNode? Deref(YamlNode? node)
    {
        for (var hops = 0; hops < MaxReferenceHops; hops++)
        {
            var reference = node.Str("$ref");
            if (reference is null || !reference.StartsWith("#/", StringComparison.Ordinal)) return node;
            var target = ResolvePointer(reference);
            if (target is null) return node;
            node = target;
        }
        return node;
    }

    private YamlNode? ResolvePointer(string reference)
    {
        YamlNode? current = Document.Root;
        foreach (var raw in reference.Substring(2).Split('/'))
        {
            var segment = Uri.UnescapeDataString(raw).Replace("~1", "/").Replace("~0", "~");
            current = current switch
            {
                YamlMappingNode => current.Get(segment),
                YamlSequenceNode seq when int.TryParse(segment, out var index) && index >= 0 && index < seq.Children.Count => seq.Children[index],
                _ => null,
            };
            if (current is null) return null;
        }
        return current;
    }

    private OperationInfo ReadOperation(string path, string method, YamlMappingNode pathItem, YamlMappingNode operation)
    {
        // Operation-level parameters override path-level ones with the same name and location.
        var parameters = new Dictionary<string, ParameterInfo>(StringComparer.Ordinal);
        foreach (var list in new[] { pathItem.Seq("parameters"), operation.Seq("parameters") })
        {
            if (list is null) continue;
            foreach (var item in list.Children)
            {
                if (Deref(item) is not YamlMappingNode parameter) continue;
                var name = parameter.Str("name");
                var location = parameter.Str("in");
                if (name is null || location is null) continue;
                var info = new ParameterInfo(name, location, location == "path" || parameter.Flag("required"), parameter.Get("schema") ?? ContentSchema(parameter.Map("content")), parameter.Str("description"));
                parameters[info.Key] = info;
            }
        }

        RequestBodyInfo? body = null;
        if (Deref(operation.Get("requestBody")) is YamlMappingNode requestBody)
        {
            body = new RequestBodyInfo(requestBody.Flag("required"), ContentSchema(requestBody.Map("content")));
        }

        var responses = new Dictionary<string, YamlNode?>(StringComparer.Ordinal);
        foreach (var response in operation.Map("responses").Entries())
        {
            if (!IsSuccessStatus(response.Key)) continue;
            responses[response.Key] = ContentSchema(Deref(response.Value).Map("content"));
        }

        return new OperationInfo(
            method.ToUpperInvariant(),
            path,
            operation.Str("operationId"),
            operation.Str("summary"),
            operation.Str("description"),
            parameters.Values.ToList(),
            body,
            responses,
            operation);
    }

    private static bool IsSuccessStatus(string status) => status.Length == 3 && status[0] == '2';

    /// <summary>The JSON schema of a content map (application/json first, then any *+json or */*json, then the first one).</summary>
    private static YamlNode? ContentSchema(YamlMappingNode? content)
    {
        if (content is null) return null;
        var entries = content.Entries().ToList();
        var chosen = entries.FirstOrDefault(e => e.Key.Equals("application/json", StringComparison.OrdinalIgnoreCase));
        if (chosen.Value is null) chosen = entries.FirstOrDefault(e => e.Key.EndsWith("json", StringComparison.OrdinalIgnoreCase));
        if (chosen.Value is null && entries.Count > 0) chosen = entries[0];
        return chosen.Value?.Get("schema");
    }

    // ---------------------------------------------------------------- reach

    private Dictionary<string, Dictionary<string, Directions>> ComputeReach()
    {
        var reach = new Dictionary<string, Dictionary<string, Directions>>(StringComparer.Ordinal);
        foreach (var operation in Operations.Values)
        {
            var sent = new HashSet<string>(StringComparer.Ordinal);
            var received = new HashSet<string>(StringComparer.Ordinal);
            foreach (var parameter in operation.Parameters) Walk(parameter.Schema, operation.Key, Directions.Request, sent, reach);
            // Every media type and every status travels, not only the ones compared in detail.
            if (Deref(operation.Node.Get("requestBody")) is YamlMappingNode requestBody)
            {
                foreach (var media in requestBody.Map("content").Entries()) Walk(media.Value.Get("schema"), operation.Key, Directions.Request, sent, reach);
            }
            foreach (var response in operation.Node.Map("responses").Entries())
            {
                foreach (var media in Deref(response.Value).Map("content").Entries()) Walk(media.Value.Get("schema"), operation.Key, Directions.Response, received, reach);
            }
        }
        return reach;
    }

    private void Walk(YamlNode? schema, string operation, Directions direction, HashSet<string> visited, Dictionary<string, Dictionary<string, Directions>> reach)
    {
        if (schema is not YamlMappingNode map) return;
        var target = SchemaRefName(map);
        if (target is not null)
        {
            if (!reach.TryGetValue(target, out var users)) reach[target] = users = new Dictionary<string, Directions>(StringComparer.Ordinal);
            users[operation] = users.GetValueOrDefault(operation) | direction;
            if (visited.Add(target) && Schemas.TryGetValue(target, out var component)) Walk(component, operation, direction, visited, reach);
            return;
        }
        foreach (var property in map.Map("properties").Entries())
        {
            // A read-only property is never sent and a write-only one never received: its schema does not travel that way.
            if (direction == Directions.Request && property.Value.Flag("readOnly")) continue;
            if (direction == Directions.Response && property.Value.Flag("writeOnly")) continue;
            Walk(property.Value, operation, direction, visited, reach);
        }
        Walk(map.Get("items"), operation, direction, visited, reach);
        Walk(map.Get("additionalProperties"), operation, direction, visited, reach);
        Walk(map.Get("not"), operation, direction, visited, reach);
        foreach (var keyword in new[] { "allOf", "oneOf", "anyOf" })
        {
            if (map.Get(keyword) is YamlSequenceNode branches)
            {
                foreach (var branch in branches.Children) Walk(branch, operation, direction, visited, reach);
            }
        }
    }
}
