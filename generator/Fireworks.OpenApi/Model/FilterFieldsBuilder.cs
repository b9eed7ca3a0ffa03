using System;
using System.Collections.Generic;
using System.Linq;
using Fireworks.OpenApi.Collections;
using Fireworks.OpenApi.Diagnostics;
using Fireworks.OpenApi.Reading;

namespace Fireworks.OpenApi.Model;

/// <summary>
/// Decides which typed AIP-160 field classes to generate (docs/aip160.md, "Contract for generated field classes"):
/// one static class per resource that can be listed with a filter/order_by or updated with a mask, and one message
/// class per message schema reachable from those.
/// </summary>
internal static class FilterFieldsBuilder
{
    private static readonly HashSet<string> ReservedMemberNames = new(StringComparer.Ordinal)
    {
        "FieldPath", "FieldName", "FieldType", "NestedFields", "Has", "ToDeclaration", "MessageName", "OutputOnlyJsonNames", "ImmutableJsonNames",
        "Equals", "GetHashCode", "ToString", "GetType",
    };

    public static EquatableArray<FilterFieldsClass> Build(
        List<ModelType> models, EquatableArray<ResourceGroup> groups, Overlay overlay, string ns, List<SpecDiagnostic> diagnostics)
    {
        var byName = models.ToDictionary(m => m.Name, StringComparer.Ordinal);
        var resources = new SortedSet<string>(StringComparer.Ordinal);
        var updatedWithMask = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in groups.SelectMany(g => g.Operations))
        {
            var filtered = operation.Parameters.Any(p => p.WireName is "filter" or "orderBy");
            if (operation.Paging is { ItemType.Kind: WireKind.Model } paging && filtered) resources.Add(paging.ItemType.ShortName);
            if (operation.SendsUpdateMask && operation.Response is { Kind: WireKind.Model } updated)
            {
                resources.Add(updated.ShortName);
                updatedWithMask.Add(updated.ShortName);
            }
        }

        var messages = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>(resources);
        while (pending.Count > 0)
        {
            if (!byName.TryGetValue(pending.Dequeue(), out var model)) continue;
            foreach (var property in model.Properties)
            {
                var target = MessageTarget(property.Type, byName);
                if (target is not null && messages.Add(target)) pending.Enqueue(target);
            }
        }

        var durations = new HashSet<string>(overlay.Durations.Keys, StringComparer.Ordinal);
        foreach (var duration in overlay.Durations)
        {
            var parts = duration.Key.Split('.');
            if (parts.Length != 2 || !models.Any(m => m.SchemaName == parts[0] && m.Properties.Any(p => p.JsonName == parts[1])))
            {
                diagnostics.Add(SpecDiagnostics.Overlay(duration.Value, $"The overlay marks '{duration.Key}' as a duration, but no schema has that property (write schemaName.jsonProperty)"));
            }
        }

        // Marks the spec has no property for are stale (OverlayTargets); these are the ones that cannot mean anything.
        var immutableByModel = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var entry in overlay.Immutable)
        {
            if (models.FirstOrDefault(m => m.SchemaName == entry.Key) is not { } marked) continue;
            var listed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in entry.Value)
            {
                if (marked.Properties.FirstOrDefault(p => p.JsonName == property.Key) is not { } target) continue;
                if (!updatedWithMask.Contains(marked.Name))
                {
                    // "Fixed at create" restricts updates (with a field mask, the only kind the Gateway API has); a
                    // resource that is only listed would carry a list nothing enforces.
                    diagnostics.Add(SpecDiagnostics.Overlay(property.Value, $"The overlay marks '{entry.Key}.{property.Key}' immutable, but '{marked.Name}' has no update with a field mask for it to restrict"));
                }
                else if (target.ReadOnly)
                {
                    // Output-only already means "the caller never sets it"; immutable means "set once, at create".
                    diagnostics.Add(SpecDiagnostics.Overlay(property.Value, $"The overlay marks '{entry.Key}.{property.Key}' immutable, but the spec marks it output-only (readOnly): the caller never sets it"));
                }
                else
                {
                    listed.Add(property.Key);
                }
            }

            immutableByModel[marked.Name] = listed;
        }

        var classes = new List<FilterFieldsClass>();
        foreach (var name in resources) classes.Add(Class(byName[name], ResourceClassName(name), isResource: true, byName, durations, immutableByModel.TryGetValue(name, out var immutable) ? immutable : null, ns));
        foreach (var name in messages) classes.Add(Class(byName[name], name + "FilterFields", isResource: false, byName, durations, null, ns));
        return classes.ToEquatableArray();
    }

    /// <summary>The static field class of a resource that is listed with a filter or updated with a mask: <c>DeploymentFields</c>.</summary>
    public static string ResourceClassName(string resourceModelName) => resourceModelName + "Fields";

    /// <summary>The message a property leads to (directly, as array items or map values), if it gets a field class.</summary>
    private static string? MessageTarget(TypeRef type, Dictionary<string, ModelType> byName)
    {
        var leaf = type.IsCollection ? type.Element! : type;
        return leaf.Kind == WireKind.Model && IsFilterableMessage(leaf.ShortName, byName) ? leaf.ShortName : null;
    }

    private static bool IsFilterableMessage(string name, Dictionary<string, ModelType> byName) =>
        byName.TryGetValue(name, out var model)
        && model.Properties.Count > 0
        && !model.Properties.Any(p => p.JsonName == "@type"); // protobufAny is not filterable

    private static FilterFieldsClass Class(
        ModelType model, string className, bool isResource, Dictionary<string, ModelType> byName, HashSet<string> durations, HashSet<string>? immutable, string ns)
    {
        var fields = new List<FilterField>();
        foreach (var property in model.Properties)
        {
            var isDuration = durations.Contains(model.SchemaName + "." + property.JsonName);
            string fieldType;
            var extra = "";
            if (property.Type.Kind == WireKind.Array || property.Type.Kind == WireKind.Map)
            {
                var element = ScalarOrMessage(property.Type.Element!, isDuration, byName, ns);
                if (element is null) continue;
                fieldType = (property.Type.Kind == WireKind.Array ? "global::Fireworks.Aip.RepeatedFilterField<" : "global::Fireworks.Aip.MapFilterField<") + element.Value.Type + ">";
                extra = element.Value.Factory;
            }
            else
            {
                var single = ScalarOrMessage(property.Type, isDuration, byName, ns);
                if (single is null) continue;
                fieldType = single.Value.Type;
            }

            var name = property.Name;
            if (ReservedMemberNames.Contains(name) || name == className || (isResource && name == "Declarations")) name += "Field";
            fields.Add(new FilterField(name, property.ProtoName, fieldType, extra, property.JsonName));
        }
        var outputOnly = model.Properties.Where(p => p.ReadOnly).Select(p => p.JsonName).ToEquatableArray();
        // The spec's order, not the overlay's.
        var immutableNames = immutable is null
            ? EquatableArray<string>.Empty
            : model.Properties.Where(p => immutable.Contains(p.JsonName)).Select(p => p.JsonName).ToEquatableArray();
        return new FilterFieldsClass(className, model.Name, isResource, fields.ToEquatableArray(), outputOnly, immutableNames);
    }

    private static (string Type, string Factory)? ScalarOrMessage(TypeRef type, bool isDuration, Dictionary<string, ModelType> byName, string ns)
    {
        string? scalar = type.Kind switch
        {
            WireKind.String => isDuration ? "DurationFilterField" : "StringFilterField",
            WireKind.Int32 or WireKind.Int64 or WireKind.UInt64 => "IntFilterField",
            WireKind.Float or WireKind.Double => "FloatFilterField",
            WireKind.Bool => "BoolFilterField",
            WireKind.Timestamp => "TimestampFilterField",
            _ => null,
        };
        if (scalar is not null)
        {
            return ("global::Fireworks.Aip." + scalar, $"static p => new global::Fireworks.Aip.{scalar}(p)");
        }
        if (type.Kind == WireKind.Enum)
        {
            return ($"global::Fireworks.Aip.EnumFilterField<{type.TypeName}>", $"global::Fireworks.Aip.EnumFilterField<{type.TypeName}>.Factory");
        }
        if (type.Kind == WireKind.Model && IsFilterableMessage(type.ShortName, byName))
        {
            var messageClass = $"global::{ns}.Filtering.{type.ShortName}FilterFields";
            return (messageClass, $"static p => new {messageClass}(p)");
        }
        return null;
    }
}
