namespace Fireworks;

/// <summary>
/// First in the pipeline after telemetry: the whole-call budget (<see cref="RequestOptions.Timeout"/>,
/// <see cref="FireworksClientOptions.Timeout"/>) over every attempt, the delays between them and reading the
/// response, on the client's <see cref="TimeProvider"/>. When it runs out the call throws DEADLINE_EXCEEDED.
/// </summary>
internal sealed class TimeoutPolicy : FireworksPolicy
{
    internal static TimeoutPolicy Instance { get; } = new();

    public override ValueTask ProcessAsync(FireworksMessage message, ReadOnlyMemory<FireworksPolicy> pipeline) =>
        message.Timeout == Timeout.InfiniteTimeSpan ? ProcessNextAsync(message, pipeline) : ProcessWithTimeoutAsync(message, pipeline);

    private static async ValueTask ProcessWithTimeoutAsync(FireworksMessage message, ReadOnlyMemory<FireworksPolicy> pipeline)
    {
        using var budget = new CancellationTokenSource(message.Timeout, message.Pipeline.TimeProvider);
        using var link = message.CallerToken.CanBeCanceled
            ? message.CallerToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), budget)
            : default;
        message.CancellationToken = budget.Token;
        try
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
        catch (Exception exception) when (budget.IsCancellationRequested && !message.CallerToken.IsCancellationRequested
            && exception is OperationCanceledException or FireworksException { HasResponse: false })
        {
            message.CallTimedOut = true;
            throw PipelineFailures.CallTimedOut(message, exception);
        }
        finally
        {
            message.CancellationToken = message.CallerToken;
        }
    }
}
