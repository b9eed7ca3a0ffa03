namespace Fireworks;

/// <summary>
/// Right after the retry policy, when <see cref="FireworksClientOptions.AttemptTimeout"/> is set: bounds each attempt.
/// An attempt that runs out fails with DEADLINE_EXCEEDED and is retried like a lost connection.
/// </summary>
internal sealed class AttemptTimeoutPolicy(TimeSpan attemptTimeout) : FireworksPolicy
{
    public override async ValueTask ProcessAsync(FireworksMessage message, ReadOnlyMemory<FireworksPolicy> pipeline)
    {
        var callToken = message.CancellationToken;
        using var budget = new CancellationTokenSource(attemptTimeout, message.Pipeline.TimeProvider);
        using var link = callToken.CanBeCanceled
            ? callToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), budget)
            : default;
        message.CancellationToken = budget.Token;
        try
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
        catch (Exception exception) when (budget.IsCancellationRequested && !callToken.IsCancellationRequested
            && exception is OperationCanceledException or FireworksException { HasResponse: false })
        {
            throw PipelineFailures.AttemptTimedOut(message, attemptTimeout, exception);
        }
        finally
        {
            message.CancellationToken = callToken;
        }
    }
}
