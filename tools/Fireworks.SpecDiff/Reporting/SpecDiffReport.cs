using Fireworks.OpenApi.Diagnostics;
using Fireworks.SpecDiff.CSharp;
using Fireworks.SpecDiff.OpenApi;

namespace Fireworks.SpecDiff.Reporting;

/// <summary>One of the two specs of a diff.</summary>
/// <param name="File">The file it was read from.</param>
/// <param name="Title"><c>info.title</c>.</param>
/// <param name="Version"><c>info.version</c>.</param>
public sealed record SpecSide(string File, string Title, string Version);

/// <summary>The threshold of <c>--fail-on</c>.</summary>
public enum FailOn
{
    /// <summary>Fail on breaking OpenAPI findings, source-breaking C# changes or new generator errors.</summary>
    Breaking,

    /// <summary>Fail on those, and on warnings too.</summary>
    Warning,
}

/// <summary>Everything a diff found: OpenAPI findings, C# public API changes, and new generator diagnostics.</summary>
/// <param name="Old">The spec in use.</param>
/// <param name="New">The candidate spec.</param>
/// <param name="Findings">OpenAPI-level findings, most severe first.</param>
/// <param name="CSharpChanges">Public API changes of the generated SDK, breaking first.</param>
/// <param name="NewGeneratorDiagnostics">Problems the generator reports for the new spec but not for the old one.</param>
public sealed record SpecDiffReport(
    SpecSide Old,
    SpecSide New,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<CSharpChange> CSharpChanges,
    IReadOnlyList<SpecDiagnostic> NewGeneratorDiagnostics)
{
    /// <summary>How many findings have <paramref name="severity"/>.</summary>
    /// <param name="severity">The severity.</param>
    /// <returns>The count.</returns>
    public int Count(Severity severity) => Findings.Count(f => f.Severity == severity);

    /// <summary>Source-breaking C# changes.</summary>
    public int CSharpBreakingCount => CSharpChanges.Count(c => c.IsBreaking);

    /// <summary>Source-compatible C# changes.</summary>
    public int CSharpNonBreakingCount => CSharpChanges.Count(c => !c.IsBreaking);

    /// <summary>New generator errors: the SDK would not build from the new spec without an overlay or generator change.</summary>
    public int GeneratorErrorCount => NewGeneratorDiagnostics.Count(d => d.Severity == SpecSeverity.Error);

    /// <summary>Whether nothing changed at all.</summary>
    public bool IsEmpty => Findings.Count == 0 && CSharpChanges.Count == 0 && NewGeneratorDiagnostics.Count == 0;

    /// <summary>Whether the report reaches the <c>--fail-on</c> threshold.</summary>
    /// <param name="threshold">The threshold.</param>
    /// <returns>True when the run should fail.</returns>
    public bool Fails(FailOn threshold)
    {
        var breaking = Count(Severity.Breaking) > 0 || CSharpBreakingCount > 0 || GeneratorErrorCount > 0;
        return threshold switch
        {
            FailOn.Breaking => breaking,
            _ => breaking || Count(Severity.Warning) > 0 || NewGeneratorDiagnostics.Count > 0,
        };
    }
}
