namespace Fireworks;

/// <summary>
/// A request as the generated code describes it: the operation, the path (built from validated
/// <see cref="PathSegment"/>s, so it needs no escaping), the query, header parameters and the body. The pipeline
/// turns it into an <see cref="HttpRequestMessage"/> once per call.
/// </summary>
internal sealed class FireworksRequest
{
    private const string JsonMediaType = "application/json";

    /// <summary>Follows the operation id where an error names a header parameter.</summary>
    internal const string HeaderParameterSource = " header parameter";

    private string? _query;
    private List<KeyValuePair<string, string>>? _headers;

    /// <summary>Creates a request for <paramref name="operation"/> at <paramref name="path"/>.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="path">The path after the base URL, starting with <c>/</c>; every variable in it is a validated path segment.</param>
    internal FireworksRequest(ApiOperation operation, string path)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(path);
        Operation = operation;
        Path = path;
    }

    internal ApiOperation Operation { get; }

    internal string Path { get; }

    /// <summary>The query string, with its leading <c>?</c>, or empty.</summary>
    internal string Query => _query ?? string.Empty;

    /// <summary>The serialized JSON body (the same bytes for every attempt), or null.</summary>
    internal byte[]? JsonBody { get; private set; }

    /// <summary>The request body as the caller passed it (for telemetry that reads e.g. the model), or null.</summary>
    internal object? Body { get; private set; }

    /// <summary>The secret values <see cref="Body"/> sends (<see cref="ISecretHolder"/>), or null when it sends none.</summary>
    internal List<string>? Secrets { get; private set; }

    /// <summary>A body that can be sent only once (an upload stream), or null.</summary>
    internal HttpContent? OneShotContent { get; set; }

    /// <summary>Whether every attempt can send the same body again.</summary>
    internal bool CanResend => OneShotContent is null;

    /// <summary>Header parameters of the operation, or null.</summary>
    internal List<KeyValuePair<string, string>>? Headers => _headers;

    /// <summary>
    /// Adds a query parameter, percent-encoding everything but RFC 3986's unreserved characters: the expansion of an
    /// RFC 6570 <c>{?name}</c> form-style query.
    /// </summary>
    /// <param name="name">The parameter name (an identifier from the spec).</param>
    /// <param name="value">The value.</param>
    internal void AddQuery(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var pair = string.Concat(name, "=", Uri.EscapeDataString(value));
        _query = _query is null ? "?" + pair : string.Concat(_query, "&", pair);
    }

    /// <summary>Adds a repeated query parameter, one <c>name=value</c> per value (an exploded <c>{?name*}</c>).</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="values">The values; none adds nothing.</param>
    internal void AddQuery(string name, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var value in values)
        {
            AddQuery(name, value);
        }
    }

    /// <summary>Adds a header parameter, checked by <see cref="HeaderRules"/> like every header the SDK sends.</summary>
    /// <param name="name">The header name.</param>
    /// <param name="value">The value.</param>
    /// <param name="parameterName">The generated method's parameter that holds the value, blamed when it cannot be sent.</param>
    /// <exception cref="ArgumentException">The value cannot be sent as one header line (a CR or LF in it, for example).</exception>
    internal void AddHeader(string name, string value, string? parameterName = null)
    {
        ArgumentNullException.ThrowIfNull(value, parameterName ?? nameof(value));
        HeaderRules.Validate(name, value, Operation.OperationId, HeaderParameterSource, parameterName);
        (_headers ??= []).Add(new(name, value));
    }

    /// <summary>Asks for an event stream (the SDK's default <c>Accept</c> is JSON).</summary>
    internal void AcceptEventStream() => AddHeader("Accept", EventStreamResponseReader.EventStreamMediaType);

    /// <summary>Sets the JSON body: serialized once here, sent as the same bytes by every attempt.</summary>
    /// <typeparam name="T">The body type.</typeparam>
    /// <param name="body">The body; must not be null.</param>
    /// <param name="typeInfo">The body type's source-generated metadata.</param>
    internal void SetJsonBody<T>(T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (body is null)
        {
            throw new ArgumentNullException(nameof(body), "The request body must not be null.");
        }

        JsonBody = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(body, typeInfo);
        Body = body;
        Secrets = SecretValues.Of(body);
    }

    /// <summary>The body of one attempt: a fresh content over the serialized bytes, the one-shot content, or null.</summary>
    internal HttpContent? CreateContent()
    {
        if (JsonBody is { } utf8)
        {
            var content = new ByteArrayContent(utf8);
            content.Headers.TryAddWithoutValidation("Content-Type", JsonMediaType);
            return content;
        }

        return OneShotContent;
    }
}
