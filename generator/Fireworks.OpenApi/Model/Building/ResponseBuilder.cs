using System.Collections.Generic;
using System.Linq;
using Fireworks.OpenApi.Diagnostics;
using Fireworks.OpenApi.Document;

namespace Fireworks.OpenApi.Model.Building;

/// <summary>What an operation's success response maps to: the JSON model, its paging shape, and an event-stream chunk type.</summary>
internal sealed record ResponseShape(TypeRef? Response, PagingModel? Paging, TypeRef? StreamResponse, string StreamFlagProperty);

/// <summary>Builds the <see cref="ResponseShape"/> of an operation from its first 2XX response.</summary>
internal sealed class ResponseBuilder
{
    private readonly BuildContext _context;
    private readonly SchemaTypes _types;

    public ResponseBuilder(BuildContext context, SchemaTypes types)
    {
        _context = context;
        _types = types;
    }

    /// <summary>The response shape; null (with a diagnostic) when it cannot be mapped, which drops the operation.</summary>
    public ResponseShape? Build(OpenApiOperation operation, string operationName, string where, List<ParameterModel> parameters)
    {
        var success = operation.Responses.FirstOrDefault(e => OpenApiOperation.IsSuccessStatus(e.Key));
        if (success.Value is not { } successResponse)
        {
            _context.Report(SpecDiagnostics.InvalidOperation(_context.At(operation.Node), $"{where} declares no 2xx response"));
            return null;
        }

        TypeRef? response = null;
        PagingModel? paging = null;
        if (successResponse.Map("content").Map("application/json").Map("schema") is { } schema)
        {
            var responseRef = schema.Str("$ref");
            var isEmptyInline = responseRef is null && schema.Map("properties") is null or { Count: 0 } && !schema.Has("additionalProperties") && !schema.Has("items");
            if (!isEmptyInline)
            {
                response = responseRef is null && schema.Map("properties") is { Count: > 0 }
                    ? _types.InlineModel(operationName + "Response", schema, where + " response")
                    : _types.Resolve(schema, operationName + "Response", where + " response");
                if (response is null) return null;
                if (response.Kind != WireKind.Model)
                {
                    _context.Report(SpecDiagnostics.Unsupported(_context.At(schema), $"A {response.Kind.ToString().ToLowerInvariant()} response (only objects)", where));
                    return null;
                }
                paging = PagingFor(schema, parameters);
            }
        }

        TypeRef? streamResponse = null;
        var streamFlag = "";
        if (successResponse.Map("content").Map("text/event-stream").Map("schema") is { } streamSchema)
        {
            streamResponse = _types.Resolve(streamSchema, operationName + "StreamResponse", where + " event stream");
            if (streamResponse is null) return null;
            if (streamResponse.Kind != WireKind.Model)
            {
                _context.Report(SpecDiagnostics.Unsupported(_context.At(streamSchema), $"A {streamResponse.KindName} event-stream chunk (only objects)", where));
                return null;
            }
            streamFlag = StreamFlagOf(operation);
        }
        return new ResponseShape(response, paging, streamResponse, streamFlag);
    }

    /// <summary>An AIP-158 list: a <c>pageToken</c> query parameter, and a page with <c>nextPageToken</c> and exactly one array.</summary>
    private PagingModel? PagingFor(SpecMapping responseSchema, List<ParameterModel> parameters)
    {
        var pageToken = parameters.FirstOrDefault(p => p.Location == ParameterLocation.Query && p.WireName == "pageToken");
        if (pageToken is null) return null;
        var properties = (_types.Target(responseSchema) ?? responseSchema).Map("properties").Entries();
        if (!properties.Any(p => p.Key == "nextPageToken")) return null;
        var arrays = properties.Where(p => p.Value is SpecMapping s && SchemaShape.TypeOf(s) == "array").ToList();
        if (arrays.Count != 1) return null;
        var itemType = _types.Resolve((SpecMapping)arrays[0].Value, "Item", "paging");
        return itemType?.Element is null ? null : new PagingModel(Naming.Pascal(arrays[0].Key), itemType.Element, pageToken.Name);
    }

    /// <summary>The C# name of the body's boolean <c>stream</c> property (OpenAI-style APIs stream when it is true), or empty.</summary>
    private string StreamFlagOf(OpenApiOperation operation)
    {
        var bodySchema = operation.RequestBody.Map("content").Map("application/json").Map("schema");
        var stream = _types.Target(bodySchema).Map("properties").Map("stream");
        if (stream is null) return "";
        var types = new[] { stream }.Concat(stream.Seq("anyOf").Mappings()).Select(SchemaShape.TypeOf);
        return types.Contains("boolean") ? Naming.Pascal("stream") : "";
    }
}
