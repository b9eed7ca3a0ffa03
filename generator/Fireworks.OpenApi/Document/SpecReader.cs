using System;
using System.Collections.Generic;
using System.IO;
using Fireworks.OpenApi.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Fireworks.OpenApi.Document;

/// <summary>
/// Reads YAML or JSON text (JSON is YAML's flow syntax) into <see cref="SpecNode"/>s in one pass over the parser's
/// events. A key a mapping lists twice (two schemas or paths of one name) is reported as FWG004 with both locations
/// and the first one is kept; malformed text is FWG001 at the parser's position. Never throws for bad text.
/// </summary>
public static class SpecReader
{
    private sealed class Frame
    {
        public Frame(ParsingEvent start, string path, bool isMapping)
        {
            Start = start;
            Path = path;
            IsMapping = isMapping;
        }

        public ParsingEvent Start { get; }
        public string Path { get; }
        public bool IsMapping { get; }
        public string? Anchor { get; set; }
        public List<SpecNode> Items { get; } = new();
        public List<KeyValuePair<string, SpecNode>> Entries { get; } = new();
        public HashSet<string>? Keys { get; set; }
        public Dictionary<string, Mark>? KeyMarks { get; set; }

        // Mapping state: the pending key (null while a key is expected), or a key to drop (a duplicate or a non-scalar).
        public bool AtKey { get; set; } = true;
        public string? Key { get; set; }
        public bool DropValue { get; set; }
    }

    /// <summary>Reads the first document of <paramref name="text"/>; null (with a diagnostic) when it is malformed or empty.</summary>
    public static SpecNode? Read(string filePath, string text, List<SpecDiagnostic> diagnostics)
    {
        var found = new List<SpecDiagnostic>();
        var anchors = new Dictionary<string, SpecNode>(StringComparer.Ordinal);
        var stack = new Stack<Frame>();
        SpecNode? root = null;
        var documents = 0;
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                switch (current)
                {
                    case DocumentStart:
                        documents++;
                        break;
                    case MappingStart mappingStart:
                        stack.Push(new Frame(current, ChildPath(stack), isMapping: true) { Anchor = AnchorOf(mappingStart.Anchor) });
                        break;
                    case SequenceStart sequenceStart:
                        stack.Push(new Frame(current, ChildPath(stack), isMapping: false) { Anchor = AnchorOf(sequenceStart.Anchor) });
                        break;
                    case MappingEnd or SequenceEnd:
                    {
                        var frame = stack.Pop();
                        var position = Span(frame.Start.Start, current.End);
                        SpecNode node = frame.IsMapping ? new SpecMapping(frame.Entries.ToArray(), position) : new SpecSequence(frame.Items.ToArray(), position);
                        if (frame.Anchor is not null) anchors[frame.Anchor] = node;
                        Complete(node);
                        break;
                    }
                    case Scalar scalar:
                    {
                        if (stack.Count > 0 && stack.Peek() is { IsMapping: true, AtKey: true } owner)
                        {
                            TakeKey(owner, scalar);
                            break;
                        }
                        var node = new SpecScalar(scalar.Value, Span(scalar.Start, scalar.End));
                        if (AnchorOf(scalar.Anchor) is { } anchor) anchors[anchor] = node;
                        Complete(node);
                        break;
                    }
                    case AnchorAlias alias:
                    {
                        if (!anchors.TryGetValue(alias.Value.Value, out var target))
                        {
                            throw new YamlException(alias.Start, alias.End, $"The alias '*{alias.Value.Value}' names no anchor");
                        }
                        if (stack.Count > 0 && stack.Peek() is { IsMapping: true, AtKey: true } keyOwner)
                        {
                            if (target is SpecScalar aliasedKey) TakeKey(keyOwner, new Scalar(aliasedKey.Value));
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
            diagnostics.Add(SpecDiagnostics.MalformedYaml(new SpecLocation(filePath, (int)ex.Start.Line, (int)ex.Start.Column, (int)ex.Start.Index, 0), ex.Message));
            return null;
        }
        diagnostics.AddRange(found);
        return documents == 0 ? null : root;

        void Complete(SpecNode node)
        {
            if (stack.Count == 0)
            {
                if (documents == 1 && root is null) root = node;
                return;
            }
            var parent = stack.Peek();
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

        void TakeKey(Frame owner, Scalar key)
        {
            owner.AtKey = false;
            owner.Key = key.Value;
            owner.Keys ??= new HashSet<string>(StringComparer.Ordinal);
            owner.KeyMarks ??= new Dictionary<string, Mark>(StringComparer.Ordinal);
            if (owner.Keys.Add(key.Value))
            {
                owner.KeyMarks[key.Value] = key.Start;
                return;
            }
            owner.DropValue = true;
            var first = owner.KeyMarks[key.Value];
            var what = owner.Path == "components/schemas" ? "Two schemas have one name" : $"A key appears twice in the mapping '{owner.Path}'";
            found.Add(SpecDiagnostics.Duplicate(At(filePath, key.Start, key.End), At(filePath, first, first), what, key.Value, key.Value,
                "the second is ignored (YAML and JSON keys must be unique)"));
        }

        static void DropKey(Frame owner)
        {
            owner.AtKey = false;
            owner.Key = null;
            owner.DropValue = true;
        }
    }

    private static string? AnchorOf(AnchorName anchor) => anchor.IsEmpty ? null : anchor.Value;

    /// <summary>The slash-separated keys leading to a new container (<c>components/schemas</c>), for messages.</summary>
    private static string ChildPath(Stack<Frame> stack)
    {
        if (stack.Count == 0) return "";
        var parent = stack.Peek();
        if (!parent.IsMapping) return parent.Path + "/[]";
        var key = parent.AtKey ? "?" : parent.Key ?? "?";
        return parent.Path.Length == 0 ? key : parent.Path + "/" + key;
    }

    private static SpecPosition Span(Mark start, Mark end) =>
        new((int)start.Line, (int)start.Column, (int)start.Index, (int)Math.Max(0, end.Index - start.Index));

    private static SpecLocation At(string filePath, Mark start, Mark end) =>
        new(filePath, (int)start.Line, (int)start.Column, (int)start.Index, (int)Math.Max(0, end.Index - start.Index));
}
