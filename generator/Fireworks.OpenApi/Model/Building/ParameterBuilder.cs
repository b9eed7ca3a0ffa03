using System.Collections.Generic;
using System.Linq;
using Fireworks.OpenApi.Diagnostics;
using Fireworks.OpenApi.Document;

namespace Fireworks.OpenApi.Model.Building;

/// <summary>An operation's path, query and header parameters as C# parameters, each with its type and a clear name.</summary>
internal sealed class ParameterBuilder
{
    private readonly BuildContext _context;
    private readonly SchemaTypes _types;

    public ParameterBuilder(BuildContext context, SchemaTypes types)
    {
        _context = context;
        _types = types;
    }

    /// <summary>The parameters in declaration order; null (with a diagnostic) when one cannot be mapped, which drops the operation.</summary>
    public List<ParameterModel>? Build(OpenApiOperation operation, string operationName, string where)
    {
        var parameters = new List<ParameterModel>();
        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        if (operation.Parameters.FirstOrDefault(p => p.Resolved is null) is { } unresolved)
        {
            _context.Report(unresolved.Problem == ReferenceProblem.Dangling
                ? SpecDiagnostics.DanglingReference(_context.At(unresolved.Declared.Get("$ref")), unresolved.Reference!, where)
                : SpecDiagnostics.Unsupported(_context.At(unresolved.Declared), $"The parameter reference '{unresolved.Reference}' (only local '#/…' references that end at a parameter)", where));
            return null;
        }
        foreach (var declared in operation.Parameters)
        {
            var parameter = declared.Resolved!;
            var wireName = declared.Name ?? "";
            var location = declared.In;
            ParameterLocation kind;
            switch (location)
            {
                case "path": kind = ParameterLocation.Path; break;
                case "query": kind = ParameterLocation.Query; break;
                case "header": kind = ParameterLocation.Header; break;
                default:
                    _context.Report(SpecDiagnostics.Unsupported(_context.At(parameter), $"A parameter in '{location}'", $"{where} parameter '{wireName}'"));
                    return null;
            }
            if (!seen.Add(location + ":" + wireName)) continue; // the same path variable twice in one template is expanded twice
            if (parameter.Get("schema") is not SpecMapping schema)
            {
                _context.Report(SpecDiagnostics.Unsupported(_context.At(parameter), "A parameter without a schema", $"{where} parameter '{wireName}'"));
                return null;
            }
            var type = _types.Resolve(schema, operationName + Naming.Pascal(wireName), $"{where} parameter '{wireName}'");
            if (type is null) return null;
            if (type.Kind is WireKind.Map or WireKind.Model or WireKind.Json || (type.Kind == WireKind.Array && type.Element!.IsCollection))
            {
                _context.Report(SpecDiagnostics.Unsupported(_context.At(parameter), $"A {type.Kind.ToString().ToLowerInvariant()} parameter", $"{where} parameter '{wireName}'"));
                return null;
            }
            var isAccount = kind == ParameterLocation.Path && wireName == "account_id";
            var name = isAccount ? "accountId" : Name(wireName, parameter, parameters, where);
            var required = kind == ParameterLocation.Path || parameter.Bool("required");
            parameters.Add(new ParameterModel(wireName, name, type, kind, required, isAccount, DocText.Of(parameter), ValueText(type, name, required)));
        }

        foreach (var variable in NamingRules.PathVariables(operation.Path))
        {
            if (!parameters.Any(p => p.Location == ParameterLocation.Path && p.WireName == variable))
            {
                _context.Report(SpecDiagnostics.InvalidOperation(_context.At(operation.Node), $"{where} uses the path variable '{{{variable}}}' but declares no path parameter for it"));
                return null;
            }
        }
        return parameters;
    }

    /// <summary>The C# expression that turns the parameter into its query or header text.</summary>
    private string ValueText(TypeRef type, string name, bool required)
    {
        var value = required ? name : name + ".Value";
        return type.Kind switch
        {
            WireKind.String => name,
            WireKind.Enum => value + ".ToString()",
            WireKind.Array => $"global::{_context.Namespace}.Serialization.JsonWire.FormatQueryArray({name})",
            _ => $"global::{_context.Namespace}.Serialization.JsonWire.FormatQuery({value})",
        };
    }

    /// <summary>
    /// Order: path ids, body, required query, optional query — account id, options and the token come last,
    /// except where the account is the subject (GET /v1/accounts/{account_id}): there it is the first optional one,
    /// so Accounts.GetAsync("my-account") means that account, not a read mask.
    /// </summary>
    public static List<ParameterModel> InCallOrder(List<ParameterModel> parameters, bool accountIsSubject)
    {
        var accountParameter = parameters.Where(p => p.IsAccountId).ToList();
        return parameters.Where(p => p.Location == ParameterLocation.Path && !p.IsAccountId)
            .Concat(parameters.Where(p => p.Location != ParameterLocation.Path && p.Required))
            .Concat(accountIsSubject ? accountParameter : Enumerable.Empty<ParameterModel>())
            .Concat(parameters.Where(p => p.Location != ParameterLocation.Path && !p.Required))
            .Concat(accountIsSubject ? Enumerable.Empty<ParameterModel>() : accountParameter)
            .ToList();
    }

    /// <summary>The C# name of a parameter: camelCase, clear of the template's own names and of the other parameters.</summary>
    private string Name(string wireName, SpecMapping parameter, List<ParameterModel> taken, string where)
    {
        var wanted = Naming.Camel(wireName);
        var name = MemberNames.IsClientMethodName(wanted) ? wanted.TrimStart('@') + "Value" : wanted;
        for (var n = 2; taken.Any(p => p.Name == name); n++) name = wanted.TrimStart('@') + n;
        if (name != wanted)
        {
            var reason = MemberNames.IsClientMethodName(wanted) ? "every generated method already uses" : "another parameter already has";
            _context.Report(SpecDiagnostics.Renamed(_context.At(parameter), $"The parameter '{wireName}' of {where}", wanted, name, reason));
        }
        return name;
    }
}
