namespace Fireworks.SpecDiff.Reporting;

/// <summary>The one-line summary (for logs and CI step output).</summary>
public static class SummaryReportWriter
{
    /// <summary>Formats <paramref name="report"/> as one line.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The line, without a line break.</returns>
    public static string Write(SpecDiffReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = $"{ReportText.Title(report)} {ReportText.Versions(report)}: " +
            (report.IsEmpty
                ? "no changes"
                : $"{report.Count(OpenApi.Severity.Breaking)} breaking, {ReportText.Plural(report.Count(OpenApi.Severity.Warning), "warning", "warnings")}, {report.Count(OpenApi.Severity.Info)} info; " +
                  $"C# SDK: {report.CSharpBreakingCount} source-breaking, {report.CSharpNonBreakingCount} non-breaking");
        if (report.NewGeneratorDiagnostics.Count > 0) text += $"; {ReportText.Plural(report.NewGeneratorDiagnostics.Count, "new generator diagnostic", "new generator diagnostics")}";
        return text;
    }
}
