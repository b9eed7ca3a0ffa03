namespace Fireworks;

/// <summary>
/// One step of the pipeline every call goes through (after Azure.Core's <c>HttpPipelinePolicy</c> and
/// System.ClientModel's <c>PipelinePolicy</c>): it may change the request, call the rest of the pipeline with
/// <see cref="ProcessNextAsync"/>, and inspect the response or the exception on the way back.
/// </summary>
/// <remarks>
/// Add your own with <see cref="FireworksClientOptions.AddPolicy"/> (every call of a client) or
/// <see cref="RequestOptions.AddPolicy"/> (one call). A <see cref="PolicyPosition.PerCall"/> policy runs once per
/// call, outside the retries; a <see cref="PolicyPosition.PerTry"/> policy runs for every attempt, just before the
/// SDK maps the answer to a result or a <see cref="FireworksException"/>. A policy instance may serve many calls at
/// once: keep per-call state in the <see cref="FireworksMessage"/>, not in fields.
/// </remarks>
public abstract class FireworksPolicy
{
    /// <summary>Processes <paramref name="message"/>; call <see cref="ProcessNextAsync"/> to pass it on.</summary>
    /// <param name="message">The call: its current request, and after the rest of the pipeline ran, its response.</param>
    /// <param name="pipeline">The policies after this one.</param>
    /// <returns>A task that completes when this policy and the rest of the pipeline are done.</returns>
    public abstract ValueTask ProcessAsync(FireworksMessage message, ReadOnlyMemory<FireworksPolicy> pipeline);

    /// <summary>Runs the rest of the pipeline.</summary>
    /// <param name="message">The call.</param>
    /// <param name="pipeline">The policies after the calling one (the last one sends the request).</param>
    /// <returns>A task that completes when the rest of the pipeline is done.</returns>
    protected static ValueTask ProcessNextAsync(FireworksMessage message, ReadOnlyMemory<FireworksPolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (pipeline.IsEmpty)
        {
            throw new InvalidOperationException("A pipeline ends with the SDK's transport; a policy called past it.");
        }

        return pipeline.Span[0].ProcessAsync(message, pipeline[1..]);
    }
}
