using System;
using System.Collections.Generic;
using System.IO;
using Fireworks.OpenApi.Diagnostics;
using SharpYaml;
using SharpYaml.Events;

namespace Fireworks.OpenApi.Document;

/// <summary>
/// Reads YAML or JSON text (JSON is YAML's flow syntax) into <see cref="SpecNode"/>s in one pass over the parser's
/// events. A key a mapping lists twice (two schemas or paths of one name) is reported as FWG004 with both locations
/// and the first one is kept; malformed text is FWG001 at the parser's position. Never throws for bad text.
/// </summary>
public static class SpecReader
{
    /// <summary>An open mapping or sequence. Frames are reused by depth: a document allocates only its nodes.</summary>
    private sealed class Frame
    {
        // Mappings this small find a duplicate key by a scan; bigger ones (paths, schemas) by a set.
        private const int SetFrom = 16;

        public Mark Start;
        public bool IsMapping;
        public string? Anchor;
        public readonly List<SpecNode> Items = new();
        public readonly List<KeyValuePair<string, SpecNode>> Entries = new();
        public readonly List<KeyValuePair<string, Mark>> Keys = new();
        private readonly HashSet<string> _keySet = new(StringComparer.Ordinal);

        // Mapping state: the pending key (null while a key is expected), or a key to drop (a duplicate or a non-scalar).
        public bool AtKey;
        public string? Key;
        public bool DropValue;

        public void Open(Mark start, bool isMapping, string? anchor)
        {
            Start = start;
            IsMapping = isMapping;
            Anchor = anchor;
            Items.Clear();
            Entries.Clear();
            Keys.Clear();
            _keySet.Clear();
            AtKey = true;
            Key = null;
            DropValue = false;
        }

        /// <summary>Records a key; false (with where the first one is) when the mapping already has it.</summary>
        public bool AddKey(string key, Mark at, out Mark first)
        {
            first = default;
            if (Keys.Count < SetFrom)
            {
                foreach (var existing in Keys)
                {
                    if (!string.Equals(existing.Key, key, StringComparison.Ordinal)) continue;
                    first = existing.Value;
                    return false;
                }
            }
            else
            {
                if (_keySet.Count == 0) foreach (var existing in Keys) _keySet.Add(existing.Key);
                if (!_keySet.Add(key))
                {
                    foreach (var existing in Keys)
                    {
                        if (string.Equals(existing.Key, key, StringComparison.Ordinal)) first = existing.Value;
                    }
                    return false;
                }
            }
            Keys.Add(new KeyValuePair<string, Mark>(key, at));
            return true;
        }

        /// <summary>The key under which the container being read inside this one will sit (<c>?</c> for a complex key).</summary>
        public string ChildKey => IsMapping ? (AtKey ? "?" : Key ?? "?") : "[]";
    }

    /// <summary>Reads the first document of <paramref name="text"/>; null (with a diagnostic) when it is malformed or empty.</summary>
    public static SpecNode? Read(string filePath, string text, List<SpecDiagnostic> diagnostics)
    {
        var found = new List<SpecDiagnostic>();
        var anchors = new Dictionary<string, SpecNode>(StringComparer.Ordinal);
        var frames = new List<Frame>();
        var depth = 0;
        SpecNode? root = null;
        var documents = 0;
        try
        {
            var parser = Parser.CreateParser(new StringReader(text));
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                switch (current)
                {
                    case DocumentStart:
                        documents++;
                        break;
                    case MappingStart mappingStart:
                        Push(current.Start, isMapping: true, AnchorOf(mappingStart.Anchor));
                        break;
                    case SequenceStart sequenceStart:
                        Push(current.Start, isMapping: false, AnchorOf(sequenceStart.Anchor));
                        break;
                    case MappingEnd or SequenceEnd:
                    {
                        var frame = frames[--depth];
                        var position = Span(frame.Start, current.End);
                        SpecNode node = frame.IsMapping ? new SpecMapping(frame.Entries.ToArray(), position) : new SpecSequence(frame.Items.ToArray(), position);
                        if (frame.Anchor is not null) anchors[frame.Anchor] = node;
                        Complete(node);
                        break;
                    }
                    case Scalar scalar:
                    {
                        if (depth > 0 && frames[depth - 1] is { IsMapping: true, AtKey: true } owner)
                        {
                            TakeKey(owner, scalar.Value, scalar.Start, scalar.End);
                            break;
                        }
                        var node = new SpecScalar(scalar.Value, Span(scalar.Start, scalar.End));
                        if (AnchorOf(scalar.Anchor) is { } anchor) anchors[anchor] = node;
                        Complete(node);
                        break;
                    }
                    case AnchorAlias alias:
                    {
                        if (!anchors.TryGetValue(alias.Value, out var target))
                        {
                            throw new YamlException(alias.Start, alias.End, $"The alias '*{alias.Value}' names no anchor");
                        }
                        if (depth > 0 && frames[depth - 1] is { IsMapping: true, AtKey: true } keyOwner)
                        {
                            if (target is SpecScalar aliasedKey) TakeKey(keyOwner, aliasedKey.Value, alias.Start, alias.End);
                            else DropKey(keyOwner);
                            break;
                        }
                        Complete(target);
                        break;
                    }
                }
            }
        }
        catch (YamlException ex)
        {
            // Duplicates found before the error are not reported: the document as a whole is unreadable.
            diagnostics.Add(SpecDiagnostics.MalformedYaml(At(filePath, ex.Start, ex.Start), WithoutPosition(ex.Message)));
            return null;
        }
        diagnostics.AddRange(found);
        return documents == 0 ? null : root;

        void Push(Mark start, bool isMapping, string? anchor)
        {
            if (depth == frames.Count) frames.Add(new Frame());
            frames[depth++].Open(start, isMapping, anchor);
        }

        void Complete(SpecNode node)
        {
            if (depth == 0)
            {
                if (documents == 1 && root is null) root = node;
                return;
            }
            var parent = frames[depth - 1];
            if (!parent.IsMapping)
            {
                parent.Items.Add(node);
                return;
            }
            if (parent.AtKey)
            {
                // A mapping or sequence used as a key: YAML allows it, OpenAPI has no use for it. Its value is dropped.
                DropKey(parent);
                return;
            }
            if (!parent.DropValue) parent.Entries.Add(new KeyValuePair<string, SpecNode>(parent.Key!, node));
            parent.AtKey = true;
            parent.Key = null;
            parent.DropValue = false;
        }

        void TakeKey(Frame owner, string key, Mark start, Mark end)
        {
            owner.AtKey = false;
            owner.Key = key;
            if (owner.AddKey(key, start, out var first)) return;
            owner.DropValue = true;
            var path = PathOf(depth - 1);
            var what = path == "components/schemas" ? "Two schemas have one name" : $"A key appears twice in the mapping '{path}'";
            found.Add(SpecDiagnostics.Duplicate(At(filePath, start, end), At(filePath, first, first), what, key, key,
                "the second is ignored (YAML and JSON keys must be unique)"));
        }

        // The slash-separated keys leading to the frame at `index` (`components/schemas`), for messages.
        string PathOf(int index)
        {
            var path = "";
            for (var i = 0; i < index; i++)
            {
                var parent = frames[i];
                path = parent.IsMapping && path.Length == 0 ? parent.ChildKey : path + "/" + parent.ChildKey;
            }
            return path;
        }

        static void DropKey(Frame owner)
        {
            owner.AtKey = false;
            owner.Key = null;
            owner.DropValue = true;
        }
    }

    private static string? AnchorOf(string? anchor) => string.IsNullOrEmpty(anchor) ? null : anchor;

    // SharpYaml counts lines and columns from 0; diagnostics (like editors) from 1.
    private static SpecPosition Span(Mark start, Mark end) =>
        new(start.Line + 1, start.Column + 1, start.Index, Math.Max(0, end.Index - start.Index));

    private static SpecLocation At(string filePath, Mark start, Mark end)
    {
        var span = Span(start, end);
        return new(filePath, span.Line, span.Column, span.Index, span.Length);
    }

    /// <summary>SharpYaml starts its messages with the span ("(Lin: 2, Col: 0, Chr: 14) - (Lin: …): "); the diagnostic has its own location.</summary>
    private static string WithoutPosition(string message)
    {
        if (!message.StartsWith("(Lin:", StringComparison.Ordinal)) return message;
        var separator = message.IndexOf("): ", StringComparison.Ordinal);
        return separator < 0 ? message : message.Substring(separator + 3);
    }
}
