using System.Collections.Generic;
using System.Linq;
using Fireworks.OpenApi.Collections;
using Fireworks.OpenApi.Diagnostics;
using Fireworks.OpenApi.Document;
using Fireworks.OpenApi.Model.Building;
using Fireworks.OpenApi.Reading;

namespace Fireworks.OpenApi.Model;

/// <summary>
/// Builds the <see cref="ApiModel"/> (the C# projection) of one OpenAPI 3.0/3.1 document and its overlay.
/// Never throws for a bad document: everything it cannot map becomes a <see cref="SpecDiagnostic"/>.
/// </summary>
public static class ApiModelBuilder
{
    /// <summary>Reads <paramref name="specText"/> (YAML or JSON, from <paramref name="specPath"/>) and builds its model.</summary>
    public static ApiModel Build(string specPath, string specText, Overlay? overlay = null, string rootNamespace = "Fireworks")
    {
        var diagnostics = new List<SpecDiagnostic>();
        var document = OpenApiDocument.Read(specPath, specText, diagnostics);
        if (document is null)
        {
            return new ApiModel(System.IO.Path.GetFileName(specPath), "", "", rootNamespace, default, default, default, diagnostics.ToEquatableArray());
        }
        return Build(document, diagnostics, overlay, rootNamespace);
    }

    /// <summary>Builds the model of a document already read (its read problems are reported with the model's).</summary>
    public static ApiModel Build(OpenApiDocument document, Overlay? overlay = null, string rootNamespace = "Fireworks") =>
        Build(document, document.ReadProblems.ToList(), overlay, rootNamespace);

    private static ApiModel Build(OpenApiDocument document, List<SpecDiagnostic> diagnostics, Overlay? overlay, string rootNamespace)
    {
        if (document.OpenApiVersion is null)
        {
            diagnostics.Add(SpecDiagnostics.MalformedYaml(document.Root.At(document.FilePath), "no 'openapi' version field: this is not an OpenAPI 3.x document"));
        }
        var context = new BuildContext(document, overlay ?? Overlay.Empty, rootNamespace, diagnostics);
        var types = new SchemaTypes(context);
        types.NameComponents();
        var groups = new OperationBuilder(context, types).BuildGroups();
        types.BuildComponents();
        groups = new Consistency(context).KeepConsistent(groups);
        OverlayTargets.Check(context);
        var features = new ResourceFeatures(context);
        var stateTables = features.StateTables();
        groups = groups.Select(g => features.Complete(g, stateTables)).ToEquatableArray();
        SecretProperties.Mark(context, groups);

        // Built before the model captures the diagnostics: the field classes report stale duration and immutable marks.
        var filterClasses = FilterFieldsBuilder.Build(context.Models, groups, context.Overlay, rootNamespace, diagnostics);
        return new ApiModel(
            document.FileName,
            document.Title,
            document.Version,
            rootNamespace,
            context.Models.OrderBy(m => m.Name, System.StringComparer.Ordinal).ToEquatableArray(),
            context.Enums.OrderBy(e => e.Name, System.StringComparer.Ordinal).ToEquatableArray(),
            groups,
            diagnostics.ToEquatableArray())
        {
            StateTables = stateTables,
            FilterClasses = filterClasses,
            Unions = context.Unions.OrderBy(u => u.Name, System.StringComparer.Ordinal).ToEquatableArray(),
            ServerUrl = document.ServerUrl,
        };
    }
}
