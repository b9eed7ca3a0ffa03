using System;
using System.Collections.Generic;
using System.Linq;
using Fireworks.OpenApi.Diagnostics;
using Fireworks.OpenApi.Document;

namespace Fireworks.OpenApi.Model.Building;

/// <summary>Reports overlay entries that name schemas, properties or operations the spec does not define (a stale overlay).</summary>
internal static class OverlayTargets
{
    public static void Check(BuildContext context)
    {
        var overlay = context.Overlay;
        foreach (var entry in overlay.Types)
        {
            if (context.Schemas.Get(entry.Key) is null)
            {
                context.Report(SpecDiagnostics.Overlay(entry.Value.At, $"The overlay renames schema '{entry.Key}', which this spec does not define"));
            }
        }
        foreach (var entry in overlay.Names)
        {
            var dot = entry.Key.IndexOf('.');
            if (dot < 0 || context.Schemas.Get(entry.Key.Substring(0, dot)).Map("properties").Get(entry.Key.Substring(dot + 1)) is null)
            {
                context.Report(SpecDiagnostics.Overlay(entry.Value.At, $"The overlay names the inline type at '{entry.Key}', which is not a 'Schema.property' of this spec"));
            }
        }
        foreach (var entry in overlay.NotRequired.Where(e => !context.Models.Any(m => m.SchemaName == e.Key)))
        {
            foreach (var property in entry.Value)
            {
                context.Report(SpecDiagnostics.Overlay(property.Value, $"The overlay relaxes a property of '{entry.Key}', which this spec does not define"));
            }
        }
        foreach (var entry in overlay.Immutable)
        {
            var model = context.Models.FirstOrDefault(m => m.SchemaName == entry.Key);
            foreach (var property in entry.Value)
            {
                if (model?.Properties.Any(p => p.JsonName == property.Key) != true)
                {
                    context.Report(SpecDiagnostics.Overlay(property.Value, $"The overlay marks '{entry.Key}.{property.Key}' immutable, which this spec does not define"));
                }
            }
        }
        var operationIds = new HashSet<string>(context.Document.Operations.Select(o => o.OperationId).Where(id => id is not null)!, StringComparer.Ordinal);
        foreach (var map in new[] { overlay.Groups, overlay.Methods })
        {
            foreach (var entry in map)
            {
                if (!operationIds.Contains(entry.Key))
                {
                    context.Report(SpecDiagnostics.Overlay(entry.Value.At, $"The overlay names operation '{entry.Key}', which this spec does not define"));
                }
            }
        }
    }
}
