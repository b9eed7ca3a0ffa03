namespace Fireworks.Emulator.Inference;

/// <summary>
/// Ends an inference request with the OpenAI-style error body the inference endpoints answer,
/// <c>{"error": {"object": "error", "type": ..., "message": ...}}</c>.
/// </summary>
internal sealed class InferenceError : Exception
{
    public InferenceError(int status, string type, string message, TimeSpan? retryAfter = null)
        : base(message)
    {
        Status = status;
        Type = type;
        RetryAfter = retryAfter;
    }

    public int Status { get; }

    public string Type { get; }

    /// <summary>Sent as <c>Retry-After</c> (whole seconds, at least 1) and <c>retry-after-ms</c> when set.</summary>
    public TimeSpan? RetryAfter { get; }

    public static InferenceError Invalid(string message) => new(400, "invalid_request_error", message);

    public static InferenceError NotFound(string message) => new(404, "not_found_error", message);

    public static InferenceError Unavailable(string message) => new(503, "service_unavailable", message);

    /// <summary>HTTP 425 Too Early: the replica is swapping weights.</summary>
    public static InferenceError TooEarly(string message, TimeSpan retryAfter) => new(425, "too_early", message, retryAfter);
}
