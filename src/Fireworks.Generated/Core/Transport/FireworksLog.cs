using Microsoft.Extensions.Logging;

namespace Fireworks;

/// <summary>
/// The SDK's log events. They carry method, path, status, duration and attempt; never headers,
/// bodies or the API key.
/// </summary>
internal static partial class FireworksLog
{
    internal const string Category = "Fireworks.FireworksClient";

    [LoggerMessage(EventId = 1, EventName = "RequestSucceeded", Level = LogLevel.Debug,
        Message = "{OperationId} {Method} {Path} -> {HttpStatus} in {ElapsedMs:0.0} ms (attempt {Attempt})")]
    internal static partial void RequestSucceeded(ILogger logger, string operationId, string method, string path, int httpStatus, double elapsedMs, int attempt);

    [LoggerMessage(EventId = 2, EventName = "RequestFailed", Level = LogLevel.Information,
        Message = "{OperationId} {Method} {Path} -> {HttpStatus} {CodeName} in {ElapsedMs:0.0} ms (attempt {Attempt}, request id {RequestId})")]
    internal static partial void RequestFailed(ILogger logger, string operationId, string method, string path, int httpStatus, string codeName, double elapsedMs, int attempt, string? requestId);

    [LoggerMessage(EventId = 3, EventName = "RequestGotNoResponse", Level = LogLevel.Information,
        Message = "{OperationId} {Method} {Path} got no response after {ElapsedMs:0.0} ms (attempt {Attempt}): {Failure}")]
    internal static partial void RequestGotNoResponse(ILogger logger, string operationId, string method, string path, double elapsedMs, int attempt, string failure);

    [LoggerMessage(EventId = 4, EventName = "RetryScheduled", Level = LogLevel.Warning,
        Message = "Retrying {OperationId} in {DelayMs:0} ms (retry {Retry} of {MaxRetries}) after {Reason}")]
    internal static partial void RetryScheduled(ILogger logger, string operationId, double delayMs, int retry, int maxRetries, string reason);

    [LoggerMessage(EventId = 5, EventName = "RetrySkipped", Level = LogLevel.Information,
        Message = "Not retrying {OperationId} after {Reason}: the {DelayMs:0} ms delay would exceed the call's remaining time budget")]
    internal static partial void RetrySkipped(ILogger logger, string operationId, string reason, double delayMs);

    [LoggerMessage(EventId = 6, EventName = "DeleteNotFoundOnRetry", Level = LogLevel.Information,
        Message = "{OperationId}: attempt {Attempt} was answered NOT_FOUND after an earlier attempt may have deleted the resource; reported as DeleteResult.NotFoundOnRetry (request id {RequestId})")]
    internal static partial void DeleteNotFoundOnRetry(ILogger logger, string operationId, int attempt, string? requestId);
}
