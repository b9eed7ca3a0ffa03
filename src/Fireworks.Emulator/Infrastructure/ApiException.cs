using Fireworks.Models;

namespace Fireworks.Emulator;

/// <summary>
/// Ends a request with a google.rpc.Status error body. Thrown by handlers; the dispatcher turns it into the response.
/// </summary>
internal sealed class ApiException : Exception
{
    public ApiException(Code code, string message, int? httpStatus = null, TimeSpan? retryAfter = null)
        : base(message)
    {
        Code = code;
        HttpStatus = httpStatus ?? RpcHttpStatus.Of(code);
        RetryAfter = retryAfter;
    }

    public Code Code { get; }

    public int HttpStatus { get; }

    /// <summary>Sent as a <c>Retry-After</c> header (whole seconds, at least 1) when set.</summary>
    public TimeSpan? RetryAfter { get; }

    public static ApiException InvalidArgument(string message) => new(Code.InvalidArgument, message);

    public static ApiException NotFound(string message) => new(Code.NotFound, message);

    public static ApiException AlreadyExists(string message) => new(Code.AlreadyExists, message);

    public static ApiException FailedPrecondition(string message) => new(Code.FailedPrecondition, message);
}
