namespace Fireworks;

public partial class HotLoadClient
{
    /// <summary>
    /// Starts a snapshot chain: per training step, <see cref="SnapshotChain.PushAsync"/> uploads a full or delta
    /// snapshot, signals it, and waits until every replica serves it.
    /// </summary>
    /// <param name="options">The model, deployment, uploader and policy.</param>
    /// <returns>The chain; dispose it to delete its working files.</returns>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    /// <example>
    /// <code>
    /// using var chain = client.HotLoad.CreateSnapshotChain(new SnapshotChainOptions
    /// {
    ///     Model = "accounts/me/models/qwen3-8b",
    ///     Deployment = "accounts/me/deployments/rl-rollouts",
    ///     Uploader = myBucketUploader,
    /// });
    /// var result = await chain.PushAsync(step, checkpointDirectory);
    /// </code>
    /// </example>
    public virtual SnapshotChain CreateSnapshotChain(SnapshotChainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pipeline = _pipeline ?? throw new InvalidOperationException(
            "This HotLoadClient was created for mocking and has no transport; create the chain from client.HotLoad of a FireworksClient.");
        return new SnapshotChain(this, new DeploymentsClient(pipeline), pipeline, options);
    }
}
