using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Kiota.Abstractions;

namespace Fireworks;

/// <summary>
/// The state of one call across its attempts: builds each attempt's <see cref="HttpRequestMessage"/> from the
/// call's <see cref="RequestInformation"/>, and reads each attempt's response: a success body is streamed into
/// the call's <see cref="JsonTypeInfo{T}"/>; an error body is read whole and becomes a <see cref="FireworksException"/>.
/// </summary>
internal abstract class PipelineCall
{
    private const string AuthorizationHeader = "Authorization";
    private const string AcceptHeader = "Accept";
    private const string UserAgentHeader = "User-Agent";
    private const string JsonMediaType = "application/json";

    private readonly IDictionary<string, string>? _callHeaders;

    protected PipelineCall(FireworksPipeline pipeline, RequestInformation request, string operationId, RequestOptions? options)
    {
        Pipeline = pipeline;
        Request = request;
        OperationId = operationId;
        _callHeaders = options?.Headers is { Count: > 0 } callHeaders ? callHeaders : null;
        var clientOptions = pipeline.Options;
        MaxRetries = options?.MaxRetries ?? clientOptions.MaxRetries;
        if (MaxRetries is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(options), MaxRetries, "RequestOptions.MaxRetries must be between 0 and 100.");
        }

        Timeout = options?.Timeout ?? clientOptions.Timeout;
        FireworksClientOptions.RequireTimeout(Timeout, "RequestOptions.Timeout");
        Idempotent = options?.TreatAsIdempotent ?? IsIdempotent(request.HttpMethod);
        LeavesTooEarlyToCaller = options?.LeavesTooEarlyToCaller ?? false;
        Body = request.GetRequestOption<JsonBodyOption>()?.Utf8;
        StartTimestamp = pipeline.TimeProvider.GetTimestamp();
    }

    internal FireworksPipeline Pipeline { get; }

    internal RequestInformation Request { get; }

    internal string OperationId { get; }

    internal int MaxRetries { get; }

    internal TimeSpan Timeout { get; }

    internal bool Idempotent { get; }

    /// <summary>425 Too Early is not retried here: the caller has its own, longer back-off for it.</summary>
    internal bool LeavesTooEarlyToCaller { get; }

    /// <summary>Set when a retried attempt failed in a way that may have reached the server and been acted on.</summary>
    internal bool MayHaveBeenApplied { get; set; }

    internal long StartTimestamp { get; }

    /// <summary>The expanded request URI (set once per call, before the first attempt).</summary>
    internal Uri RequestUri { get; private set; } = null!;

    /// <summary>The <c>Authorization</c> value this call sends unless a header overrides it; null when the URI may not receive the key.</summary>
    private string? Authorization { get; set; }

    /// <summary>The number of attempts started so far (1-based once the first one runs).</summary>
    internal int Attempt { get; private set; }

    /// <summary>The delay the retry predicate chose for the next attempt.</summary>
    internal TimeSpan NextRetryDelay { get; set; }

    /// <summary>Set when the whole-call timeout fired (as opposed to an attempt timeout).</summary>
    internal bool CallTimedOut { get; set; }

    // Enum names are cached by the runtime: no allocation per call.
    internal string MethodName => Request.HttpMethod.ToString();

    private byte[]? Body { get; }

    private long AttemptStartTimestamp { get; set; }

    private CancellationToken AttemptToken { get; set; }

    internal double AttemptElapsedMilliseconds => Pipeline.TimeProvider.GetElapsedTime(AttemptStartTimestamp).TotalMilliseconds;

    internal static bool IsIdempotent(Method method) =>
        method is Method.GET or Method.HEAD or Method.PUT or Method.DELETE or Method.OPTIONS or Method.TRACE;

    /// <summary>The shared <see cref="HttpMethod"/> instance for a Kiota method (Kiota allocates a new one per request).</summary>
    internal static HttpMethod ToHttpMethod(Method method) => method switch
    {
        Method.GET => HttpMethod.Get,
        Method.POST => HttpMethod.Post,
        Method.PATCH => HttpMethod.Patch,
        Method.DELETE => HttpMethod.Delete,
        Method.PUT => HttpMethod.Put,
        Method.HEAD => HttpMethod.Head,
        Method.OPTIONS => HttpMethod.Options,
        Method.TRACE => HttpMethod.Trace,
        Method.CONNECT => HttpMethod.Connect,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown HTTP method."),
    };

    /// <summary>Sets where the call goes and whether it carries the key (once, before the first attempt).</summary>
    internal void SetTarget(Uri requestUri, string? authorization)
    {
        RequestUri = requestUri;
        Authorization = authorization;
    }

    /// <summary>Starts an attempt.</summary>
    internal void BeginAttempt(CancellationToken cancellationToken)
    {
        Attempt++;
        AttemptToken = cancellationToken;
        AttemptStartTimestamp = Pipeline.TimeProvider.GetTimestamp();
    }

    /// <summary>
    /// The request message of one attempt, with the headers Kiota's adapter would send: the request's own, the
    /// per-call ones (which replace a same-named request header), then unless already present the client's
    /// default headers, <c>Accept</c>, <c>User-Agent</c> and the bearer key; HTTP/2 requested, as Kiota does.
    /// </summary>
    internal HttpRequestMessage CreateRequestMessage()
    {
        var message = new HttpRequestMessage(ToHttpMethod(Request.HttpMethod), RequestUri) { Version = HttpVersion.Version20 };
        if (Body is not null)
        {
            // A fresh content per attempt over the same serialized bytes.
            message.Content = new ByteArrayContent(Body);
        }
        else if (Request.Content is { } stream && stream != Stream.Null)
        {
            message.Content = new StreamContent(stream);
        }

        var requestHeaders = Request.Headers;
        var defaultHeaders = Pipeline.DefaultHeaders;
        if (requestHeaders.Count == 0 && _callHeaders is null && defaultHeaders.Length == 0)
        {
            // The common case: nothing can collide with the SDK's own headers.
            message.Headers.TryAddWithoutValidation(AcceptHeader, JsonMediaType);
            message.Headers.TryAddWithoutValidation(UserAgentHeader, FireworksPipeline.UserAgent);
            if (Authorization is not null)
            {
                message.Headers.TryAddWithoutValidation(AuthorizationHeader, Authorization);
            }

            return message;
        }

        foreach (var header in requestHeaders)
        {
            if (_callHeaders is null || !ContainsName(_callHeaders, header.Key))
            {
                AddHeader(message, header.Key, header.Value);
            }
        }

        if (_callHeaders is not null)
        {
            foreach (var header in _callHeaders)
            {
                AddHeader(message, header.Key, header.Value);
            }
        }

        foreach (var header in defaultHeaders)
        {
            AddHeaderIfAbsent(message, header.Key, header.Value);
        }

        AddHeaderIfAbsent(message, AcceptHeader, JsonMediaType);
        AddHeaderIfAbsent(message, UserAgentHeader, FireworksPipeline.UserAgent);
        if (Authorization is not null)
        {
            AddHeaderIfAbsent(message, AuthorizationHeader, Authorization);
        }

        return message;
    }

    /// <summary>Reads an attempt's response (and disposes it): maps an error status to a <see cref="FireworksException"/>, else reads the body.</summary>
    internal async ValueTask HandleResponseAsync(HttpResponseMessage response)
    {
        var dispose = true;
        try
        {
            if (!response.IsSuccessStatusCode)
            {
                var exception = await ErrorResponseParser
                    .CreateExceptionAsync(response, OperationId, Pipeline.Redactor, Pipeline.TimeProvider, AttemptToken)
                    .ConfigureAwait(false);
                Pipeline.LogFailedResponse(this, response, exception);
                if (AcceptsFailure(exception))
                {
                    return;
                }

                throw exception;
            }

            await ReadSuccessAsync(response, AttemptToken).ConfigureAwait(false);
            Pipeline.LogSucceededResponse(this, response);
            dispose = !KeepsSuccessResponse;
        }
        finally
        {
            if (dispose)
            {
                response.Dispose();
            }
        }
    }

    /// <summary>Whether a read 2xx response stays open for the caller (a stream) instead of being disposed here.</summary>
    protected virtual bool KeepsSuccessResponse => false;

    // Kiota's rule: a name the request headers refuse (a content header) goes to the content, when there is one.
    private static void AddHeader(HttpRequestMessage message, string name, IEnumerable<string> values)
    {
        if (!message.Headers.TryAddWithoutValidation(name, values))
        {
            message.Content?.Headers.TryAddWithoutValidation(name, values);
        }
    }

    private static void AddHeader(HttpRequestMessage message, string name, string value)
    {
        if (!message.Headers.TryAddWithoutValidation(name, value))
        {
            message.Content?.Headers.TryAddWithoutValidation(name, value);
        }
    }

    private static void AddHeaderIfAbsent(HttpRequestMessage message, string name, string value)
    {
        if (!message.Headers.NonValidated.Contains(name) && message.Content?.Headers.NonValidated.Contains(name) != true)
        {
            AddHeader(message, name, value);
        }
    }

    // Header names are case-insensitive, whatever comparer the caller's dictionary uses.
    private static bool ContainsName(IDictionary<string, string> headers, string name)
    {
        if (headers.ContainsKey(name))
        {
            return true;
        }

        foreach (var header in headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether an error answer ends the call as a result instead of an exception (none, unless a subclass says so).</summary>
    protected virtual bool AcceptsFailure(FireworksException exception) => false;

    /// <summary>Reads a 2xx response.</summary>
    protected abstract ValueTask ReadSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken);

    protected FireworksException UnreadableBody(HttpResponseMessage response, string problem, Exception? innerException) =>
        new(
            OperationId,
            RpcCodes.Unknown,
            (int)response.StatusCode,
            Pipeline.Redactor.Redact(problem),
            requestId: ErrorResponseParser.GetRequestId(response, Pipeline.Redactor),
            innerException: Pipeline.Redactor.SanitizeOrNull(innerException));
}

/// <summary>A call whose response body is deserialized into <typeparamref name="T"/>.</summary>
internal sealed class PipelineCall<T> : PipelineCall
{
    private static ReadOnlySpan<byte> EmptyObject => "{}"u8;

    private readonly JsonTypeInfo<T> _responseType;

    internal PipelineCall(FireworksPipeline pipeline, RequestInformation request, string operationId, RequestOptions? options, JsonTypeInfo<T> responseType)
        : base(pipeline, request, operationId, options)
    {
        _responseType = responseType;
    }

    internal T? Result { get; private set; }

    protected override async ValueTask ReadSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            if (response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0)
            {
                // A body-less success is the empty message.
                Result = JsonSerializer.Deserialize(EmptyObject, _responseType);
            }
            else
            {
                var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    Result = await JsonSerializer.DeserializeAsync(stream, _responseType, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (JsonException exception)
        {
            throw UnreadableBody(response, $"the response body could not be read as {typeof(T).Name}: {exception.Message}", exception);
        }

        if (Result is null)
        {
            throw UnreadableBody(response, $"the response body is JSON null, expected {typeof(T).Name}", innerException: null);
        }
    }
}

/// <summary>A call whose success body is ignored (operations that answer an empty object).</summary>
internal sealed class EmptyPipelineCall : PipelineCall
{
    internal EmptyPipelineCall(FireworksPipeline pipeline, RequestInformation request, string operationId, RequestOptions? options)
        : base(pipeline, request, operationId, options)
    {
    }

    protected override ValueTask ReadSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>A DELETE: its success body is ignored, and NOT_FOUND after an attempt that may have deleted the resource is a result.</summary>
internal sealed class DeletePipelineCall : PipelineCall
{
    internal DeletePipelineCall(FireworksPipeline pipeline, RequestInformation request, string operationId, RequestOptions? options)
        : base(pipeline, request, operationId, options)
    {
    }

    /// <summary>The NOT_FOUND a retry got after an earlier attempt may have deleted the resource.</summary>
    internal FireworksException? NotFoundOnRetry { get; private set; }

    protected override bool AcceptsFailure(FireworksException exception)
    {
        if (exception is { HttpStatus: 404, IsNotFound: true } && MayHaveBeenApplied)
        {
            NotFoundOnRetry = exception;
            return true;
        }

        return false;
    }

    protected override ValueTask ReadSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>The serialized JSON body of a request, kept so that every attempt sends the same bytes.</summary>
internal sealed class JsonBodyOption : IRequestOption
{
    internal JsonBodyOption(byte[] utf8) => Utf8 = utf8;

    internal byte[] Utf8 { get; }

    internal static MemoryStream CreateStream(byte[] utf8) => new(utf8, 0, utf8.Length, writable: false, publiclyVisible: true);
}
