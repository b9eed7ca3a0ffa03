using System;
using System.Collections.Generic;
using System.Linq;
using Fireworks.OpenApi.Collections;
using Fireworks.OpenApi.Diagnostics;
using Fireworks.OpenApi.Document;

namespace Fireworks.OpenApi.Model.Building;

/// <summary>
/// Marks the properties the overlay's <c>secrets</c> section names, the same properties of the update bodies that
/// restate their resource, and every model that holds one (itself, or through a model, list or map of models it
/// holds). The generated code of such a model reports its secret values to the pipeline, which redacts them.
/// </summary>
internal static class SecretProperties
{
    public static void Mark(BuildContext context, IEnumerable<ResourceGroup> groups)
    {
        var secrets = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var entry in context.Overlay.Secrets)
        {
            var model = context.Models.FirstOrDefault(m => m.SchemaName == entry.Key);
            foreach (var property in entry.Value)
            {
                var target = model?.Properties.FirstOrDefault(p => p.JsonName == property.Key);
                if (model is null || target is null)
                {
                    context.Report(SpecDiagnostics.Overlay(property.Value, $"The overlay marks '{entry.Key}.{property.Key}' secret, which this spec does not define"));
                }
                else if (!IsText(target.Type))
                {
                    context.Report(SpecDiagnostics.Overlay(property.Value, $"The overlay marks '{entry.Key}.{property.Key}' secret, but its type is {target.Type.KindName}: only a string, or a list or map of strings, is a value the SDK can redact"));
                }
                else
                {
                    Add(secrets, model.Name, property.Key);
                }
            }
        }

        if (secrets.Count == 0) return;

        // An update body restates fields of the resource it returns (AIP-134), so its same-named field is the same secret.
        foreach (var operation in groups.SelectMany(g => g.Operations))
        {
            if (operation.Body is null || operation.Response is not { Kind: WireKind.Model } response) continue;
            if (!secrets.TryGetValue(response.ShortName, out var resourceSecrets)) continue;
            var body = context.Models.FirstOrDefault(m => m.Name == operation.Body.Type.ShortName);
            if (body is null || !body.IsUpdateBody || body.Name == response.ShortName) continue;
            foreach (var property in body.Properties.Where(p => resourceSecrets.Contains(p.JsonName) && IsText(p.Type)))
            {
                Add(secrets, body.Name, property.JsonName);
            }
        }

        var holders = new HashSet<string>(secrets.Keys, StringComparer.Ordinal);
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var model in context.Models.Where(m => !holders.Contains(m.Name)))
            {
                if (model.Properties.Any(p => HeldModel(p.Type) is { } held && holders.Contains(held)))
                {
                    holders.Add(model.Name);
                    changed = true;
                }
            }
        }

        // Such a problem comes from the section as a whole, not one entry: it is reported at the first.
        ReportUnreachable(context, holders, context.Overlay.Secrets.Values.SelectMany(p => p.Values).First());

        for (var i = 0; i < context.Models.Count; i++)
        {
            var model = context.Models[i];
            if (!holders.Contains(model.Name)) continue;
            var own = secrets.TryGetValue(model.Name, out var names) ? names : new HashSet<string>(StringComparer.Ordinal);
            context.Models[i] = model with
            {
                HoldsSecrets = true,
                Properties = model.Properties
                    .Select(p => p with
                    {
                        IsSecret = own.Contains(p.JsonName),
                        HoldsSecrets = HeldModel(p.Type) is { } held && holders.Contains(held),
                    })
                    .ToEquatableArray(),
            };
        }
    }

    /// <summary>A string, or a list or map of strings.</summary>
    private static bool IsText(TypeRef type) =>
        type.Kind == WireKind.String || (type.IsCollection && type.Element is { Kind: WireKind.String });

    /// <summary>The model a value of <paramref name="type"/> holds directly or as list items or map values, or null.</summary>
    private static string? HeldModel(TypeRef type) => type.Kind switch
    {
        WireKind.Model => type.ShortName,
        WireKind.Array or WireKind.Map when type.Element is { Kind: WireKind.Model } element => element.ShortName,
        _ => null,
    };

    /// <summary>
    /// A model holding secrets that is reached only as a union variant or inside nested collections would not report
    /// them: the generated search covers a model, a list and a map of models. Say so rather than redact nothing.
    /// </summary>
    private static void ReportUnreachable(BuildContext context, HashSet<string> holders, SpecLocation at)
    {
        foreach (var union in context.Unions)
        {
            foreach (var variant in union.Variants.Where(v => Mentions(v.Type, holders)))
            {
                context.Report(SpecDiagnostics.Overlay(at, $"'{variant.Type.ShortName}' holds a secret and is a variant of the union '{union.Name}', where the SDK does not look for secrets to redact"));
            }
        }
        foreach (var model in context.Models)
        {
            foreach (var property in model.Properties.Where(p => HeldModel(p.Type) is null && Mentions(p.Type, holders)))
            {
                context.Report(SpecDiagnostics.Overlay(at, $"'{model.Name}.{property.Name}' holds a model with a secret inside nested collections, where the SDK does not look for secrets to redact"));
            }
        }
    }

    private static bool Mentions(TypeRef type, HashSet<string> holders) =>
        type.Kind == WireKind.Model ? holders.Contains(type.ShortName) : type.Element is { } element && Mentions(element, holders);

    private static void Add(Dictionary<string, HashSet<string>> secrets, string model, string property)
    {
        if (!secrets.TryGetValue(model, out var names)) secrets[model] = names = new HashSet<string>(StringComparer.Ordinal);
        names.Add(property);
    }
}
