namespace Fireworks;

/// <summary>Per-call settings that override the client's <see cref="FireworksClientOptions"/> for one call.</summary>
public sealed class RequestOptions
{
    private IDictionary<string, string> _headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The budget of this call (all attempts and delays); null uses <see cref="FireworksClientOptions.Timeout"/>.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Extra headers for this call; they win over <see cref="FireworksClientOptions.DefaultHeaders"/>.</summary>
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
    /// For SDK components with their own, longer back-off for <c>425 Too Early</c> (the hot-load chain's signal):
    /// the client's policy then leaves 425 to them instead of retrying it too.
    /// </summary>
    internal bool LeavesTooEarlyToCaller { get; init; }
}
