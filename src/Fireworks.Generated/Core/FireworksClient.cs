namespace Fireworks;

/// <summary>
/// The entry point of the SDK: one property per resource group of the Fireworks Gateway API
/// (<c>client.Deployments</c>, <c>client.RlorTrainerJobs</c>, …). Create one and reuse it: it
/// holds the connection pool. Thread-safe.
/// </summary>
/// <example>
/// <code>
/// using var client = new FireworksClient();   // FIREWORKS_API_KEY, FIREWORKS_ACCOUNT_ID, FIREWORKS_BASE_URL
/// </code>
/// </example>
public partial class FireworksClient : IDisposable
{
    private readonly FireworksPipeline _pipeline;
    private bool _disposed;

    /// <summary>
    /// Creates a client configured from the environment (<see cref="FireworksClientOptions.FromEnvironment()"/>).
    /// A missing API key is reported by the first call, so this constructor also serves mocking frameworks.
    /// </summary>
    /// <exception cref="InvalidOperationException">An environment variable holds a malformed value.</exception>
    public FireworksClient()
        : this(FireworksClientOptions.FromEnvironment())
    {
    }

    /// <summary>Creates a client with <paramref name="options"/> (copied; later edits do not affect this client).</summary>
    /// <param name="options">The settings. Start from <see cref="FireworksClientOptions.FromEnvironment()"/> to also read the environment.</param>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public FireworksClient(FireworksClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var snapshot = options.Snapshot();
        snapshot.Validate();
        if (snapshot.AccountId is not null)
        {
            PathSegment.Validate(snapshot.AccountId, nameof(options), "FireworksClientOptions.AccountId");
        }

        _pipeline = new FireworksPipeline(snapshot);
    }

    /// <summary>
    /// Creates a client with an explicit API key; the other settings come from <paramref name="options"/>,
    /// or from the environment when it is null.
    /// </summary>
    /// <param name="apiKey">The Fireworks API key.</param>
    /// <param name="options">Further settings, or null to read them from the environment.</param>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> is blank, or a setting is invalid.</exception>
    public FireworksClient(string apiKey, FireworksClientOptions? options = null)
        : this(WithApiKey(apiKey, options))
    {
    }

    /// <summary>The account used when a call does not name one, or null.</summary>
    public string? AccountId => _pipeline.Options.AccountId;

    /// <summary>The API root the client talks to.</summary>
    public Uri BaseUrl => _pipeline.Options.BaseUrl;

    /// <summary>The transport the generated resource clients call.</summary>
    internal FireworksPipeline Pipeline
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _pipeline;
        }
    }

    /// <summary>Releases the connection pool (unless the HttpClient or handler was supplied by the caller).</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            _pipeline.Dispose();
        }

        _disposed = true;
    }

    private static FireworksClientOptions WithApiKey(string apiKey, FireworksClientOptions? options)
    {
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            throw new ArgumentException("The API key must not be empty or whitespace.", nameof(apiKey));
        }

        var result = (options ?? FireworksClientOptions.FromEnvironment()).Snapshot();
        result.ApiKey = apiKey.Trim();
        return result;
    }
}
