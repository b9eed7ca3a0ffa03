using System;
using System.Collections.Generic;
using Fireworks.OpenApi.Diagnostics;
using Fireworks.OpenApi.Document;
using Fireworks.OpenApi.Reading;

namespace Fireworks.OpenApi.Model.Building;

/// <summary>
/// What the builders of one <see cref="ApiModel"/> share: the document and overlay, the diagnostics, the C# type
/// names claimed so far and the types built so far.
/// </summary>
internal sealed class BuildContext
{
    private readonly Dictionary<string, string> _nameOwners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SpecNode> _nameOwnerNodes = new(StringComparer.Ordinal);

    public BuildContext(OpenApiDocument document, Overlay overlay, string ns, List<SpecDiagnostic> diagnostics)
    {
        Document = document;
        File = document.FilePath;
        Overlay = overlay;
        Namespace = ns;
        Diagnostics = diagnostics;
        Schemas = document.Schemas;
        Types = new TypeRefs(ns);
    }

    public OpenApiDocument Document { get; }

    /// <summary>The spec's path, for locations.</summary>
    public string File { get; }

    public Overlay Overlay { get; }

    public string Namespace { get; }

    public List<SpecDiagnostic> Diagnostics { get; }

    /// <summary><c>components.schemas</c>, or null.</summary>
    public SpecMapping? Schemas { get; }

    public TypeRefs Types { get; }

    /// <summary>Component schema name → C# type name (models and enums; aliases are inlined and have none).</summary>
    public Dictionary<string, string> TypeNames { get; } = new(StringComparer.Ordinal);

    /// <summary>Component schemas that some PATCH sends as its body.</summary>
    public HashSet<string> UpdateBodies { get; } = new(StringComparer.Ordinal);

    public List<ModelType> Models { get; } = new();

    public List<EnumType> Enums { get; } = new();

    public List<UnionType> Unions { get; } = new();

    /// <summary>operationId → its operation object (for the positions of later diagnostics).</summary>
    public Dictionary<string, SpecNode> OperationNodes { get; } = new(StringComparer.Ordinal);

    public void Report(SpecDiagnostic diagnostic) => Diagnostics.Add(diagnostic);

    /// <summary>The location of <paramref name="node"/> in this spec.</summary>
    public SpecLocation At(SpecNode? node) => node.At(File);

    /// <summary>Reserves a C# type name; a second claimant is a name clash (reported with both locations).</summary>
    public bool Claim(string name, string owner, SpecNode at)
    {
        if (_nameOwners.TryGetValue(name, out var first))
        {
            Report(SpecDiagnostics.Duplicate(At(at), At(_nameOwnerNodes[name]), $"Two schemas map to the C# type '{name}'", first, owner,
                "the second is not generated and what uses it keeps the value as JsonElement; rename one in the overlay"));
            return false;
        }
        _nameOwners[name] = owner;
        _nameOwnerNodes[name] = at;
        return true;
    }

    /// <summary>A value kept as raw JSON, with the diagnostic that says why.</summary>
    public TypeRef KeptAsJson(SpecNode at, string why, string where)
    {
        Report(SpecDiagnostics.KeptAsJson(At(at), why, where));
        return Types.Json();
    }
}
