using System;
using System.Collections.Generic;
using System.Linq;
using Fireworks.OpenApi.Collections;
using Fireworks.OpenApi.Diagnostics;

namespace Fireworks.OpenApi.Model.Building;

/// <summary>
/// What the SDK adds on top of plain calls once every type is known: state tables and waits (long-running
/// resources), and read-modify-write updates.
/// </summary>
internal sealed class ResourceFeatures
{
    private readonly BuildContext _context;

    public ResourceFeatures(BuildContext context) => _context = context;

    /// <summary>Checks the overlay's state tables against the enums: every member of a state enum must be classified.</summary>
    public EquatableArray<StateTable> StateTables()
    {
        var tables = new List<StateTable>();
        var stateEnums = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in _context.Models)
        {
            foreach (var property in model.Properties)
            {
                if (property.JsonName == "state" && property.Type.Kind == WireKind.Enum) stateEnums.Add(property.Type.ShortName);
            }
        }

        var overlay = _context.Overlay;
        foreach (var table in overlay.States.Values.OrderBy(t => t.EnumName, StringComparer.Ordinal))
        {
            var enumType = _context.Enums.FirstOrDefault(e => e.Name == table.EnumName);
            if (enumType is null)
            {
                _context.Report(SpecDiagnostics.Overlay(table.At, $"The overlay classifies the states of '{table.EnumName}', which this spec does not define"));
                continue;
            }
            foreach (var member in table.Members)
            {
                if (!enumType.Members.Any(m => m.Name == member.Key))
                {
                    _context.Report(SpecDiagnostics.Overlay(member.Value.At, $"'{table.EnumName}' has no member '{member.Key}' (members: {string.Join(", ", enumType.Members.Select(m => m.Name))})"));
                }
            }
            var missing = enumType.Members.Where(m => !table.Members.ContainsKey(m.Name)).Select(m => $"{m.Name} ({m.WireValue})").ToList();
            if (missing.Count > 0)
            {
                _context.Report(SpecDiagnostics.UnclassifiedState(table.At,
                    $"'{table.EnumName}' has states the overlay does not classify: {string.Join(", ", missing)}. Add each to success, failure, parked or transient, or waits on it could hang"));
            }
            tables.Add(new StateTable(table.EnumName, enumType.Members
                .Where(m => table.Members.ContainsKey(m.Name))
                .Select(m => new StateEntry(m.Name, table.Members[m.Name].Class))
                .ToEquatableArray()));
        }

        foreach (var stateEnum in stateEnums.Where(e => !overlay.States.ContainsKey(e)).OrderBy(e => e, StringComparer.Ordinal))
        {
            if (overlay.States.Count == 0) break; // a spec without state hints generates no waits at all
            _context.Report(SpecDiagnostics.UnclassifiedState(SpecLocation.None(overlay.FilePath),
                $"'{stateEnum}' is the state of a resource but the overlay has no state table for it; add one under 'states'"));
        }
        return tables.ToEquatableArray();
    }

    /// <summary>The group with its waits and read-modify-write updates filled in.</summary>
    public ResourceGroup Complete(ResourceGroup group, EquatableArray<StateTable> tables)
    {
        group = group with { Operations = group.Operations.Select(o => o with { UpdateFrom = UpdateFromFor(o) }).ToEquatableArray() };
        return group with { Waitable = WaitableFor(group, tables) };
    }

    /// <summary>A resource whose Get returns a classified <c>state</c> can be waited on.</summary>
    private WaitableResource? WaitableFor(ResourceGroup group, EquatableArray<StateTable> tables)
    {
        var get = group.Operations.FirstOrDefault(o => o.MethodName == "Get" && o.HttpMethod == "get" && o.Response is not null);
        if (get is null) return null;
        var resource = _context.Models.FirstOrDefault(m => m.Name == get.Response!.ShortName);
        var state = resource?.Properties.FirstOrDefault(p => p.JsonName == "state" && p.Type.Kind == WireKind.Enum);
        if (resource is null || state is null || !tables.Any(t => t.EnumName == state.Type.ShortName)) return null;
        return new WaitableResource(
            get.Response!,
            state.Type,
            resource.Properties.Any(p => p.JsonName == "status" && p.Type.Kind == WireKind.Model),
            resource.Properties.Any(p => p.JsonName == "jobProgress" && p.Type.Kind == WireKind.Model),
            get) { NamePattern = NamePatternOf(get) };
    }

    /// <summary>
    /// The resource's name pattern (AIP-122): its Get path from <c>accounts</c> on, when that is
    /// <c>accounts/{account}/{collection}/{id}[/{collection}/{id}…]</c> with the Get's ids in order; else empty, and the
    /// waits take ids only rather than read names by a shape the spec does not show.
    /// </summary>
    internal static string NamePatternOf(OperationModel get)
    {
        var segments = get.Path.Split('/');
        var start = Array.IndexOf(segments, "accounts");
        var account = get.Parameters.FirstOrDefault(p => p.IsAccountId && p.Location == ParameterLocation.Path);
        var ids = get.IdParameters;
        if (start < 0 || account is null || ids.Count == 0 || segments.Length - start != 2 + (2 * ids.Count)) return "";
        if (segments.Take(start).Any(s => s.Contains("{")) || segments[start + 1] != "{" + account.WireName + "}") return "";
        for (var i = 0; i < ids.Count; i++)
        {
            var collection = segments[start + 2 + (2 * i)];
            if (collection.Length == 0 || !collection.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9'))) return "";
            if (segments[start + 3 + (2 * i)] != "{" + ids[i].WireName + "}") return "";
        }

        return string.Join("/", segments.Skip(start));
    }

    /// <summary>A read-modify-write overload fits when the update body takes only properties of the resource it returns.</summary>
    private UpdateFromResource? UpdateFromFor(OperationModel operation)
    {
        if (!operation.SendsUpdateMask || operation.Body is null || operation.Response is not { Kind: WireKind.Model } response) return null;
        var body = _context.Models.FirstOrDefault(m => m.Name == operation.Body.Type.ShortName);
        var resource = _context.Models.FirstOrDefault(m => m.Name == response.ShortName);
        if (body is null || resource is null || body.Name == resource.Name) return null;
        var resourceProperties = new HashSet<string>(resource.Properties.Select(p => p.JsonName), StringComparer.Ordinal);
        if (!body.Properties.All(p => resourceProperties.Contains(p.JsonName))) return null;
        var bodyProperties = new HashSet<string>(body.Properties.Select(p => p.JsonName), StringComparer.Ordinal);
        return new UpdateFromResource(
            resource.Properties.Select(p => p.JsonName).Where(p => !bodyProperties.Contains(p)).ToEquatableArray(),
            FilterFieldsBuilder.ResourceClassName(resource.Name));
    }
}
