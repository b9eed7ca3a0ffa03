using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Fireworks.OpenApi.Collections;
using Fireworks.OpenApi.Diagnostics;
using Fireworks.OpenApi.Reading;
using YamlDotNet.RepresentationModel;

namespace Fireworks.OpenApi.Model;

// OpenAPI 3.1 / JSON Schema composition: anyOf/oneOf (nullable and unions), allOf, const.
public static partial class ApiModelBuilder
{
    private sealed partial class Builder
    {
        private readonly Dictionary<string, (string Canon, TypeRef? Type)> _sharedInlineTypes = new(StringComparer.Ordinal);
        private readonly List<UnionType> _unions = new();

        /// <summary>
        /// Maps <c>allOf</c>, <c>anyOf</c> and <c>oneOf</c>. Returns false when the schema has none of them.
        /// <c>anyOf</c>/<c>oneOf</c> of one schema and <c>{type: 'null'}</c> is that schema (properties are nullable anyway);
        /// of several, a <see cref="UnionType"/>; a union whose JSON cannot tell its variants apart stays JSON with a warning.
        /// </summary>
        private bool TryResolveComposite(YamlMappingNode schema, string inlineName, string where, out TypeRef? result)
        {
            result = null;
            if (schema.Get("allOf") is YamlSequenceNode allOf)
            {
                var parts = allOf.Children.OfType<YamlMappingNode>().ToList();
                if (parts.Count == 1 && !schema.Has("properties"))
                {
                    result = Resolve(parts[0], inlineName, where + "/allOf/0");
                }
                else
                {
                    result = Claim(inlineName, where, schema) ? BuildModel(inlineName, inlineName, schema, false, where) : null;
                }
                return true;
            }

            var key = schema.Has("anyOf") ? "anyOf" : schema.Has("oneOf") ? "oneOf" : null;
            if (key is null) return false;
            if (schema.Get(key) is not YamlSequenceNode alternatives)
            {
                _diagnostics.Add(SpecDiagnostics.Unsupported(schema.Get(key).At(_file), $"'{key}' that is not a list", where));
                return true;
            }

            var nonNull = alternatives.Children.OfType<YamlMappingNode>().Where(a => !IsNullSchema(a)).ToList();
            if (nonNull.Count == 0)
            {
                result = JsonType();
                return true;
            }
            if (nonNull.Count == 1)
            {
                result = Resolve(nonNull[0], inlineName, where);
                return true;
            }

            // Nullability belongs to the property: "X | Y | null" and "X | Y" share one union type.
            var canon = string.Join("|", nonNull.Select(Canonical));
            result = Shared(inlineName, canon, schema.Get(key)!, () => BuildUnion(schema, key, nonNull, inlineName, where));
            return true;
        }

        private static bool IsNullSchema(YamlMappingNode schema) => schema.Str("type") == "null" && !schema.Has("$ref");

        /// <summary>
        /// One type per C# name: a second schema that maps to an existing inline name reuses its type when the two are
        /// the same schema (the overlay gives both the same name), and is a name clash otherwise.
        /// </summary>
        private TypeRef? Shared(string name, string canon, YamlNode schema, Func<TypeRef?> build)
        {
            if (_sharedInlineTypes.TryGetValue(name, out var existing))
            {
                if (existing.Canon == canon) return existing.Type;
                _diagnostics.Add(SpecDiagnostics.NameClash(schema.At(_file), name, "another schema", "this one (they differ)"));
                return null;
            }
            var type = build();
            _sharedInlineTypes[name] = (canon, type);
            return type;
        }

        /// <summary>The schema's structure without its prose (title, description, examples), for "same schema" checks.</summary>
        private static string Canonical(YamlNode node)
        {
            var text = new StringBuilder();
            Write(node);
            return text.ToString();

            void Write(YamlNode current)
            {
                switch (current)
                {
                    case YamlScalarNode scalar:
                        text.Append('"').Append(scalar.Value).Append('"');
                        break;
                    case YamlSequenceNode sequence:
                        text.Append('[');
                        foreach (var item in sequence.Children) { Write(item); text.Append(','); }
                        text.Append(']');
                        break;
                    case YamlMappingNode map:
                        text.Append('{');
                        foreach (var entry in map.Entries().Where(e => e.Key is not ("title" or "description" or "examples" or "example")).OrderBy(e => e.Key, StringComparer.Ordinal))
                        {
                            text.Append(entry.Key).Append(':');
                            Write(entry.Value);
                            text.Append(',');
                        }
                        text.Append('}');
                        break;
                }
            }
        }

        private TypeRef? BuildUnion(YamlMappingNode schema, string key, List<YamlMappingNode> alternatives, string name, string where)
        {
            if (!Claim(name, where, schema)) return null;
            var variants = new List<UnionVariant>();
            var objectSchemas = new Dictionary<int, YamlMappingNode?>();
            var refNames = new Dictionary<int, string>();
            for (var i = 0; i < alternatives.Count; i++)
            {
                var alternative = alternatives[i];
                var variantWhere = $"{where}/{key}/{i}";
                var type = Resolve(alternative, alternative.Has("enum") ? name + "Mode" : name + "Option" + (i + 1), variantWhere);
                if (type is null) return null;
                // A free-form object (alone or as array items): a map is natural to build and keeps every value.
                if (IsFreeFormObject(type, alternative))
                {
                    type = FreeFormMap();
                }
                else if (type.Kind == WireKind.Array && alternative.Get("items") is YamlMappingNode items && IsFreeFormObject(type.Element!, items))
                {
                    var map = FreeFormMap();
                    type = Collection(WireKind.Array, $"global::System.Collections.Generic.IList<{map.TypeName}>", map);
                }
                var token = TokenOf(type);
                if (token is null)
                {
                    return KeptAsJson(schema.Get(key)!, $"a {type.KindName} alternative (it can start with any JSON token)", where);
                }
                var variant = new UnionVariant(VariantName(type), i + 1, type, token, ImplicitSources(type));
                if (type.Kind == WireKind.Array) variant = variant with { ElementToken = TokenOf(type.Element!) ?? "" };
                if (variants.Any(v => v.Name == variant.Name))
                {
                    return KeptAsJson(schema.Get(key)!, $"two alternatives of the same C# type ({type.TypeName})", where);
                }
                variants.Add(variant);
                if (token == "Object")
                {
                    objectSchemas[variants.Count - 1] = ObjectSchemaOf(alternative);
                    var reference = alternative.Str("$ref") ?? "";
                    refNames[variants.Count - 1] = reference.StartsWith(SchemaRefPrefix, StringComparison.Ordinal) ? reference.Substring(SchemaRefPrefix.Length) : "";
                }
            }

            var ambiguity = TellApart(variants, objectSchemas, refNames, schema.Map("discriminator"));
            if (ambiguity is not null) return KeptAsJson(schema.Get(key)!, ambiguity, where);

            var doc = Doc(schema).ToList();
            _unions.Add(new UnionType(name, doc.ToEquatableArray(), variants.ToEquatableArray(), where));
            return new TypeRef(
                WireKind.Union, $"global::{_ns}.Models.{name}", false, null, name,
                $"global::{_ns}.Serialization.{name}JsonConverter.ReadValue",
                $"global::{_ns}.Serialization.{name}JsonConverter.WriteValue");
        }

        /// <summary>
        /// Decides how the reader picks a variant, per JSON token; fills in array element tokens, the discriminator or
        /// marker properties of object variants. Returns why it cannot, or null.
        /// </summary>
        private string? TellApart(List<UnionVariant> variants, Dictionary<int, YamlMappingNode?> objectSchemas, Dictionary<int, string> refNames, YamlMappingNode? discriminator)
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

            // 1. An explicit discriminator, or a property every object variant has with a distinct const/single enum value.
            var propertyName = discriminator.Str("propertyName");
            var values = new Dictionary<int, string>();
            if (propertyName is not null)
            {
                foreach (var i in objects)
                {
                    var mapped = discriminator.Map("mapping").Entries()
                        .Where(e => refNames[i].Length > 0 && (e.Value as YamlScalarNode)?.Value == SchemaRefPrefix + refNames[i])
                        .Select(e => e.Key)
                        .FirstOrDefault();
                    // OpenAPI: without a mapping entry, the schema's name is the implied value.
                    var value = mapped ?? ConstOf(objectSchemas[i], propertyName) ?? refNames[i];
                    if (value.Length > 0) values[i] = value;
                }
            }
            else
            {
                var candidates = objects.Select(i => PropertyNames(objectSchemas[i])).Aggregate((a, b) => a.Intersect(b).ToList());
                foreach (var candidate in candidates)
                {
                    var found = objects.Select(i => (i, ConstOf(objectSchemas[i], candidate))).ToList();
                    if (found.All(f => f.Item2 is not null) && found.Select(f => f.Item2).Distinct().Count() == found.Count)
                    {
                        propertyName = candidate;
                        foreach (var (i, value) in found) values[i] = value!;
                        break;
                    }
                }
            }
            if (propertyName is not null && values.Count == objects.Count && values.Values.Distinct().Count() == values.Count)
            {
                foreach (var i in objects) variants[i] = variants[i] with { DiscriminatorProperty = propertyName, DiscriminatorValue = values[i] };
                return null;
            }

            // 2. Marker properties: names only one variant declares. At most one variant may have none (the fallback).
            var names = objects.ToDictionary(i => i, i => PropertyNames(objectSchemas[i]));
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

        private YamlMappingNode? ObjectSchemaOf(YamlMappingNode alternative)
        {
            var reference = alternative.Str("$ref");
            if (reference is null || !reference.StartsWith(SchemaRefPrefix, StringComparison.Ordinal)) return alternative;
            return _schemas.Get(reference.Substring(SchemaRefPrefix.Length)) as YamlMappingNode;
        }

        private static List<string> PropertyNames(YamlMappingNode? schema) => schema.Map("properties").Entries().Select(e => e.Key).ToList();

        /// <summary>The <c>const</c> (or single <c>enum</c> value) of a property, or null.</summary>
        private static string? ConstOf(YamlMappingNode? schema, string property)
        {
            var propertySchema = schema.Map("properties").Map(property);
            if (propertySchema.Str("const") is { } constant) return constant;
            var values = propertySchema.Seq("enum")?.Children;
            return values is { Count: 1 } && values[0] is YamlScalarNode single ? single.Value : null;
        }

        /// <summary>The string a property is fixed to by <c>const</c>, or null.</summary>
        private static string? StringConst(YamlMappingNode propertySchema) =>
            propertySchema.Get("const") is YamlScalarNode constant && TypeOf(propertySchema) is "string" or null ? constant.Value : null;

        /// <summary>Whether a property schema admits JSON null (<c>anyOf</c>/<c>oneOf</c> with <c>{type: 'null'}</c>, <c>type: [X, 'null']</c>, 3.0 <c>nullable</c>).</summary>
        private static bool IsNullable(YamlMappingNode schema) =>
            schema.Bool("nullable")
            || schema.Seq("type").Strings().Contains("null")
            || (schema.Seq("anyOf") ?? schema.Seq("oneOf"))?.Children.OfType<YamlMappingNode>().Any(IsNullSchema) == true;

        /// <summary>Numeric and length bounds, patterns and a const, as documentation lines (the server enforces them).</summary>
        private static IEnumerable<string> ConstraintDocs(YamlMappingNode schema, string? constant)
        {
            if (constant is not null) yield return $"Always <c>{XmlEscape(constant)}</c> (the JSON Schema <c>const</c>); set by the constructor.";
            var bounds = new List<string>();
            foreach (var candidate in new[] { schema }.Concat((schema.Seq("anyOf") ?? schema.Seq("oneOf"))?.Children.OfType<YamlMappingNode>() ?? Enumerable.Empty<YamlMappingNode>()))
            {
                Add(candidate, "minimum", "≥ ");
                Add(candidate, "exclusiveMinimum", "&gt; ");
                Add(candidate, "maximum", "≤ ");
                Add(candidate, "exclusiveMaximum", "&lt; ");
                Add(candidate, "minLength", "length ≥ ");
                Add(candidate, "maxLength", "length ≤ ");
                Add(candidate, "minItems", "items ≥ ");
                Add(candidate, "maxItems", "items ≤ ");
                Add(candidate, "pattern", "matches ");
            }
            if (bounds.Count > 0) yield return "Constraints: " + string.Join(", ", bounds) + ".";

            void Add(YamlMappingNode node, string key, string prefix)
            {
                if (node.Get(key) is YamlScalarNode { Value: { } value } && !(key.StartsWith("exclusive", StringComparison.Ordinal) && value is "true" or "false"))
                {
                    bounds.Add(prefix + (key == "pattern" ? "<c>" + XmlEscape(value) + "</c>" : XmlEscape(value)));
                }
            }
        }

        private TypeRef KeptAsJson(YamlNode at, string why, string where)
        {
            _diagnostics.Add(SpecDiagnostics.KeptAsJson(at.At(_file), why, where));
            return JsonType();
        }

        private static bool IsFreeFormObject(TypeRef type, YamlMappingNode schema) =>
            type.Kind == WireKind.Json && (TypeOf(schema) == "object" || schema.Has("additionalProperties"));

        private TypeRef FreeFormMap() =>
            Collection(WireKind.Map, "global::System.Collections.Generic.IDictionary<string, global::System.Text.Json.JsonElement>", JsonType());

        private TypeRef JsonType() => Primitive(WireKind.Json, "global::System.Text.Json.JsonElement", true);

        private static string? TokenOf(TypeRef type) => type.Kind switch
        {
            WireKind.String or WireKind.Timestamp or WireKind.Enum => "String",
            WireKind.Int32 or WireKind.Int64 or WireKind.UInt64 or WireKind.Float or WireKind.Double => "Number",
            WireKind.Bool => "Bool",
            WireKind.Array => "Array",
            WireKind.Model or WireKind.Map => "Object",
            _ => null,
        };

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

        /// <summary>
        /// The properties of an object schema and of every <c>allOf</c> part (a referenced part contributes its
        /// properties and required list), in declaration order; a later part overrides an earlier same-named property.
        /// </summary>
        private (List<KeyValuePair<string, YamlNode>> Properties, HashSet<string> Required) MergedProperties(YamlMappingNode schema, string origin)
        {
            var properties = new List<KeyValuePair<string, YamlNode>>();
            var required = new HashSet<string>(StringComparer.Ordinal);
            Collect(schema, 0);
            return (properties, required);

            void Collect(YamlMappingNode? part, int depth)
            {
                if (part is null) return;
                if (depth > 16)
                {
                    _diagnostics.Add(SpecDiagnostics.Unsupported(part.At(_file), "An allOf cycle", origin));
                    return;
                }
                if (part.Str("$ref") is { } reference)
                {
                    if (!reference.StartsWith(SchemaRefPrefix, StringComparison.Ordinal) || _schemas.Get(reference.Substring(SchemaRefPrefix.Length)) is not YamlMappingNode target)
                    {
                        _diagnostics.Add(SpecDiagnostics.DanglingReference(part.Get("$ref").At(_file), reference, origin + "/allOf"));
                        return;
                    }
                    Collect(target, depth + 1);
                    return;
                }
                foreach (var item in part.Seq("allOf")?.Children.OfType<YamlMappingNode>() ?? Enumerable.Empty<YamlMappingNode>()) Collect(item, depth + 1);
                foreach (var name in part.Seq("required").Strings()) required.Add(name);
                foreach (var entry in part.Map("properties").Entries())
                {
                    properties.RemoveAll(p => p.Key == entry.Key);
                    properties.Add(entry);
                }
            }
        }
    }
}
