using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Fireworks.Emulator;

/// <summary>One routed request: the operation it matched, its path variables, query, headers and body.</summary>
internal sealed class ApiRequest
{
    private readonly IReadOnlyDictionary<string, string> pathParameters;
    private readonly IQueryCollection query;
    private readonly IHeaderDictionary headers;
    private readonly byte[] body;
    private JsonElement? bodyJson;

    public ApiRequest(OperationDescriptor operation, IReadOnlyDictionary<string, string> pathParameters, IQueryCollection query, IHeaderDictionary headers, byte[] body)
    {
        Operation = operation;
        this.pathParameters = pathParameters;
        this.query = query;
        this.headers = headers;
        this.body = body;
    }

    public OperationDescriptor Operation { get; }

    public string Path(string name) => pathParameters.TryGetValue(name, out var value)
        ? value
        : throw new InvalidOperationException($"{Operation.OperationId} has no path variable '{name}'.");

    public string? Query(string name) => query.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] : null;

    /// <exception cref="ApiException">INVALID_ARGUMENT when the value is not an integer.</exception>
    public int? QueryInt32(string name)
    {
        var text = Query(name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiException.InvalidArgument($"Invalid value for query parameter '{name}': '{text}' is not an integer.");
    }

    /// <exception cref="ApiException">INVALID_ARGUMENT when the value is not a boolean.</exception>
    public bool QueryBoolean(string name)
    {
        var text = Query(name);
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        return bool.TryParse(text, out var value)
            ? value
            : throw ApiException.InvalidArgument($"Invalid value for query parameter '{name}': '{text}' is not true or false.");
    }

    /// <summary>
    /// The body as a JSON element (an empty body reads as <c>{}</c>), for checks the typed model cannot make: which
    /// fields were sent, and enum names as written.
    /// </summary>
    public JsonElement BodyJson(string? property = null)
    {
        if (bodyJson is null)
        {
            using var document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
            bodyJson = document.RootElement.Clone();
        }

        var root = bodyJson.Value;
        return property is null ? root : root.ValueKind == JsonValueKind.Object && root.TryGetProperty(property, out var child) ? child : default;
    }

    public string? Header(string name) => headers.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] : null;

    /// <summary>Reads the body with the SDK's converter; an empty body reads as <c>{}</c>.</summary>
    /// <exception cref="ApiException">INVALID_ARGUMENT naming the JSON problem.</exception>
    public T ReadBody<T>(JsonTypeInfo<T> typeInfo)
        where T : class
    {
        var json = body.Length == 0 ? "{}"u8.ToArray() : body;
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo)
                ?? throw ApiException.InvalidArgument("The request body must be a JSON object, not null.");
        }
        catch (JsonException exception)
        {
            throw ApiException.InvalidArgument($"Invalid JSON body for {Operation.OperationId}: {exception.Message}");
        }
    }
}
