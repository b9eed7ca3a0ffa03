using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Fireworks.Generator.Pipeline;
using Fireworks.Generator.Rendering;
using Fireworks.OpenApi.Collections;
using Fireworks.OpenApi.Diagnostics;
using Fireworks.OpenApi.Model;
using Fireworks.OpenApi.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Fireworks.Generator;

/// <summary>
/// Generates the Fireworks SDK from the OpenAPI specs, overlays and Scriban templates among a project's AdditionalFiles:
/// read (YAML → <see cref="ApiModel"/>, per spec) → split into small items → render each item with its template.
/// Every pipeline value is value-equatable, so an unrelated edit leaves every output cached and a template edit
/// re-renders only that template's outputs.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class FireworksGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps (used by the caching tests).</summary>
    public static class Steps
    {
        public const string Specs = "Fireworks.Specs";
        public const string Models = "Fireworks.ApiModels";
        public const string Rendered = "Fireworks.Rendered";
    }

    private const string RootNamespace = "Fireworks";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var specs = context.AdditionalTextsProvider
            .Where(static text => InputFile.IsSpec(text.Path))
            .Select(static (text, ct) => new InputFile(text.Path, text.GetText(ct)?.ToString() ?? ""))
            .WithTrackingName(Steps.Specs);

        var overlays = context.AdditionalTextsProvider
            .Where(static text => InputFile.IsOverlay(text.Path))
            .Select(static (text, ct) => new InputFile(text.Path, text.GetText(ct)?.ToString() ?? ""))
            .Collect()
            .Select(static (files, _) => files.OrderBy(f => f.Path, System.StringComparer.Ordinal).ToEquatableArray());

        // Only the paths: a spec's model is rebuilt when a spec is added or removed, not when another spec's text changes.
        var specPaths = context.AdditionalTextsProvider
            .Where(static text => InputFile.IsSpec(text.Path))
            .Select(static (text, _) => text.Path)
            .Collect()
            .Select(static (paths, _) => paths.OrderBy(p => p, System.StringComparer.Ordinal).ToEquatableArray());

        var models = specs
            .Combine(overlays)
            .Combine(specPaths)
            .Select(static (pair, _) => BuildModel(pair.Left.Left, pair.Left.Right, pair.Right))
            .WithTrackingName(Steps.Models);

        context.RegisterSourceOutput(models, static (spc, model) =>
        {
            foreach (var problem in model.Diagnostics) spc.ReportDiagnostic(DiagnosticReporter.ToRoslyn(problem));
        });

        var templates = context.AdditionalTextsProvider
            .Where(static text => InputFile.IsTemplate(text.Path))
            .Select(static (text, ct) => new InputFile(text.Path, text.GetText(ct)?.ToString() ?? ""));

        // Per-item outputs.
        var modelItems = models.SelectMany(static (m, _) => m.Models.Select(x => new ModelItem(m.Namespace, m.SpecFileName, x)));
        var enumItems = models.SelectMany(static (m, _) => m.Enums.Select(x => new EnumItem(m.Namespace, m.SpecFileName, x)));
        var unionItems = models.SelectMany(static (m, _) => m.Unions.Select(x => new UnionItem(m.Namespace, m.SpecFileName, x)));
        var fieldItems = models.SelectMany(static (m, _) => m.FilterClasses.Select(x => new FieldsItem(m.Namespace, x)));
        var clientItems = models.SelectMany(static (m, _) => m.Groups.Select(x => new ClientItem(m.Namespace, m.SpecFileName, m.Version, x)));

        Emit(context, modelItems, Template(templates, "model"), "model", static item => $"{item.Namespace}.Models.{item.Model.Name}.g.cs");
        Emit(context, modelItems, Template(templates, "model-json"), "model-json", static item => $"{item.Namespace}.Serialization.{item.Model.Name}JsonConverter.g.cs");
        Emit(context, enumItems, Template(templates, "enum"), "enum", static item => $"{item.Namespace}.Models.{item.Enum.Name}.g.cs");
        Emit(context, unionItems, Template(templates, "union"), "union", static item => $"{item.Namespace}.Models.{item.Union.Name}.g.cs");
        Emit(context, fieldItems, Template(templates, "fields"), "fields", static item => $"{item.Namespace}.Filtering.{item.Class.ClassName}.g.cs");
        Emit(context, clientItems, Template(templates, "client"), "client", static item => $"{item.Namespace}.{item.Group.ClientName}.g.cs");
        Emit(context, clientItems.Where(static item => item.Group.Waitable is not null), Template(templates, "wait"), "wait", static item => $"{item.Namespace}.{item.Group.ClientName}.Wait.g.cs");

        // Outputs that span every spec.
        var surface = models
            .Select(static (m, _) => new SurfaceSpec(
                m.SpecFileName, m.Title, m.Version, m.Groups, m.RootGroups, m.Containers, m.ServerUrl,
                m.Models.Select(x => x.Name).ToEquatableArray(),
                m.Enums.Select(x => x.Name).ToEquatableArray(),
                m.Models.Where(x => x.Origin.StartsWith("#/components/schemas/", System.StringComparison.Ordinal)).Select(x => new SchemaTypeName(m.SpecFileName, x.SchemaName, x.Name))
                    .Concat(m.Enums.Select(x => new SchemaTypeName(m.SpecFileName, x.SchemaName, x.Name)))
                    .OrderBy(x => x.SchemaName, System.StringComparer.Ordinal)
                    .ToEquatableArray(),
                m.StateTables))
            .Collect()
            .Select(static (specs, _) => new SurfaceItem(RootNamespace, specs.OrderBy(s => s.SpecFileName, System.StringComparer.Ordinal).ToEquatableArray()));

        Emit(context, surface, Template(templates, "fireworks-client"), "fireworks-client", static item => $"{item.Namespace}.FireworksClient.Groups.g.cs");
        Emit(context, surface, Template(templates, "json-context"), "json-context", static item => $"{item.Namespace}.Serialization.FireworksJsonContext.g.cs");
        Emit(context, surface, Template(templates, "manifest"), "manifest", static item => $"{item.Namespace}.FireworksOperations.g.cs");
        Emit(context, surface, Template(templates, "states"), "states", static item => $"{item.Namespace}.ResourceStates.g.cs");
    }

    private static ApiModel BuildModel(InputFile spec, EquatableArray<InputFile> overlayFiles, EquatableArray<string> specPaths)
    {
        var overlayProblems = new List<SpecDiagnostic>();
        Overlay? overlay = null;
        foreach (var file in overlayFiles)
        {
            var candidate = Overlay.Parse(file.Path, file.Text, overlayProblems);
            if (!candidate.AppliesToFile(spec.FileName)) continue;
            if (overlay is not null)
            {
                overlayProblems.Add(SpecDiagnostics.Overlay(SpecLocation.None(file.Path), $"Both '{overlay.FilePath}' and '{file.Path}' apply to '{spec.FileName}'; one overlay per spec"));
                continue;
            }
            overlay = candidate;
        }
        if (overlay is not null && SharedOverlayProblem(spec, overlay, specPaths) is { } shared)
        {
            // Generating both would emit every type twice; the first (in path order) is the one generated.
            return new ApiModel(spec.FileName, "", "", RootNamespace, default, default, default, overlayProblems.Append(shared).ToEquatableArray());
        }
        var model = ApiModelBuilder.Build(spec.Path, spec.Text, overlay, RootNamespace);
        if (overlayProblems.Count == 0) return model;
        return model with { Diagnostics = overlayProblems.Concat(model.Diagnostics).ToEquatableArray() };
    }

    /// <summary>
    /// FWG004 when <paramref name="spec"/> is not the first of several specs the one overlay applies to: two versions
    /// of a vendor spec side by side (a new release dropped into <c>spec/</c> next to the current one).
    /// </summary>
    private static SpecDiagnostic? SharedOverlayProblem(InputFile spec, Overlay overlay, EquatableArray<string> specPaths)
    {
        var matching = specPaths.Where(p => overlay.AppliesToFile(System.IO.Path.GetFileName(p))).ToList();
        if (matching.Count < 2 || matching[0] == spec.Path) return null;
        var first = matching[0];
        var firstName = System.IO.Path.GetFileName(first);
        return new SpecDiagnostic(
            SpecDiagnostics.NameClashId,
            SpecSeverity.Error,
            "Two versions of one spec",
            $"'{spec.FileName}' and '{firstName}' both match the overlay '{System.IO.Path.GetFileName(overlay.FilePath)}' (appliesTo '{overlay.AppliesTo}'), "
                + $"so every type would be generated twice; only '{firstName}' is generated. Keep exactly one: tools/update-spec.sh with the new file replaces the vendor copy",
            SpecLocation.None(spec.Path))
        {
            Related = new[] { SpecLocation.None(first), SpecLocation.None(overlay.FilePath) }.ToEquatableArray(),
        };
    }

    /// <summary>One provider per template name, so editing one template re-renders only its outputs.</summary>
    private static IncrementalValueProvider<InputFile?> Template(IncrementalValuesProvider<InputFile> templates, string name) =>
        templates
            .Where(t => t.Stem == name)
            .Collect()
            .Select((files, _) => files.IsDefaultOrEmpty ? null : files.OrderBy(f => f.Path, System.StringComparer.Ordinal).First());

    private static void Emit<T>(
        IncrementalGeneratorInitializationContext context,
        IncrementalValuesProvider<T> items,
        IncrementalValueProvider<InputFile?> template,
        string templateName,
        System.Func<T, string> hintName)
    {
        var rendered = items
            .Combine(template)
            .Select((pair, _) => TemplateRenderer.Render(pair.Right, templateName, hintName(pair.Left), pair.Left!))
            .WithTrackingName(Steps.Rendered);
        context.RegisterSourceOutput(rendered, static (spc, source) => Add(spc, source));
    }

    private static void Emit(
        IncrementalGeneratorInitializationContext context,
        IncrementalValueProvider<SurfaceItem> item,
        IncrementalValueProvider<InputFile?> template,
        string templateName,
        System.Func<SurfaceItem, string> hintName)
    {
        var rendered = item
            .Combine(template)
            // A project with no spec gets no surface files (no empty client, context or manifest).
            .Select((pair, _) => pair.Left.Specs.IsEmpty
                ? null
                : TemplateRenderer.Render(pair.Right, templateName, hintName(pair.Left), pair.Left))
            .WithTrackingName(Steps.Rendered);
        context.RegisterSourceOutput(rendered, static (spc, source) =>
        {
            if (source is not null) Add(spc, source);
        });
    }

    private static void Add(SourceProductionContext context, RenderedSource source)
    {
        if (source.Problem is not null)
        {
            context.ReportDiagnostic(DiagnosticReporter.ToRoslyn(source.Problem));
            return;
        }
        context.AddSource(source.HintName, SourceText.From(source.Text, Encoding.UTF8));
    }
}
