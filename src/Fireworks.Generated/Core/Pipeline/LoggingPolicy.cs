using Microsoft.Extensions.Logging;

namespace Fireworks;

/// <summary>
/// Logs each attempt (operation, method, path, status, duration, attempt, request id; never headers or bodies)
/// through the client's redacting logger. A client without a logger, or with Information disabled, skips it at no cost.
/// </summary>
internal sealed class LoggingPolicy : FireworksPolicy
{
    internal static LoggingPolicy Instance { get; } = new();

    public override ValueTask ProcessAsync(FireworksMessage message, ReadOnlyMemory<FireworksPolicy> pipeline) =>
        message.Pipeline.Logger.IsEnabled(LogLevel.Information) ? ProcessLoggedAsync(message, pipeline) : ProcessNextAsync(message, pipeline);

    private static async ValueTask ProcessLoggedAsync(FireworksMessage message, ReadOnlyMemory<FireworksPolicy> pipeline)
    {
        try
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
        catch (Exception exception) when (LogFailure(message, exception))
        {
            // The filter only logs; it never catches.
            throw;
        }

        var logger = message.Pipeline.Logger;
        if (message.Response is { } response)
        {
            if (response.IsSuccessStatusCode)
            {
                if (logger.IsEnabled(LogLevel.Debug))
                {
                    FireworksLog.RequestSucceeded(logger, message.OperationId, message.Request.Method.Method, PathOf(message), (int)response.StatusCode, message.AttemptElapsedMilliseconds, message.Attempt);
                }
            }
            else if (message.Reader is DeleteResponseReader { NotFoundOnRetry: { } notFound })
            {
                FireworksLog.RequestFailed(logger, message.OperationId, message.Request.Method.Method, PathOf(message), notFound.HttpStatus, notFound.CodeName, message.AttemptElapsedMilliseconds, message.Attempt, notFound.RequestId);
            }
        }
    }

    private static bool LogFailure(FireworksMessage message, Exception exception)
    {
        var logger = message.Pipeline.Logger;
        switch (exception)
        {
            case FireworksException { HasResponse: true } answered:
                FireworksLog.RequestFailed(logger, message.OperationId, message.Request.Method.Method, PathOf(message), answered.HttpStatus, answered.CodeName, message.AttemptElapsedMilliseconds, message.Attempt, answered.RequestId);
                break;
            case OperationCanceledException when message.CancellationToken.IsCancellationRequested:
                break;
            default:
                FireworksLog.RequestGotNoResponse(logger, message.OperationId, message.Request.Method.Method, PathOf(message), message.AttemptElapsedMilliseconds, message.Attempt, TransientFailure.Describe(exception));
                break;
        }

        return false;
    }

    private static string PathOf(FireworksMessage message) => message.Request.RequestUri?.AbsolutePath ?? "?";
}
