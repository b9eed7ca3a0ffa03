using System.Collections.Generic;
using System.Linq;
using Fireworks.OpenApi.Collections;
using Fireworks.OpenApi.Document;

namespace Fireworks.OpenApi.Model.Building;

/// <summary>How a union's reader picks a variant from the JSON token, and for objects from a discriminator or marker properties.</summary>
internal static class UnionDiscrimination
{
    /// <summary>The JSON token a value of <paramref name="type"/> starts with, or null when it can start with any.</summary>
    public static string? TokenOf(TypeRef type) => type.Kind switch
    {
        WireKind.String or WireKind.Timestamp or WireKind.Enum => "String",
        WireKind.Int32 or WireKind.Int64 or WireKind.UInt64 or WireKind.Float or WireKind.Double => "Number",
        WireKind.Bool => "Bool",
        WireKind.Array => "Array",
        WireKind.Model or WireKind.Map => "Object",
        _ => null,
    };

    /// <summary>
    /// Decides how the reader picks a variant, per JSON token; fills in the discriminator or marker properties of
    /// object variants. Returns why it cannot, or null.
    /// </summary>
    public static string? TellApart(List<UnionVariant> variants, Dictionary<int, SpecMapping?> objectSchemas, Dictionary<int, string> refNames, SpecMapping? discriminator)
    {
        if (variants.Count(v => v.Token == "String") > 1) return "several alternatives that are JSON strings";
        if (variants.Count(v => v.Token == "Bool") > 1) return "several alternatives that are JSON booleans";
        var numbers = variants.Where(v => v.Token == "Number").ToList();
        if (numbers.Count > 2 || (numbers.Count == 2 && numbers.Count(n => n.Type.Kind is WireKind.Int32 or WireKind.Int64 or WireKind.UInt64) != 1))
        {
            return "several alternatives that are JSON numbers (only one integer and one floating-point type can be told apart)";
        }
        var arrays = variants.Where(v => v.Token == "Array").ToList();
        if (arrays.Count > 1 && arrays.Select(a => a.ElementToken).Distinct().Count() != arrays.Count || arrays.Count > 1 && arrays.Any(a => a.ElementToken.Length == 0))
        {
            return "several array alternatives whose elements start with the same JSON token";
        }

        var objects = Enumerable.Range(0, variants.Count).Where(i => variants[i].Token == "Object").ToList();
        if (objects.Count < 2) return null;
        if (TryDiscriminator(variants, objects, objectSchemas, refNames, discriminator)) return null;

        // Marker properties: names only one variant declares. At most one variant may have none (the fallback).
        var names = objects.ToDictionary(i => i, i => SchemaShape.PropertyNames(objectSchemas[i]));
        var fallbacks = 0;
        foreach (var i in objects)
        {
            var markers = names[i].Where(n => objects.All(j => j == i || !names[j].Contains(n))).ToList();
            if (markers.Count == 0)
            {
                fallbacks++;
                variants[i] = variants[i] with { IsFallback = true };
            }
            else
            {
                variants[i] = variants[i] with { MarkerProperties = markers.ToEquatableArray() };
            }
        }
        return fallbacks > 1 ? "several object alternatives that no property tells apart (add a discriminator)" : null;
    }

    /// <summary>An explicit discriminator, or a property every object variant has with a distinct const/single enum value.</summary>
    private static bool TryDiscriminator(List<UnionVariant> variants, List<int> objects, Dictionary<int, SpecMapping?> objectSchemas, Dictionary<int, string> refNames, SpecMapping? discriminator)
    {
        var propertyName = discriminator.Str("propertyName");
        var values = new Dictionary<int, string>();
        if (propertyName is not null)
        {
            foreach (var i in objects)
            {
                var mapped = discriminator.Map("mapping").Entries()
                    .Where(e => refNames[i].Length > 0 && (e.Value as SpecScalar)?.Value == OpenApiDocument.SchemaRefPrefix + refNames[i])
                    .Select(e => e.Key)
                    .FirstOrDefault();
                // OpenAPI: without a mapping entry, the schema's name is the implied value.
                var value = mapped ?? SchemaShape.ConstOf(objectSchemas[i], propertyName) ?? refNames[i];
                if (value.Length > 0) values[i] = value;
            }
        }
        else
        {
            var candidates = objects.Select(i => SchemaShape.PropertyNames(objectSchemas[i])).Aggregate((a, b) => a.Intersect(b).ToList());
            foreach (var candidate in candidates)
            {
                var found = objects.Select(i => (i, SchemaShape.ConstOf(objectSchemas[i], candidate))).ToList();
                if (found.All(f => f.Item2 is not null) && found.Select(f => f.Item2).Distinct().Count() == found.Count)
                {
                    propertyName = candidate;
                    foreach (var (i, value) in found) values[i] = value!;
                    break;
                }
            }
        }
        if (propertyName is null || values.Count != objects.Count || values.Values.Distinct().Count() != values.Count) return false;
        foreach (var i in objects) variants[i] = variants[i] with { DiscriminatorProperty = propertyName, DiscriminatorValue = values[i] };
        return true;
    }
}
