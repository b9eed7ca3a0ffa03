namespace Fireworks.Rollouts;

/// <summary>
/// The request headers the inference API reads for RL rollouts (the inference spec declares none of them; they are
/// documented in Fireworks' "Inference for RL Rollouts" guide).
/// </summary>
public static class RolloutHeaders
{
    /// <summary>One id per agent trajectory, constant across its turns: routes every turn to one replica (KV-cache hits) and groups per-trajectory metrics. Preferred over <see cref="SessionAffinity"/> when both are sent.</summary>
    public const string MultiTurnSessionId = "x-multi-turn-session-id";

    /// <summary>The sticky-routing key; in RL usually the trajectory id as well.</summary>
    public const string SessionAffinity = "x-session-affinity";

    /// <summary>The deployment that answers, <c>accounts/{account}/deployments/{deployment}</c> (a hot-load deployment during RL).</summary>
    public const string Deployment = "fireworks-deployment";

    /// <summary>Seconds a request may wait for an asynchronous weight swap before the service answers 425 Too Early.</summary>
    public const string HotLoadDrainTimeout = "x-fireworks-hot-load-drain-timeout";
}
