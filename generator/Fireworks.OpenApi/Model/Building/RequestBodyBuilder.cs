using System;
using System.Collections.Generic;
using System.Linq;
using Fireworks.OpenApi.Diagnostics;
using Fireworks.OpenApi.Document;

namespace Fireworks.OpenApi.Model.Building;

/// <summary>An operation's JSON request body: its model (an inline body gets <c>{Operation}Request</c>) and its C# parameter.</summary>
internal sealed class RequestBodyBuilder
{
    private readonly BuildContext _context;
    private readonly SchemaTypes _types;

    public RequestBodyBuilder(BuildContext context, SchemaTypes types)
    {
        _context = context;
        _types = types;
    }

    /// <summary>False (with a diagnostic) when the body cannot be mapped, which drops the operation; <paramref name="body"/> is null when there is none.</summary>
    public bool TryBuild(OpenApiOperation operation, string operationName, string where, List<ParameterModel> parameters, out BodyModel? body)
    {
        body = null;
        if (operation.RequestBody is not { } requestBody) return true;
        var content = requestBody.Map("content");
        var json = content.Map("application/json");
        if (json is null)
        {
            var types = string.Join(", ", content.Entries().Select(e => e.Key));
            _context.Report(SpecDiagnostics.Unsupported(_context.At(requestBody), $"A request body of type '{types}' (only application/json)", where));
            return false;
        }
        if (json.Get("schema") is not SpecMapping bodySchema)
        {
            _context.Report(SpecDiagnostics.Unsupported(_context.At(json), "A request body without a schema", where));
            return false;
        }

        var isPatch = operation.Method == "patch";
        var bodyRef = bodySchema.Str("$ref");
        TypeRef? bodyType;
        if (bodyRef is null && SchemaShape.TypeOf(bodySchema) is "object" or null && !bodySchema.Has("additionalProperties"))
        {
            bodyType = _types.InlineModel(operationName + "Request", bodySchema, where + " request body", isPatch, where + " requestBody");
        }
        else
        {
            bodyType = _types.Resolve(bodySchema, operationName + "Request", where + " requestBody");
            if (bodyType is not null && isPatch && bodyRef is not null) _context.UpdateBodies.Add(bodyRef.Substring(OpenApiDocument.SchemaRefPrefix.Length));
        }
        if (bodyType is null) return false;
        if (bodyType.Kind != WireKind.Model)
        {
            _context.Report(SpecDiagnostics.Unsupported(_context.At(bodySchema), $"A {bodyType.Kind.ToString().ToLowerInvariant()} request body (only objects)", where));
            return false;
        }

        var parameterName = bodyType.ShortName.EndsWith("Body", StringComparison.Ordinal) || bodyType.ShortName.EndsWith("Request", StringComparison.Ordinal)
            ? "request"
            : Naming.Camel(bodyType.ShortName);
        if (parameters.Any(p => p.Name == parameterName) || MemberNames.IsClientMethodName(parameterName)) parameterName += "Body";
        // An empty body (Cancel, Resume, Undelete …) is optional: callers should not have to write `new XBody()`.
        var emptyBody = _types.Target(bodySchema).Map("properties") is null or { Count: 0 };
        body = new BodyModel(bodyType, parameterName, !emptyBody && (requestBody.Bool("required") || operation.Method != "get"));
        return true;
    }
}
