using Microsoft.Extensions.Logging;

namespace Fireworks;

/// <summary>
/// Repeats failed attempts, the only layer that does (see the README's retry table): 429/425 and connections never
/// made for every method; 408, 5xx, lost connections and attempt timeouts for idempotent calls; never beyond the
/// call's retry limit or time budget. Failures are classified by <see cref="TransientFailure"/>.
/// </summary>
internal sealed class RetryPolicy : FireworksPolicy
{
    internal static RetryPolicy Instance { get; } = new();

    public override async ValueTask ProcessAsync(FireworksMessage message, ReadOnlyMemory<FireworksPolicy> pipeline)
    {
        while (true)
        {
            message.BeginAttempt();
            TimeSpan delay;
            try
            {
                await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
                return;
            }
            catch (Exception exception) when (ShouldRetry(message, exception, out var chosen))
            {
                delay = chosen;
            }

            FireworksTelemetry.RecordRetry(message);
            await Task.Delay(delay, message.Pipeline.TimeProvider, message.CancellationToken).ConfigureAwait(false);
        }
    }

    private static bool ShouldRetry(FireworksMessage message, Exception exception, out TimeSpan delay)
    {
        delay = default;
        var token = message.CancellationToken;
        if (message.Attempt > message.MaxRetries || token.IsCancellationRequested || !message.Body.CanResend)
        {
            return false;
        }

        if (exception is FireworksException { HttpStatus: 425 } && message.LeavesTooEarlyToCaller)
        {
            return false;
        }

        var retryable = TransientFailure.Classify(exception, token) switch
        {
            TransientFailure.Retryability.Always => true,
            TransientFailure.Retryability.IfIdempotent => message.Idempotent,
            _ => false,
        };
        if (!retryable)
        {
            return false;
        }

        var pipeline = message.Pipeline;
        var logger = pipeline.Logger;
        delay = pipeline.ComputeDelay(exception, message.Attempt - 1);
        if (message.Timeout != Timeout.InfiniteTimeSpan
            && pipeline.TimeProvider.GetElapsedTime(message.StartTimestamp) + delay >= message.Timeout)
        {
            // Waiting would only end in a timeout; the real error is more useful.
            if (logger.IsEnabled(LogLevel.Information))
            {
                FireworksLog.RetrySkipped(logger, message.OperationId, TransientFailure.Describe(exception), delay.TotalMilliseconds);
            }

            return false;
        }

        message.MayHaveBeenApplied |= TransientFailure.MayHaveReachedServer(exception);
        if (logger.IsEnabled(LogLevel.Warning))
        {
            FireworksLog.RetryScheduled(logger, message.OperationId, delay.TotalMilliseconds, message.Attempt, message.MaxRetries, TransientFailure.Describe(exception));
        }

        return true;
    }
}
