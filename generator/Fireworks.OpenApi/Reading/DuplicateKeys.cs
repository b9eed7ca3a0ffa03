using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Fireworks.OpenApi.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Fireworks.OpenApi.Reading;

/// <summary>
/// Finds keys that a YAML/JSON mapping lists twice (two schemas or paths of one name), which YamlDotNet's
/// representation model refuses outright. Each later duplicate is reported as FWG004 with both locations and
/// blanked out of the text (characters become spaces, line breaks stay), so the first one is read and every
/// position in the document stays where it was.
/// </summary>
internal static class DuplicateKeys
{
    private sealed class Frame(bool isMapping, string path)
    {
        public bool IsMapping { get; } = isMapping;
        public string Path { get; } = path;
        public bool AtKey { get; set; } = true;
        public string? Key { get; set; }
        public Dictionary<string, Mark> Keys { get; } = new(StringComparer.Ordinal);
        public Mark? DuplicateStart { get; set; }
    }

    public static string Remove(string filePath, string text, List<SpecDiagnostic> diagnostics)
    {
        var blanks = new List<(int Start, int End)>();
        var found = new List<SpecDiagnostic>();
        var stack = new Stack<Frame>();
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case MappingStart or SequenceStart:
                    {
                        var path = stack.Count == 0 ? "" : ChildPath(stack.Peek());
                        if (stack.Count > 0 && stack.Peek() is { IsMapping: true, AtKey: true } keyOwner) keyOwner.Key = null; // a complex key
                        stack.Push(new Frame(parser.Current is MappingStart, path));
                        break;
                    }
                    case MappingEnd or SequenceEnd:
                        stack.Pop();
                        if (stack.Count > 0) Completed(stack.Peek(), parser.Current.End);
                        break;
                    case Scalar scalar when stack.Count > 0 && stack.Peek() is { IsMapping: true, AtKey: true } owner:
                        owner.Key = scalar.Value;
                        if (owner.Keys.TryGetValue(scalar.Value, out var first))
                        {
                            owner.DuplicateStart = scalar.Start;
                            var what = owner.Path == "components/schemas" ? "Two schemas have one name" : $"A key appears twice in the mapping '{owner.Path}'";
                            found.Add(SpecDiagnostics.Duplicate(At(filePath, scalar.Start, scalar.End), At(filePath, first, first), what, scalar.Value, scalar.Value,
                                "the second is ignored (YAML and JSON keys must be unique)"));
                        }
                        else
                        {
                            owner.Keys[scalar.Value] = scalar.Start;
                        }
                        owner.AtKey = false;
                        break;
                    case Scalar or AnchorAlias:
                        if (stack.Count > 0) Completed(stack.Peek(), parser.Current.End);
                        break;
                }
            }
        }
        catch (YamlException)
        {
            // Malformed YAML: the loader reports it (FWG001) at the same position; no duplicate is reported twice.
            return text;
        }

        if (found.Count == 0) return text;
        diagnostics.AddRange(found);
        var chars = text.ToCharArray();
        foreach (var (start, end) in blanks)
        {
            for (var i = start; i < end && i < chars.Length; i++)
            {
                if (chars[i] is not ('\n' or '\r')) chars[i] = ' ';
            }
        }
        return new string(chars);

        void Completed(Frame frame, Mark end)
        {
            if (!frame.IsMapping) return;
            if (frame.AtKey)
            {
                frame.AtKey = false; // a complex key ended; its value follows
                return;
            }
            if (frame.DuplicateStart is { } start) blanks.Add(((int)start.Index, (int)end.Index));
            frame.DuplicateStart = null;
            frame.AtKey = true;
        }
    }

    private static string ChildPath(Frame parent) =>
        parent.IsMapping ? (parent.Path.Length == 0 ? parent.Key ?? "?" : parent.Path + "/" + (parent.Key ?? "?")) : parent.Path + "/[]";

    private static SpecLocation At(string filePath, Mark start, Mark end) =>
        new(filePath, (int)start.Line, (int)start.Column, (int)start.Index, (int)Math.Max(0, end.Index - start.Index));
}
