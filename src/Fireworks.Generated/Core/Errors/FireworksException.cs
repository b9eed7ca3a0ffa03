using System.Text;
using System.Text.Json;
using Fireworks.Models;

namespace Fireworks;

/// <summary>
/// The one exception a Fireworks call throws when it fails: an error response of the gateway
/// (a google.rpc.Status body), a call that got no response (connection failure), a timeout, or a
/// success response whose body could not be read. Caller cancellation is the exception: it
/// surfaces as <see cref="OperationCanceledException"/>.
/// </summary>
/// <remarks>
/// <see cref="StatusCode"/> is the google.rpc code number (0..16) and <see cref="CodeName"/> its
/// canonical name (<c>NOT_FOUND</c>). When the body carries no code, it is derived from the HTTP
/// status (404 → NOT_FOUND, 429 → RESOURCE_EXHAUSTED, 503 → UNAVAILABLE, …). Calls without an HTTP
/// response have <see cref="HttpStatus"/> 0 and code UNAVAILABLE (no connection) or
/// DEADLINE_EXCEEDED (timeout). The API key is never part of the message or any property.
/// </remarks>
public partial class FireworksException : Exception
{
    private static readonly IReadOnlyList<JsonElement> NoDetails = [];

    /// <summary>Creates an exception with a generic message and code UNKNOWN.</summary>
    public FireworksException()
        : this("A Fireworks call failed.")
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/> and code UNKNOWN.</summary>
    /// <param name="message">The message.</param>
    public FireworksException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/>, code UNKNOWN and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public FireworksException(string message, Exception? innerException)
        : base(message, innerException)
    {
        StatusCode = Code.Numbers.Unknown;
        ServerMessage = message;
        Details = NoDetails;
        OperationId = string.Empty;
        RawBody = string.Empty;
    }

    /// <summary>
    /// Creates an exception as the SDK does for an error response. Useful to test code that handles
    /// Fireworks errors; the message is built the same way the SDK builds it.
    /// </summary>
    /// <param name="operationId">The operation that failed, e.g. <c>Gateway_GetDeployment</c>.</param>
    /// <param name="statusCode">The google.rpc code number (0..16).</param>
    /// <param name="httpStatus">The HTTP status, or 0 when there was no response.</param>
    /// <param name="serverMessage">The message the server sent.</param>
    /// <param name="details">The google.rpc.Status details, if any.</param>
    /// <param name="requestId">The request id the server reported, if any.</param>
    /// <param name="rawBody">The response body as received.</param>
    /// <param name="retryAfter">The delay the server asked for before a retry, if any.</param>
    /// <param name="innerException">The cause, if any.</param>
    public FireworksException(
        string operationId,
        int statusCode,
        int httpStatus,
        string serverMessage,
        IReadOnlyList<JsonElement>? details = null,
        string? requestId = null,
        string? rawBody = null,
        TimeSpan? retryAfter = null,
        Exception? innerException = null)
        : base(FormatMessage(operationId, statusCode, httpStatus, serverMessage, requestId), innerException)
    {
        OperationId = operationId ?? string.Empty;
        StatusCode = statusCode;
        HttpStatus = httpStatus;
        ServerMessage = serverMessage ?? string.Empty;
        Details = details ?? NoDetails;
        RequestId = requestId;
        RawBody = rawBody ?? string.Empty;
        RetryAfter = retryAfter;
    }

    /// <summary>The google.rpc code number (0..16) of the failure.</summary>
    public int StatusCode { get; }

    /// <summary>The canonical name of <see cref="StatusCode"/>, e.g. <c>NOT_FOUND</c>.</summary>
    public string CodeName => RpcCodes.GetName(StatusCode);

    /// <summary>The HTTP status of the error response, or 0 when the call got no response.</summary>
    public int HttpStatus { get; }

    /// <summary>The message the server sent (the text of a non-JSON body), or a description of a client-side failure.</summary>
    public string ServerMessage { get; }

    /// <summary>The <c>details</c> entries of the google.rpc.Status body (typically objects with an <c>@type</c>).</summary>
    public IReadOnlyList<JsonElement> Details { get; }

    /// <summary>The request id from the response headers (<c>x-request-id</c> and similar), for support requests.</summary>
    public string? RequestId { get; }

    /// <summary>The operation id of the call, e.g. <c>Gateway_CreateRlorTrainerJob</c>.</summary>
    public string OperationId { get; }

    /// <summary>The error response body as received (up to 1 MiB), or empty when there was none.</summary>
    public string RawBody { get; }

    /// <summary>The delay the server asked for (<c>retry-after-ms</c> or <c>Retry-After</c>), if any.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>How many HTTP attempts the call made before giving up (1 when it was not retried).</summary>
    public int Attempts { get; internal set; } = 1;

    /// <summary>True when the server answered with an HTTP status (false for connection failures and client timeouts).</summary>
    public bool HasResponse => HttpStatus != 0;

    /// <summary>NOT_FOUND: the resource does not exist.</summary>
    public bool IsNotFound => StatusCode == Code.Numbers.NotFound;

    /// <summary>ALREADY_EXISTS: a create collided with an existing resource.</summary>
    public bool IsAlreadyExists => StatusCode == Code.Numbers.AlreadyExists;

    /// <summary>HTTP 409 (ALREADY_EXISTS or ABORTED).</summary>
    public bool IsConflict => HttpStatus == 409 || StatusCode is Code.Numbers.AlreadyExists or Code.Numbers.Aborted;

    /// <summary>PERMISSION_DENIED: the key is valid but may not do this.</summary>
    public bool IsPermissionDenied => StatusCode == Code.Numbers.PermissionDenied;

    /// <summary>UNAUTHENTICATED: the API key is missing, wrong or revoked.</summary>
    public bool IsUnauthenticated => StatusCode == Code.Numbers.Unauthenticated;

    /// <summary>HTTP 429 or RESOURCE_EXHAUSTED: a rate limit or quota was hit.</summary>
    public bool IsRateLimited => HttpStatus == 429 || StatusCode == Code.Numbers.ResourceExhausted;

    /// <summary>INVALID_ARGUMENT: the request itself is wrong.</summary>
    public bool IsInvalidArgument => StatusCode == Code.Numbers.InvalidArgument;

    /// <summary>FAILED_PRECONDITION: the resource is not in a state that allows this.</summary>
    public bool IsFailedPrecondition => StatusCode == Code.Numbers.FailedPrecondition;

    /// <summary>UNAVAILABLE: the service (or the connection to it) is unavailable.</summary>
    public bool IsUnavailable => StatusCode == Code.Numbers.Unavailable;

    /// <summary>UNIMPLEMENTED: the server does not support this operation.</summary>
    public bool IsUnimplemented => StatusCode == Code.Numbers.Unimplemented;

    /// <summary>INTERNAL: a server-side failure.</summary>
    public bool IsInternal => StatusCode == Code.Numbers.Internal;

    /// <summary>DEADLINE_EXCEEDED: the call timed out (client-side timeout, HTTP 408/504, or the server's deadline).</summary>
    public bool IsTimeout => StatusCode == Code.Numbers.DeadlineExceeded;

    /// <summary>
    /// Builds the message: <c>&lt;operationId&gt; failed: NOT_FOUND (HTTP 404): &lt;server message&gt; [request-id: …]</c>.
    /// </summary>
    internal static string FormatMessage(string? operationId, int statusCode, int httpStatus, string? serverMessage, string? requestId)
    {
        var builder = new StringBuilder(96 + (serverMessage?.Length ?? 0));
        builder.Append(string.IsNullOrEmpty(operationId) ? "Fireworks call" : operationId)
            .Append(" failed: ")
            .Append(RpcCodes.GetName(statusCode));
        if (httpStatus != 0)
        {
            builder.Append(" (HTTP ").Append(httpStatus).Append(')');
        }
        else
        {
            builder.Append(" (no HTTP response)");
        }

        if (!string.IsNullOrEmpty(serverMessage))
        {
            builder.Append(": ").Append(serverMessage);
        }

        if (!string.IsNullOrEmpty(requestId))
        {
            builder.Append(" [request-id: ").Append(requestId).Append(']');
        }

        return builder.ToString();
    }
}
