using System.Text;
using Microsoft.Extensions.Logging;

namespace Fireworks;

/// <summary>
/// Settings of a <see cref="FireworksClient"/>. The client copies them when it is constructed:
/// later changes to this instance do not affect an existing client.
/// </summary>
/// <remarks>
/// <see cref="ToString"/> never prints the API key nor default header values.
/// </remarks>
public sealed class FireworksClientOptions
{
    /// <summary>Environment variable holding the API key.</summary>
    public const string ApiKeyVariable = "FIREWORKS_API_KEY";

    /// <summary>Environment variable holding the default account id.</summary>
    public const string AccountIdVariable = "FIREWORKS_ACCOUNT_ID";

    /// <summary>Environment variable holding the base URL (default <see cref="DefaultBaseUrl"/>).</summary>
    public const string BaseUrlVariable = "FIREWORKS_BASE_URL";

    /// <summary>Environment variable holding the inference base URL (default <see cref="BaseUrl"/> + <c>/inference</c>).</summary>
    public const string InferenceBaseUrlVariable = "FIREWORKS_INFERENCE_BASE_URL";

    /// <summary>
    /// Environment variable holding extra headers, one <c>Name: value</c> per line (lines end at LF, CR or CRLF), under
    /// the rules of <see cref="DefaultHeaders"/>.
    /// </summary>
    public const string CustomHeadersVariable = "FIREWORKS_CUSTOM_HEADERS";

    /// <summary>The public Fireworks API endpoint.</summary>
    public const string DefaultBaseUrl = "https://api.fireworks.ai";

    private Uri _baseUrl = new(DefaultBaseUrl);
    private IDictionary<string, string> _defaultHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    private TimeProvider _timeProvider = TimeProvider.System;

    /// <summary>The API key sent as <c>Authorization: Bearer</c>. Required before the first call.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The account used when a call does not name one (<c>accounts/{account_id}/…</c>).</summary>
    public string? AccountId { get; set; }

    /// <summary>
    /// The API root, default <see cref="DefaultBaseUrl"/>. Must be https, except for loopback hosts
    /// (<c>http://127.0.0.1:port</c>, for local fakes), so the key never travels in clear text.
    /// </summary>
    public Uri BaseUrl
    {
        get => _baseUrl;
        set => _baseUrl = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// The root of the inference API (<c>client.Chat.Completions</c>, <c>client.Completions</c>). Null (default):
    /// <see cref="BaseUrl"/> + <c>/inference</c>, which for the default base URL is the inference spec's server
    /// <c>https://api.fireworks.ai/inference</c>. Same rule as <see cref="BaseUrl"/>: https, or http to a loopback host.
    /// The API key is sent to this host too.
    /// </summary>
    public Uri? InferenceBaseUrl { get; set; }

    /// <summary>The inference root actually used: <see cref="InferenceBaseUrl"/>, or <see cref="BaseUrl"/> + <c>/inference</c>.</summary>
    public Uri EffectiveInferenceBaseUrl => InferenceBaseUrl ?? new Uri(BaseUrl.AbsoluteUri.TrimEnd('/') + "/inference");

    /// <summary>
    /// An <see cref="System.Net.Http.HttpClient"/> to send requests through, used as is (the client
    /// does not dispose it). Retries, timeouts and error mapping still apply on top of it.
    /// Mutually exclusive with <see cref="HttpMessageHandler"/>.
    /// </summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>
    /// The innermost handler of the client's own <see cref="System.Net.Http.HttpClient"/> (for
    /// proxies, custom TLS, or in-process fakes in tests). Not disposed by the client.
    /// Mutually exclusive with <see cref="HttpClient"/>.
    /// </summary>
    public HttpMessageHandler? HttpMessageHandler { get; set; }

    /// <summary>
    /// A source of <see cref="System.Net.Http.HttpClient"/>s asked once per call, such as
    /// <c>IHttpClientFactory.CreateClient(name)</c>: the factory owns and rotates the handlers (DNS changes,
    /// connection lifetime), which a client held for the application's lifetime cannot do. The returned
    /// clients are not disposed by this client. Retries, timeouts and error mapping still apply on top; do not
    /// add a retrying handler to them (the SDK is the one layer that retries).
    /// Mutually exclusive with <see cref="HttpClient"/> and <see cref="HttpMessageHandler"/>.
    /// <c>services.AddFireworks()</c> (package Fireworks.Extensions.DependencyInjection) sets it.
    /// </summary>
    public Func<HttpClient>? HttpClientFactory { get; set; }

    /// <summary>The clock for timeouts, retry delays and durations (a fake one in tests).</summary>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        set => _timeProvider = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Where request logs go (category <c>Fireworks.FireworksClient</c>); none when null.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>How many times a failed call is retried (0 disables retries). Default 2.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The backoff before the first retry; it doubles per retry. Default 0.5 s.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest computed backoff between retries. Default 8 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// The longest server-requested <c>Retry-After</c> that is honoured as is; a longer (or zero)
    /// one is replaced by the computed backoff. Default 60 s.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The budget of a whole call: every attempt, the delays between them and reading the response.
    /// Default 60 s; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> disables it.
    /// Overridable per call with <see cref="RequestOptions.Timeout"/>.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The longest a started stream (a streaming chat or completion) may go without receiving a byte before it throws
    /// DEADLINE_EXCEEDED; <see cref="Timeout"/> covers a stream only until its response starts. Default 120 s: longer
    /// than the 90 s for which Fireworks, by default, pauses an in-flight stream while a hot-load deployment swaps its
    /// weights (<c>x-fireworks-hot-load-drain-timeout</c>; raise this above a longer drain you ask for).
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>
    /// disables it. Overridable per call with <see cref="RequestOptions.StreamIdleTimeout"/>.
    /// </summary>
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// An optional limit for each single attempt (including reading its response). An attempt that
    /// runs out is retried like a connection failure (idempotent calls only). Null (default): none.
    /// </summary>
    public TimeSpan? AttemptTimeout { get; set; }

    /// <summary>Headers sent with every request (e.g. from <see cref="CustomHeadersVariable"/>).</summary>
    /// <remarks>
    /// Checked when a client is created: a name must be an HTTP token, a value visible ASCII, spaces and tabs (no CR, LF
    /// or other control characters, which could smuggle another header in; no non-ASCII, which HttpClient does not send
    /// by default). <c>Content-Length</c> and <c>Transfer-Encoding</c> are refused (the SDK frames the body itself), and so
    /// are the connection headers HTTP/2 forbids (<c>Connection</c>, <c>Keep-Alive</c>, <c>Proxy-Connection</c>,
    /// <c>Upgrade</c>, <c>TE</c>). A content header (<c>Content-Language</c>, …) describes request bodies: it is sent with
    /// every request that has one.
    /// </remarks>
    public IDictionary<string, string> DefaultHeaders
    {
        get => _defaultHeaders;
        set => _defaultHeaders = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The caller's policies that run once per call (<see cref="AddPolicy"/>), in the order added.</summary>
    internal List<FireworksPolicy> PerCallPolicies { get; private set; } = [];

    /// <summary>The caller's policies that run once per attempt (<see cref="AddPolicy"/>), in the order added.</summary>
    internal List<FireworksPolicy> PerTryPolicies { get; private set; } = [];

    /// <summary>The source of retry jitter in [0, 1); a seeded one makes delays reproducible in tests.</summary>
    internal Func<double> RetryJitter { get; set; } = Random.Shared.NextDouble;

    /// <summary>Reads <see cref="ApiKeyVariable"/>, <see cref="AccountIdVariable"/>, <see cref="BaseUrlVariable"/> and <see cref="CustomHeadersVariable"/> from the process environment.</summary>
    /// <returns>New options; unset variables leave the defaults.</returns>
    /// <exception cref="InvalidOperationException">A variable is set to a malformed value.</exception>
    public static FireworksClientOptions FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>Reads the Fireworks variables through <paramref name="getVariable"/> (for configuration sources other than the process environment, and tests).</summary>
    /// <param name="getVariable">Returns the value of a variable, or null when it is not set.</param>
    /// <returns>New options; unset variables leave the defaults.</returns>
    /// <exception cref="InvalidOperationException">A variable is set to a malformed value.</exception>
    public static FireworksClientOptions FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var options = new FireworksClientOptions
        {
            ApiKey = NullIfBlank(getVariable(ApiKeyVariable)),
            AccountId = NullIfBlank(getVariable(AccountIdVariable)),
        };

        if (NullIfBlank(getVariable(BaseUrlVariable)) is { } baseUrl)
        {
            if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw new InvalidOperationException($"{BaseUrlVariable} must be an absolute http(s) URL, got '{baseUrl}'.");
            }

            options.BaseUrl = uri;
        }

        if (NullIfBlank(getVariable(InferenceBaseUrlVariable)) is { } inferenceBaseUrl)
        {
            if (!Uri.TryCreate(inferenceBaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw new InvalidOperationException($"{InferenceBaseUrlVariable} must be an absolute http(s) URL, got '{inferenceBaseUrl}'.");
            }

            options.InferenceBaseUrl = uri;
        }

        if (getVariable(CustomHeadersVariable) is { } headers)
        {
            ParseCustomHeaders(headers, options.DefaultHeaders);
        }

        return options;
    }

    /// <summary>
    /// Adds <paramref name="policy"/> to the pipeline of every call of clients created from these options (see
    /// <see cref="FireworksPolicy"/> for where each position runs).
    /// </summary>
    /// <param name="policy">The policy; one instance serves many calls at once.</param>
    /// <param name="position">Once per call, or once per attempt.</param>
    /// <returns>These options, for chaining.</returns>
    public FireworksClientOptions AddPolicy(FireworksPolicy policy, PolicyPosition position = PolicyPosition.PerCall)
    {
        ArgumentNullException.ThrowIfNull(policy);
        (position switch
        {
            PolicyPosition.PerCall => PerCallPolicies,
            PolicyPosition.PerTry => PerTryPolicies,
            _ => throw new ArgumentOutOfRangeException(nameof(position), position, "Unknown policy position."),
        }).Add(policy);
        return this;
    }

    /// <summary>Describes the options without secrets: the API key and header values are never printed.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder("FireworksClientOptions { BaseUrl = ")
            .Append(BaseUrl)
            .Append(", InferenceBaseUrl = ").Append(EffectiveInferenceBaseUrl)
            .Append(", AccountId = ").Append(AccountId ?? "(not set)")
            .Append(", ApiKey = ").Append(string.IsNullOrEmpty(ApiKey) ? "(not set)" : "(set, redacted)")
            .Append(", MaxRetries = ").Append(MaxRetries)
            .Append(", Timeout = ").Append(Timeout)
            .Append(", StreamIdleTimeout = ").Append(StreamIdleTimeout)
            .Append(", DefaultHeaders = [").AppendJoin(", ", DefaultHeaders.Keys)
            .Append("] }");
        return builder.ToString();
    }

    /// <summary>A copy the client keeps, so the caller's later edits do not reach a live client.</summary>
    internal FireworksClientOptions Snapshot() => new()
    {
        ApiKey = ApiKey,
        AccountId = AccountId,
        BaseUrl = BaseUrl,
        InferenceBaseUrl = InferenceBaseUrl,
        HttpClient = HttpClient,
        HttpMessageHandler = HttpMessageHandler,
        HttpClientFactory = HttpClientFactory,
        TimeProvider = TimeProvider,
        LoggerFactory = LoggerFactory,
        MaxRetries = MaxRetries,
        InitialRetryDelay = InitialRetryDelay,
        MaxRetryDelay = MaxRetryDelay,
        MaxRetryAfter = MaxRetryAfter,
        Timeout = Timeout,
        AttemptTimeout = AttemptTimeout,
        StreamIdleTimeout = StreamIdleTimeout,
        DefaultHeaders = new Dictionary<string, string>(DefaultHeaders, StringComparer.OrdinalIgnoreCase),
        RetryJitter = RetryJitter,
        PerCallPolicies = [.. PerCallPolicies],
        PerTryPolicies = [.. PerTryPolicies],
    };

    /// <summary>Rejects inconsistent settings with a message that names the setting.</summary>
    internal void Validate()
    {
        if (!BaseUrl.IsAbsoluteUri)
        {
            throw new ArgumentException($"BaseUrl must be absolute, got '{BaseUrl}'.", nameof(BaseUrl));
        }

        if (ApiKey is not null && string.IsNullOrWhiteSpace(ApiKey))
        {
            throw new ArgumentException(
                $"ApiKey is empty: set the key, or leave it null to read {ApiKeyVariable}.",
                nameof(ApiKey));
        }

        // The key travels in the Authorization header, under the same rules as every other header.
        if (ApiKey is not null && HeaderRules.ValueProblem(ApiKey) is { } keyProblem)
        {
            throw new ArgumentException($"ApiKey {keyProblem}", nameof(ApiKey));
        }

        if (ApiPathSuffix(BaseUrl) is { } suffix)
        {
            throw new ArgumentException(
                $"BaseUrl ({BaseUrlVariable}) must be the API root, e.g. {DefaultBaseUrl}, without '{suffix}': every operation "
                + $"adds its own path (/v1/accounts/…). Use '{BaseUrl.GetLeftPart(UriPartial.Authority)}{BaseUrl.AbsolutePath[..^suffix.Length].TrimEnd('/')}/'.",
                nameof(BaseUrl));
        }

        if (BaseUrl.Scheme != Uri.UriSchemeHttps && !(BaseUrl.Scheme == Uri.UriSchemeHttp && BaseUrl.IsLoopback))
        {
            throw new ArgumentException(
                $"BaseUrl must use https (plain http is allowed only for loopback hosts such as 127.0.0.1), got '{BaseUrl}'.",
                nameof(BaseUrl));
        }

        if (InferenceBaseUrl is { } inference
            && (!inference.IsAbsoluteUri || (inference.Scheme != Uri.UriSchemeHttps && !(inference.Scheme == Uri.UriSchemeHttp && inference.IsLoopback))))
        {
            throw new ArgumentException(
                $"InferenceBaseUrl must be an absolute https URL (plain http is allowed only for loopback hosts such as 127.0.0.1), got '{inference}'.",
                nameof(InferenceBaseUrl));
        }

        if ((HttpClient is not null ? 1 : 0) + (HttpMessageHandler is not null ? 1 : 0) + (HttpClientFactory is not null ? 1 : 0) > 1)
        {
            throw new ArgumentException(
                "Set at most one of HttpClient, HttpMessageHandler and HttpClientFactory: each says where requests are sent.",
                HttpClientFactory is not null ? nameof(HttpClientFactory) : nameof(HttpMessageHandler));
        }

        if (MaxRetries is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "MaxRetries must be between 0 and 100.");
        }

        RequirePositive(InitialRetryDelay, nameof(InitialRetryDelay));
        RequirePositive(MaxRetryDelay, nameof(MaxRetryDelay));
        if (MaxRetryAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetryAfter), MaxRetryAfter, "MaxRetryAfter must not be negative.");
        }

        RequireTimeout(Timeout, nameof(Timeout));
        RequireTimeout(StreamIdleTimeout, nameof(StreamIdleTimeout));
        if (AttemptTimeout is { } attemptTimeout)
        {
            RequireTimeout(attemptTimeout, nameof(AttemptTimeout));
        }

        foreach (var header in DefaultHeaders)
        {
            HeaderRules.Validate(header.Key, header.Value, nameof(DefaultHeaders), nameof(DefaultHeaders));
        }
    }

    /// <summary>
    /// The API path a base URL wrongly ends with (<c>/v1</c>, <c>/inference</c>, <c>/inference/v1</c>, as OpenAI-style
    /// clients are configured), or null. Such a URL would send requests to <c>/v1/v1/…</c> and turn a configuration
    /// mistake into NOT_FOUND errors that look like missing resources.
    /// </summary>
    private static string? ApiPathSuffix(Uri baseUrl)
    {
        var path = baseUrl.AbsolutePath.TrimEnd('/');
        foreach (var suffix in (ReadOnlySpan<string>)["/inference/v1", "/inference", "/v1"])
        {
            if (path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                // As the caller wrote it (case and trailing slash), so the message quotes their URL.
                var written = path[^suffix.Length..];
                return baseUrl.AbsolutePath.EndsWith('/') ? written + "/" : written;
            }
        }

        return null;
    }

    // The longest delay a timer (CancelAfter, TimeProvider.CreateTimer) takes: 2^32 - 2 ms, about 49.7 days.
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    internal static void RequireTimeout(TimeSpan value, string name)
    {
        if (value == System.Threading.Timeout.InfiniteTimeSpan)
        {
            return;
        }

        // A longer one (TimeSpan.MaxValue, say) would pass here and then fail inside the timer, after the request was sent.
        if (value <= TimeSpan.Zero || value > MaxTimerDelay)
        {
            throw new ArgumentOutOfRangeException(
                name,
                value,
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name} must be positive and at most {MaxTimerDelay.TotalDays:0.#} days (the longest a timer runs), or Timeout.InfiniteTimeSpan for no limit."));
        }
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
        }
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static void ParseCustomHeaders(string text, IDictionary<string, string> headers)
    {
        var lineNumber = 0;
        using var reader = new StringReader(text);

        // ReadLine ends a line at CR as well as LF: a CR inside a line would otherwise end the header on the wire.
        while (reader.ReadLine() is { } rawLine)
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = colon > 0 ? line[..colon].Trim() : string.Empty;
            if (name.Length == 0)
            {
                // The line itself is not quoted: header values are often secrets.
                throw new InvalidOperationException(
                    $"{CustomHeadersVariable} line {lineNumber} is not of the form 'Name: value'.");
            }

            var value = line[(colon + 1)..].Trim();
            if (HeaderRules.Problem(name, value) is { } problem)
            {
                throw new InvalidOperationException($"{CustomHeadersVariable} line {lineNumber}: {problem}");
            }

            headers[name] = value;
        }
    }
}
