using System;
using System.Collections.Generic;
using System.Linq;
using Fireworks.OpenApi.Collections;
using Fireworks.OpenApi.Diagnostics;

namespace Fireworks.OpenApi.Model.Building;

/// <summary>Keeps the model compiling when parts of it could not be built (see <see cref="KeepConsistent"/>).</summary>
internal sealed class Consistency
{
    private readonly BuildContext _context;

    public Consistency(BuildContext context) => _context = context;

    /// <summary>
    /// The check between building and rendering: every type an operation names is generated, and a list
    /// operation's page really has the items and <c>NextPageToken</c> the paging code reads. What fails keeps
    /// compiling: paging falls back to a plain call (the page stays reachable), and only an operation whose
    /// own types are missing is left out, each with a diagnostic.
    /// </summary>
    public EquatableArray<ResourceGroup> KeepConsistent(EquatableArray<ResourceGroup> groups)
    {
        // Whatever way a PATCH body was reached ($ref, alias, inline), the client calls its GetUpdateMaskPaths.
        var maskedBodies = new HashSet<string>(groups.SelectMany(g => g.Operations).Where(o => o.SendsUpdateMask && o.Body is { Type.IsModel: true }).Select(o => o.Body!.Type.ShortName), StringComparer.Ordinal);
        for (var i = 0; i < _context.Models.Count; i++)
        {
            if (!_context.Models[i].IsUpdateBody && maskedBodies.Contains(_context.Models[i].Name)) _context.Models[i] = _context.Models[i] with { IsUpdateBody = true };
        }
        var models = new Dictionary<string, ModelType>(StringComparer.Ordinal);
        foreach (var model in _context.Models) models[model.Name] = model;
        var enums = new HashSet<string>(_context.Enums.Select(e => e.Name), StringComparer.Ordinal);

        var kept = new List<ResourceGroup>();
        foreach (var group in groups)
        {
            var operations = new List<OperationModel>();
            foreach (var operation in group.Operations)
            {
                var at = _context.OperationNodes.TryGetValue(operation.OperationId, out var node) ? _context.At(node) : SpecLocation.None(_context.File);
                var what = $"{operation.HttpMethod.ToUpperInvariant()} {operation.Path} ({operation.OperationId})";
                var missing = UsedTypes(operation).FirstOrDefault(t => !(t.IsModel ? models.ContainsKey(t.ShortName) : enums.Contains(t.ShortName)));
                if (missing is not null)
                {
                    _context.Report(SpecDiagnostics.DependentDropped(at, what, $"it uses '{missing.ShortName}', which is not generated"));
                    continue;
                }
                operations.Add(operation.Paging is null ? operation : operation with { Paging = CheckedPaging(operation, models, at, what) });
            }
            if (operations.Count > 0) kept.Add(group with { Operations = operations.ToEquatableArray() });
        }
        return kept.ToEquatableArray();
    }

    private static IEnumerable<TypeRef> UsedTypes(OperationModel operation)
    {
        var types = operation.Parameters.Select(p => p.Type)
            .Concat(new[] { operation.Body?.Type, operation.Response, operation.Paging?.ItemType })
            .Where(t => t is not null)
            .Select(t => t!.IsCollection ? t.Element! : t);
        return types.Where(t => t.IsModel || t.IsEnum);
    }

    /// <summary>The paging model when the page type has what it needs (a string NextPageToken and the items array), else null.</summary>
    private PagingModel? CheckedPaging(OperationModel operation, Dictionary<string, ModelType> models, SpecLocation at, string what)
    {
        var paging = operation.Paging!;
        var page = operation.Response is { IsModel: true } response && models.TryGetValue(response.ShortName, out var model) ? model : null;
        var token = page?.Properties.FirstOrDefault(p => p.Name == "NextPageToken");
        var items = page?.Properties.FirstOrDefault(p => p.Type.IsArray && p.Type.Element!.TypeName == paging.ItemType.TypeName && Naming.Pascal(p.JsonName) == paging.ItemsProperty);
        string? problem = null;
        if (token is null || token.Type.Kind != WireKind.String) problem = $"its page type has no string 'nextPageToken'";
        else if (items is null) problem = $"its page type has no '{paging.ItemsProperty}' array of '{paging.ItemType.ShortName}'";
        if (problem is null) return paging with { ItemsProperty = items!.Name };
        _context.Report(SpecDiagnostics.DependentDropped(at, $"The item enumeration of {what}", problem + "; the operation returns one page at a time"));
        return null;
    }
}
