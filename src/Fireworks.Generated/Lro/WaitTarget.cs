using Fireworks.Models;

namespace Fireworks;

/// <summary>
/// What one wait polls: how to read the resource, its state, status and progress, and how its
/// states classify. The generated <c>WaitFor…Async</c> methods create one per call and pass it to
/// <see cref="ResourceWaiter.WaitAsync"/>.
/// </summary>
/// <typeparam name="TResource">The resource type.</typeparam>
/// <typeparam name="TState">The resource's state enum.</typeparam>
public sealed class WaitTarget<TResource, TState>
    where TState : struct
{
    private SecretRedactor? _redactor;

    /// <summary>Creates a target.</summary>
    /// <param name="pipeline">The transport of the client that polls (its clock and logger are used).</param>
    /// <param name="description">The resource for messages and logs, e.g. <c>RlorTrainerJob grpo-1</c>.</param>
    /// <param name="fetchAsync">Reads the resource once (the Get operation).</param>
    /// <param name="readState">Reads the resource's state.</param>
    /// <param name="classify">Classifies a state.</param>
    /// <param name="readStatus">Reads the resource's status (code and message), when it has one.</param>
    /// <param name="readProgress">Reads the resource's job progress, when it has one.</param>
    internal WaitTarget(
        FireworksPipeline pipeline,
        string description,
        Func<CancellationToken, Task<TResource>> fetchAsync,
        Func<TResource, TState?> readState,
        Func<TState, StateClass> classify,
        Func<TResource, Status?>? readStatus,
        Func<TResource, JobProgress?>? readProgress)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentException.ThrowIfNullOrEmpty(description);
        ArgumentNullException.ThrowIfNull(fetchAsync);
        ArgumentNullException.ThrowIfNull(readState);
        ArgumentNullException.ThrowIfNull(classify);
        Pipeline = pipeline;
        Description = description;
        FetchAsync = fetchAsync;
        ReadState = readState;
        Classify = classify;
        ReadStatus = readStatus;
        ReadProgress = readProgress;
    }

    /// <summary>The resource being waited for, e.g. <c>RlorTrainerJob grpo-1</c>.</summary>
    public string Description { get; }

    internal FireworksPipeline Pipeline { get; }

    internal Func<CancellationToken, Task<TResource>> FetchAsync { get; }

    internal Func<TResource, TState?> ReadState { get; }

    internal Func<TState, StateClass> Classify { get; }

    internal Func<TResource, Status?>? ReadStatus { get; }

    internal Func<TResource, JobProgress?>? ReadProgress { get; }

    /// <summary>
    /// Builds the exception for a failure or an unreachable target instead of
    /// <see cref="ResourceFailedException"/> (long-running operations throw their rpc error).
    /// </summary>
    internal Func<TResource, TState, StateClass, string, Exception>? CreateFailure { get; init; }

    /// <summary>
    /// The secrets the call that started the wait sent in its body (a create-and-wait's W&amp;B key), or null: the
    /// resource's status message may quote them, so the wait's exceptions and log events leave them out too.
    /// </summary>
    internal IReadOnlyCollection<string>? Secrets { get; init; }

    /// <summary>What redacts the wait's text: the client's API key and <see cref="Secrets"/>.</summary>
    internal SecretRedactor Redactor => _redactor ??= Pipeline.RedactorFor(Secrets);
}
