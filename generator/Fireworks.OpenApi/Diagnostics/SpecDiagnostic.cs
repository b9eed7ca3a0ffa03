using System;
using Fireworks.OpenApi.Collections;

namespace Fireworks.OpenApi.Diagnostics;

/// <summary>Severity of a <see cref="SpecDiagnostic"/>.</summary>
public enum SpecSeverity
{
    Warning,
    Error,
}

/// <summary>A position in a spec or overlay file (1-based line and column, 0-based character index).</summary>
public sealed record SpecLocation(string FilePath, int Line, int Column, int Index, int Length)
{
    public static SpecLocation None(string filePath) => new(filePath, 0, 0, 0, 0);

    public override string ToString() => Line > 0 ? $"{FilePath}({Line},{Column})" : FilePath;
}

/// <summary>
/// A problem found while reading a spec: the generator reports it as a Roslyn diagnostic, the spec-diff tool as an error.
/// Value-equatable so it can travel through the incremental pipeline.
/// </summary>
public sealed record SpecDiagnostic(string Id, SpecSeverity Severity, string Title, string Message, SpecLocation Location)
{
    /// <summary>Other places the problem involves (the first of two duplicates), reported as additional locations.</summary>
    public EquatableArray<SpecLocation> Related { get; init; }

    public override string ToString() => $"{Location}: {Severity.ToString().ToLowerInvariant()} {Id}: {Message}";
}

/// <summary>The diagnostics the reader and model builder can report. Ids are stable: document, never reuse.</summary>
public static class SpecDiagnostics
{
    public const string MalformedYamlId = "FWG001";
    public const string DanglingReferenceId = "FWG002";
    public const string UnsupportedConstructId = "FWG003";
    public const string NameClashId = "FWG004";
    public const string OverlayProblemId = "FWG005";
    public const string TemplateProblemId = "FWG006";
    public const string MissingTemplateId = "FWG007";
    public const string InvalidOperationId = "FWG008";
    public const string UnclassifiedStateId = "FWG009";
    public const string DuplicateEnumValueId = "FWG020";
    public const string RenamedId = "FWG021";
    public const string ReferenceCycleId = "FWG022";
    public const string KeptAsJsonId = "FWG023";
    public const string DependentDroppedId = "FWG024";

    /// <summary>How every FWG001 message starts; the parser's own message follows.</summary>
    public const string MalformedYamlPrefix = "The file is not a readable OpenAPI YAML/JSON document: ";

    public static SpecDiagnostic MalformedYaml(SpecLocation at, string detail) =>
        new(MalformedYamlId, SpecSeverity.Error, "Malformed spec", MalformedYamlPrefix + detail, at);

    public static SpecDiagnostic DanglingReference(SpecLocation at, string reference, string usedBy) =>
        new(DanglingReferenceId, SpecSeverity.Error, "Dangling $ref", $"'{reference}' (used by {usedBy}) does not resolve to a schema in this document; code that uses it is not generated", at);

    public static SpecDiagnostic Unsupported(SpecLocation at, string what, string where) =>
        new(UnsupportedConstructId, SpecSeverity.Error, "Unsupported OpenAPI construct", $"{what} at {where} cannot be mapped to C#; add a hint to the overlay or extend the generator", at);

    public static SpecDiagnostic NameClash(SpecLocation at, string name, string first, string second) =>
        new(NameClashId, SpecSeverity.Error, "Name clash", $"'{first}' and '{second}' both map to the C# name '{name}'; rename one in the overlay", at);

    /// <summary>Two things in the spec (<paramref name="second"/> at <paramref name="at"/>, <paramref name="first"/> at <paramref name="firstAt"/>) map to one name.</summary>
    public static SpecDiagnostic Duplicate(SpecLocation at, SpecLocation firstAt, string what, string first, string second, string consequence) =>
        new(NameClashId, SpecSeverity.Error, "Name clash", $"{what}: '{second}' at {at} duplicates '{first}' at {firstAt}; {consequence}", at)
        {
            Related = new[] { firstAt }.ToEquatableArray(),
        };

    public static SpecDiagnostic DuplicateEnumValue(SpecLocation at, string enumName, string value) =>
        new(DuplicateEnumValueId, SpecSeverity.Warning, "Duplicate enum value", $"'{enumName}' lists the value '{value}' more than once; the duplicates are merged into one member", at);

    public static SpecDiagnostic Renamed(SpecLocation at, string what, string wanted, string given, string reason) =>
        new(RenamedId, SpecSeverity.Warning, "C# name changed", $"{what} would be named '{wanted}', which {reason}; it is named '{given}' instead (rename it in the overlay to choose)", at);

    public static SpecDiagnostic ReferenceCycle(SpecLocation at, string chain) =>
        new(ReferenceCycleId, SpecSeverity.Error, "Unrepresentable $ref cycle", $"The schemas {chain} refer to each other without an object in between, so they have no C# shape; code that uses them keeps the value as JsonElement", at);

    public static SpecDiagnostic KeptAsJson(SpecLocation at, string where) =>
        new(KeptAsJsonId, SpecSeverity.Warning, "Kept as JsonElement", $"{where} has no C# type (see the diagnostic reported for its schema), so it is kept as System.Text.Json.JsonElement: its value is still read and written back unchanged", at);

    public static SpecDiagnostic DependentDropped(SpecLocation at, string what, string because) =>
        new(DependentDroppedId, SpecSeverity.Warning, "Dependent code left out", $"{what} is not generated because {because}", at);

    public static SpecDiagnostic Overlay(SpecLocation at, string detail) =>
        new(OverlayProblemId, SpecSeverity.Error, "Overlay problem", detail, at);

    public static SpecDiagnostic UnclassifiedState(SpecLocation at, string detail) =>
        new(UnclassifiedStateId, SpecSeverity.Error, "Unclassified state", detail, at);

    /// <summary>A schema the generator cannot map to a C# type: the value is kept as <c>JsonElement</c> (read and written back unchanged).</summary>
    public static SpecDiagnostic KeptAsJson(SpecLocation at, string why, string where) =>
        new(KeptAsJsonId, SpecSeverity.Warning, "Kept as JSON", $"{where} has {why}: it is generated as JsonElement (kept and written back unchanged); add a discriminator or extend the generator for a typed value", at);

    public static SpecDiagnostic InvalidOperation(SpecLocation at, string detail) =>
        new(InvalidOperationId, SpecSeverity.Error, "Operation cannot be generated", detail, at);
}
