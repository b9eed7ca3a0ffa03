using System.Diagnostics;
using System.Net;

namespace Fireworks;

/// <summary>
/// One call as it travels through the pipeline's <see cref="FireworksPolicy"/>s: its operation, the current attempt's
/// request and, once the transport answered, its response.
/// </summary>
/// <remarks>
/// A sent <see cref="HttpRequestMessage"/> cannot be sent again, so every retry gets a fresh <see cref="Request"/>
/// copied from the previous attempt's (headers included): a per-try policy should set a header, not append to it.
/// By the time a policy sees <see cref="Response"/>, a JSON success body has been read into the typed result and an
/// error body into a <see cref="FireworksException"/> (thrown to the policy); status and headers stay readable.
/// </remarks>
public sealed class FireworksMessage
{
    private const string AcceptHeader = "Accept";
    private const string UserAgentHeader = "User-Agent";
    private const string ContentLengthHeader = "Content-Length";
    private const string JsonMediaType = "application/json";

    private SecretRedactor? _redactor;

    internal FireworksMessage(FireworksPipeline pipeline, FireworksRequest request, ResponseReader reader, RequestOptions? options, CancellationToken cancellationToken)
    {
        Pipeline = pipeline;
        Operation = request.Operation;
        Body = request;
        Reader = reader;
        var clientOptions = pipeline.Options;
        MaxRetries = options?.MaxRetries ?? clientOptions.MaxRetries;
        if (MaxRetries is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(options), MaxRetries, "RequestOptions.MaxRetries must be between 0 and 100.");
        }

        Timeout = options?.Timeout ?? clientOptions.Timeout;
        FireworksClientOptions.RequireTimeout(Timeout, "RequestOptions.Timeout");
        Idempotent = options?.TreatAsIdempotent ?? Operation.IsIdempotent;
        LeavesTooEarlyToCaller = options?.LeavesTooEarlyToCaller ?? false;
        ResponseReceived = options?.ResponseReceived;
        CallerToken = cancellationToken;
        CancellationToken = cancellationToken;
        StartTimestamp = pipeline.TimeProvider.GetTimestamp();
        Request = CreateFirstRequest(pipeline, request, options);
    }

    /// <summary>The spec's operationId (e.g. <c>Gateway_GetDeployment</c>).</summary>
    public string OperationId => Operation.OperationId;

    /// <summary>The request of the current attempt (before the first attempt: the one it will send).</summary>
    public HttpRequestMessage Request { get; private set; }

    /// <summary>The current attempt's response once the transport has one; null before, or when the attempt got none.</summary>
    public HttpResponseMessage? Response { get; internal set; }

    /// <summary>The number of attempts started so far (0 before the first one).</summary>
    public int Attempt { get; private set; }

    /// <summary>Cancels the call: the caller's token, linked with the call and attempt timeouts.</summary>
    public CancellationToken CancellationToken { get; internal set; }

    internal FireworksPipeline Pipeline { get; }

    internal ApiOperation Operation { get; }

    internal FireworksRequest Body { get; }

    internal ResponseReader Reader { get; }

    internal CancellationToken CallerToken { get; }

    internal int MaxRetries { get; }

    internal TimeSpan Timeout { get; }

    internal bool Idempotent { get; }

    /// <summary>425 Too Early is not retried here: the caller has its own, longer back-off for it.</summary>
    internal bool LeavesTooEarlyToCaller { get; }

    internal Action<FireworksResponse>? ResponseReceived { get; }

    /// <summary>
    /// What redacts this call's error and log text: the client's redactor (the API key, signed-URL credentials), and
    /// also for the secrets the body sends (<see cref="FireworksRequest.Secrets"/>), which a server may echo in an error.
    /// Built on first use, which only a failure or a response callback needs.
    /// </summary>
    internal SecretRedactor Redactor => _redactor ??= Pipeline.RedactorFor(Body.Secrets);

    /// <summary>Set when a retried attempt failed in a way that may have reached the server and been acted on.</summary>
    internal bool MayHaveBeenApplied { get; set; }

    /// <summary>Set by the timeout policy when the whole-call budget ran out (as opposed to an attempt timeout).</summary>
    internal bool CallTimedOut { get; set; }

    /// <summary>The operation's span, when someone listens; a stream ends it when the stream ends.</summary>
    internal Activity? Activity { get; set; }

    internal long StartTimestamp { get; }

    internal long AttemptStartTimestamp { get; private set; }

    internal double AttemptElapsedMilliseconds => Pipeline.TimeProvider.GetElapsedTime(AttemptStartTimestamp).TotalMilliseconds;

    /// <summary>
    /// The auth policy that put the client's key into <see cref="Request"/> (retries copy it along), so the transport can
    /// refuse to send it once a later policy has pointed the request at another host; null when the caller set the header.
    /// </summary>
    internal AuthPolicy? KeyAddedBy { get; set; }

    /// <summary>Starts an attempt: the first sends <see cref="Request"/>, every later one a fresh copy of it.</summary>
    internal void BeginAttempt()
    {
        if (Attempt > 0)
        {
            var previous = Request;
            Request = CopyForResend(previous);
            previous.Dispose();
            Response = null;
        }

        Attempt++;
        AttemptStartTimestamp = Pipeline.TimeProvider.GetTimestamp();
    }

    /// <summary>Releases the last request and, unless a stream took it over, the last response.</summary>
    internal void Release(bool keepResponse)
    {
        Request.Dispose();
        if (!keepResponse)
        {
            Response?.Dispose();
        }
    }

    /// <summary>Tells the caller's <see cref="RequestOptions.ResponseReceived"/> about the final response, if any.</summary>
    internal void ReportResponse()
    {
        if (ResponseReceived is { } callback && Response is { } response)
        {
            callback(new FireworksResponse(OperationId, response, ErrorResponseParser.GetRequestId(response, Redactor), Attempt));
        }
    }

    private static HttpRequestMessage CreateFirstRequest(FireworksPipeline pipeline, FireworksRequest request, RequestOptions? options)
    {
        var parameterHeaders = request.Headers;
        var callHeaders = options?.Headers is { Count: > 0 } headers ? headers : null;
        var defaultHeaders = pipeline.DefaultHeaders;

        // Header parameters were checked when added, the client's defaults when the client was built, the call's own are
        // checked here, all of them before the first is added.
        if (callHeaders is not null)
        {
            foreach (var header in callHeaders)
            {
                HeaderRules.Validate(header.Key, header.Value, "RequestOptions.Headers", nameof(options));
            }
        }

        var message = new HttpRequestMessage(request.Operation.Method, pipeline.CreateUri(request))
        {
            Version = HttpVersion.Version20,
            Content = request.CreateContent(),
        };
        if (parameterHeaders is null && callHeaders is null && defaultHeaders.Length == 0)
        {
            // The common case: nothing can collide with the SDK's own headers.
            message.Headers.TryAddWithoutValidation(AcceptHeader, JsonMediaType);
            message.Headers.TryAddWithoutValidation(UserAgentHeader, FireworksPipeline.UserAgent);
            return message;
        }

        // Precedence: the per-call headers, then the operation's header parameters, then the client's defaults, then the SDK's.
        if (callHeaders is not null)
        {
            foreach (var header in callHeaders)
            {
                AddHeader(message, header.Key, header.Value, "RequestOptions.Headers", string.Empty, nameof(options), skipWithoutBody: false);
            }
        }

        if (parameterHeaders is not null)
        {
            foreach (var header in parameterHeaders)
            {
                AddHeaderIfAbsent(message, header.Key, header.Value, request.Operation.OperationId, FireworksRequest.HeaderParameterSource, skipWithoutBody: false);
            }
        }

        foreach (var header in defaultHeaders)
        {
            // A default content header describes the bodies of the calls that have one (as documented on DefaultHeaders).
            AddHeaderIfAbsent(message, header.Key, header.Value, "FireworksClientOptions.DefaultHeaders", string.Empty, skipWithoutBody: true);
        }

        AddHeaderIfAbsent(message, AcceptHeader, JsonMediaType, "the SDK", string.Empty, skipWithoutBody: false);
        AddHeaderIfAbsent(message, UserAgentHeader, FireworksPipeline.UserAgent, "the SDK", string.Empty, skipWithoutBody: false);
        return message;
    }

    private HttpRequestMessage CopyForResend(HttpRequestMessage previous)
    {
        if (!Body.CanResend)
        {
            throw new InvalidOperationException($"{OperationId}: a streamed request body is sent once; the call cannot be repeated.");
        }

        var copy = new HttpRequestMessage(previous.Method, previous.RequestUri) { Version = previous.Version, VersionPolicy = previous.VersionPolicy };
        foreach (var header in previous.Headers.NonValidated)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (Body.CreateContent() is { } content)
        {
            if (previous.Content is { } previousContent)
            {
                foreach (var header in previousContent.Headers.NonValidated)
                {
                    // The fresh content knows its own length; any other header, the SDK's Content-Type included, is the
                    // one the previous attempt sent, perhaps as a call header or a policy replaced it.
                    if (!string.Equals(header.Key, ContentLengthHeader, StringComparison.OrdinalIgnoreCase))
                    {
                        content.Headers.Remove(header.Key);
                        content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                    }
                }
            }

            copy.Content = content;
        }

        foreach (var option in previous.Options)
        {
            ((IDictionary<string, object?>)copy.Options)[option.Key] = option.Value;
        }

        return copy;
    }

    // The name and value have passed HeaderRules, so the request headers refuse only a content header's name (Content-*,
    // Allow, Expires, Last-Modified), which goes to the content; without a body there is nowhere to send it, and dropping
    // it would leave the caller believing it was sent. The source comes in two parts (an operation id and
    // " header parameter") joined only in an error, so a call whose headers all go through builds no text.
    private static void AddHeader(HttpRequestMessage message, string name, string value, string source, string sourceSuffix, string? paramName, bool skipWithoutBody)
    {
        if (message.Headers.TryAddWithoutValidation(name, value))
        {
            return;
        }

        if (message.Content is not { } content)
        {
            if (skipWithoutBody)
            {
                return;
            }

            throw new ArgumentException(
                $"{source}{sourceSuffix}: '{name}' is a content header (it describes a request body), and this {message.Method} request has no body to carry it.",
                paramName);
        }

        // Replaces, not appends to, the body's own Content-Type: a call header wins, and two media types are none.
        content.Headers.Remove(name);
        if (!content.Headers.TryAddWithoutValidation(name, value))
        {
            throw new ArgumentException($"{source}{sourceSuffix}: '{name}' is accepted neither as a request header nor as a content header.", paramName);
        }
    }

    private static void AddHeaderIfAbsent(HttpRequestMessage message, string name, string value, string source, string sourceSuffix, bool skipWithoutBody)
    {
        if (!message.Headers.NonValidated.Contains(name) && message.Content?.Headers.NonValidated.Contains(name) != true)
        {
            AddHeader(message, name, value, source, sourceSuffix, paramName: null, skipWithoutBody);
        }
    }
}
