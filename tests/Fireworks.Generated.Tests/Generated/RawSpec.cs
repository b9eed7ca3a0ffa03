using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Fireworks.Generated.Tests.Generated;

/// <summary>
/// The vendor spec read with YamlDotNet directly — deliberately not through the generator's model, so the tests
/// check the generated SDK against the spec rather than against the generator's own understanding of it.
/// </summary>
internal sealed class RawSpec
{
    public const string GatewayFile = "gateway-4.259.0.openapi.yaml";

    private static readonly Lazy<RawSpec> GatewayLazy = new(() => Load(GatewayFile));

    private RawSpec(string fileName, YamlMappingNode root)
    {
        FileName = fileName;
        Root = root;
    }

    public static RawSpec Gateway => GatewayLazy.Value;

    public string FileName { get; }

    public YamlMappingNode Root { get; }

    public YamlMappingNode Schemas => (YamlMappingNode)Map(Map(Root, "components")!, "schemas")!;

    public static RawSpec Load(string fileName)
    {
        var path = Path.Combine(RepoRoot(), "spec", fileName);
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        return new RawSpec(fileName, (YamlMappingNode)stream.Documents[0].RootNode);
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "spec"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root (with spec/) not found above " + AppContext.BaseDirectory);
    }

    public static YamlNode? Get(YamlMappingNode? map, string key)
    {
        if (map is null) return null;
        foreach (var entry in map.Children)
        {
            if (entry.Key is YamlScalarNode s && s.Value == key) return entry.Value;
        }
        return null;
    }

    public static YamlMappingNode? Map(YamlMappingNode? map, string key) => Get(map, key) as YamlMappingNode;

    public static string? Str(YamlMappingNode? map, string key) => (Get(map, key) as YamlScalarNode)?.Value;

    public YamlMappingNode Resolve(YamlMappingNode schema)
    {
        var reference = Str(schema, "$ref");
        return reference is null ? schema : (YamlMappingNode)Get(Schemas, reference.Split('/').Last())!;
    }

    public YamlMappingNode Operation(string path, string method) => (YamlMappingNode)Get(Map(Map(Root, "paths"), path), method.ToLowerInvariant())!;

    /// <summary>Declared parameters of an operation, with component $refs resolved.</summary>
    public IEnumerable<YamlMappingNode> Parameters(YamlMappingNode operation)
    {
        if (Get(operation, "parameters") is not YamlSequenceNode list) yield break;
        foreach (var item in list.Children.OfType<YamlMappingNode>())
        {
            var reference = Str(item, "$ref");
            yield return reference is null ? item : (YamlMappingNode)Get(Map(Map(Root, "components"), "parameters"), reference.Split('/').Last())!;
        }
    }

    /// <summary>The properties of a (resolved) object schema.</summary>
    public IEnumerable<KeyValuePair<string, YamlMappingNode>> Properties(YamlMappingNode schema)
    {
        if (Map(Resolve(schema), "properties") is not { } properties) yield break;
        foreach (var entry in properties.Children)
        {
            yield return new(((YamlScalarNode)entry.Key).Value!, (YamlMappingNode)entry.Value);
        }
    }

    /// <summary>
    /// A JSON sample that fills every property of a schema with a plausible value of its wire type
    /// (int64 as strings, enums with a real value, RFC 3339 timestamps), following $refs to a depth limit.
    /// </summary>
    public JsonNode? Sample(YamlMappingNode schema, int depth = 0, string seed = "v")
    {
        var reference = Str(schema, "$ref");
        if (reference is not null)
        {
            if (depth > 3) return null;
            return Sample(Resolve(schema), depth + 1, seed);
        }
        if (Get(schema, "enum") is YamlSequenceNode values)
        {
            var all = values.Children.OfType<YamlScalarNode>().Select(v => v.Value!).ToList();
            return JsonValue.Create(all.Count > 1 ? all[1] : all[0]);
        }
        var type = Str(schema, "type");
        var format = Str(schema, "format");
        switch (type)
        {
            case "string":
                return format switch
                {
                    "date-time" => JsonValue.Create("2024-01-02T03:04:05Z"),
                    "int64" => JsonValue.Create("1234567890123"),
                    "uint64" => JsonValue.Create("18446744073709551000"),
                    _ => JsonValue.Create(seed + "-text"),
                };
            case "integer":
                return format == "int64" ? JsonValue.Create("42") : JsonValue.Create(7);
            case "number":
                return JsonValue.Create(format == "float" ? 0.5 : 0.25);
            case "boolean":
                return JsonValue.Create(true);
            case "array":
            {
                var item = Sample((YamlMappingNode)Get(schema, "items")!, depth, seed + "-item");
                return item is null ? new JsonArray() : new JsonArray(item);
            }
            default:
            {
                var obj = new JsonObject();
                if (Map(schema, "properties") is { } properties)
                {
                    foreach (var entry in properties.Children)
                    {
                        var name = ((YamlScalarNode)entry.Key).Value!;
                        var value = Sample((YamlMappingNode)entry.Value, depth, name);
                        if (value is not null) obj[name] = value;
                    }
                }
                else if (Get(schema, "additionalProperties") is YamlMappingNode additional)
                {
                    var value = additional.Children.Count == 0 ? JsonValue.Create("free-form") : Sample(additional, depth, seed + "-value");
                    if (value is not null) obj["key-1"] = value;
                }
                if (Map(schema, "properties") is not null && Get(schema, "additionalProperties") is YamlMappingNode)
                {
                    obj["extensionField"] = JsonValue.Create("kept"); // protobufAny-style extension data
                }
                return obj;
            }
        }
    }
}
