using System.Collections.Generic;
using Fireworks.OpenApi.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Fireworks.OpenApi.Reading;

/// <summary>Small typed accessors over YamlDotNet's representation model, with source locations.</summary>
internal static class YamlAccess
{
    public static YamlNode? Get(this YamlMappingNode? map, string key)
    {
        if (map is null) return null;
        foreach (var entry in map.Children)
        {
            if (entry.Key is YamlScalarNode scalar && scalar.Value == key) return entry.Value;
        }
        return null;
    }

    public static YamlMappingNode? Map(this YamlMappingNode? map, string key) => map.Get(key) as YamlMappingNode;

    public static YamlSequenceNode? Seq(this YamlMappingNode? map, string key) => map.Get(key) as YamlSequenceNode;

    public static string? Str(this YamlMappingNode? map, string key) => (map.Get(key) as YamlScalarNode)?.Value;

    public static bool Bool(this YamlMappingNode? map, string key) => map.Str(key) is "true" or "True" or "TRUE";

    public static bool Has(this YamlMappingNode? map, string key) => map.Get(key) is not null;

    public static IEnumerable<KeyValuePair<string, YamlNode>> Entries(this YamlMappingNode? map)
    {
        if (map is null) yield break;
        foreach (var entry in map.Children)
        {
            if (entry.Key is YamlScalarNode scalar && scalar.Value is not null) yield return new(scalar.Value, entry.Value);
        }
    }

    public static IEnumerable<string> Strings(this YamlSequenceNode? seq)
    {
        if (seq is null) yield break;
        foreach (var item in seq.Children)
        {
            if (item is YamlScalarNode scalar && scalar.Value is not null) yield return scalar.Value;
        }
    }

    public static SpecLocation At(this YamlNode? node, string filePath)
    {
        if (node is null) return SpecLocation.None(filePath);
        var length = (int)System.Math.Max(0, node.End.Index - node.Start.Index);
        return new SpecLocation(filePath, (int)node.Start.Line, (int)node.Start.Column, (int)node.Start.Index, length);
    }
}
