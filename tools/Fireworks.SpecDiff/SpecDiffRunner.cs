using Fireworks.OpenApi.Diagnostics;
using Fireworks.OpenApi.Model;
using Fireworks.OpenApi.Reading;
using Fireworks.SpecDiff.CSharp;
using Fireworks.SpecDiff.Loading;
using Fireworks.SpecDiff.OpenApi;
using Fireworks.SpecDiff.Reporting;

namespace Fireworks.SpecDiff;

/// <summary>Loads two specs (and the overlay), runs both diffs and returns the report.</summary>
public static class SpecDiffRunner
{
    /// <summary>The C# root namespace of the generated SDK (what <c>FireworksRootNamespace</c> defaults to).</summary>
    public const string RootNamespace = "Fireworks";

    /// <summary>Diffs the spec files at <paramref name="oldPath"/> and <paramref name="newPath"/>.</summary>
    /// <param name="oldPath">The spec in use.</param>
    /// <param name="newPath">The candidate spec.</param>
    /// <param name="overlayPath">The overlay both specs are generated with, or null for none.</param>
    /// <returns>The report.</returns>
    /// <exception cref="SpecInputException">A file is missing, malformed or not OpenAPI 3.x, or the overlay is invalid.</exception>
    public static SpecDiffReport Run(string oldPath, string newPath, string? overlayPath)
    {
        var overlay = overlayPath is null ? null : LoadOverlay(overlayPath);
        return Run(SpecLoader.Load(oldPath), SpecLoader.Load(newPath), overlay);
    }

    /// <summary>Diffs two loaded specs.</summary>
    /// <param name="oldSpec">The spec in use.</param>
    /// <param name="newSpec">The candidate spec.</param>
    /// <param name="overlay">The overlay both specs are generated with, or null for none.</param>
    /// <returns>The report.</returns>
    public static SpecDiffReport Run(SpecDocument oldSpec, SpecDocument newSpec, Overlay? overlay)
    {
        ArgumentNullException.ThrowIfNull(oldSpec);
        ArgumentNullException.ThrowIfNull(newSpec);
        var findings = OpenApiDiffer.Compare(oldSpec, newSpec);
        var oldModel = ApiModelBuilder.Build(oldSpec.Document, overlay, RootNamespace);
        var newModel = ApiModelBuilder.Build(newSpec.Document, overlay, RootNamespace);
        var changes = CSharpImpactDiffer.Compare(ApiSurface.From(oldModel), ApiSurface.From(newModel));
        return new SpecDiffReport(Side(oldSpec), Side(newSpec), findings, changes, NewDiagnostics(oldModel, newModel));
    }

    /// <summary>Reads and validates an overlay file.</summary>
    /// <param name="overlayPath">The overlay file.</param>
    /// <returns>The overlay.</returns>
    /// <exception cref="SpecInputException">The file is missing or the overlay is invalid.</exception>
    public static Overlay LoadOverlay(string overlayPath)
    {
        if (!File.Exists(overlayPath)) throw new SpecInputException(overlayPath, "overlay file not found");
        var diagnostics = new List<SpecDiagnostic>();
        var overlay = Overlay.Parse(overlayPath, File.ReadAllText(overlayPath), diagnostics);
        var error = diagnostics.FirstOrDefault(d => d.Severity == SpecSeverity.Error);
        if (error is not null) throw new SpecInputException(overlayPath, "invalid overlay: " + error.Message, error.Location.Line, error.Location.Column);
        return overlay;
    }

    private static SpecSide Side(SpecDocument spec) => new(spec.FilePath, spec.Title, spec.Version);

    /// <summary>Generator diagnostics the new spec causes that the old one did not (compared without positions, which move).</summary>
    private static IReadOnlyList<SpecDiagnostic> NewDiagnostics(ApiModel oldModel, ApiModel newModel)
    {
        var known = new HashSet<string>(oldModel.Diagnostics.Select(d => d.Id + "|" + d.Message), StringComparer.Ordinal);
        return newModel.Diagnostics.Where(d => !known.Contains(d.Id + "|" + d.Message)).ToList();
    }
}
