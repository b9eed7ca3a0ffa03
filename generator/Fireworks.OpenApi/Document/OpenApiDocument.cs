using System;
using System.Collections.Generic;
using System.IO;
using Fireworks.OpenApi.Diagnostics;

namespace Fireworks.OpenApi.Document;

/// <summary>
/// An OpenAPI 3.0 or 3.1 document (YAML or JSON), read once: its nodes with their positions, the operations of its
/// paths (path-level parameters merged, references followed), its components, and local <c>$ref</c> resolution that
/// stops on cycles. The generator's model builder and the spec-diff tool both read specs through it.
/// </summary>
public sealed class OpenApiDocument
{
    /// <summary>The prefix of a reference to a component schema.</summary>
    public const string SchemaRefPrefix = "#/components/schemas/";

    private static readonly string[] HttpMethods = { "get", "put", "post", "delete", "options", "head", "patch", "trace" };
    private const int MaxReferenceHops = 32;

    private IReadOnlyList<OpenApiOperation>? _operations;

    private OpenApiDocument(string filePath, SpecMapping root, IReadOnlyList<SpecDiagnostic> readProblems)
    {
        FilePath = filePath;
        Root = root;
        ReadProblems = readProblems;
    }

    /// <summary>Reads <paramref name="text"/> (YAML or JSON). Problems (FWG001, FWG004) are in <see cref="ReadProblems"/>; the document is null when the text is malformed, empty or not a mapping.</summary>
    public static OpenApiDocument? Read(string filePath, string text, List<SpecDiagnostic> problems)
    {
        var before = problems.Count;
        var root = SpecReader.Read(filePath, text, problems);
        if (root is not SpecMapping mapping)
        {
            if (problems.Count == before) problems.Add(SpecDiagnostics.MalformedYaml(SpecLocation.None(filePath), "the document is empty or not a mapping"));
            return null;
        }
        return new OpenApiDocument(filePath, mapping, problems.GetRange(before, problems.Count - before));
    }

    /// <summary>A document over nodes built in memory (the spec-diff tool's JSON reader).</summary>
    public static OpenApiDocument FromRoot(string filePath, SpecMapping root) => new(filePath, root, Array.Empty<SpecDiagnostic>());

    /// <summary>The file the document was read from.</summary>
    public string FilePath { get; }

    /// <summary>The file name without its directory.</summary>
    public string FileName => Path.GetFileName(FilePath);

    /// <summary>The document's top-level mapping.</summary>
    public SpecMapping Root { get; }

    /// <summary>What reading found wrong but read past (duplicated keys: the first is kept).</summary>
    public IReadOnlyList<SpecDiagnostic> ReadProblems { get; }

    /// <summary>The <c>openapi</c> field (<c>3.0.3</c>, <c>3.1.0</c>), or null when absent.</summary>
    public string? OpenApiVersion => Root.Str("openapi");

    /// <summary>Whether the document is OpenAPI 3.1 (JSON Schema 2020-12: <c>type</c> lists, <c>const</c>, no <c>nullable</c>).</summary>
    public bool Is31 => OpenApiVersion?.StartsWith("3.1", StringComparison.Ordinal) == true;

    /// <summary><c>info.title</c>, or empty.</summary>
    public string Title => Root.Map("info").Str("title") ?? "";

    /// <summary><c>info.version</c>, or empty.</summary>
    public string Version => Root.Map("info").Str("version") ?? "";

    /// <summary>The first <c>servers</c> URL, or empty.</summary>
    public string ServerUrl
    {
        get
        {
            foreach (var server in Root.Seq("servers").Mappings()) return server.Str("url") ?? "";
            return "";
        }
    }

    /// <summary><c>paths</c>, or null.</summary>
    public SpecMapping? Paths => Root.Map("paths");

    /// <summary><c>components.schemas</c>, or null.</summary>
    public SpecMapping? Schemas => Root.Map("components").Map("schemas");

    /// <summary>Every operation of every path item (a <c>$ref</c>'d path item followed), in document order.</summary>
    public IReadOnlyList<OpenApiOperation> Operations => _operations ??= ReadOperations();

    /// <summary>The component schema named <paramref name="name"/>, or null.</summary>
    public SpecMapping? Schema(string name) => Schemas.Get(name) as SpecMapping;

    /// <summary>The component schema a <c>$ref</c> names (<c>#/components/schemas/Name</c>, unescaped), or null for any other reference.</summary>
    public static string? SchemaRefName(string? reference)
    {
        if (reference is null || !reference.StartsWith(SchemaRefPrefix, StringComparison.Ordinal)) return null;
        var name = reference.Substring(SchemaRefPrefix.Length);
        return name.IndexOf('/') >= 0 ? null : Unescape(name);
    }

    /// <summary>The node a local JSON pointer (<c>#/components/parameters/Id</c>) names, or null.</summary>
    public SpecNode? ResolvePointer(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal)) return null;
        SpecNode? current = Root;
        foreach (var raw in reference.Substring(2).Split('/'))
        {
            var segment = Unescape(Uri.UnescapeDataString(raw));
            current = current switch
            {
                SpecMapping map => map[segment],
                SpecSequence seq when int.TryParse(segment, out var index) && index >= 0 && index < seq.Items.Count => seq.Items[index],
                _ => null,
            };
            if (current is null) return null;
        }
        return current;
    }

    /// <summary>
    /// Follows local <c>$ref</c>s from <paramref name="node"/> to what they name. A reference that cannot be followed
    /// (dangling, external, or part of a cycle) stops the walk: the last node reached is returned with the reason.
    /// </summary>
    public SpecNode? Deref(SpecNode? node) => Deref(node, out _);

    /// <inheritdoc cref="Deref(SpecNode?)"/>
    public SpecNode? Deref(SpecNode? node, out ReferenceProblem problem)
    {
        problem = ReferenceProblem.None;
        HashSet<string>? seen = null;
        for (var hops = 0; hops < MaxReferenceHops; hops++)
        {
            var reference = node.Str("$ref");
            if (reference is null) return node;
            if (!reference.StartsWith("#/", StringComparison.Ordinal))
            {
                problem = ReferenceProblem.External;
                return node;
            }
            seen ??= new HashSet<string>(StringComparer.Ordinal);
            if (!seen.Add(reference))
            {
                problem = ReferenceProblem.Cycle;
                return node;
            }
            var target = ResolvePointer(reference);
            if (target is null)
            {
                problem = ReferenceProblem.Dangling;
                return node;
            }
            node = target;
        }
        problem = ReferenceProblem.Cycle;
        return node;
    }

    private IReadOnlyList<OpenApiOperation> ReadOperations()
    {
        var operations = new List<OpenApiOperation>();
        foreach (var path in Paths.Entries())
        {
            if (Deref(path.Value) is not SpecMapping pathItem) continue;
            foreach (var entry in pathItem.Entries)
            {
                var method = entry.Key.ToLowerInvariant();
                if (Array.IndexOf(HttpMethods, method) < 0 || entry.Value is not SpecMapping operation) continue;
                operations.Add(new OpenApiOperation(this, path.Key, method, pathItem, operation));
            }
        }
        return operations;
    }

    private static string Unescape(string segment) => segment.Replace("~1", "/").Replace("~0", "~");
}

/// <summary>Why a <c>$ref</c> could not be followed.</summary>
public enum ReferenceProblem
{
    None,
    Dangling,
    External,
    Cycle,
}
