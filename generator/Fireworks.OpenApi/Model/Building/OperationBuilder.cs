using System;
using System.Collections.Generic;
using System.Linq;
using Fireworks.OpenApi.Collections;
using Fireworks.OpenApi.Diagnostics;
using Fireworks.OpenApi.Document;

namespace Fireworks.OpenApi.Model.Building;

/// <summary>
/// Turns the document's operations into client groups of <see cref="OperationModel"/>s: names each operation and its
/// group, and puts together what the parameter, body and response builders make of it.
/// </summary>
internal sealed class OperationBuilder
{
    private static readonly string[] HttpMethods = { "get", "put", "post", "delete", "patch", "head", "options" };

    private readonly BuildContext _context;
    private readonly ParameterBuilder _parameters;
    private readonly RequestBodyBuilder _bodies;
    private readonly ResponseBuilder _responses;
    private readonly HashSet<string> _collections;

    public OperationBuilder(BuildContext context, SchemaTypes types)
    {
        _context = context;
        _parameters = new ParameterBuilder(context, types);
        _bodies = new RequestBodyBuilder(context, types);
        _responses = new ResponseBuilder(context, types);
        _collections = NamingRules.CollectionSegments(context.Document.Paths.Entries().Select(e => e.Key));
    }

    /// <summary>Every operation the document defines, grouped by client; one that cannot be generated is reported and left out.</summary>
    public EquatableArray<ResourceGroup> BuildGroups()
    {
        var groups = new Dictionary<string, List<OperationModel>>(StringComparer.Ordinal);
        var methodOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        var methodNodes = new Dictionary<string, SpecNode>(StringComparer.Ordinal);
        var operationIdNodes = new Dictionary<string, SpecNode>(StringComparer.Ordinal);

        foreach (var operation in _context.Document.Operations)
        {
            if (Array.IndexOf(HttpMethods, operation.Method) < 0) continue;
            var where = operation.Key;
            var operationId = operation.OperationId;
            if (string.IsNullOrEmpty(operationId))
            {
                _context.Report(SpecDiagnostics.InvalidOperation(_context.At(operation.Node), $"{where} has no operationId, so it has no method name; add one to the spec or an entry to the overlay"));
                continue;
            }
            var idNode = operation.Node.Get("operationId")!;
            if (operationIdNodes.TryGetValue(operationId!, out var firstIdNode))
            {
                _context.Report(SpecDiagnostics.Duplicate(_context.At(idNode), _context.At(firstIdNode), "Two operations have one operationId", operationId!, $"{where} {operationId}",
                    $"{where} is not generated; operationIds must be unique"));
                continue;
            }
            operationIdNodes[operationId!] = idNode;
            _context.OperationNodes[operationId!] = operation.Node;
            var group = GroupOf(operation, operationId!);
            var model = Build(operation, operationId!, group);
            if (model is null) continue;
            var key = group + "." + model.MethodName;
            if (methodOwners.TryGetValue(key, out var firstId))
            {
                _context.Report(SpecDiagnostics.Duplicate(_context.At(idNode), _context.At(methodNodes[key]), $"Two operations map to the C# method {key}Async", firstId, operationId!,
                    $"{operationId} is not generated; name one in the overlay's 'methods'"));
                continue;
            }
            methodOwners[key] = operationId!;
            methodNodes[key] = idNode;
            if (!groups.TryGetValue(group, out var list)) groups[group] = list = new List<OperationModel>();
            list.Add(model);
        }

        return groups
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Group(g.Key, g.Value))
            .ToEquatableArray();
    }

    /// <summary>The client group: the overlay's, else the path's collection (renamed by the overlay's <c>groupNames</c>).</summary>
    private string GroupOf(OpenApiOperation operation, string operationId)
    {
        if (_context.Overlay.Groups.TryGetValue(operationId, out var overlayGroup)) return overlayGroup.Value;
        var derived = NamingRules.GroupFor(operation.Path, operationId, _collections);
        return _context.Overlay.GroupNames.TryGetValue(derived, out var renamed) ? renamed.Value : derived;
    }

    private OperationModel? Build(OpenApiOperation operation, string operationId, string group)
    {
        var where = operation.Key;
        var operationName = Naming.Pascal(NamingRules.OperationNameOf(operationId, operation.Path, operation.Method));
        var methodName = _context.Overlay.Methods.TryGetValue(operationId, out var overlayMethod) ? overlayMethod.Value : NamingRules.MethodNameFor(operationName, group);

        var parameters = _parameters.Build(operation, operationName, where);
        if (parameters is null) return null;
        if (!_bodies.TryBuild(operation, operationName, where, parameters, out var body)) return null;
        var response = _responses.Build(operation, operationName, where, parameters);
        if (response is null) return null;

        var sendsUpdateMask = operation.Method == "patch" && body is not null && !parameters.Any(p => p.WireName == "updateMask");
        var queryNames = parameters.Where(p => p.Location == ParameterLocation.Query).Select(p => p.TemplateName).ToList();
        if (sendsUpdateMask) queryNames.Add("updateMask");
        var template = "{+baseurl}" + operation.Path + (queryNames.Count > 0 ? "{?" + string.Join(",", queryNames) + "}" : "");
        var accountIsSubject = operation.Path.EndsWith("{account_id}", StringComparison.Ordinal) || operation.Path.Contains("{account_id}:");

        return new OperationModel(
            operationId, methodName, operation.Method, operation.Path, template, DocText.Of(operation.Node, summaryFirst: true),
            ParameterBuilder.InCallOrder(parameters, accountIsSubject).ToEquatableArray(), body, response.Response, response.Paging, sendsUpdateMask)
        {
            AccountFirst = accountIsSubject,
            StreamResponse = response.StreamResponse,
            StreamFlagProperty = response.StreamFlagProperty,
        };
    }

    /// <summary>A group; a dotted overlay name (<c>Chat.Completions</c>) nests it under a container client (<c>client.Chat</c>).</summary>
    private ResourceGroup Group(string name, List<OperationModel> operations)
    {
        var dot = name.LastIndexOf('.');
        return new ResourceGroup(name, name.Replace(".", "") + "Client", dot < 0 ? name : name.Substring(dot + 1), operations.ToEquatableArray())
        {
            Parent = dot < 0 ? "" : name.Substring(0, dot),
            Server = _context.Overlay.Server,
            SpecTitle = _context.Document.Title,
        };
    }
}
