using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Fireworks;

/// <summary>
/// The transport every generated operation goes through: builds Kiota <see cref="RequestInformation"/>s,
/// turns each into an <see cref="HttpRequestMessage"/> with bearer auth and sends it through one shared
/// <see cref="HttpClient"/>, retries and times calls out with a Polly pipeline, and maps failures to
/// <see cref="FireworksException"/>.
/// </summary>
/// <remarks>
/// <para>
/// Generated code describes a call as a Kiota <see cref="RequestInformation"/> (method, URL template, path and
/// query parameters, headers, body). The request message is built here rather than by
/// <see cref="HttpClientRequestAdapter"/>'s send path, which expands the URL template twice per attempt (once
/// for the auth host check, once for the message) and opens tracing spans around every step: that was
/// most of the SDK's per-call cost. The URL is expanded once per call, from a template parsed once per
/// process (<see cref="UrlTemplate"/>), into the same URI Kiota builds; headers, auth and the HTTP/2
/// request version are those the adapter would send.
/// </para>
/// <para>
/// Retries wrap the whole attempt (not an <see cref="HttpMessageHandler"/>), so they also apply to a
/// caller-supplied <see cref="HttpClient"/>, and an attempt covers reading the response body.
/// </para>
/// </remarks>
internal sealed class FireworksPipeline : IDisposable
{
    private const string JsonContentType = "application/json";

    private static readonly ResiliencePropertyKey<PipelineCall> CallKey = new("Fireworks.PipelineCall");

    private readonly HttpClientRequestAdapter _adapter;
    private readonly HttpClient _httpClient;
    private readonly HttpClient? _ownedHttpClient;
    private readonly Func<HttpClient>? _httpClientFactory;
    private readonly ApiKeyAccessTokenProvider _tokenProvider;
    private readonly ResiliencePipeline _resilience;
    private readonly string _baseUrl;
    private readonly string _inferenceBaseUrl;

    /// <summary>Creates the pipeline from validated options (the client's snapshot).</summary>
    internal FireworksPipeline(FireworksClientOptions options)
    {
        Options = options;
        TimeProvider = options.TimeProvider;
        Redactor = new SecretRedactor(options.ApiKey);
        if (options.LoggerFactory is { } loggerFactory and not RedactingLoggerFactory)
        {
            // Every SDK component logs through the snapshot's factory, so every event is redacted here, once.
            options.LoggerFactory = new RedactingLoggerFactory(loggerFactory, Redactor);
        }

        Logger = options.LoggerFactory?.CreateLogger(FireworksLog.Category) ?? NullLogger.Instance;
        _baseUrl = options.BaseUrl.AbsoluteUri.TrimEnd('/');
        _inferenceBaseUrl = options.EffectiveInferenceBaseUrl.AbsoluteUri.TrimEnd('/');
        DefaultHeaders = [.. options.DefaultHeaders];

        // Our own HttpClient with no Kiota middleware: Kiota's default RetryHandler would repeat POSTs.
        _httpClientFactory = options.HttpClientFactory;
        var httpClient = options.HttpClient ?? _httpClientFactory?.Invoke();
        if (httpClient is null)
        {
            var handler = options.HttpMessageHandler ?? CreateDefaultHandler();
            httpClient = new HttpClient(handler, disposeHandler: options.HttpMessageHandler is null)
            {
                // The call budget is enforced by the resilience pipeline, on options.TimeProvider.
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
            _ownedHttpClient = httpClient;
        }

        _httpClient = httpClient;
        _tokenProvider = new ApiKeyAccessTokenProvider(options.ApiKey, options.BaseUrl, options.EffectiveInferenceBaseUrl);
        Authorization = string.IsNullOrEmpty(options.ApiKey) ? null : "Bearer " + options.ApiKey;

        // For callers that hold a RequestInformation and want Kiota's own send path (no retries, no error mapping).
        _adapter = new HttpClientRequestAdapter(new BaseBearerTokenAuthenticationProvider(_tokenProvider), httpClient: httpClient) { BaseUrl = _baseUrl };
        _resilience = BuildResiliencePipeline(options);
    }

    /// <summary>The <c>User-Agent</c> sent unless a header overrides it.</summary>
    internal static string UserAgent { get; } = CreateUserAgent();

    /// <summary>The client's <see cref="FireworksClientOptions.DefaultHeaders"/>, snapshotted.</summary>
    internal KeyValuePair<string, string>[] DefaultHeaders { get; }

    /// <summary>The <c>Authorization</c> value for the API key, or null when no key is configured.</summary>
    internal string? Authorization { get; }

    /// <summary>The client's options (a snapshot; never mutated).</summary>
    internal FireworksClientOptions Options { get; }

    /// <summary>Removes the API key from every text the SDK hands out (exceptions, logs).</summary>
    internal SecretRedactor Redactor { get; }

    /// <summary>The clock of timeouts, delays and durations.</summary>
    internal TimeProvider TimeProvider { get; }

    /// <summary>The SDK's logger (a null logger when no factory was configured).</summary>
    internal ILogger Logger { get; }

    /// <summary>
    /// A Kiota adapter over the same <see cref="HttpClient"/>, base URL and bearer auth, for code that sends a
    /// <see cref="RequestInformation"/> through Kiota directly. Generated operations do not use it.
    /// </summary>
    internal IRequestAdapter RequestAdapter => _adapter;

    /// <summary>
    /// The account of a call: <paramref name="accountId"/> when given, else the client's
    /// <see cref="FireworksClientOptions.AccountId"/>.
    /// </summary>
    /// <param name="accountId">The per-call override, or null.</param>
    /// <returns>The account id to put in the path.</returns>
    /// <exception cref="ArgumentException"><paramref name="accountId"/> is not a valid path id (<see cref="PathSegment"/>).</exception>
    /// <exception cref="InvalidOperationException">No account id is configured anywhere.</exception>
    internal string ResolveAccountId(string? accountId)
    {
        // A client with neither key nor account is missing its key first: say that before the account.
        EnsureApiKey();
        if (accountId is not null)
        {
            PathSegment.Validate(accountId, nameof(accountId));
            return accountId;
        }

        return Options.AccountId ?? throw new InvalidOperationException(
            "No Fireworks account id: pass accountId to this call, or set FireworksClientOptions.AccountId or the "
            + FireworksClientOptions.AccountIdVariable + " environment variable.");
    }

    /// <summary>Creates a request for <paramref name="urlTemplate"/> (RFC 6570, starting with <c>{+baseurl}</c>) with the base URL filled in.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="urlTemplate">The URL template, e.g. <c>{+baseurl}/v1/accounts/{account_id}/deployments{?pageSize,pageToken}</c>.</param>
    /// <returns>A request whose path and query parameters the caller fills in.</returns>
    internal RequestInformation CreateRequest(Method method, string urlTemplate)
    {
        ArgumentException.ThrowIfNullOrEmpty(urlTemplate);
        var request = new RequestInformation { HttpMethod = method, UrlTemplate = urlTemplate };
        request.PathParameters["baseurl"] = _baseUrl;
        return request;
    }

    /// <summary>Creates a request for an operation of <paramref name="server"/> (see <see cref="CreateRequest(Method, string)"/>).</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="urlTemplate">The URL template, starting with <c>{+baseurl}</c>.</param>
    /// <param name="server">Which configured base URL fills <c>{+baseurl}</c>.</param>
    /// <returns>A request whose path and query parameters the caller fills in.</returns>
    internal RequestInformation CreateRequest(Method method, string urlTemplate, FireworksServer server)
    {
        var request = CreateRequest(method, urlTemplate);
        if (server == FireworksServer.Inference)
        {
            request.PathParameters["baseurl"] = _inferenceBaseUrl;
        }

        return request;
    }

    /// <summary>A lazily sent streaming call (<c>text/event-stream</c>); see <see cref="ServerSentEventStream{T}"/>.</summary>
    /// <typeparam name="T">The chunk type.</typeparam>
    /// <param name="request">The request, from <see cref="CreateRequest(Method, string, FireworksServer)"/>.</param>
    /// <param name="chunkType">The chunk type's metadata.</param>
    /// <param name="extensionData">A chunk's unknown properties (an <c>error</c> among them ends the stream with an exception).</param>
    /// <param name="operationId">The spec's operation id, for errors and logs.</param>
    /// <param name="options">Per-call overrides, or null.</param>
    /// <param name="cancellationToken">Cancels the call and the stream.</param>
    /// <returns>The stream; nothing is sent before it is enumerated.</returns>
    internal ServerSentEventStream<T> Stream<T>(
        RequestInformation request,
        JsonTypeInfo<T> chunkType,
        Func<T, IDictionary<string, JsonElement>?> extensionData,
        string operationId,
        RequestOptions? options,
        CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(chunkType);
        return new ServerSentEventStream<T>(this, request, chunkType, extensionData, operationId, options, cancellationToken);
    }

    /// <summary>Sends a streaming request through the retry policy and returns the open 2xx response (the caller disposes it).</summary>
    internal async Task<HttpResponseMessage> OpenStreamAsync(RequestInformation request, string operationId, RequestOptions? options, CancellationToken cancellationToken)
    {
        var call = new StreamingPipelineCall(this, request, operationId, options);
        try
        {
            await ExecuteAsync(call, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // E.g. the call timeout fired just after the response arrived: nobody else will release it.
            call.Response?.Dispose();
            throw;
        }

        return call.Response!;
    }

    /// <summary>Serializes <paramref name="body"/> with its source-generated metadata as the JSON body of <paramref name="request"/>.</summary>
    /// <typeparam name="T">The body type.</typeparam>
    /// <param name="request">The request.</param>
    /// <param name="body">The body; must not be null.</param>
    /// <param name="typeInfo">The body type's metadata from the SDK's <c>JsonSerializerContext</c>.</param>
    internal void SetJsonContent<T>(RequestInformation request, T body, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (body is null)
        {
            throw new ArgumentNullException(nameof(body), "The request body must not be null.");
        }

        var utf8 = JsonSerializer.SerializeToUtf8Bytes(body, typeInfo);
        request.AddRequestOptions([new JsonBodyOption(utf8)]);
        request.SetStreamContent(JsonBodyOption.CreateStream(utf8), JsonContentType);
    }

    /// <summary>Sends <paramref name="request"/> and deserializes the response into <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The response type.</typeparam>
    /// <param name="request">The request, from <see cref="CreateRequest(Method, string)"/>.</param>
    /// <param name="responseType">The response type's metadata.</param>
    /// <param name="operationId">The spec's operation id, for errors and logs.</param>
    /// <param name="options">Per-call overrides, or null.</param>
    /// <param name="cancellationToken">Cancels the call; surfaces as <see cref="OperationCanceledException"/>.</param>
    /// <returns>The deserialized response.</returns>
    /// <exception cref="FireworksException">The call failed (error response, no response, timeout, unreadable body).</exception>
    internal async Task<T> SendAsync<T>(
        RequestInformation request,
        JsonTypeInfo<T> responseType,
        string operationId,
        RequestOptions? options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseType);
        var call = new PipelineCall<T>(this, request, operationId, options, responseType);
        await ExecuteAsync(call, cancellationToken).ConfigureAwait(false);
        return call.Result!;
    }

    /// <summary>Sends <paramref name="request"/>; a success body (an empty object) is ignored, errors are still mapped.</summary>
    /// <param name="request">The request, from <see cref="CreateRequest(Method, string)"/>.</param>
    /// <param name="operationId">The spec's operation id, for errors and logs.</param>
    /// <param name="options">Per-call overrides, or null.</param>
    /// <param name="cancellationToken">Cancels the call; surfaces as <see cref="OperationCanceledException"/>.</param>
    /// <returns>A task that completes when the call succeeded.</returns>
    /// <exception cref="FireworksException">The call failed.</exception>
    internal Task SendAsync(RequestInformation request, string operationId, RequestOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ExecuteAsync(new EmptyPipelineCall(this, request, operationId, options), cancellationToken);
    }

    /// <summary>
    /// A missing key is reported by the first call rather than by the constructor, so a client can be created before
    /// its configuration is complete (mocks, DI containers); a blank key is refused by the constructor.
    /// </summary>
    private void EnsureApiKey()
    {
        if (string.IsNullOrEmpty(Options.ApiKey))
        {
            throw new InvalidOperationException(
                "No Fireworks API key: set the " + FireworksClientOptions.ApiKeyVariable
                + " environment variable, FireworksClientOptions.ApiKey, or pass apiKey to the FireworksClient constructor.");
        }
    }

    /// <summary>
    /// Sends a DELETE: like <see cref="SendAsync(RequestInformation, string, RequestOptions?, CancellationToken)"/>, but a
    /// NOT_FOUND answered to a retry after an attempt that may have deleted the resource is a result, not an error
    /// (<see cref="DeleteResult.NotFoundOnRetry"/>).
    /// </summary>
    /// <param name="request">The request, from <see cref="CreateRequest(Method, string)"/>.</param>
    /// <param name="operationId">The spec's operation id, for errors and logs.</param>
    /// <param name="options">Per-call overrides, or null.</param>
    /// <param name="cancellationToken">Cancels the call; surfaces as <see cref="OperationCanceledException"/>.</param>
    /// <returns>How the resource is known to be gone.</returns>
    /// <exception cref="FireworksException">The call failed.</exception>
    internal async Task<DeleteResult> SendDeleteAsync(RequestInformation request, string operationId, RequestOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = new DeletePipelineCall(this, request, operationId, options);
        await ExecuteAsync(call, cancellationToken).ConfigureAwait(false);
        if (call.NotFoundOnRetry is { } notFound)
        {
            notFound.Attempts = call.Attempt;
            if (Logger.IsEnabled(LogLevel.Information))
            {
                FireworksLog.DeleteNotFoundOnRetry(Logger, operationId, call.Attempt, notFound.RequestId);
            }
        }

        return new DeleteResult(call.Attempt, call.NotFoundOnRetry);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _adapter.Dispose();
        _ownedHttpClient?.Dispose();
    }

    private async Task ExecuteAsync(PipelineCall call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureApiKey();
        PrepareRequest(call);
        var context = ResilienceContextPool.Shared.Get(call.OperationId, continueOnCapturedContext: false, cancellationToken);
        context.Properties.Set(CallKey, call);
        try
        {
            await _resilience.ExecuteAsync(
                static (context, call) => call.Pipeline.SendAttemptAsync(call, context.CancellationToken),
                context,
                call).ConfigureAwait(false);
        }
        catch (FireworksException exception)
        {
            exception.Attempts = call.Attempt;
            throw;
        }
        catch (OperationCanceledException exception) when (cancellationToken.IsCancellationRequested)
        {
            if (Redactor.Sanitize(exception) is RedactedException redacted)
            {
                throw new OperationCanceledException(redacted.Message, redacted, cancellationToken);
            }

            throw;
        }
        catch (TimeoutRejectedException exception)
        {
            throw TimedOut(call, exception);
        }
        catch (OperationCanceledException exception) when (exception.InnerException is TimeoutException)
        {
            // HttpClient.Timeout of a caller-supplied HttpClient.
            throw TimedOut(call, exception);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            throw NoResponse(call, exception);
        }
        catch (Exception exception) when (exception is not FireworksException && Redactor.Sanitize(exception) is RedactedException redacted)
        {
            // Anything else a custom handler threw propagates as it is, unless its text reveals the key.
            throw redacted;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// Once per call: validates the path parameters, points the request at the client's base URL (as Kiota's
    /// adapter does, so a request can only reach the configured host), expands its URI and decides its auth.
    /// </summary>
    private void PrepareRequest(PipelineCall call)
    {
        var request = call.Request;
        var template = ValidatePathParameters(request, call.OperationId);
        // Only a configured base URL: the inference one when the request was created for it, else the gateway's.
        request.PathParameters["baseurl"] = request.PathParameters.TryGetValue("baseurl", out var current) && Equals(current, _inferenceBaseUrl)
            ? _inferenceBaseUrl
            : _baseUrl;
        var uri = template.TryExpand(request, out var expanded) ? new Uri(expanded) : request.URI;
        call.SetTarget(uri, _tokenProvider.Authorizes(uri) ? Authorization : null);
    }

    /// <summary>One attempt: a fresh request message (a sent one cannot be sent again), the send, and the response.</summary>
    private async ValueTask SendAttemptAsync(PipelineCall call, CancellationToken cancellationToken)
    {
        call.BeginAttempt(cancellationToken);
        try
        {
            using var message = call.CreateRequestMessage();
            // A factory-provided client is asked for per attempt, so its handlers rotate as the factory decides.
            var httpClient = _httpClientFactory?.Invoke() ?? _httpClient;
            var response = await httpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            await call.HandleResponseAsync(response).ConfigureAwait(false);
        }
        catch (Exception exception) when (LogAttemptWithoutResponse(call, exception, cancellationToken))
        {
            // The filter only logs; it never catches.
            throw;
        }
    }

    /// <summary>
    /// The backstop behind the generated methods' own checks, for every request however it was built: an
    /// unset path variable, or a value that is not exactly one path segment (<see cref="PathSegment"/>), would
    /// silently address another URL (<c>/deployments/</c> or the parent of <c>/deployments/..</c>): reject it,
    /// naming the variable.
    /// </summary>
    /// <returns>The request's parsed URL template.</returns>
    private static UrlTemplate ValidatePathParameters(RequestInformation request, string operationId)
    {
        var template = UrlTemplate.Get(request.UrlTemplate ?? throw new ArgumentException($"{operationId}: the request has no URL template.", nameof(request)));
        foreach (var name in template.PathVariables)
        {
            if (!request.PathParameters.TryGetValue(name, out var value) || value is null)
            {
                throw new ArgumentException($"{operationId}: the path parameter '{name}' is not set.", name);
            }

            if (value is string text)
            {
                PathSegment.Validate(text, name, $"{operationId}: the path parameter '{name}'");
            }
        }

        return template;
    }

    /// <summary>The variables of simple <c>{name}</c> expressions (not <c>{+baseurl}</c> nor <c>{?query}</c>).</summary>
    internal static string[] ParsePathVariables(string template)
    {
        var names = new List<string>();
        var index = 0;
        while ((index = template.IndexOf('{', index)) >= 0)
        {
            var end = template.IndexOf('}', index);
            if (end < 0)
            {
                break;
            }

            var expression = template.AsSpan(index + 1, end - index - 1);
            if (expression.Length > 0 && (char.IsLetterOrDigit(expression[0]) || expression[0] == '_' || expression[0] == '%'))
            {
                foreach (var range in expression.Split(','))
                {
                    var variable = expression[range];
                    var modifier = variable.IndexOfAny(':', '*');
                    names.Add((modifier >= 0 ? variable[..modifier] : variable).ToString());
                }
            }

            index = end + 1;
        }

        return [.. names];
    }

    private ResiliencePipeline BuildResiliencePipeline(FireworksClientOptions options)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider, Name = "Fireworks" };

        // Outermost: the whole-call budget (attempts, delays and body reads).
        builder.AddTimeout(new TimeoutStrategyOptions
        {
            TimeoutGenerator = static args => new ValueTask<TimeSpan>(GetCall(args.Context).Timeout),
            OnTimeout = static args =>
            {
                GetCall(args.Context).CallTimedOut = true;
                return default;
            },
        });

        builder.AddRetry(new RetryStrategyOptions
        {
            // The per-call limit is applied in ShouldRetry.
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Constant,
            UseJitter = false,
            ShouldHandle = args => new ValueTask<bool>(ShouldRetry(GetCall(args.Context), args.Outcome.Exception, args.AttemptNumber, args.Context.CancellationToken)),
            DelayGenerator = static args => new ValueTask<TimeSpan?>(GetCall(args.Context).NextRetryDelay),
            OnRetry = args =>
            {
                var call = GetCall(args.Context);
                if (Logger.IsEnabled(LogLevel.Warning))
                {
                    FireworksLog.RetryScheduled(Logger, call.OperationId, args.RetryDelay.TotalMilliseconds, call.Attempt, call.MaxRetries, Describe(args.Outcome.Exception));
                }

                return default;
            },
        });

        if (options.AttemptTimeout is { } attemptTimeout)
        {
            builder.AddTimeout(new TimeoutStrategyOptions { TimeoutGenerator = _ => new ValueTask<TimeSpan>(attemptTimeout) });
        }

        return builder.Build();
    }

    private static PipelineCall GetCall(ResilienceContext context) =>
        context.Properties.TryGetValue(CallKey, out var call) ? call : throw new InvalidOperationException("The resilience context carries no Fireworks call.");

    /// <summary>
    /// The retry policy. Any method: 429, and connection failures that prove the request was not
    /// sent (name resolution, connect refused/unreachable, proxy tunnel). Idempotent calls only
    /// (GET/HEAD/PUT/DELETE, or <see cref="RequestOptions.TreatAsIdempotent"/>): 408, 5xx, timeouts
    /// and every other transport failure. Never beyond the call's retry limit or time budget.
    /// </summary>
    private bool ShouldRetry(PipelineCall call, Exception? exception, int attemptNumber, CancellationToken cancellationToken)
    {
        if (exception is null || attemptNumber >= call.MaxRetries || cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        if (exception is FireworksException { HttpStatus: 425 } && call.LeavesTooEarlyToCaller)
        {
            return false;
        }

        var retryable = Classify(exception, cancellationToken) switch
        {
            Retryability.Always => true,
            Retryability.IfIdempotent => call.Idempotent,
            _ => false,
        };
        if (!retryable)
        {
            return false;
        }

        var delay = ComputeDelay(exception, attemptNumber);
        if (call.Timeout != System.Threading.Timeout.InfiniteTimeSpan
            && TimeProvider.GetElapsedTime(call.StartTimestamp) + delay >= call.Timeout)
        {
            // Waiting would only end in a timeout; the real error is more useful.
            if (Logger.IsEnabled(LogLevel.Information))
            {
                FireworksLog.RetrySkipped(Logger, call.OperationId, Describe(exception), delay.TotalMilliseconds);
            }

            return false;
        }

        call.NextRetryDelay = delay;
        call.MayHaveBeenApplied |= MayHaveReachedServer(exception);
        return true;
    }

    /// <summary>Whether the failed attempt may have been acted on: anything but a refusal (429, 425) or a connection never made.</summary>
    internal static bool MayHaveReachedServer(Exception exception) => exception switch
    {
        FireworksException { HasResponse: true } answered => !HttpStatusClass.RefusedBeforeProcessing(answered.HttpStatus),
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.ProxyTunnelError } => false,
        _ => true,
    };

    internal enum Retryability
    {
        Never,
        Always,
        IfIdempotent,
    }

    internal static Retryability Classify(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        FireworksException { HttpStatus: var status } when HttpStatusClass.RefusedBeforeProcessing(status) => Retryability.Always,
        FireworksException { HttpStatus: var status } when HttpStatusClass.TransientButMayHaveActed(status) => Retryability.IfIdempotent,
        FireworksException => Retryability.Never,
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.ProxyTunnelError } => Retryability.Always,
        HttpRequestException => Retryability.IfIdempotent,
        TimeoutRejectedException => Retryability.IfIdempotent,
        OperationCanceledException { InnerException: TimeoutException } when !cancellationToken.IsCancellationRequested => Retryability.IfIdempotent,
        IOException => Retryability.IfIdempotent,
        _ => Retryability.Never,
    };

    /// <summary>
    /// The server's <c>Retry-After</c> when it is in (0, <see cref="FireworksClientOptions.MaxRetryAfter"/>];
    /// else <c>min(InitialRetryDelay · 2^retry, MaxRetryDelay)</c> scaled by a jitter in (0.75, 1], in whole milliseconds.
    /// </summary>
    internal TimeSpan ComputeDelay(Exception exception, int retryIndex)
    {
        if (exception is FireworksException { RetryAfter: { } retryAfter } && retryAfter > TimeSpan.Zero && retryAfter <= Options.MaxRetryAfter)
        {
            return retryAfter;
        }

        var backoffSeconds = Math.Min(
            Options.InitialRetryDelay.TotalSeconds * Math.Pow(2, retryIndex),
            Options.MaxRetryDelay.TotalSeconds);
        var jitter = 1 - (0.25 * Math.Clamp(Options.RetryJitter(), 0, 1));

        // Whole milliseconds: timers have millisecond resolution, and the logged delay is then the one waited.
        return TimeSpan.FromMilliseconds(Math.Round(backoffSeconds * jitter * 1000));
    }

    private static string Describe(Exception? exception) => exception switch
    {
        FireworksException { HasResponse: true } fireworks => string.Create(CultureInfo.InvariantCulture, $"HTTP {fireworks.HttpStatus} {fireworks.CodeName}"),
        HttpRequestException http => "connection failure (" + http.HttpRequestError + ")",
        TimeoutRejectedException => "an attempt timeout",
        OperationCanceledException => "an HTTP client timeout",
        IOException => "a connection lost while reading the response",
        null => "no exception",
        _ => exception.GetType().Name,
    };

    private FireworksException TimedOut(PipelineCall call, Exception exception)
    {
        var what = call.CallTimedOut
            ? $"the call did not complete within {FormatDuration(call.Timeout)} (RequestOptions.Timeout / FireworksClientOptions.Timeout)"
            : exception is TimeoutRejectedException rejected
                ? $"attempt {call.Attempt} did not complete within {FormatDuration(rejected.Timeout)} (FireworksClientOptions.AttemptTimeout)"
                : "the HTTP client timed out (HttpClient.Timeout or its connect timeout): " + exception.Message;
        return new FireworksException(call.OperationId, RpcCodes.DeadlineExceeded, 0, Redactor.Redact(what), innerException: Redactor.Sanitize(exception)) { Attempts = call.Attempt };
    }

    private FireworksException NoResponse(PipelineCall call, Exception exception)
    {
        var message = Redactor.Redact(exception.Message);
        return new FireworksException(call.OperationId, RpcCodes.Unavailable, 0, message, innerException: Redactor.Sanitize(exception)) { Attempts = call.Attempt };
    }

    private static string FormatDuration(TimeSpan duration) =>
        duration < TimeSpan.FromSeconds(1)
            ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0.#} ms")
            : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.###} s");

    internal void LogSucceededResponse(PipelineCall call, HttpResponseMessage response)
    {
        if (Logger.IsEnabled(LogLevel.Debug))
        {
            FireworksLog.RequestSucceeded(Logger, call.OperationId, call.MethodName, PathOf(response), (int)response.StatusCode, call.AttemptElapsedMilliseconds, call.Attempt);
        }
    }

    internal void LogFailedResponse(PipelineCall call, HttpResponseMessage response, FireworksException exception)
    {
        if (Logger.IsEnabled(LogLevel.Information))
        {
            FireworksLog.RequestFailed(Logger, call.OperationId, call.MethodName, PathOf(response), exception.HttpStatus, exception.CodeName, call.AttemptElapsedMilliseconds, call.Attempt, exception.RequestId);
        }
    }

    /// <summary>Logs an attempt that ended without a response; returns false so the exception filter never catches.</summary>
    internal bool LogAttemptWithoutResponse(PipelineCall call, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not FireworksException && !cancellationToken.IsCancellationRequested && Logger.IsEnabled(LogLevel.Information))
        {
            FireworksLog.RequestGotNoResponse(Logger, call.OperationId, call.MethodName, call.RequestUri.AbsolutePath, call.AttemptElapsedMilliseconds, call.Attempt, Describe(exception));
        }

        return false;
    }

    private static string PathOf(HttpResponseMessage response) => response.RequestMessage?.RequestUri?.AbsolutePath ?? "?";

    private static SocketsHttpHandler CreateDefaultHandler() => new()
    {
        AutomaticDecompression = DecompressionMethods.All,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        // Rotate connections so DNS changes are picked up by long-lived clients.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        // The handler must not resend a request the server may have received: retrying is the policy's job alone.
        PlaintextStreamFilter = NoSilentResendStream.Wrap,
    };

    private static string CreateUserAgent()
    {
        var assembly = typeof(FireworksPipeline).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return string.Create(CultureInfo.InvariantCulture, $"Fireworks.Generated/{(plus >= 0 ? version[..plus] : version)} (.NET {Environment.Version})");
    }
}
