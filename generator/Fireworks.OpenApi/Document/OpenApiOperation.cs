using System;
using System.Collections.Generic;

namespace Fireworks.OpenApi.Document;

/// <summary>One HTTP operation of a <see cref="OpenApiDocument"/>, with its parameters merged and references followed.</summary>
public sealed class OpenApiOperation
{
    private IReadOnlyList<OpenApiParameter>? _parameters;

    internal OpenApiOperation(OpenApiDocument document, string path, string method, SpecMapping pathItem, SpecMapping node)
    {
        Document = document;
        Path = path;
        Method = method;
        PathItem = pathItem;
        Node = node;
    }

    public OpenApiDocument Document { get; }

    /// <summary>The path template (<c>/v1/accounts/{account_id}/deployments</c>).</summary>
    public string Path { get; }

    /// <summary>The HTTP method, lower case.</summary>
    public string Method { get; }

    /// <summary>The path item the operation belongs to.</summary>
    public SpecMapping PathItem { get; }

    /// <summary>The operation object.</summary>
    public SpecMapping Node { get; }

    /// <summary><c>METHOD /path</c>, how operations are matched across documents.</summary>
    public string Key => Method.ToUpperInvariant() + " " + Path;

    public string? OperationId => Node.Str("operationId");

    public string? Summary => Node.Str("summary");

    public string? Description => Node.Str("description");

    /// <summary>
    /// The path item's parameters, then the operation's: an operation parameter replaces a path-level one with the same
    /// name and location (and takes its place at the end). References are followed; one that cannot be is kept with its problem.
    /// </summary>
    public IReadOnlyList<OpenApiParameter> Parameters => _parameters ??= MergeParameters();

    /// <summary>The request body object (a reference followed), or null.</summary>
    public SpecMapping? RequestBody => Document.Deref(Node.Get("requestBody")) as SpecMapping;

    /// <summary>The responses by status code (<c>200</c>, <c>default</c>), each reference followed, in document order.</summary>
    public IEnumerable<KeyValuePair<string, SpecMapping?>> Responses
    {
        get
        {
            foreach (var entry in Node.Map("responses").Entries())
            {
                yield return new KeyValuePair<string, SpecMapping?>(entry.Key, Document.Deref(entry.Value) as SpecMapping);
            }
        }
    }

    /// <summary>Whether a status code is a success (<c>2XX</c>).</summary>
    public static bool IsSuccessStatus(string status) => status.Length == 3 && status[0] == '2';

    /// <summary>The schema of a content map: <c>application/json</c> first, then any <c>*json</c>, then the first media type.</summary>
    public static SpecNode? ContentSchema(SpecMapping? content)
    {
        if (content is null || content.Count == 0) return null;
        SpecNode? json = null;
        foreach (var entry in content.Entries)
        {
            if (entry.Key.Equals("application/json", StringComparison.OrdinalIgnoreCase)) return entry.Value.Get("schema");
            if (json is null && entry.Key.EndsWith("json", StringComparison.OrdinalIgnoreCase)) json = entry.Value;
        }
        return (json ?? content.Entries[0].Value).Get("schema");
    }

    private List<OpenApiParameter> MergeParameters()
    {
        var merged = new List<OpenApiParameter>();
        foreach (var list in new[] { PathItem.Seq("parameters"), Node.Seq("parameters") })
        {
            foreach (var item in list.Items())
            {
                if (item is not SpecMapping declared) continue;
                var reference = declared.Str("$ref");
                var resolved = Document.Deref(declared, out var problem) as SpecMapping;
                var parameter = new OpenApiParameter(declared, reference, problem == ReferenceProblem.None ? resolved : null, problem);
                merged.RemoveAll(p => p.Resolved is not null && parameter.Resolved is not null && p.Name == parameter.Name && p.In == parameter.In);
                merged.Add(parameter);
            }
        }
        return merged;
    }
}

/// <summary>A parameter as declared (<see cref="Declared"/>, possibly a <c>$ref</c>) and as resolved (<see cref="Resolved"/>).</summary>
public sealed class OpenApiParameter
{
    internal OpenApiParameter(SpecMapping declared, string? reference, SpecMapping? resolved, ReferenceProblem problem)
    {
        Declared = declared;
        Reference = reference;
        Resolved = resolved;
        Problem = problem;
    }

    /// <summary>The parameter item as the operation lists it.</summary>
    public SpecMapping Declared { get; }

    /// <summary>Its <c>$ref</c>, or null.</summary>
    public string? Reference { get; }

    /// <summary>The parameter object, or null when its reference cannot be followed (<see cref="Problem"/>).</summary>
    public SpecMapping? Resolved { get; }

    public ReferenceProblem Problem { get; }

    public string? Name => Resolved.Str("name");

    /// <summary>Where it goes: <c>path</c>, <c>query</c>, <c>header</c>, <c>cookie</c>.</summary>
    public string? In => Resolved.Str("in");

    /// <summary>Required: path parameters always are.</summary>
    public bool Required => In == "path" || Resolved.Bool("required");

    /// <summary>Its <c>schema</c>, or the schema of its JSON <c>content</c>, or null.</summary>
    public SpecNode? Schema
    {
        get
        {
            return Resolved.Get("schema") ?? OpenApiOperation.ContentSchema(Resolved.Map("content"));
        }
    }
}
