namespace Fireworks.Emulator;

/// <summary>
/// Ends a request with a google.rpc.Status error body. Thrown by handlers; the dispatcher turns it into the response.
/// </summary>
internal sealed class ApiException : Exception
{
    public ApiException(RpcCode code, string message, int? httpStatus = null, TimeSpan? retryAfter = null)
        : base(message)
    {
        Code = code;
        HttpStatus = httpStatus ?? code.ToHttpStatus();
        RetryAfter = retryAfter;
    }

    public RpcCode Code { get; }

    public int HttpStatus { get; }

    /// <summary>Sent as a <c>Retry-After</c> header (whole seconds, at least 1) when set.</summary>
    public TimeSpan? RetryAfter { get; }

    public static ApiException InvalidArgument(string message) => new(RpcCode.InvalidArgument, message);

    public static ApiException NotFound(string message) => new(RpcCode.NotFound, message);

    public static ApiException AlreadyExists(string message) => new(RpcCode.AlreadyExists, message);

    public static ApiException FailedPrecondition(string message) => new(RpcCode.FailedPrecondition, message);
}
