using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace Fireworks;

/// <summary>
/// The state of one call across its attempts, and the Kiota response handler that reads each
/// attempt's response: a success body is streamed into the call's <see cref="JsonTypeInfo{T}"/>;
/// an error body is read whole and becomes a <see cref="FireworksException"/>.
/// </summary>
internal abstract class PipelineCall : IResponseHandler
{
    protected PipelineCall(FireworksPipeline pipeline, RequestInformation request, string operationId, RequestOptions? options)
    {
        Pipeline = pipeline;
        Request = request;
        OperationId = operationId;
        var clientOptions = pipeline.Options;
        MaxRetries = options?.MaxRetries ?? clientOptions.MaxRetries;
        if (MaxRetries is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(options), MaxRetries, "RequestOptions.MaxRetries must be between 0 and 100.");
        }

        Timeout = options?.Timeout ?? clientOptions.Timeout;
        FireworksClientOptions.RequireTimeout(Timeout, "RequestOptions.Timeout");
        Idempotent = options?.TreatAsIdempotent ?? IsIdempotent(request.HttpMethod);
        Body = request.GetRequestOption<JsonBodyOption>()?.Utf8;
        StartTimestamp = pipeline.TimeProvider.GetTimestamp();
    }

    internal FireworksPipeline Pipeline { get; }

    internal RequestInformation Request { get; }

    internal string OperationId { get; }

    internal int MaxRetries { get; }

    internal TimeSpan Timeout { get; }

    internal bool Idempotent { get; }

    internal long StartTimestamp { get; }

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

    /// <summary>Starts an attempt: Kiota disposed the previous attempt's body stream, so a retry gets a fresh one over the same bytes.</summary>
    internal void BeginAttempt(CancellationToken cancellationToken)
    {
        Attempt++;
        AttemptToken = cancellationToken;
        AttemptStartTimestamp = Pipeline.TimeProvider.GetTimestamp();
        if (Attempt > 1 && Body is not null)
        {
            Request.Content = JsonBodyOption.CreateStream(Body);
        }
    }

    /// <inheritdoc />
    public async Task<TModel?> HandleResponseAsync<TNativeResponse, TModel>(
        TNativeResponse response,
        Dictionary<string, ParsableFactory<IParsable>>? errorMappings)
    {
        if (response is not HttpResponseMessage message)
        {
            throw new InvalidOperationException($"The Fireworks response handler expects an HttpResponseMessage, got {typeof(TNativeResponse).Name}.");
        }

        using (message)
        {
            if (!message.IsSuccessStatusCode)
            {
                var exception = await ErrorResponseParser
                    .CreateExceptionAsync(message, OperationId, Pipeline.Options.ApiKey, Pipeline.TimeProvider, AttemptToken)
                    .ConfigureAwait(false);
                Pipeline.LogFailedResponse(this, message, exception);
                throw exception;
            }

            await ReadSuccessAsync(message, AttemptToken).ConfigureAwait(false);
            Pipeline.LogSucceededResponse(this, message);
        }

        return default;
    }

    /// <summary>Reads a 2xx response.</summary>
    protected abstract ValueTask ReadSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken);

    protected FireworksException UnreadableBody(HttpResponseMessage response, string problem, Exception? innerException) =>
        new(
            OperationId,
            RpcCodes.Unknown,
            (int)response.StatusCode,
            problem,
            requestId: ErrorResponseParser.GetRequestId(response),
            innerException: innerException);
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

/// <summary>The serialized JSON body of a request, kept so that a retry can send the same bytes again.</summary>
internal sealed class JsonBodyOption : IRequestOption
{
    internal JsonBodyOption(byte[] utf8) => Utf8 = utf8;

    internal byte[] Utf8 { get; }

    internal static MemoryStream CreateStream(byte[] utf8) => new(utf8, 0, utf8.Length, writable: false, publiclyVisible: true);
}
