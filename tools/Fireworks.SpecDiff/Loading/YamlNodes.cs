using YamlDotNet.RepresentationModel;

namespace Fireworks.SpecDiff.Loading;

/// <summary>Null-tolerant accessors over YamlDotNet's representation model.</summary>
internal static class YamlNodes
{
    public static YamlNode? Get(this YamlNode? node, string key)
    {
        if (node is not YamlMappingNode map) return null;
        foreach (var entry in map.Children)
        {
            if (entry.Key is YamlScalarNode scalar && scalar.Value == key) return entry.Value;
        }
        return null;
    }

    public static YamlMappingNode? Map(this YamlNode? node, string key) => node.Get(key) as YamlMappingNode;

    public static YamlSequenceNode? Seq(this YamlNode? node, string key) => node.Get(key) as YamlSequenceNode;

    public static string? Str(this YamlNode? node, string key) => (node.Get(key) as YamlScalarNode)?.Value;

    public static bool Flag(this YamlNode? node, string key) => string.Equals(node.Str(key), "true", StringComparison.OrdinalIgnoreCase);

    public static bool Has(this YamlNode? node, string key) => node.Get(key) is not null;

    /// <summary>The entries of a mapping whose keys are scalars, in document order.</summary>
    public static IEnumerable<KeyValuePair<string, YamlNode>> Entries(this YamlNode? node)
    {
        if (node is not YamlMappingNode map) yield break;
        foreach (var entry in map.Children)
        {
            if (entry.Key is YamlScalarNode { Value: { } key }) yield return new(key, entry.Value);
        }
    }

    /// <summary>The scalar items of a sequence, in order.</summary>
    public static IEnumerable<string> Strings(this YamlNode? node)
    {
        if (node is not YamlSequenceNode seq) yield break;
        foreach (var item in seq.Children)
        {
            if (item is YamlScalarNode { Value: { } value }) yield return value;
        }
    }

    /// <summary>A compact, order-preserving text form of any node, for equality checks and messages.</summary>
    public static string Canonical(this YamlNode? node) => node switch
    {
        null => "",
        YamlScalarNode scalar => scalar.Value ?? "null",
        YamlSequenceNode seq => "[" + string.Join(",", seq.Children.Select(Canonical)) + "]",
        YamlMappingNode map => "{" + string.Join(",", map.Children.Select(e => Canonical(e.Key) + ":" + Canonical(e.Value))) + "}",
        _ => node.ToString(),
    };
}
