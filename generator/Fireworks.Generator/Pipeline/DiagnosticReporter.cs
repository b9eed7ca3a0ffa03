using Fireworks.OpenApi.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Fireworks.Generator.Pipeline;

/// <summary>Turns the generator's value-equatable <see cref="SpecDiagnostic"/>s into Roslyn diagnostics with file locations.</summary>
internal static class DiagnosticReporter
{
    public static Diagnostic ToRoslyn(SpecDiagnostic problem)
    {
        var descriptor = new DiagnosticDescriptor(
            problem.Id,
            problem.Title,
            "{0}",
            "Fireworks.Generator",
            problem.Severity == SpecSeverity.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            helpLinkUri: "https://github.com/fireworks-generated/fireworks-generated/blob/main/docs/diagnostics.md#" + problem.Id.ToLowerInvariant());
        var related = new Location[problem.Related.Count];
        for (var i = 0; i < related.Length; i++) related[i] = ToRoslyn(problem.Related[i]);
        return Diagnostic.Create(descriptor, ToRoslyn(problem.Location), related, problem.Message);
    }

    private static Location ToRoslyn(SpecLocation at)
    {
        var line = System.Math.Max(0, at.Line - 1);
        var column = System.Math.Max(0, at.Column - 1);
        return Location.Create(
            at.FilePath,
            new TextSpan(at.Index, at.Length),
            new LinePositionSpan(new LinePosition(line, column), new LinePosition(line, column + System.Math.Max(0, System.Math.Min(at.Length, 200)))));
    }
}
