using System;
using System.Collections.Generic;
using System.Linq;
using Fireworks.OpenApi.Collections;
using Fireworks.OpenApi.Diagnostics;
using Fireworks.OpenApi.Reading;

namespace Fireworks.OpenApi.Model;

public static partial class ApiModelBuilder
{
    private sealed partial class Builder
    {
        /// <summary>
        /// The check between building and rendering: every type an operation names is generated, and a list
        /// operation's page really has the items and <c>NextPageToken</c> the paging code reads. What fails keeps
        /// compiling: paging falls back to a plain call (the page stays reachable), and only an operation whose
        /// own types are missing is left out, each with a diagnostic.
        /// </summary>
        private EquatableArray<ResourceGroup> KeepConsistent(EquatableArray<ResourceGroup> groups)
        {
            // Whatever way a PATCH body was reached ($ref, alias, inline), the client calls its GetUpdateMaskPaths.
            var maskedBodies = new HashSet<string>(groups.SelectMany(g => g.Operations).Where(o => o.SendsUpdateMask && o.Body is { Type.IsModel: true }).Select(o => o.Body!.Type.ShortName), StringComparer.Ordinal);
            for (var i = 0; i < _models.Count; i++)
            {
                if (!_models[i].IsUpdateBody && maskedBodies.Contains(_models[i].Name)) _models[i] = _models[i] with { IsUpdateBody = true };
            }
            var models = new Dictionary<string, ModelType>(StringComparer.Ordinal);
            foreach (var model in _models) models[model.Name] = model;
            var enums = new HashSet<string>(_enums.Select(e => e.Name), StringComparer.Ordinal);

            var kept = new List<ResourceGroup>();
            foreach (var group in groups)
            {
                var operations = new List<OperationModel>();
                foreach (var operation in group.Operations)
                {
                    var at = _operationNodes.TryGetValue(operation.OperationId, out var node) ? node.At(_file) : SpecLocation.None(_file);
                    var what = $"{operation.HttpMethod.ToUpperInvariant()} {operation.Path} ({operation.OperationId})";
                    var missing = UsedTypes(operation).FirstOrDefault(t => !(t.IsModel ? models.ContainsKey(t.ShortName) : enums.Contains(t.ShortName)));
                    if (missing is not null)
                    {
                        _diagnostics.Add(SpecDiagnostics.DependentDropped(at, what, $"it uses '{missing.ShortName}', which is not generated"));
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
            _diagnostics.Add(SpecDiagnostics.DependentDropped(at, $"The item enumeration of {what}", problem + "; the operation returns one page at a time"));
            return null;
        }
    }
}
