using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fireworks;

/// <summary>
/// The transport every operation goes through: a fixed sequence of small <see cref="FireworksPolicy"/>s, one file
/// each, in the spirit of Azure.Core's <c>HttpPipeline</c> and System.ClientModel's <c>ClientPipeline</c>.
/// </summary>
/// <remarks>
/// <para>The order, outermost first:</para>
/// <list type="number">
/// <item><see cref="TelemetryPolicy"/> — the operation's span and duration (covers everything below);</item>
/// <item><see cref="TimeoutPolicy"/> — the whole-call budget;</item>
/// <item>the caller's <see cref="PolicyPosition.PerCall"/> policies (client, then call);</item>
/// <item><see cref="RetryPolicy"/> — repeats attempts, classified by <see cref="TransientFailure"/>;</item>
/// <item><see cref="AttemptTimeoutPolicy"/> — when <see cref="FireworksClientOptions.AttemptTimeout"/> is set;</item>
/// <item><see cref="AuthPolicy"/> — the bearer key, only to the configured hosts;</item>
/// <item><see cref="LoggingPolicy"/> — one event per attempt;</item>
/// <item>the caller's <see cref="PolicyPosition.PerTry"/> policies (client, then call);</item>
/// <item><see cref="ErrorMappingPolicy"/> — error answers and transport failures become <see cref="FireworksException"/>;</item>
/// <item><see cref="TransportPolicy"/> — <see cref="HttpClient"/>, and the success body read into the result.</item>
/// </list>
/// <para>
/// Generated code builds requests directly (<see cref="FireworksRequest"/>: a path of validated segments, an encoded
/// query, the JSON body serialized once), so no URL template is expanded at run time.
/// </para>
/// </remarks>
internal sealed class FireworksPipeline : IDisposable
{
    private readonly HttpClient _httpClient;
    private readonly HttpClient? _ownedHttpClient;
    private readonly Func<HttpClient>? _httpClientFactory;
    private readonly FireworksPolicy[] _policies;
    private readonly int _perCallIndex;
    private readonly int _perTryIndex;
    private readonly string _baseUrl;
    private readonly string _inferenceBaseUrl;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ApiOperation, Uri> _fixedPathUris = new();

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

        _httpClientFactory = options.HttpClientFactory;
        var httpClient = options.HttpClient ?? _httpClientFactory?.Invoke();
        if (httpClient is null)
        {
            var handler = options.HttpMessageHandler ?? CreateDefaultHandler();
            httpClient = new HttpClient(handler, disposeHandler: options.HttpMessageHandler is null)
            {
                // The call budget is enforced by the timeout policy, on options.TimeProvider.
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
            _ownedHttpClient = httpClient;
        }

        _httpClient = httpClient;

        List<FireworksPolicy> policies = [TelemetryPolicy.Instance, TimeoutPolicy.Instance];
        policies.AddRange(options.PerCallPolicies);
        _perCallIndex = policies.Count;
        policies.Add(RetryPolicy.Instance);
        if (options.AttemptTimeout is { } attemptTimeout)
        {
            policies.Add(new AttemptTimeoutPolicy(attemptTimeout));
        }

        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            policies.Add(new AuthPolicy(options.ApiKey, options.BaseUrl, options.EffectiveInferenceBaseUrl));
        }

        policies.Add(LoggingPolicy.Instance);
        policies.AddRange(options.PerTryPolicies);
        _perTryIndex = policies.Count;
        policies.Add(ErrorMappingPolicy.Instance);
        policies.Add(TransportPolicy.Instance);
        _policies = [.. policies];
    }

    /// <summary>The <c>User-Agent</c> sent unless a header overrides it.</summary>
    internal static string UserAgent { get; } = CreateUserAgent();

    /// <summary>The client's <see cref="FireworksClientOptions.DefaultHeaders"/>, snapshotted.</summary>
    internal KeyValuePair<string, string>[] DefaultHeaders { get; }

    /// <summary>The client's options (a snapshot; never mutated).</summary>
    internal FireworksClientOptions Options { get; }

    /// <summary>Removes the API key from every text the SDK hands out (exceptions, logs).</summary>
    internal SecretRedactor Redactor { get; }

    /// <summary>
    /// <see cref="Redactor"/>, and also for <paramref name="secrets"/> when there are any: what redacts the text of a call
    /// whose body sent them (<see cref="FireworksRequest.Secrets"/>), or of a helper that sent them and goes on (a wait
    /// after a create), since the server may quote them in an error.
    /// </summary>
    internal SecretRedactor RedactorFor(IReadOnlyCollection<string>? secrets) => secrets is { Count: > 0 } ? Redactor.With(secrets) : Redactor;

    /// <summary>The clock of timeouts, delays and durations.</summary>
    internal TimeProvider TimeProvider { get; }

    /// <summary>The SDK's logger (a null logger when no factory was configured).</summary>
    internal ILogger Logger { get; }

    /// <summary>The policies of every call of this client, outermost first (for tests and diagnostics).</summary>
    internal IReadOnlyList<FireworksPolicy> Policies => _policies;

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

    /// <summary>The absolute URI of <paramref name="request"/>: its server's configured base URL, the path and the query.</summary>
    internal Uri CreateUri(FireworksRequest request)
    {
        var operation = request.Operation;
        if (request.Query.Length == 0 && string.Equals(request.Path, operation.PathTemplate, StringComparison.Ordinal))
        {
            // A path without variables (the inference endpoints, for one) is the same URI on every call: parsed once
            // per client. A Uri is immutable, so the requests can share it.
            return _fixedPathUris.GetOrAdd(operation, static (fixedPath, pipeline) => pipeline.ParseUri(fixedPath.Server, fixedPath.PathTemplate, string.Empty), this);
        }

        return ParseUri(operation.Server, request.Path, request.Query);
    }

    /// <summary>The <see cref="HttpClient"/> of one attempt: the factory's, per attempt, when one is configured.</summary>
    internal HttpClient GetHttpClient() => _httpClientFactory?.Invoke() ?? _httpClient;

    /// <summary>Sends <paramref name="request"/> and deserializes the response into <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The response type.</typeparam>
    /// <param name="request">The request.</param>
    /// <param name="responseType">The response type's metadata.</param>
    /// <param name="options">Per-call overrides, or null.</param>
    /// <param name="cancellationToken">Cancels the call; surfaces as <see cref="OperationCanceledException"/>.</param>
    /// <returns>The deserialized response.</returns>
    /// <exception cref="FireworksException">The call failed (error response, no response, timeout, unreadable body).</exception>
    internal async Task<T> SendAsync<T>(FireworksRequest request, JsonTypeInfo<T> responseType, RequestOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responseType);
        var reader = new JsonResponseReader<T>(responseType);
        var message = CreateMessage(request, reader, options, cancellationToken);
        await ExecuteAsync(message, options).ConfigureAwait(false);
        return reader.Result!;
    }

    /// <summary>Sends <paramref name="request"/>; a success body (an empty object) is ignored, errors are still mapped.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Per-call overrides, or null.</param>
    /// <param name="cancellationToken">Cancels the call; surfaces as <see cref="OperationCanceledException"/>.</param>
    /// <returns>A task that completes when the call succeeded.</returns>
    /// <exception cref="FireworksException">The call failed.</exception>
    internal async Task SendAsync(FireworksRequest request, RequestOptions? options, CancellationToken cancellationToken)
    {
        var message = CreateMessage(request, EmptyResponseReader.Instance, options, cancellationToken);
        await ExecuteAsync(message, options).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a DELETE: a NOT_FOUND answered to a retry after an attempt that may have deleted the resource is a
    /// result, not an error (<see cref="DeleteResult.NotFoundOnRetry"/>).
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Per-call overrides, or null.</param>
    /// <param name="cancellationToken">Cancels the call; surfaces as <see cref="OperationCanceledException"/>.</param>
    /// <returns>How the resource is known to be gone.</returns>
    /// <exception cref="FireworksException">The call failed.</exception>
    internal async Task<DeleteResult> SendDeleteAsync(FireworksRequest request, RequestOptions? options, CancellationToken cancellationToken)
    {
        var reader = new DeleteResponseReader();
        var message = CreateMessage(request, reader, options, cancellationToken);
        await ExecuteAsync(message, options).ConfigureAwait(false);
        if (reader.NotFoundOnRetry is { } notFound)
        {
            notFound.Attempts = message.Attempt;
            if (Logger.IsEnabled(LogLevel.Information))
            {
                FireworksLog.DeleteNotFoundOnRetry(Logger, message.OperationId, message.Attempt, notFound.RequestId);
            }
        }

        return new DeleteResult(message.Attempt, reader.NotFoundOnRetry);
    }

    /// <summary>A lazily sent streaming call (<c>text/event-stream</c>); see <see cref="ServerSentEventStream{T}"/>.</summary>
    /// <typeparam name="T">The chunk type.</typeparam>
    /// <param name="request">The request.</param>
    /// <param name="chunkType">The chunk type's metadata.</param>
    /// <param name="extensionData">A chunk's unknown properties (an <c>error</c> among them ends the stream with an exception).</param>
    /// <param name="options">Per-call overrides, or null.</param>
    /// <param name="cancellationToken">Cancels the call and the stream.</param>
    /// <returns>The stream; nothing is sent before it is enumerated.</returns>
    internal ServerSentEventStream<T> Stream<T>(
        FireworksRequest request,
        JsonTypeInfo<T> chunkType,
        Func<T, IDictionary<string, JsonElement>?> extensionData,
        RequestOptions? options,
        CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(chunkType);
        return new ServerSentEventStream<T>(this, request, chunkType, extensionData, options, cancellationToken);
    }

    /// <summary>
    /// Sends a streaming request through the pipeline and returns the call, whose <see cref="FireworksMessage.Response"/>
    /// is the open 2xx response (the caller disposes it) and whose span stays open until the stream ends.
    /// </summary>
    internal async Task<FireworksMessage> OpenStreamAsync(FireworksRequest request, RequestOptions? options, CancellationToken cancellationToken)
    {
        request.AcceptEventStream();
        var message = CreateMessage(request, EventStreamResponseReader.Instance, options, cancellationToken);
        await ExecuteAsync(message, options, keepsResponse: true).ConfigureAwait(false);
        return message;
    }

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

    /// <inheritdoc />
    public void Dispose() => _ownedHttpClient?.Dispose();

    private Uri ParseUri(FireworksServer server, string path, string query) =>
        new(string.Concat(server == FireworksServer.Inference ? _inferenceBaseUrl : _baseUrl, path, query));

    private FireworksMessage CreateMessage(FireworksRequest request, ResponseReader reader, RequestOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        EnsureApiKey();
        return new FireworksMessage(this, request, reader, options, cancellationToken);
    }

    private async ValueTask ExecuteAsync(FireworksMessage message, RequestOptions? options, bool keepsResponse = false)
    {
        var policies = options?.HasPolicies == true ? WithCallPolicies(options) : _policies;
        var succeeded = false;
        try
        {
            await policies[0].ProcessAsync(message, policies.AsMemory(1)).ConfigureAwait(false);
            succeeded = true;
            message.ReportResponse();
        }
        catch (FireworksException exception)
        {
            exception.Attempts = message.Attempt;
            message.ReportResponse();
            throw;
        }
        catch (OperationCanceledException exception) when (message.CallerToken.IsCancellationRequested)
        {
            if (message.Redactor.Sanitize(exception) is RedactedException redacted)
            {
                throw new OperationCanceledException(redacted.Message, redacted, message.CallerToken);
            }

            throw;
        }
        catch (Exception exception) when (message.Redactor.Sanitize(exception) is RedactedException redacted)
        {
            // Anything else a custom handler or policy threw propagates as it is, unless its text reveals the key.
            throw redacted;
        }
        finally
        {
            message.Release(keepResponse: keepsResponse && succeeded);
        }
    }

    /// <summary>The client's policies with the call's inserted at their positions (only for calls that add some).</summary>
    private FireworksPolicy[] WithCallPolicies(RequestOptions options)
    {
        var perCall = options.Policies(PolicyPosition.PerCall);
        var perTry = options.Policies(PolicyPosition.PerTry);
        var result = new FireworksPolicy[_policies.Length + perCall.Count + perTry.Count];
        var span = _policies.AsSpan();
        var at = 0;
        span[.._perCallIndex].CopyTo(result);
        at += _perCallIndex;
        perCall.CopyTo(result, at);
        at += perCall.Count;
        span[_perCallIndex.._perTryIndex].CopyTo(result.AsSpan(at));
        at += _perTryIndex - _perCallIndex;
        perTry.CopyTo(result, at);
        at += perTry.Count;
        span[_perTryIndex..].CopyTo(result.AsSpan(at));
        return result;
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
