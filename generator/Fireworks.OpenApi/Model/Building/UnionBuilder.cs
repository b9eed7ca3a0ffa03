using System;
using System.Collections.Generic;
using System.Linq;
using Fireworks.OpenApi.Collections;
using Fireworks.OpenApi.Diagnostics;
using Fireworks.OpenApi.Document;

namespace Fireworks.OpenApi.Model.Building;

/// <summary>
/// OpenAPI 3.1 / JSON Schema composition: <c>allOf</c> (a merged model), <c>anyOf</c>/<c>oneOf</c> of one schema and
/// <c>{type: 'null'}</c> (that schema; properties are nullable anyway), of several a <see cref="UnionType"/>; a union
/// whose JSON cannot tell its variants apart stays JSON with a warning.
/// </summary>
internal sealed class UnionBuilder
{
    private readonly BuildContext _context;
    private readonly SchemaTypes _types;

    public UnionBuilder(BuildContext context, SchemaTypes types)
    {
        _context = context;
        _types = types;
    }

    /// <summary>Maps <c>allOf</c>, <c>anyOf</c> and <c>oneOf</c>. Returns false when the schema has none of them.</summary>
    public bool TryResolveComposite(SpecMapping schema, string inlineName, string where, out TypeRef? result)
    {
        result = null;
        if (schema.Get("allOf") is SpecSequence allOf)
        {
            var parts = allOf.Mappings().ToList();
            result = parts.Count == 1 && !schema.Has("properties")
                ? _types.Resolve(parts[0], inlineName, where + "/allOf/0")
                : _types.InlineModel(inlineName, schema, where);
            return true;
        }

        var key = schema.Has("anyOf") ? "anyOf" : schema.Has("oneOf") ? "oneOf" : null;
        if (key is null) return false;
        if (schema.Get(key) is not SpecSequence alternatives)
        {
            _context.Report(SpecDiagnostics.Unsupported(_context.At(schema.Get(key)), $"'{key}' that is not a list", where));
            return true;
        }

        var nonNull = alternatives.Mappings().Where(a => !SchemaShape.IsNullSchema(a)).ToList();
        if (nonNull.Count == 0)
        {
            result = _context.Types.Json();
            return true;
        }
        if (nonNull.Count == 1)
        {
            result = _types.Resolve(nonNull[0], inlineName, where);
            return true;
        }

        // Nullability belongs to the property: "X | Y | null" and "X | Y" share one union type.
        var canon = string.Join("|", nonNull.Select(SchemaShape.Canonical));
        result = _types.Shared(inlineName, canon, alternatives, () => Build(schema, key, nonNull, inlineName, where));
        return true;
    }

    private TypeRef? Build(SpecMapping schema, string key, List<SpecMapping> alternatives, string name, string where)
    {
        if (!_context.Claim(name, where, schema)) return null;
        var keyNode = schema.Get(key)!;
        var variants = new List<UnionVariant>();
        var objectSchemas = new Dictionary<int, SpecMapping?>();
        var refNames = new Dictionary<int, string>();
        for (var i = 0; i < alternatives.Count; i++)
        {
            var alternative = alternatives[i];
            var type = _types.Resolve(alternative, alternative.Has("enum") ? name + "Mode" : name + "Option" + (i + 1), $"{where}/{key}/{i}");
            if (type is null) return null;
            // A free-form object (alone or as array items): a map is natural to build and keeps every value.
            if (IsFreeFormObject(type, alternative))
            {
                type = _context.Types.FreeFormMap();
            }
            else if (type.Kind == WireKind.Array && alternative.Get("items") is SpecMapping items && IsFreeFormObject(type.Element!, items))
            {
                type = _context.Types.Array(_context.Types.FreeFormMap());
            }
            var token = TokenOf(type);
            if (token is null) return _context.KeptAsJson(keyNode, $"a {type.KindName} alternative (it can start with any JSON token)", where);
            var variant = new UnionVariant(VariantName(type), i + 1, type, token, ImplicitSources(type));
            if (type.Kind == WireKind.Array) variant = variant with { ElementToken = TokenOf(type.Element!) ?? "" };
            if (variants.Any(v => v.Name == variant.Name)) return _context.KeptAsJson(keyNode, $"two alternatives of the same C# type ({type.TypeName})", where);
            variants.Add(variant);
            if (token == "Object")
            {
                objectSchemas[variants.Count - 1] = _types.Target(alternative);
                var reference = alternative.Str("$ref") ?? "";
                refNames[variants.Count - 1] = reference.StartsWith(OpenApiDocument.SchemaRefPrefix, StringComparison.Ordinal) ? reference.Substring(OpenApiDocument.SchemaRefPrefix.Length) : "";
            }
        }

        var ambiguity = UnionDiscrimination.TellApart(variants, objectSchemas, refNames, schema.Map("discriminator"));
        if (ambiguity is not null) return _context.KeptAsJson(keyNode, ambiguity, where);

        _context.Unions.Add(new UnionType(name, DocText.Of(schema), variants.ToEquatableArray(), where));
        return _context.Types.Union(name);
    }

    private static bool IsFreeFormObject(TypeRef type, SpecMapping schema) =>
        type.Kind == WireKind.Json && (SchemaShape.TypeOf(schema) == "object" || schema.Has("additionalProperties"));

    private static string? TokenOf(TypeRef type) => UnionDiscrimination.TokenOf(type);

    private static string VariantName(TypeRef type) => type.Kind switch
    {
        WireKind.String => "String",
        WireKind.Int32 => "Int32",
        WireKind.Int64 => "Int64",
        WireKind.UInt64 => "UInt64",
        WireKind.Float => "Single",
        WireKind.Double => "Double",
        WireKind.Bool => "Boolean",
        WireKind.Timestamp => "Timestamp",
        WireKind.Json => "Json",
        WireKind.Array => VariantName(type.Element!) + "List",
        WireKind.Map => type.Element!.Kind == WireKind.Json ? "Object" : VariantName(type.Element!) + "Map",
        _ => type.ShortName,
    };

    /// <summary>Types that convert implicitly to the union: C# allows no conversion from an interface, so lists and maps offer their concrete types.</summary>
    private static EquatableArray<string> ImplicitSources(TypeRef type) => type.Kind switch
    {
        WireKind.Array => new[] { type.Element!.TypeName + "[]", $"global::System.Collections.Generic.List<{type.Element!.TypeName}>" }.ToEquatableArray(),
        WireKind.Map => new[] { $"global::System.Collections.Generic.Dictionary<string, {type.Element!.TypeName}>" }.ToEquatableArray(),
        _ => new[] { type.TypeName }.ToEquatableArray(),
    };
}
