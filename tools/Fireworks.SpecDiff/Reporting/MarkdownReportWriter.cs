using System.Text;
using Fireworks.SpecDiff.CSharp;
using Fireworks.SpecDiff.OpenApi;

namespace Fireworks.SpecDiff.Reporting;

/// <summary>
/// The report as GitHub-flavoured Markdown for a pull-request comment: counts first, then breaking changes,
/// warnings and info grouped by operation or schema, then the C# SDK impact.
/// </summary>
public static class MarkdownReportWriter
{
    private const int InlineOperationLimit = 3;

    /// <summary>Formats <paramref name="report"/>.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The Markdown, ending with a line break.</returns>
    public static string Write(SpecDiffReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.Append("## Spec diff: ").Append(ReportText.Title(report)).Append(' ').Append(Code(report.Old.Version)).Append(" → ").Append(Code(report.New.Version)).Append('\n').Append('\n');
        md.Append(Code(Path.GetFileName(report.Old.File))).Append(" → ").Append(Code(Path.GetFileName(report.New.File))).Append('\n').Append('\n');

        if (report.IsEmpty)
        {
            md.Append("No changes: the specs describe the same API and generate the same public C# API.\n");
            return md.ToString();
        }

        md.Append("- **OpenAPI:** ")
            .Append(report.Count(Severity.Breaking)).Append(" breaking, ")
            .Append(ReportText.Plural(report.Count(Severity.Warning), "warning", "warnings")).Append(", ")
            .Append(report.Count(Severity.Info)).Append(" info\n");
        md.Append("- **C# SDK public API:** ")
            .Append(report.CSharpBreakingCount).Append(" source-breaking, ")
            .Append(report.CSharpNonBreakingCount).Append(" non-breaking\n");
        if (report.NewGeneratorDiagnostics.Count > 0)
        {
            md.Append("- **Generator:** ").Append(ReportText.Plural(report.NewGeneratorDiagnostics.Count, "new diagnostic", "new diagnostics"))
                .Append(report.GeneratorErrorCount > 0 ? " (the SDK does not build until the overlay or the generator handles them)" : "").Append('\n');
        }
        md.Append('\n');

        WriteSeverity(md, report, Severity.Breaking, "Breaking changes");
        WriteSeverity(md, report, Severity.Warning, "Warnings");
        WriteSeverity(md, report, Severity.Info, "Info");
        WriteCSharp(md, report);
        WriteDiagnostics(md, report);
        return md.ToString();
    }

    private static void WriteSeverity(StringBuilder md, SpecDiffReport report, Severity severity, string heading)
    {
        var findings = report.Findings.Where(f => f.Severity == severity).ToList();
        if (findings.Count == 0) return;
        md.Append("### ").Append(heading).Append(" (").Append(findings.Count).Append(")\n\n");
        foreach (var group in findings.GroupBy(f => f.Group, StringComparer.Ordinal))
        {
            md.Append("#### ").Append(GroupTitle(group.First())).Append("\n\n");
            var reach = IsOperationGroup(group.Key) ? [] : Union(group);
            if (reach.Count > 0)
            {
                md.Append("Reaches ");
                AppendOperations(md, reach);
                md.Append("\n\n");
            }
            else if (group.Key.StartsWith("#/", StringComparison.Ordinal))
            {
                md.Append("No operation uses this schema.\n\n");
            }
            foreach (var finding in group)
            {
                md.Append("- **").Append(Code(finding.RuleId)).Append("**");
                var detail = Detail(finding);
                if (detail.Length > 0) md.Append(" at ").Append(Code(detail));
                md.Append(": ").Append(finding.Message);
                if (reach.Count > 0)
                {
                    if (SameOperations(finding.Operations, reach)) md.Append(" (").Append(Ways(finding.Operations)).Append(')');
                    else
                    {
                        md.Append(" — reaches ");
                        AppendOperations(md, finding.Operations);
                    }
                }
                md.Append('\n');
            }
            md.Append('\n');
        }
    }

    private static bool IsOperationGroup(string group) => group != "info" && !group.StartsWith("#/", StringComparison.Ordinal);

    private static string GroupTitle(Finding finding)
    {
        if (finding.Group == "info") return "API info";
        if (finding.Group.StartsWith("#/components/schemas/", StringComparison.Ordinal)) return "Schema " + Code(finding.Group.Substring("#/components/schemas/".Length));
        var operationId = finding.Operations.FirstOrDefault()?.OperationId;
        return Code(finding.Group) + (operationId is null ? "" : " (" + Code(operationId) + ")");
    }

    /// <summary>The location below the group: <c>properties/x</c> below a schema, <c>parameters/query/y</c> below an operation.</summary>
    private static string Detail(Finding finding)
    {
        if (finding.Group == "info") return finding.Location;
        if (!finding.Location.StartsWith(finding.Group, StringComparison.Ordinal)) return finding.Location;
        return finding.Location.Substring(finding.Group.Length).TrimStart('/', '#');
    }

    /// <summary>The operations any finding of a group reaches, with their directions merged.</summary>
    private static List<OperationUsage> Union(IEnumerable<Finding> findings) =>
        findings.SelectMany(f => f.Operations)
            .GroupBy(o => o.Key, StringComparer.Ordinal)
            .Select(g => g.First() with { Via = g.Aggregate(Directions.None, (d, o) => d | o.Via) })
            .OrderBy(o => o.Path, StringComparer.Ordinal)
            .ThenBy(o => o.Method, StringComparer.Ordinal)
            .ToList();

    private static bool SameOperations(IReadOnlyList<OperationUsage> operations, List<OperationUsage> reach) =>
        operations.Count == reach.Count && operations.All(o => reach.Any(r => r.Key == o.Key && r.Via == o.Via));

    /// <summary><c>3 operations (1 via request, 3 via response)</c>.</summary>
    private static string Ways(IReadOnlyList<OperationUsage> operations)
    {
        var sent = operations.Count(o => o.Via.HasFlag(Directions.Request));
        var received = operations.Count(o => o.Via.HasFlag(Directions.Response));
        var ways = new List<string>();
        if (sent > 0) ways.Add($"{sent} via request");
        if (received > 0) ways.Add($"{received} via response");
        return ReportText.Plural(operations.Count, "operation", "operations") + (ways.Count > 0 ? ": " + string.Join(", ", ways) : "");
    }

    private static void AppendOperations(StringBuilder md, IReadOnlyList<OperationUsage> operations)
    {
        md.Append(Ways(operations));
        if (operations.Count <= InlineOperationLimit)
        {
            md.Append(" — ").Append(string.Join(", ", operations.Select(o => $"{Code(o.OperationId ?? o.Key)} ({ReportText.Name(o.Via)})")));
            return;
        }
        md.Append("\n\n<details><summary>Operations</summary>\n\n");
        foreach (var operation in operations)
        {
            md.Append("- ").Append(Code(operation.OperationId ?? operation.Key)).Append(' ').Append(Code(operation.Key)).Append(" (").Append(ReportText.Name(operation.Via)).Append(")\n");
        }
        md.Append("\n</details>");
    }

    private static void WriteCSharp(StringBuilder md, SpecDiffReport report)
    {
        md.Append("### C# SDK impact\n\n");
        if (report.CSharpChanges.Count == 0)
        {
            md.Append("The public API of the generated SDK does not change.\n\n");
            return;
        }
        md.Append("Public API of the SDK generated from each spec (types, properties, enum members, client methods). ")
            .Append("Source-breaking: code that compiled against the old SDK can fail to compile.\n\n");
        md.Append("| Breaking | Change | API | Before | After | Why |\n");
        md.Append("|:---:|---|---|---|---|---|\n");
        foreach (var change in report.CSharpChanges)
        {
            md.Append("| ").Append(change.IsBreaking ? "**yes**" : "no")
                .Append(" | ").Append(ReportText.Name(change.Kind))
                .Append(" | ").Append(Cell(Code(change.Api)))
                .Append(" | ").Append(change.Before is null ? "" : Cell(Code(change.Before)))
                .Append(" | ").Append(change.After is null ? "" : Cell(Code(change.After)))
                .Append(" | ").Append(Cell(change.Reason))
                .Append(" |\n");
        }
        md.Append('\n');
    }

    private static void WriteDiagnostics(StringBuilder md, SpecDiffReport report)
    {
        if (report.NewGeneratorDiagnostics.Count == 0) return;
        md.Append("### New generator diagnostics\n\n");
        foreach (var diagnostic in report.NewGeneratorDiagnostics)
        {
            md.Append("- ").Append(Code(diagnostic.Id)).Append(' ').Append(diagnostic.Severity.ToString().ToLowerInvariant()).Append(": ").Append(diagnostic.Message);
            if (diagnostic.Location.Line > 0) md.Append(" (").Append(Code(Path.GetFileName(diagnostic.Location.FilePath))).Append(" line ").Append(diagnostic.Location.Line).Append(')');
            md.Append('\n');
        }
        md.Append('\n');
    }

    private static string Code(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "`(none)`";
        return text.Contains('`') ? "`` " + text + " ``" : "`" + text + "`";
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal);
}
