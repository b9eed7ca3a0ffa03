namespace Fireworks;

/// <summary>
/// Turns each attempt's outcome into the SDK's one error type: an error status becomes a <see cref="FireworksException"/>
/// read from its google.rpc.Status body (unless the call accepts it as a result, as a DELETE after a retry may), a
/// connection failure becomes UNAVAILABLE, a caller-supplied <see cref="HttpClient"/>'s timeout DEADLINE_EXCEEDED.
/// The original exception stays the inner one, so <see cref="TransientFailure"/> still sees what happened.
/// </summary>
internal sealed class ErrorMappingPolicy : FireworksPolicy
{
    internal static ErrorMappingPolicy Instance { get; } = new();

    public override async ValueTask ProcessAsync(FireworksMessage message, ReadOnlyMemory<FireworksPolicy> pipeline)
    {
        try
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            throw PipelineFailures.NoResponse(message, exception);
        }
        catch (OperationCanceledException exception) when (exception.InnerException is TimeoutException && !message.CancellationToken.IsCancellationRequested)
        {
            throw PipelineFailures.HttpClientTimedOut(message, exception);
        }

        if (message.Response is not { IsSuccessStatusCode: false } response)
        {
            return;
        }

        FireworksException error;
        using (response)
        {
            error = await ErrorResponseParser
                .CreateExceptionAsync(response, message.OperationId, message.Redactor, message.Pipeline.TimeProvider, message.CancellationToken)
                .ConfigureAwait(false);
        }

        error.Attempts = message.Attempt;
        if (!message.Reader.AcceptsFailure(message, error))
        {
            throw error;
        }
    }
}
