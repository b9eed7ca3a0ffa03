using Fireworks.SpecDiff.Reporting;

namespace Fireworks.SpecDiff.Tests;

/// <summary>A report as comparable lines, in the format of TestData/rules/*/expected.txt.</summary>
internal static class ReportLines
{
    public static List<string> Of(SpecDiffReport report)
    {
        var lines = new List<string>();
        lines.AddRange(report.Findings.Select(f => $"openapi {f.Severity.ToString().ToLowerInvariant()} {f.RuleId} {f.Location}"));
        lines.AddRange(report.CSharpChanges.Select(c => $"csharp {(c.IsBreaking ? "breaking" : "non-breaking")} {Kebab(c.Kind.ToString())} {c.Api}"));
        lines.AddRange(report.NewGeneratorDiagnostics.Select(d => $"generator {d.Id}"));
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    public static List<string> Expected(string expectedFile)
    {
        var lines = File.ReadAllLines(expectedFile)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static string Kebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
