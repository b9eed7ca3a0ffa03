using System;
using System.Collections.Generic;
using Fireworks.OpenApi.Diagnostics;

namespace Fireworks.OpenApi.Document;

/// <summary>
/// One node of a YAML or JSON document with its source position: a <see cref="SpecScalar"/>, a
/// <see cref="SpecSequence"/> or a <see cref="SpecMapping"/>. Immutable once read, so one parsed document can be
/// shared by every reader (the generator's model builder, the spec-diff tool).
/// </summary>
public abstract class SpecNode
{
    private protected SpecNode(SpecPosition position) => Position = position;

    /// <summary>Where the node is in its file (line and column are 1-based; a node built in memory has none).</summary>
    public SpecPosition Position { get; }
}

/// <summary>A node's position: 1-based line and column, 0-based character index and length.</summary>
public readonly struct SpecPosition
{
    public SpecPosition(int line, int column, int index, int length)
    {
        Line = line;
        Column = column;
        Index = index;
        Length = length;
    }

    public int Line { get; }

    public int Column { get; }

    public int Index { get; }

    public int Length { get; }
}

/// <summary>A scalar: its text exactly as the document spells it (<c>true</c>, <c>3.5</c>, <c>null</c> stay text).</summary>
public sealed class SpecScalar : SpecNode
{
    public SpecScalar(string value, SpecPosition position = default)
        : base(position) => Value = value;

    public string Value { get; }
}

/// <summary>A sequence (YAML list, JSON array).</summary>
public sealed class SpecSequence : SpecNode
{
    public SpecSequence(IReadOnlyList<SpecNode> items, SpecPosition position = default)
        : base(position) => Items = items;

    public IReadOnlyList<SpecNode> Items { get; }
}

/// <summary>
/// A mapping (YAML mapping, JSON object) with scalar keys, in document order. A key appears once: the reader keeps
/// the first of duplicated keys and reports the others.
/// </summary>
public sealed class SpecMapping : SpecNode
{
    // Most schema mappings have a handful of keys, where a scan beats hashing; big ones (paths, schemas) get an index.
    private const int IndexFrom = 12;
    private readonly Dictionary<string, int>? _index;

    public SpecMapping(IReadOnlyList<KeyValuePair<string, SpecNode>> entries, SpecPosition position = default)
        : base(position)
    {
        Entries = entries;
        if (entries.Count < IndexFrom) return;
        _index = new Dictionary<string, int>(entries.Count, StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            if (!_index.ContainsKey(entries[i].Key)) _index[entries[i].Key] = i;
        }
    }

    public IReadOnlyList<KeyValuePair<string, SpecNode>> Entries { get; }

    public int Count => Entries.Count;

    /// <summary>The value of <paramref name="key"/>, or null.</summary>
    public SpecNode? this[string key]
    {
        get
        {
            if (_index is not null) return _index.TryGetValue(key, out var at) ? Entries[at].Value : null;
            for (var i = 0; i < Entries.Count; i++)
            {
                if (string.Equals(Entries[i].Key, key, StringComparison.Ordinal)) return Entries[i].Value;
            }
            return null;
        }
    }
}

/// <summary>Null-tolerant typed accessors, so a reader can walk optional parts of a document without checks at each step.</summary>
public static class SpecNodeAccess
{
    public static SpecNode? Get(this SpecNode? node, string key) => (node as SpecMapping)?[key];

    public static SpecMapping? Map(this SpecNode? node, string key) => node.Get(key) as SpecMapping;

    public static SpecSequence? Seq(this SpecNode? node, string key) => node.Get(key) as SpecSequence;

    public static string? Str(this SpecNode? node, string key) => (node.Get(key) as SpecScalar)?.Value;

    /// <summary>Whether the key holds <c>true</c> (any letter case).</summary>
    public static bool Bool(this SpecNode? node, string key) => string.Equals(node.Str(key), "true", StringComparison.OrdinalIgnoreCase);

    public static bool Has(this SpecNode? node, string key) => node.Get(key) is not null;

    /// <summary>The entries of a mapping in document order (none for anything else).</summary>
    public static IReadOnlyList<KeyValuePair<string, SpecNode>> Entries(this SpecNode? node) =>
        node is SpecMapping map ? map.Entries : Array.Empty<KeyValuePair<string, SpecNode>>();

    /// <summary>The items of a sequence (none for anything else).</summary>
    public static IReadOnlyList<SpecNode> Items(this SpecNode? node) => node is SpecSequence seq ? seq.Items : Array.Empty<SpecNode>();

    /// <summary>The mapping items of a sequence, in order.</summary>
    public static IEnumerable<SpecMapping> Mappings(this SpecNode? node)
    {
        foreach (var item in node.Items())
        {
            if (item is SpecMapping map) yield return map;
        }
    }

    /// <summary>The scalar items of a sequence, in order.</summary>
    public static IEnumerable<string> Strings(this SpecNode? node)
    {
        foreach (var item in node.Items())
        {
            if (item is SpecScalar scalar) yield return scalar.Value;
        }
    }

    /// <summary>The node's location, or the file alone when there is no node.</summary>
    public static SpecLocation At(this SpecNode? node, string filePath) =>
        node is null ? SpecLocation.None(filePath) : new(filePath, node.Position.Line, node.Position.Column, node.Position.Index, node.Position.Length);
}
