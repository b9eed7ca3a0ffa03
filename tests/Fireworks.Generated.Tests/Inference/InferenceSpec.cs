using System.Text.Json.Nodes;
using Fireworks.Generated.Tests.Generated;
using YamlDotNet.RepresentationModel;

namespace Fireworks.Tests.Inference;

/// <summary>
/// The inference spec (OpenAPI 3.1) read directly with YamlDotNet, and JSON samples built from its schemas, choosing
/// a given alternative of each <c>anyOf</c>/<c>oneOf</c> — independent of the generator's own reading.
/// </summary>
internal static class InferenceSpec
{
    public const string File = "text-completion.openapi.yaml";

    private static readonly Lazy<RawSpec> Lazy = new(() => RawSpec.Load(File));

    public static RawSpec Spec => Lazy.Value;

    /// <summary>A property whose schema is a union of two or more non-null alternatives.</summary>
    public sealed record UnionSite(string Schema, string Property, IReadOnlyList<YamlMappingNode> Alternatives)
    {
        public override string ToString() => $"{Schema}.{Property}";
    }

    public static IEnumerable<UnionSite> UnionSites()
    {
        foreach (var schema in Spec.Schemas.Children)
        {
            var name = ((YamlScalarNode)schema.Key).Value!;
            foreach (var property in Spec.Properties((YamlMappingNode)schema.Value))
            {
                var alternatives = NonNullAlternatives(property.Value);
                if (alternatives.Count > 1) yield return new UnionSite(name, property.Key, alternatives);
            }
        }
    }

    public static List<YamlMappingNode> NonNullAlternatives(YamlMappingNode schema) =>
        (RawSpec.Get(schema, "anyOf") ?? RawSpec.Get(schema, "oneOf")) is YamlSequenceNode list
            ? list.Children.OfType<YamlMappingNode>().Where(a => RawSpec.Str(a, "type") != "null").ToList()
            : [];

    /// <summary>A sample of <paramref name="schema"/>; unions take their first non-null alternative.</summary>
    public static JsonNode? Sample(YamlMappingNode schema, int depth = 0, string seed = "v")
    {
        if (RawSpec.Str(schema, "$ref") is not null)
        {
            return depth > 4 ? null : Sample(Spec.Resolve(schema), depth + 1, seed);
        }

        var alternatives = NonNullAlternatives(schema);
        if (alternatives.Count > 0) return Sample(alternatives[0], depth, seed);
        if (RawSpec.Get(schema, "const") is YamlScalarNode constant) return JsonValue.Create(constant.Value);
        if (RawSpec.Get(schema, "enum") is YamlSequenceNode values) return JsonValue.Create(((YamlScalarNode)values.Children[^1]).Value);

        switch (RawSpec.Str(schema, "type"))
        {
            case "string":
                return JsonValue.Create(seed + "-text");
            case "integer":
                return JsonValue.Create(7);
            case "number":
                return JsonValue.Create(0.25);
            case "boolean":
                return JsonValue.Create(true);
            case "array":
            {
                var item = Sample((YamlMappingNode)RawSpec.Get(schema, "items")!, depth, seed + "-item");
                return item is null ? new JsonArray() : new JsonArray(item);
            }

            case "object" or null when RawSpec.Map(schema, "properties") is { } properties:
            {
                var obj = new JsonObject();
                foreach (var entry in properties.Children)
                {
                    var name = ((YamlScalarNode)entry.Key).Value!;
                    var value = Sample((YamlMappingNode)entry.Value, depth, name);
                    if (value is not null) obj[name] = value;
                }

                return obj;
            }

            case "object":
                return RawSpec.Get(schema, "additionalProperties") is YamlMappingNode { Children.Count: > 0 } valueSchema
                    ? new JsonObject { ["key-1"] = Sample(valueSchema, depth, seed + "-value") }
                    : new JsonObject { ["free"] = "form", ["n"] = 1 };
            default:
                return JsonValue.Create(seed + "-any"); // {} accepts any JSON value
        }
    }
}
