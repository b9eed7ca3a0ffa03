using System.Globalization;
using Fireworks.Models;
using Fireworks.Rollouts;
using Microsoft.AspNetCore.Http;

namespace Fireworks.Emulator.Inference;

/// <summary>The replica that answers a request and the weights it serves.</summary>
/// <param name="DeploymentId">The deployment, or null for a serverless model.</param>
/// <param name="ReplicaIndex">Which of its replicas.</param>
/// <param name="SnapshotIdentity">The hot-loaded snapshot the replica serves; null for the base model.</param>
/// <param name="QueuedFor">Emulated time the request waited for a weight swap (async transition).</param>
internal sealed record ServingReplica(string? DeploymentId, int ReplicaIndex, string? SnapshotIdentity, TimeSpan QueuedFor)
{
    public string ReplicaId => DeploymentId is null ? "serverless-0" : $"replica-{ReplicaIndex.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>
/// Sends each request to a replica of the deployment it names (<c>fireworks-deployment</c>, or <c>model#deployment</c>) and
/// handles weight swaps. A session key — <c>x-multi-turn-session-id</c>, else <c>x-session-affinity</c>, else the body's
/// <c>prompt_cache_key</c>, else <c>user</c> — pins a trajectory to one replica (a stable hash of the key); requests
/// without one go round-robin to a replica that is not swapping. While the chosen replica swaps weights, a deployment
/// with the <see cref="HotLoadTransition.Sync"/> transition answers 425 Too Early (with <c>Retry-After</c> until its swap
/// ends); with <see cref="HotLoadTransition.Async"/> the request waits for the swap, up to the
/// <c>x-fireworks-hot-load-drain-timeout</c> (default 90 s), then gets 425. Each replica keeps a prompt cache of the
/// token sequences it has seen on its current weights, which is what makes affinity pay off (<c>cached_tokens</c>).
/// </summary>
internal sealed class ReplicaRouter
{
    private const string DeploymentHeader = RolloutHeaders.Deployment;
    private const string ModelHeader = "fireworks-model";
    private const string DrainTimeoutHeader = RolloutHeaders.HotLoadDrainTimeout;
    private static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromSeconds(90);
    private static readonly string[] SessionHeaders = [RolloutHeaders.MultiTurnSessionId, RolloutHeaders.SessionAffinity];

    private readonly EmulatorState state;
    private readonly HotLoadService hotLoad;
    private readonly Dictionary<string, HotLoadTransition> transitions = new(StringComparer.Ordinal);
    private readonly Dictionary<(string? Deployment, int Replica), PromptCache> caches = [];
    private long roundRobin;
    private int queued;

    public ReplicaRouter(EmulatorState state, HotLoadService hotLoad)
    {
        this.state = state;
        this.hotLoad = hotLoad;
    }

    /// <summary>Sets how deployment <paramref name="deploymentId"/> swaps weights (the default is <see cref="EmulatorOptions.HotLoadTransition"/>).</summary>
    public void SetTransition(string deploymentId, HotLoadTransition transition)
    {
        using (state.Write())
        {
            transitions[deploymentId] = transition;
        }
    }

    /// <summary>Requests waiting for a weight swap to end right now (async transition).</summary>
    public int QueuedRequests => Volatile.Read(ref queued);

    /// <summary>The session key of a request, by the service's precedence; null when it has none.</summary>
    public static string? SessionKey(IHeaderDictionary headers, InferenceRequest request)
    {
        foreach (var name in SessionHeaders)
        {
            if (headers.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value.ToString()))
            {
                return value.ToString();
            }
        }

        return request.PromptCacheKey ?? request.User;
    }

    /// <summary>Chooses the replica, waiting for (async) or refusing during (sync, 425) a weight swap on it.</summary>
    /// <exception cref="InferenceError">The deployment is unknown, not ready or has no replicas; or 425 during a swap.</exception>
    public async Task<ServingReplica> RouteAsync(InferenceRequest request, IHeaderDictionary headers, CancellationToken cancellationToken)
    {
        var drainTimeout = DrainTimeout(headers);
        var sessionKey = SessionKey(headers, request);
        DateTimeOffset? firstSeen = null;
        while (true)
        {
            TimeSpan wait;
            using (state.Write())
            {
                var now = state.Advance();
                firstSeen ??= now;
                var (deploymentId, replicas) = Resolve(request, headers);
                if (deploymentId is null)
                {
                    return new ServingReplica(null, 0, null, TimeSpan.Zero);
                }

                var index = sessionKey is not null ? (int)(StableHash.Of(sessionKey) % (ulong)replicas) : NextFree(deploymentId, replicas, now);
                var (identity, swapEnds) = hotLoad.Serving(deploymentId, index, now);
                if (swapEnds is not { } end)
                {
                    return new ServingReplica(deploymentId, index, identity, now - firstSeen.Value);
                }

                var remaining = end - now;
                var transition = transitions.GetValueOrDefault(deploymentId, state.Options.HotLoadTransition);
                var replicaId = $"replica-{index.ToString(CultureInfo.InvariantCulture)}";
                if (transition == HotLoadTransition.Sync)
                {
                    throw InferenceError.TooEarly(
                        $"Replica {replicaId} of deployment {deploymentId} is swapping weights (synchronous transition); retry after the swap, with the same session key.",
                        state.Clock.ToReal(remaining));
                }

                if (now - firstSeen.Value + remaining > drainTimeout)
                {
                    throw InferenceError.TooEarly(
                        $"Replica {replicaId} of deployment {deploymentId} is still swapping weights after the drain timeout of {drainTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.",
                        state.Clock.ToReal(remaining));
                }

                wait = state.Clock.ToReal(remaining);
            }

            // Async transition: the request is queued until the swap ends, then served by the new weights.
            // Counted once the timer exists, so a test that sees the count can move a fake clock past it.
            var delay = Task.Delay(wait, state.Options.TimeProvider, cancellationToken);
            Interlocked.Increment(ref queued);
            try
            {
                await delay.ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref queued);
            }
        }
    }

    /// <summary>Looks the prompt up in the replica's cache (longest prefix seen on the same weights), then remembers this sequence.</summary>
    /// <returns>How many leading prompt tokens were cached.</returns>
    public int UsePromptCache(ServingReplica replica, IReadOnlyList<int> prompt, IReadOnlyList<int> completion)
    {
        using (state.Write())
        {
            var key = (replica.DeploymentId, replica.ReplicaIndex);
            if (!caches.TryGetValue(key, out var cache))
            {
                cache = new PromptCache();
                caches.Add(key, cache);
            }

            return cache.LookUpAndAdd(replica.SnapshotIdentity, prompt, completion);
        }
    }

    private (string? DeploymentId, int Replicas) Resolve(InferenceRequest request, IHeaderDictionary headers)
    {
        var hash = request.Model.IndexOf('#', StringComparison.Ordinal);
        var model = hash >= 0 ? request.Model[..hash] : request.Model;
        var deploymentName = Header(headers, DeploymentHeader) ?? (hash >= 0 ? request.Model[(hash + 1)..] : null);
        if (deploymentName is null)
        {
            return (null, 1);
        }

        var parts = deploymentName.Split('/');
        if (parts.Length != 4 || parts[0] != "accounts" || parts[2] != "deployments" || !ResourceIds.IsValid(parts[3]))
        {
            throw InferenceError.Invalid($"The deployment '{deploymentName}' is not of the form accounts/<account>/deployments/<deployment>.");
        }

        if (parts[1] != state.AccountId)
        {
            throw new InferenceError(403, "permission_denied", $"The API key has no access to account \"{parts[1]}\" (the emulator hosts only \"accounts/{state.AccountId}\").");
        }

        var deployment = state.Deployments.Find(parts[3])?.Value
            ?? throw InferenceError.NotFound($"Deployment \"{deploymentName}\" not found.");
        if (deployment.State != DeploymentState.Ready && deployment.State != DeploymentState.Updating)
        {
            throw InferenceError.Unavailable($"Deployment \"{deploymentName}\" is {deployment.State ?? DeploymentState.Unspecified}; it serves requests once it is READY.");
        }

        if (model != deployment.BaseModel)
        {
            throw InferenceError.Invalid($"model '{model}' is not what deployment \"{deploymentName}\" serves ('{deployment.BaseModel}').");
        }

        if (Header(headers, ModelHeader) is { } modelHeader && modelHeader != deployment.BaseModel)
        {
            throw InferenceError.Invalid($"The {ModelHeader} header '{modelHeader}' is not what deployment \"{deploymentName}\" serves ('{deployment.BaseModel}').");
        }

        var replicas = deployment.ReplicaCount ?? 0;
        return replicas > 0 ? (parts[3], replicas) : throw InferenceError.Unavailable($"Deployment \"{deploymentName}\" has no replicas; scale it up.");
    }

    /// <summary>Round-robin over the replicas that are not swapping (the next one in turn when all are).</summary>
    private int NextFree(string deploymentId, int replicas, DateTimeOffset now)
    {
        var start = (int)(roundRobin++ % replicas);
        for (var i = 0; i < replicas; i++)
        {
            var index = (start + i) % replicas;
            if (hotLoad.Serving(deploymentId, index, now).SwapEndsAt is null)
            {
                return index;
            }
        }

        return start;
    }

    private static TimeSpan DrainTimeout(IHeaderDictionary headers)
    {
        if (Header(headers, DrainTimeoutHeader) is not { } text)
        {
            return DefaultDrainTimeout;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : throw InferenceError.Invalid($"The {DrainTimeoutHeader} header must be a number of seconds, not '{text}'.");
    }

    private static string? Header(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value.ToString()) ? value.ToString() : null;

    /// <summary>The token sequences one replica has processed, per snapshot (a swap empties the cache: <c>reset_prompt_cache: all</c>).</summary>
    private sealed class PromptCache
    {
        private const int Capacity = 256;
        private readonly LinkedList<(string? Snapshot, int[] Tokens)> entries = new();

        public int LookUpAndAdd(string? snapshot, IReadOnlyList<int> prompt, IReadOnlyList<int> completion)
        {
            var best = 0;
            foreach (var (entrySnapshot, tokens) in entries)
            {
                if (entrySnapshot != snapshot)
                {
                    continue;
                }

                var common = 0;
                var limit = Math.Min(tokens.Length, prompt.Count);
                while (common < limit && tokens[common] == prompt[common])
                {
                    common++;
                }

                best = Math.Max(best, common);
            }

            entries.AddFirst((snapshot, [.. prompt, .. completion]));
            if (entries.Count > Capacity)
            {
                entries.RemoveLast();
            }

            return best;
        }
    }
}
