using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fireworks.SpecDiff.Reporting;

/// <summary>The report as JSON (camelCase; severities, directions and kinds as lower-case strings).</summary>
public static class JsonReportWriter
{
    // The report is a file for tools and people, never embedded in HTML: keep <, > and non-ASCII readable.
    private static readonly SpecDiffJsonContext Context = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Serializes <paramref name="report"/>.</summary>
    /// <param name="report">The report.</param>
    /// <returns>Indented JSON.</returns>
    public static string Write(SpecDiffReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var document = new JsonReport(
            report.Old.Version,
            report.New.Version,
            new JsonSide(report.Old.File, report.Old.Title, report.Old.Version),
            new JsonSide(report.New.File, report.New.Title, report.New.Version),
            new JsonSummary(
                report.Count(OpenApi.Severity.Breaking),
                report.Count(OpenApi.Severity.Warning),
                report.Count(OpenApi.Severity.Info),
                report.CSharpBreakingCount,
                report.CSharpNonBreakingCount,
                report.NewGeneratorDiagnostics.Count),
            report.Findings.Select(f => new JsonFinding(
                f.RuleId,
                ReportText.Name(f.Severity),
                f.Group,
                f.Location,
                f.Message,
                ReportText.Name(f.Via),
                f.Operations.Select(o => new JsonOperation(o.Method, o.Path, o.OperationId, ReportText.Name(o.Via))).ToList())).ToList(),
            report.CSharpChanges.Select(c => new JsonCSharpChange(ReportText.Name(c.Kind).Replace(' ', '-'), c.IsBreaking, c.Api, c.Before, c.After, c.Reason)).ToList(),
            report.NewGeneratorDiagnostics.Select(d => new JsonDiagnostic(d.Id, d.Severity.ToString().ToLowerInvariant(), d.Message, d.Location.ToString())).ToList());
        return JsonSerializer.Serialize(document, Context.JsonReport) + Environment.NewLine;
    }
}

internal sealed record JsonReport(
    string OldVersion,
    string NewVersion,
    JsonSide Old,
    JsonSide New,
    JsonSummary Summary,
    IReadOnlyList<JsonFinding> Findings,
    IReadOnlyList<JsonCSharpChange> CsharpChanges,
    IReadOnlyList<JsonDiagnostic> NewGeneratorDiagnostics);

internal sealed record JsonSide(string File, string Title, string Version);

internal sealed record JsonSummary(int Breaking, int Warning, int Info, int CsharpBreaking, int CsharpNonBreaking, int NewGeneratorDiagnostics);

internal sealed record JsonFinding(string RuleId, string Severity, string Group, string Location, string Message, string Via, IReadOnlyList<JsonOperation> Operations);

internal sealed record JsonOperation(string Method, string Path, string? OperationId, string Via);

internal sealed record JsonCSharpChange(string Kind, bool Breaking, string Api, string? Before, string? After, string Reason);

internal sealed record JsonDiagnostic(string Id, string Severity, string Message, string Location);

[JsonSerializable(typeof(JsonReport))]
internal sealed partial class SpecDiffJsonContext : JsonSerializerContext;
