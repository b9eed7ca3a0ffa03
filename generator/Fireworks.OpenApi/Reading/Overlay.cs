using System;
using System.Collections.Generic;
using Fireworks.OpenApi.Diagnostics;
using Fireworks.OpenApi.Document;

namespace Fireworks.OpenApi.Reading;

/// <summary>
/// Our names and hints for a vendor spec, kept in a separate file so the vendor copy is never edited.
/// See spec/gateway.overlay.yaml for the documented format.
/// </summary>
public sealed class Overlay
{
    public static readonly Overlay Empty = new("", "*", new Dictionary<string, (string, SpecLocation)>(), new Dictionary<string, (string, SpecLocation)>(),
        new Dictionary<string, (string, SpecLocation)>(), new Dictionary<string, (string, SpecLocation)>(), new[] { "gateway", "Gateway" },
        new Dictionary<string, OverlayStateTable>(), new Dictionary<string, SpecLocation>(),
        new Dictionary<string, IReadOnlyDictionary<string, (int Number, SpecLocation At)>>(),
        new Dictionary<string, IReadOnlyDictionary<string, SpecLocation>>(),
        new Dictionary<string, IReadOnlyDictionary<string, SpecLocation>>(),
        new Dictionary<string, IReadOnlyDictionary<string, SpecLocation>>());

    private Overlay(
        string filePath,
        string appliesTo,
        IReadOnlyDictionary<string, (string Value, SpecLocation At)> types,
        IReadOnlyDictionary<string, (string Value, SpecLocation At)> groups,
        IReadOnlyDictionary<string, (string Value, SpecLocation At)> groupNames,
        IReadOnlyDictionary<string, (string Value, SpecLocation At)> methods,
        IReadOnlyList<string> stripTypePrefixes,
        IReadOnlyDictionary<string, OverlayStateTable> states,
        IReadOnlyDictionary<string, SpecLocation> durations,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, (int Number, SpecLocation At)>> enumNumbers,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, SpecLocation>> notRequired,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, SpecLocation>> immutable,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, SpecLocation>> secrets)
    {
        NotRequired = notRequired;
        Immutable = immutable;
        Secrets = secrets;
        EnumNumbers = enumNumbers;
        States = states;
        Durations = durations;
        FilePath = filePath;
        AppliesTo = appliesTo;
        Types = types;
        Groups = groups;
        GroupNames = groupNames;
        Methods = methods;
        StripTypePrefixes = stripTypePrefixes;
    }

    public string FilePath { get; }

    /// <summary><c>Schema.property</c> → the C# name of the inline type (union, enum, object) declared there.</summary>
    public IReadOnlyDictionary<string, (string Value, SpecLocation At)> Names { get; private set; } = new Dictionary<string, (string, SpecLocation)>();

    /// <summary>Which configured base URL the spec's clients use (a <c>FireworksServer</c> member), default <c>Gateway</c>.</summary>
    public string Server { get; private set; } = "Gateway";

    /// <summary>The servers the runtime knows (<c>FireworksServer</c>).</summary>
    public static readonly string[] Servers = { "Gateway", "Inference" };

    /// <summary>File-name pattern (one '*' wildcard) of the specs this overlay applies to.</summary>
    public string AppliesTo { get; }

    /// <summary>Schema name → C# type name.</summary>
    public IReadOnlyDictionary<string, (string Value, SpecLocation At)> Types { get; }

    /// <summary>operationId → client group name.</summary>
    public IReadOnlyDictionary<string, (string Value, SpecLocation At)> Groups { get; }

    /// <summary>Derived group name → preferred group name.</summary>
    public IReadOnlyDictionary<string, (string Value, SpecLocation At)> GroupNames { get; }

    /// <summary>operationId → method name (without the Async suffix).</summary>
    public IReadOnlyDictionary<string, (string Value, SpecLocation At)> Methods { get; }

    /// <summary>Proto package prefixes removed from schema names (<c>gatewayRlorTrainerJob</c> → <c>RlorTrainerJob</c>).</summary>
    public IReadOnlyList<string> StripTypePrefixes { get; }

    /// <summary>State enum (C# name) → how its members classify for waiting (see <see cref="OverlayStateTable"/>).</summary>
    public IReadOnlyDictionary<string, OverlayStateTable> States { get; }

    /// <summary>
    /// Enum (C# name) → wire value → proto number, for enums whose numbers are not their position in the spec
    /// (google.rpc.Code: UNAUTHENTICATED is 16). JSON may carry enum numbers, and the C# values follow them.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, (int Number, SpecLocation At)>> EnumNumbers { get; }

    /// <summary>
    /// Model (schema name, or the generated name of an inline body such as <c>UpdateDeploymentRequest</c>) → JSON
    /// properties whose <c>required</c> the generator drops, because the spec's <c>required</c> is wrong there (an update
    /// body with a field mask needs only the fields it changes). Each entry's value is the reason.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, SpecLocation>> NotRequired { get; }

    /// <summary>
    /// Resource schema name → JSON properties the caller sets at create and can never change (AIP-203 <c>IMMUTABLE</c>,
    /// which the vendor spec does not carry). Each entry's value is the reason (where the docs say so). The generator
    /// lists them as <c>{Resource}Fields.ImmutableJsonNames</c>; the emulator rejects an update that changes one.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, SpecLocation>> Immutable { get; }

    /// <summary>
    /// Schema name → JSON properties whose values are secrets (an API key, a password, a client secret): the vendor
    /// spec marks none (at most "INPUT_ONLY" in prose). Each entry's value is the reason. A model holding one, directly
    /// or through the models it holds, tells the pipeline the values it sends, and the SDK redacts them from every
    /// error and log text of that call, as it does the API key; an update body's same-named properties inherit the mark.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, SpecLocation>> Secrets { get; }

    /// <summary><c>schema.property</c> strings that carry a google.protobuf.Duration (<c>"30s"</c>): filters compare them as durations.</summary>
    public IReadOnlyDictionary<string, SpecLocation> Durations { get; }

    /// <summary>Whether this overlay applies to a spec with the given file name.</summary>
    public bool AppliesToFile(string specFileName)
    {
        var star = AppliesTo.IndexOf('*');
        if (star < 0) return string.Equals(AppliesTo, specFileName, StringComparison.OrdinalIgnoreCase);
        var prefix = AppliesTo.Substring(0, star);
        var suffix = AppliesTo.Substring(star + 1);
        return specFileName.Length >= prefix.Length + suffix.Length
            && specFileName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            && specFileName.EndsWith(suffix, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Parses an overlay file; problems are added to <paramref name="diagnostics"/>.</summary>
    public static Overlay Parse(string filePath, string text, List<SpecDiagnostic> diagnostics)
    {
        var before = diagnostics.Count;
        var root = SpecReader.Read(filePath, text, diagnostics) as SpecMapping;
        if (root is null)
        {
            // Malformed YAML is reported by the reader; anything else that is not a mapping is not an overlay.
            if (diagnostics.Count == before) diagnostics.Add(SpecDiagnostics.Overlay(SpecLocation.None(filePath), "The overlay must be a YAML mapping"));
            return Empty;
        }

        var known = new HashSet<string>(StringComparer.Ordinal) { "appliesTo", "stripTypePrefixes", "types", "groups", "groupNames", "methods", "states", "durations", "enumNumbers", "names", "server", "notRequired", "immutable", "secrets" };
        foreach (var entry in root.Entries())
        {
            if (!known.Contains(entry.Key))
            {
                diagnostics.Add(SpecDiagnostics.Overlay(entry.Value.At(filePath), $"Unknown overlay key '{entry.Key}' (known: {string.Join(", ", known)})"));
            }
        }

        var strip = new List<string>();
        strip.AddRange(root.Seq("stripTypePrefixes").Strings());
        var server = root.Str("server") ?? "Gateway";
        if (Array.IndexOf(Servers, server) < 0)
        {
            diagnostics.Add(SpecDiagnostics.Overlay(root.Get("server").At(filePath), $"Unknown server '{server}' (use {string.Join(", ", Servers)})"));
            server = "Gateway";
        }
        var overlay = new Overlay(
            filePath,
            root.Str("appliesTo") ?? "*",
            ReadMap(root, "types", filePath),
            ReadMap(root, "groups", filePath),
            ReadMap(root, "groupNames", filePath),
            ReadMap(root, "methods", filePath),
            root.Has("stripTypePrefixes") ? strip : Empty.StripTypePrefixes,
            ReadStates(root, filePath, diagnostics),
            ReadList(root, "durations", filePath),
            ReadEnumNumbers(root, filePath, diagnostics),
            ReadReasons(root, "notRequired", filePath, diagnostics),
            ReadReasons(root, "immutable", filePath, diagnostics),
            ReadReasons(root, "secrets", filePath, diagnostics));
        overlay.Names = ReadMap(root, "names", filePath);
        overlay.Server = server;
        return overlay;
    }

    private static Dictionary<string, OverlayStateTable> ReadStates(SpecMapping root, string filePath, List<SpecDiagnostic> diagnostics)
    {
        var result = new Dictionary<string, OverlayStateTable>(StringComparer.Ordinal);
        foreach (var entry in root.Map("states").Entries())
        {
            var members = new Dictionary<string, (string Class, SpecLocation At)>(StringComparer.Ordinal);
            foreach (var group in (entry.Value as SpecMapping).Entries())
            {
                if (Array.IndexOf(OverlayStateTable.Classes, group.Key) < 0)
                {
                    diagnostics.Add(SpecDiagnostics.Overlay(group.Value.At(filePath), $"Unknown state class '{group.Key}' for '{entry.Key}' (use {string.Join(", ", OverlayStateTable.Classes)})"));
                    continue;
                }
                if (group.Value is not SpecSequence list) continue;
                foreach (var item in list.Items)
                {
                    if (item is not SpecScalar scalar || scalar.Value is null) continue;
                    if (members.ContainsKey(scalar.Value))
                    {
                        diagnostics.Add(SpecDiagnostics.Overlay(item.At(filePath), $"'{entry.Key}.{scalar.Value}' is classified twice"));
                        continue;
                    }
                    members[scalar.Value] = (group.Key, item.At(filePath));
                }
            }
            result[entry.Key] = new OverlayStateTable(entry.Key, entry.Value.At(filePath), members);
        }
        return result;
    }

    private static Dictionary<string, IReadOnlyDictionary<string, (int Number, SpecLocation At)>> ReadEnumNumbers(SpecMapping root, string filePath, List<SpecDiagnostic> diagnostics)
    {
        var result = new Dictionary<string, IReadOnlyDictionary<string, (int Number, SpecLocation At)>>(StringComparer.Ordinal);
        foreach (var entry in root.Map("enumNumbers").Entries())
        {
            var numbers = new Dictionary<string, (int, SpecLocation)>(StringComparer.Ordinal);
            foreach (var member in (entry.Value as SpecMapping).Entries())
            {
                if (member.Value is SpecScalar scalar && int.TryParse(scalar.Value, out var number)) numbers[member.Key] = (number, member.Value.At(filePath));
                else diagnostics.Add(SpecDiagnostics.Overlay(member.Value.At(filePath), $"'{entry.Key}.{member.Key}' must be an integer proto enum number"));
            }
            result[entry.Key] = numbers;
        }
        return result;
    }

    /// <summary>Reads a <c>model → property → reason</c> section (<c>notRequired</c>, <c>immutable</c>, <c>secrets</c>).</summary>
    private static Dictionary<string, IReadOnlyDictionary<string, SpecLocation>> ReadReasons(SpecMapping root, string key, string filePath, List<SpecDiagnostic> diagnostics)
    {
        var result = new Dictionary<string, IReadOnlyDictionary<string, SpecLocation>>(StringComparer.Ordinal);
        foreach (var entry in root.Map(key).Entries())
        {
            var properties = new Dictionary<string, SpecLocation>(StringComparer.Ordinal);
            foreach (var property in (entry.Value as SpecMapping).Entries())
            {
                // The reason is required: an entry that overrides or adds to the spec must say why.
                if (property.Value is SpecScalar { Value: { Length: > 0 } }) properties[property.Key] = property.Value.At(filePath);
                else diagnostics.Add(SpecDiagnostics.Overlay(property.Value.At(filePath), $"'{key}.{entry.Key}.{property.Key}' needs the reason as its value"));
            }
            result[entry.Key] = properties;
        }
        return result;
    }

    private static Dictionary<string, SpecLocation> ReadList(SpecMapping root, string key, string filePath)
    {
        var result = new Dictionary<string, SpecLocation>(StringComparer.Ordinal);
        if (root.Seq(key) is not { } list) return result;
        foreach (var item in list.Items)
        {
            if (item is SpecScalar scalar && scalar.Value is not null) result[scalar.Value] = item.At(filePath);
        }
        return result;
    }

    private static Dictionary<string, (string, SpecLocation)> ReadMap(SpecMapping root, string key, string filePath)
    {
        var result = new Dictionary<string, (string, SpecLocation)>(StringComparer.Ordinal);
        foreach (var entry in root.Map(key).Entries())
        {
            if (entry.Value is SpecScalar scalar && scalar.Value is not null) result[entry.Key] = (scalar.Value, entry.Value.At(filePath));
        }
        return result;
    }
}

/// <summary>How the members of one state enum classify for waiting: success, failure, parked or transient.</summary>
public sealed class OverlayStateTable
{
    public static readonly string[] Classes = { "success", "failure", "parked", "transient" };

    public OverlayStateTable(string enumName, SpecLocation at, IReadOnlyDictionary<string, (string Class, SpecLocation At)> members)
    {
        EnumName = enumName;
        At = at;
        Members = members;
    }

    public string EnumName { get; }

    public SpecLocation At { get; }

    /// <summary>C# member name → class.</summary>
    public IReadOnlyDictionary<string, (string Class, SpecLocation At)> Members { get; }
}
