namespace Fireworks;

/// <summary>Per-call settings that override the client's <see cref="FireworksClientOptions"/> for one call.</summary>
public sealed class RequestOptions
{
    private IDictionary<string, string> _headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    private List<FireworksPolicy>? _perCallPolicies;
    private List<FireworksPolicy>? _perTryPolicies;

    /// <summary>The budget of this call (all attempts and delays); null uses <see cref="FireworksClientOptions.Timeout"/>.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>
    /// For a streaming call: the longest the started stream may go without receiving a byte; null uses
    /// <see cref="FireworksClientOptions.StreamIdleTimeout"/>, <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> disables it.
    /// </summary>
    public TimeSpan? StreamIdleTimeout { get; set; }

    /// <summary>Extra headers for this call; they win over <see cref="FireworksClientOptions.DefaultHeaders"/>.</summary>
    /// <remarks>
    /// Checked when the call starts, under the rules of <see cref="FireworksClientOptions.DefaultHeaders"/>; a header that
    /// cannot be sent fails the call with an <see cref="ArgumentException"/> naming it (not its value), and so does a
    /// content header (<c>Content-Language</c>, …) on a call without a body.
    /// </remarks>
    public IDictionary<string, string> Headers
    {
        get => _headers;
        set => _headers = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The retry limit of this call; null uses <see cref="FireworksClientOptions.MaxRetries"/>.</summary>
    public int? MaxRetries { get; set; }

    /// <summary>
    /// Declares whether repeating this call is safe. Null (default) decides by method: GET, HEAD,
    /// PUT and DELETE are idempotent, POST and PATCH are not. Set it to true for a POST you know is
    /// safe to repeat (for example a create with a caller-chosen id), or to false to keep a GET from
    /// being retried on 5xx.
    /// </summary>
    public bool? TreatAsIdempotent { get; set; }

    /// <summary>
    /// Receives the raw answer to the call (status, headers, request id, attempts) once it is known, before the typed
    /// result is returned or the <see cref="FireworksException"/> thrown. Not called when no response arrived.
    /// </summary>
    /// <example>
    /// <code>
    /// FireworksResponse? raw = null;
    /// var deployment = await client.Deployments.GetAsync("my-deployment", options: new() { ResponseReceived = r => raw = r });
    /// Console.WriteLine($"{raw!.Status} {raw.RequestId}");
    /// </code>
    /// </example>
    public Action<FireworksResponse>? ResponseReceived { get; set; }

    /// <summary>
    /// For SDK components with their own, longer back-off for <c>425 Too Early</c> (the hot-load chain's signal):
    /// the client's policy then leaves 425 to them instead of retrying it too.
    /// </summary>
    internal bool LeavesTooEarlyToCaller { get; init; }

    internal bool HasPolicies => _perCallPolicies is not null || _perTryPolicies is not null;

    /// <summary>Adds <paramref name="policy"/> to this call's pipeline, after the client's own policies of the same position.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="position">Once per call, or once per attempt.</param>
    /// <returns>These options, for chaining.</returns>
    public RequestOptions AddPolicy(FireworksPolicy policy, PolicyPosition position = PolicyPosition.PerCall)
    {
        ArgumentNullException.ThrowIfNull(policy);
        (position switch
        {
            PolicyPosition.PerCall => _perCallPolicies ??= [],
            PolicyPosition.PerTry => _perTryPolicies ??= [],
            _ => throw new ArgumentOutOfRangeException(nameof(position), position, "Unknown policy position."),
        }).Add(policy);
        return this;
    }

    internal List<FireworksPolicy> Policies(PolicyPosition position) =>
        (position == PolicyPosition.PerCall ? _perCallPolicies : _perTryPolicies) ?? [];
}
