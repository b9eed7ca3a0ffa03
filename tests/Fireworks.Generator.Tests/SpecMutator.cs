using System.Text;
using YamlDotNet.RepresentationModel;

namespace Fireworks.Generator.Tests;

/// <summary>
/// Seeded mutations of the vendor spec for the fuzz test. A mutant is a slice of the spec (a few paths and every
/// schema they reach, so it compiles in CI time) with one or two mutations applied to its tree or its text.
/// </summary>
internal sealed class SpecMutator
{
    public const string Hostile = "*/ </summary><summary> & \"q\" \\ {{ x }} ]]> \u2028 \r \u0085 \u0001 \u00e9\u4e2d @\"\\u0041\" /* // #if X";

    private static readonly string[] Kinds =
    {
        "delete-key", "wrong-type", "broken-ref", "duplicate-enum-value", "duplicate-operation-id", "duplicate-schema-name",
        "union", "truncate", "huge-description", "hostile-text", "non-utf8", "rename-schema", "self-ref", "ref-cycle", "hostile-names",
    };

    private readonly YamlMappingNode _paths;
    private readonly YamlMappingNode _schemas;
    private readonly List<string> _pathKeys;

    public SpecMutator(string vendorSpecText)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(vendorSpecText));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        _paths = (YamlMappingNode)root["paths"];
        _schemas = (YamlMappingNode)((YamlMappingNode)root["components"])["schemas"];
        _pathKeys = _paths.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList();
    }

    /// <summary>Mutant number <paramref name="index"/> of the run seeded with <paramref name="seed"/>: its kinds and text.</summary>
    public (string Kinds, string Text) Mutant(int seed, int index)
    {
        var random = new Random(unchecked(seed * 7919 + index)); // HashCode.Combine is randomised per process
        var root = Slice(random, 1 + random.Next(2));
        var kinds = new List<string> { Kinds[index % Kinds.Length] };
        if (random.Next(4) == 0) kinds.Add(Kinds[random.Next(Kinds.Length)]);
        var textMutations = new List<string>();
        foreach (var kind in kinds)
        {
            if (kind is "truncate" or "non-utf8" or "duplicate-schema-name") textMutations.Add(kind);
            else MutateTree(kind, root, random);
        }
        var text = Save(root);
        foreach (var kind in textMutations) text = MutateText(kind, text, root, random);
        return (string.Join("+", kinds), text);
    }

    // ------------------------------------------------------------------ slicing

    private YamlMappingNode Slice(Random random, int pathCount)
    {
        var paths = new YamlMappingNode();
        var schemas = new YamlMappingNode();
        var pending = new Queue<string>();
        foreach (var key in _pathKeys.OrderBy(_ => random.Next()).Take(pathCount))
        {
            var item = Clone(_paths[key]);
            paths.Add(key, item);
            foreach (var reference in Refs(item)) pending.Enqueue(reference);
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            var name = pending.Dequeue();
            if (!seen.Add(name) || !_schemas.Children.TryGetValue(new YamlScalarNode(name), out var schema)) continue;
            var copy = Clone(schema);
            schemas.Add(name, copy);
            foreach (var reference in Refs(copy)) pending.Enqueue(reference);
        }
        return new YamlMappingNode(
            new YamlScalarNode("openapi"), new YamlScalarNode("3.0.0"),
            new YamlScalarNode("info"), new YamlMappingNode(new YamlScalarNode("title"), new YamlScalarNode("Fuzz"), new YamlScalarNode("version"), new YamlScalarNode("1.0.0")),
            new YamlScalarNode("paths"), paths,
            new YamlScalarNode("components"), new YamlMappingNode(new YamlScalarNode("schemas"), schemas));
    }

    private static IEnumerable<string> Refs(YamlNode node) =>
        All(node).OfType<YamlMappingNode>()
            .Select(m => m.Children.TryGetValue(new YamlScalarNode("$ref"), out var r) ? (r as YamlScalarNode)?.Value : null)
            .Where(r => r is not null && r.StartsWith("#/components/schemas/", StringComparison.Ordinal))
            .Select(r => r!.Substring("#/components/schemas/".Length));

    private static IEnumerable<YamlNode> All(YamlNode node)
    {
        yield return node;
        IEnumerable<YamlNode> children = node switch
        {
            YamlMappingNode m => m.Children.Values,
            YamlSequenceNode s => s.Children,
            _ => Array.Empty<YamlNode>(),
        };
        foreach (var child in children)
        {
            foreach (var descendant in All(child)) yield return descendant;
        }
    }

    private static YamlNode Clone(YamlNode node) => node switch
    {
        YamlMappingNode m => new YamlMappingNode(m.Children.Select(e => new KeyValuePair<YamlNode, YamlNode>(Clone(e.Key), Clone(e.Value)))),
        YamlSequenceNode s => new YamlSequenceNode(s.Children.Select(Clone)),
        YamlScalarNode s => new YamlScalarNode(s.Value) { Style = s.Style },
        _ => new YamlScalarNode("x"),
    };

    private static string Save(YamlMappingNode root)
    {
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    // ------------------------------------------------------------------ tree mutations

    private static T Pick<T>(IReadOnlyList<T> items, Random random) => items[random.Next(items.Count)];

    private static YamlMappingNode Schemas(YamlMappingNode root) => (YamlMappingNode)((YamlMappingNode)root["components"])["schemas"];

    private static List<YamlMappingNode> Mappings(YamlMappingNode root) => All(root).OfType<YamlMappingNode>().Where(m => m.Children.Count > 0).ToList();

    private static List<YamlMappingNode> SchemaNodes(YamlMappingNode root) =>
        All(Schemas(root)).OfType<YamlMappingNode>().Where(m => m.Children.ContainsKey(new YamlScalarNode("type")) || m.Children.ContainsKey(new YamlScalarNode("$ref"))).ToList();

    private static void MutateTree(string kind, YamlMappingNode root, Random random)
    {
        switch (kind)
        {
            case "delete-key":
            {
                var map = Pick(Mappings(root), random);
                map.Children.Remove(Pick(map.Children.Keys.ToList(), random));
                break;
            }
            case "wrong-type":
            {
                var map = Pick(Mappings(root), random);
                var key = Pick(map.Children.Keys.ToList(), random);
                map.Children[key] = map.Children[key] switch
                {
                    YamlScalarNode => random.Next(2) == 0 ? new YamlSequenceNode(new YamlScalarNode("1")) : new YamlMappingNode(new YamlScalarNode("type"), new YamlScalarNode("integer")),
                    YamlSequenceNode => new YamlScalarNode(random.Next(2) == 0 ? "42" : "true"),
                    _ => random.Next(2) == 0 ? new YamlScalarNode("object") : new YamlSequenceNode(),
                };
                break;
            }
            case "broken-ref":
            {
                var refs = All(root).OfType<YamlMappingNode>().Where(m => m.Children.ContainsKey(new YamlScalarNode("$ref"))).ToList();
                if (refs.Count == 0) goto case "delete-key";
                var target = Pick(new[] { "#/components/schemas/Missing", "#/paths/x", "other.yaml#/Thing", "#/components/schemas/", "#/components/schemas/a~1b", "" }, random);
                Pick(refs, random).Children[new YamlScalarNode("$ref")] = new YamlScalarNode(target);
                break;
            }
            case "duplicate-enum-value":
            {
                var enums = All(root).OfType<YamlSequenceNode>().Where(s => s.Children.Count > 0 && s.Children.All(c => c is YamlScalarNode)).ToList();
                if (enums.Count == 0) goto case "hostile-text";
                var values = Pick(enums, random);
                values.Children.Add(new YamlScalarNode(((YamlScalarNode)Pick(values.Children.ToList(), random)).Value));
                break;
            }
            case "duplicate-operation-id":
            {
                var operations = ((YamlMappingNode)root["paths"]).Children.Values.OfType<YamlMappingNode>().SelectMany(p => p.Children.Values.OfType<YamlMappingNode>())
                    .Where(o => o.Children.ContainsKey(new YamlScalarNode("operationId"))).ToList();
                if (operations.Count == 0) goto case "delete-key";
                var source = Pick(operations, random);
                var paths = (YamlMappingNode)root["paths"];
                var copy = Clone(source);
                paths.Children[new YamlScalarNode("/v1/fuzz-copy/{x}")] = new YamlMappingNode(new YamlScalarNode("post"), copy);
                break;
            }
            case "union":
            {
                var candidates = All(Schemas(root)).OfType<YamlMappingNode>()
                    .SelectMany(m => m.Children.Where(e => e.Value is YamlMappingNode && ((YamlScalarNode)e.Key).Value is not ("properties" or "components")).Select(e => (Owner: m, e.Key)))
                    .ToList();
                if (candidates.Count == 0) goto case "delete-key";
                var (owner, key) = Pick(candidates, random);
                var composite = Pick(new[] { "oneOf", "anyOf", "allOf" }, random);
                owner.Children[key] = new YamlMappingNode(new YamlScalarNode(composite), new YamlSequenceNode(owner.Children[key], new YamlMappingNode(new YamlScalarNode("type"), new YamlScalarNode("string"))));
                break;
            }
            case "huge-description":
            {
                var text = new StringBuilder();
                while (text.Length < 60_000) text.Append("Line ").Append(text.Length).Append(" of a very long description. ").Append(random.Next(3) == 0 ? "\n" : "");
                Pick(Mappings(root), random).Children[new YamlScalarNode("description")] = new YamlScalarNode(text.ToString());
                break;
            }
            case "hostile-text":
            {
                var maps = Mappings(root);
                for (var i = 0; i < 8; i++)
                {
                    var field = Pick(new[] { "description", "summary", "title" }, random);
                    Pick(maps, random).Children[new YamlScalarNode(field)] = new YamlScalarNode(Hostile);
                }
                break;
            }
            case "rename-schema":
            {
                var schemas = Schemas(root);
                if (schemas.Children.Count == 0) goto case "hostile-text";
                var old = ((YamlScalarNode)Pick(schemas.Children.Keys.ToList(), random)).Value!;
                var renamed = Pick(new[] { "class", "2fast", "Größe", "", "!!!", "Options", "Default", "Fireworks", "System", "a.b-c d", "Value" }, random);
                if (schemas.Children.ContainsKey(new YamlScalarNode(renamed))) break;
                var node = schemas.Children[new YamlScalarNode(old)];
                schemas.Children.Remove(new YamlScalarNode(old));
                schemas.Add(renamed, node);
                foreach (var map in All(root).OfType<YamlMappingNode>().Where(m => m.Children.TryGetValue(new YamlScalarNode("$ref"), out var r) && (r as YamlScalarNode)?.Value == "#/components/schemas/" + old).ToList())
                {
                    map.Children[new YamlScalarNode("$ref")] = new YamlScalarNode("#/components/schemas/" + renamed);
                }
                break;
            }
            case "self-ref":
            {
                var schemas = Schemas(root);
                if (schemas.Children.Count == 0) goto case "delete-key";
                var name = ((YamlScalarNode)Pick(schemas.Children.Keys.ToList(), random)).Value!;
                if (random.Next(2) == 0)
                {
                    schemas.Children[new YamlScalarNode(name)] = new YamlMappingNode(new YamlScalarNode("$ref"), new YamlScalarNode("#/components/schemas/" + name));
                }
                else if (schemas.Children[new YamlScalarNode(name)] is YamlMappingNode schema && schema.Children.TryGetValue(new YamlScalarNode("properties"), out var p) && p is YamlMappingNode properties)
                {
                    properties.Children[new YamlScalarNode("fuzzSelf")] = new YamlMappingNode(new YamlScalarNode("$ref"), new YamlScalarNode("#/components/schemas/" + name));
                    properties.Children[new YamlScalarNode("fuzzSelves")] = new YamlMappingNode(new YamlScalarNode("type"), new YamlScalarNode("array"), new YamlScalarNode("items"), new YamlMappingNode(new YamlScalarNode("$ref"), new YamlScalarNode("#/components/schemas/" + name)));
                }
                break;
            }
            case "ref-cycle":
            {
                var schemas = Schemas(root);
                schemas.Children[new YamlScalarNode("FuzzA")] = new YamlMappingNode(new YamlScalarNode("type"), new YamlScalarNode("array"), new YamlScalarNode("items"), new YamlMappingNode(new YamlScalarNode("$ref"), new YamlScalarNode("#/components/schemas/FuzzB")));
                schemas.Children[new YamlScalarNode("FuzzB")] = new YamlMappingNode(new YamlScalarNode("type"), new YamlScalarNode("object"), new YamlScalarNode("additionalProperties"), new YamlMappingNode(new YamlScalarNode("$ref"), new YamlScalarNode("#/components/schemas/FuzzA")));
                var holders = SchemaNodes(root).Where(m => m.Children.ContainsKey(new YamlScalarNode("properties"))).ToList();
                if (holders.Count > 0 && Pick(holders, random).Children[new YamlScalarNode("properties")] is YamlMappingNode props)
                {
                    props.Children[new YamlScalarNode("fuzzCycle")] = new YamlMappingNode(new YamlScalarNode("$ref"), new YamlScalarNode("#/components/schemas/FuzzA"));
                }
                break;
            }
            case "hostile-names":
            {
                var propertyMaps = All(root).OfType<YamlMappingNode>().Where(m => m.Children.ContainsKey(new YamlScalarNode("properties")))
                    .Select(m => m.Children[new YamlScalarNode("properties")]).OfType<YamlMappingNode>().ToList();
                if (propertyMaps.Count == 0) goto case "hostile-text";
                var properties = Pick(propertyMaps, random);
                foreach (var name in new[] { "class", "2x", "additionalProperties", "toString", "", "a\"b\\c", "größe", "x y", "__", "getUpdateMaskPaths" })
                {
                    properties.Children[new YamlScalarNode(name)] = new YamlMappingNode(new YamlScalarNode("type"), new YamlScalarNode("string"));
                }
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    // ------------------------------------------------------------------ text mutations

    private static string MutateText(string kind, string text, YamlMappingNode root, Random random)
    {
        switch (kind)
        {
            case "truncate":
                return text.Substring(0, random.Next(text.Length));
            case "non-utf8":
            {
                var bytes = Encoding.UTF8.GetBytes(text).ToList();
                var at = random.Next(bytes.Count);
                bytes.InsertRange(at, Pick(new[] { new byte[] { 0xFF, 0xFE }, new byte[] { 0xC3, 0x28 }, new byte[] { 0x80 }, new byte[] { 0xED, 0xA0, 0x80 }, new byte[] { 0x00 } }, random));
                // What the compiler would hand the generator: a lenient UTF-8 decode, or Windows-1252 when UTF-8 fails.
                return random.Next(2) == 0 ? Encoding.UTF8.GetString(bytes.ToArray()) : Encoding.Latin1.GetString(bytes.ToArray());
            }
            case "duplicate-schema-name":
            {
                var names = Schemas(root).Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList();
                if (names.Count == 0) return text;
                // components/schemas is the last mapping of the slice: appending at its indentation repeats a key.
                var body = text.TrimEnd();
                if (body.EndsWith("...", StringComparison.Ordinal)) body = body.Substring(0, body.Length - 3).TrimEnd();
                return body + "\n    " + Pick(names, random) + ":\n      type: object\n      properties:\n        dup:\n          type: string\n";
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }
}
