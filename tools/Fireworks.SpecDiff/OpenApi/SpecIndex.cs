using Fireworks.OpenApi.Document;
using Fireworks.SpecDiff.Loading;

namespace Fireworks.SpecDiff.OpenApi;

/// <summary>A parameter of an operation, after path-level and operation-level parameters are merged and references followed.</summary>
internal sealed record ParameterInfo(string Name, string In, bool Required, SpecNode? Schema, string? Description)
{
    public string Key => In + ":" + Name;
}

/// <summary>The request body of an operation (its JSON schema, or the first media type's).</summary>
internal sealed record RequestBodyInfo(bool Required, SpecNode? Schema);

/// <summary>One HTTP operation of a document.</summary>
internal sealed record OperationInfo(
    string Method,
    string Path,
    string? OperationId,
    string? Summary,
    string? Description,
    IReadOnlyList<ParameterInfo> Parameters,
    RequestBodyInfo? RequestBody,
    IReadOnlyDictionary<string, SpecNode?> SuccessResponses,
    OpenApiOperation Source)
{
    public string Key => Method + " " + Path;
}

/// <summary>
/// The parts of one OpenAPI document the differ compares: operations (with references to parameters, request
/// bodies and responses followed by the shared <see cref="OpenApiDocument"/>), component schemas, and which
/// operations reach each component schema and how.
/// </summary>
internal sealed class SpecIndex
{
    public SpecIndex(SpecDocument document)
    {
        Document = document;
        foreach (var entry in document.Document.Schemas.Entries()) Schemas[entry.Key] = entry.Value;
        foreach (var operation in document.Document.Operations)
        {
            var info = ReadOperation(operation);
            Operations[info.Key] = info;
        }
        Reach = ComputeReach();
    }

    public SpecDocument Document { get; }

    /// <summary>components.schemas by name, in document order.</summary>
    public Dictionary<string, SpecNode> Schemas { get; } = new(StringComparer.Ordinal);

    /// <summary>Operations by <c>METHOD /path</c>, in document order.</summary>
    public Dictionary<string, OperationInfo> Operations { get; } = new(StringComparer.Ordinal);

    /// <summary>Component schema name → operation key → directions through which the operation reaches the schema.</summary>
    public Dictionary<string, Dictionary<string, Directions>> Reach { get; }

    /// <summary>The component schema a <c>$ref</c> names (<c>#/components/schemas/Name</c>), or null.</summary>
    public static string? SchemaRefName(SpecNode? schema) => OpenApiDocument.SchemaRefName(schema.Str("$ref"));

    private static OperationInfo ReadOperation(OpenApiOperation operation)
    {
        var parameters = new List<ParameterInfo>();
        foreach (var parameter in operation.Parameters)
        {
            if (parameter.Name is not { } name || parameter.In is not { } location) continue;
            parameters.Add(new ParameterInfo(name, location, parameter.Required, parameter.Schema, parameter.Resolved.Str("description")));
        }

        RequestBodyInfo? body = null;
        if (operation.RequestBody is { } requestBody)
        {
            body = new RequestBodyInfo(requestBody.Bool("required"), OpenApiOperation.ContentSchema(requestBody.Map("content")));
        }

        var responses = new Dictionary<string, SpecNode?>(StringComparer.Ordinal);
        foreach (var response in operation.Responses)
        {
            if (OpenApiOperation.IsSuccessStatus(response.Key)) responses[response.Key] = OpenApiOperation.ContentSchema(response.Value.Map("content"));
        }

        return new OperationInfo(
            operation.Method.ToUpperInvariant(),
            operation.Path,
            operation.OperationId,
            operation.Summary,
            operation.Description,
            parameters,
            body,
            responses,
            operation);
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
            foreach (var media in operation.Source.RequestBody.Map("content").Entries()) Walk(media.Value.Get("schema"), operation.Key, Directions.Request, sent, reach);
            foreach (var response in operation.Source.Responses)
            {
                foreach (var media in response.Value.Map("content").Entries()) Walk(media.Value.Get("schema"), operation.Key, Directions.Response, received, reach);
            }
        }
        return reach;
    }

    private void Walk(SpecNode? schema, string operation, Directions direction, HashSet<string> visited, Dictionary<string, Dictionary<string, Directions>> reach)
    {
        if (schema is not SpecMapping map) return;
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
            if (direction == Directions.Request && property.Value.Bool("readOnly")) continue;
            if (direction == Directions.Response && property.Value.Bool("writeOnly")) continue;
            Walk(property.Value, operation, direction, visited, reach);
        }
        Walk(map.Get("items"), operation, direction, visited, reach);
        Walk(map.Get("additionalProperties"), operation, direction, visited, reach);
        Walk(map.Get("not"), operation, direction, visited, reach);
        foreach (var keyword in new[] { "allOf", "oneOf", "anyOf" })
        {
            if (map.Get(keyword) is SpecSequence branches)
            {
                foreach (var branch in branches.Items) Walk(branch, operation, direction, visited, reach);
            }
        }
    }
}
