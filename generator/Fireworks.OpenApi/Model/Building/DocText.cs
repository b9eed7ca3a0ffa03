using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Fireworks.OpenApi.Collections;
using Fireworks.OpenApi.Document;

namespace Fireworks.OpenApi.Model.Building;

/// <summary>XML documentation lines from a spec's summaries, titles, descriptions and constraints.</summary>
internal static class DocText
{
    public static EquatableArray<string> Of(SpecNode? node, bool summaryFirst = false, bool stripEnumList = false)
    {
        var parts = new List<string>();
        var summary = node.Str("summary");
        var title = node.Str("title");
        var description = node.Str("description");
        if (summaryFirst && !string.IsNullOrWhiteSpace(summary)) parts.Add(summary!.Trim().TrimEnd('.') + ".");
        if (!string.IsNullOrWhiteSpace(title)) parts.Add(title!.Trim());
        if (!string.IsNullOrWhiteSpace(description))
        {
            var text = description!.Trim();
            if (stripEnumList)
            {
                var listStart = text.IndexOf("\n - ", StringComparison.Ordinal);
                if (text.StartsWith("- ", StringComparison.Ordinal)) text = "";
                else if (listStart >= 0) text = text.Substring(0, listStart).Trim();
            }
            if (text.Length > 0) parts.Add(text);
        }
        var lines = new List<string>();
        foreach (var part in parts)
        {
            foreach (var line in CSharpText.Lines(part))
            {
                var trimmed = line.TrimEnd();
                if (trimmed.Length == 0 && (lines.Count == 0 || lines[lines.Count - 1].Length == 0)) continue;
                lines.Add(Xml(trimmed));
            }
        }
        while (lines.Count > 0 && lines[lines.Count - 1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines.ToEquatableArray();
    }

    /// <summary>Per-value docs from a protoc-gen-openapi enum description (" - VALUE: text").</summary>
    public static Dictionary<string, string> EnumValues(string? description)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (description is null) return result;
        string? current = null;
        var text = new StringBuilder();
        foreach (var raw in CSharpText.Lines(description))
        {
            var line = raw.Trim();
            if (line.StartsWith("- ", StringComparison.Ordinal) && line.IndexOf(':') > 2)
            {
                Flush();
                var colon = line.IndexOf(':');
                current = line.Substring(2, colon - 2).Trim();
                text.Append(line.Substring(colon + 1).Trim());
            }
            else if (current is not null && line.Length > 0)
            {
                text.Append(' ').Append(line);
            }
        }
        Flush();
        return result;

        void Flush()
        {
            if (current is not null && text.Length > 0) result[current] = Xml(text.ToString().Trim());
            current = null;
            text.Clear();
        }
    }

    /// <summary>Numeric and length bounds, patterns and a const, as documentation lines (the server enforces them).</summary>
    public static IEnumerable<string> Constraints(SpecMapping schema, string? constant)
    {
        if (constant is not null) yield return $"Always <c>{Xml(constant)}</c> (the JSON Schema <c>const</c>); set by the constructor.";
        var bounds = new List<string>();
        foreach (var candidate in new[] { schema }.Concat((schema.Seq("anyOf") ?? schema.Seq("oneOf")).Mappings()))
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

        void Add(SpecMapping node, string key, string prefix)
        {
            if (node.Get(key) is SpecScalar { Value: var value } && !(key.StartsWith("exclusive", StringComparison.Ordinal) && value is "true" or "false"))
            {
                bounds.Add(prefix + (key == "pattern" ? "<c>" + Xml(value) + "</c>" : Xml(value)));
            }
        }
    }

    public static string Xml(string text) => CSharpText.XmlDoc(text);
}
