using Fireworks.SpecDiff.CSharp;
using Fireworks.SpecDiff.OpenApi;

namespace Fireworks.SpecDiff.Reporting;

/// <summary>Words shared by the report formats.</summary>
internal static class ReportText
{
    public static string Name(Severity severity) => severity switch
    {
        Severity.Breaking => "breaking",
        Severity.Warning => "warning",
        _ => "info",
    };

    public static string Name(Directions directions) => directions switch
    {
        Directions.Request => "request",
        Directions.Response => "response",
        Directions.Both => "both",
        _ => "none",
    };

    /// <summary><c>MemberRemoved</c> → <c>member removed</c>.</summary>
    public static string Name(CSharpChangeKind kind)
    {
        var text = kind.ToString();
        var words = new System.Text.StringBuilder();
        foreach (var c in text)
        {
            if (char.IsUpper(c) && words.Length > 0) words.Append(' ');
            words.Append(char.ToLowerInvariant(c));
        }
        return words.ToString();
    }

    public static string Versions(SpecDiffReport report) => $"{Version(report.Old)} → {Version(report.New)}";

    public static string Title(SpecDiffReport report) =>
        report.New.Title.Length > 0 ? report.New.Title : report.Old.Title.Length > 0 ? report.Old.Title : "OpenAPI";

    private static string Version(SpecSide side) => side.Version.Length > 0 ? side.Version : "(no version)";

    public static string Plural(int count, string singular, string plural) => count == 1 ? $"1 {singular}" : $"{count} {plural}";
}
