using System;
using System.Collections.Generic;
using System.Linq;
using Fireworks.OpenApi.Diagnostics;
using Fireworks.OpenApi.Document;

namespace Fireworks.OpenApi.Model.Building;

/// <summary>
/// Maps schemas to C# types: component schemas get their names first, then every schema an operation or property
/// uses resolves to a primitive, a collection, a reference to a named model/enum, or an inline type built on the way.
/// </summary>
internal sealed class SchemaTypes
{
    private readonly BuildContext _context;
    private readonly Dictionary<string, (string Canon, TypeRef? Type)> _sharedInlineTypes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reportedDangling = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reportedCycles = new(StringComparer.Ordinal);
    private readonly List<string> _aliasChain = new();

    public SchemaTypes(BuildContext context)
    {
        _context = context;
        Models = new ModelBuilder(context, this);
        Enums = new EnumBuilder(context);
        Unions = new UnionBuilder(context, this);
    }

    public ModelBuilder Models { get; }

    public EnumBuilder Enums { get; }

    public UnionBuilder Unions { get; }

    private TypeRefs Types => _context.Types;

    /// <summary>Gives every component model and enum its C# name (overlay first), before anything resolves to it.</summary>
    public void NameComponents()
    {
        foreach (var entry in _context.Schemas.Entries())
        {
            if (entry.Value is not SpecMapping schema) continue;
            if (SchemaShape.Classify(schema) == ComponentKind.Alias) continue;
            var name = _context.Overlay.Types.TryGetValue(entry.Key, out var renamed) ? renamed.Value : NamingRules.TypeNameFor(entry.Key, _context.Overlay);
            if (MemberNames.IsContextMember(name))
            {
                _context.Report(SpecDiagnostics.Renamed(_context.At(entry.Value), $"Schema '{entry.Key}'", name, name + "Model", "is a member of the generated FireworksJsonContext"));
                name += "Model";
            }
            if (_context.Claim(name, $"schema '{entry.Key}'", schema)) _context.TypeNames[entry.Key] = name;
        }
    }

    /// <summary>Builds every named component model and enum (those an operation reached are built again here, as components).</summary>
    public void BuildComponents()
    {
        foreach (var entry in _context.Schemas.Entries())
        {
            if (entry.Value is not SpecMapping schema || !_context.TypeNames.TryGetValue(entry.Key, out var name)) continue;
            if (SchemaShape.Classify(schema) == ComponentKind.Enum) Enums.Build(entry.Key, name, schema);
            else Models.Build(entry.Key, name, schema, _context.UpdateBodies.Contains(entry.Key), OpenApiDocument.SchemaRefPrefix + entry.Key);
        }
    }

    /// <summary>An inline object schema as a model named <paramref name="name"/>, or null when the name is taken.</summary>
    public TypeRef? InlineModel(string name, SpecMapping schema, string where, bool isUpdateBody = false, string? origin = null) =>
        _context.Claim(name, where, schema) ? Models.Build(name, name, schema, isUpdateBody, origin ?? where) : null;

    /// <summary>Maps a schema to a C# type; null (with a diagnostic) when it cannot.</summary>
    public TypeRef? Resolve(SpecMapping schema, string inlineName, string where)
    {
        if (Unions.TryResolveComposite(schema, inlineName, where, out var composed)) return composed;
        if (schema.Has("not"))
        {
            _context.Report(SpecDiagnostics.Unsupported(_context.At(schema.Get("not")), "'not'", where));
            return null;
        }

        var reference = schema.Str("$ref");
        if (reference is not null) return ResolveReference(reference, schema, where);
        if (schema.Has("enum")) return ResolveInlineEnum(schema, inlineName, where);

        var type = SchemaShape.TypeOf(schema) ?? (schema.Get("const") is SpecScalar ? "string" : null);
        var format = schema.Str("format");
        switch (type)
        {
            case "string":
                return format switch
                {
                    "date-time" => Types.Primitive(WireKind.Timestamp, "global::System.DateTimeOffset", true),
                    "int64" => Types.Primitive(WireKind.Int64, "long", true),
                    "uint64" => Types.Primitive(WireKind.UInt64, "ulong", true),
                    _ => Types.Primitive(WireKind.String, "string", false),
                };
            case "integer":
                return format switch
                {
                    "int64" => Types.Primitive(WireKind.Int64, "long", true),
                    "uint64" => Types.Primitive(WireKind.UInt64, "ulong", true),
                    _ => Types.Primitive(WireKind.Int32, "int", true),
                };
            case "number":
                return format == "float" ? Types.Primitive(WireKind.Float, "float", true) : Types.Primitive(WireKind.Double, "double", true);
            case "boolean":
                return Types.Primitive(WireKind.Bool, "bool", true);
            case "array":
            {
                // JSON Schema: no 'items' (or a boolean one) puts no constraint on the elements, so each is kept as
                // JSON, read and written back unchanged, as a bare object is.
                if (schema.Get("items") is not SpecMapping items) return Types.Array(Types.Json());
                var element = Resolve(items, inlineName + "Item", where + "/items");
                return element is null ? null : Types.Array(element);
            }
            case "object":
            case null:
            {
                if (schema.Map("properties") is { Count: > 0 }) return InlineModel(inlineName, schema, where);
                if (schema.Get("additionalProperties") is SpecMapping valueSchema)
                {
                    var value = valueSchema.Count == 0 ? Types.Json() : Resolve(valueSchema, inlineName + "Value", where + "/additionalProperties");
                    return value is null ? null : Types.Map(value);
                }
                // A bare object (free-form JSON) stays JSON: nothing is lost, nothing is guessed.
                return Types.Json();
            }
            default:
                _context.Report(SpecDiagnostics.Unsupported(_context.At(schema.Get("type")), $"Schema type '{type}'", where));
                return null;
        }
    }

    /// <summary>
    /// One type per C# name: a second schema that maps to an existing inline name reuses its type when the two are
    /// the same schema (the overlay gives both the same name), and is a name clash otherwise.
    /// </summary>
    public TypeRef? Shared(string name, string canon, SpecNode schema, Func<TypeRef?> build)
    {
        if (_sharedInlineTypes.TryGetValue(name, out var existing))
        {
            if (existing.Canon == canon) return existing.Type;
            _context.Report(SpecDiagnostics.NameClash(_context.At(schema), name, "another schema", "this one (they differ)"));
            return null;
        }
        var type = build();
        _sharedInlineTypes[name] = (canon, type);
        return type;
    }

    /// <summary>An inline enum is the component enum with the same values, or a new enum named after where it is.</summary>
    private TypeRef? ResolveInlineEnum(SpecMapping schema, string inlineName, string where)
    {
        var values = schema.Seq("enum").Strings().ToList();
        foreach (var entry in _context.Schemas.Entries())
        {
            if (entry.Value is SpecMapping candidate && candidate.Has("enum") && _context.TypeNames.TryGetValue(entry.Key, out var existing)
                && candidate.Seq("enum").Strings().SequenceEqual(values))
            {
                return Types.Enum(existing);
            }
        }
        return Shared(inlineName, "enum:" + SchemaShape.Canonical(schema.Get("enum")!), schema,
            () => _context.Claim(inlineName, where, schema) ? Enums.Build(inlineName, inlineName, schema) : null);
    }

    private TypeRef? ResolveReference(string reference, SpecMapping at, string where)
    {
        if (!reference.StartsWith(OpenApiDocument.SchemaRefPrefix, StringComparison.Ordinal))
        {
            _context.Report(SpecDiagnostics.Unsupported(_context.At(at.Get("$ref")), $"The reference '{reference}' (only local '#/components/schemas/…' references are supported)", where));
            return null;
        }
        var target = reference.Substring(OpenApiDocument.SchemaRefPrefix.Length).Replace("~1", "/").Replace("~0", "~");
        if (_context.Schemas.Get(target) is not SpecMapping targetSchema)
        {
            if (_reportedDangling.Add(reference + "|" + where))
            {
                _context.Report(SpecDiagnostics.DanglingReference(_context.At(at.Get("$ref")), reference, where));
            }
            return null;
        }
        switch (SchemaShape.Classify(targetSchema))
        {
            case ComponentKind.Enum:
                return _context.TypeNames.TryGetValue(target, out var enumName) ? Types.Enum(enumName) : null;
            case ComponentKind.Model:
                return _context.TypeNames.TryGetValue(target, out var modelName) ? Types.Model(modelName) : null;
            default:
                // A primitive, array or map alias is inlined. Going round a cycle of aliases (A: $ref A;
                // A: array of A) never reaches an object that could carry a name, so it has no C# shape.
                var cycleStart = _aliasChain.IndexOf(target);
                if (cycleStart >= 0)
                {
                    var cycle = _aliasChain.Skip(cycleStart).Concat(new[] { target }).ToList();
                    if (_reportedCycles.Add(string.Join(">", cycle.Skip(1).OrderBy(c => c, StringComparer.Ordinal))))
                    {
                        _context.Report(SpecDiagnostics.ReferenceCycle(_context.At(targetSchema), string.Join(" → ", cycle.Select(c => $"'{c}'"))));
                    }
                    return null;
                }
                _aliasChain.Add(target);
                try
                {
                    return Resolve(targetSchema, NamingRules.TypeNameFor(target, _context.Overlay), where + ">" + target);
                }
                finally
                {
                    _aliasChain.RemoveAt(_aliasChain.Count - 1);
                }
        }
    }

    /// <summary>The component schema a <c>$ref</c> names, or the schema itself when it is not a reference.</summary>
    public SpecMapping? Target(SpecMapping? schema)
    {
        var reference = schema.Str("$ref");
        if (reference is null || !reference.StartsWith(OpenApiDocument.SchemaRefPrefix, StringComparison.Ordinal)) return schema;
        return _context.Schemas.Get(reference.Substring(OpenApiDocument.SchemaRefPrefix.Length)) as SpecMapping;
    }
}
