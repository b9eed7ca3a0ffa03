namespace Fireworks.Rollouts;

/// <summary>
/// The routing of one RL trajectory: the same session headers (and deployment) on every turn, so all its turns land on
/// one replica and reuse its KV cache. Create one per trajectory and pass <see cref="CreateRequestOptions"/> to each
/// inference call of that trajectory.
/// </summary>
/// <example>
/// <code>
/// var session = new RolloutSession($"trajectory-{i}", deployment: "accounts/me/deployments/rl-rollouts");
/// var options = session.CreateRequestOptions();   // x-multi-turn-session-id, x-session-affinity, fireworks-deployment
/// </code>
/// </example>
public sealed class RolloutSession
{
    /// <summary>Creates the routing of one trajectory.</summary>
    /// <param name="sessionId">The trajectory id, sent as <c>x-multi-turn-session-id</c>.</param>
    /// <param name="deployment">The (hot-load) deployment that answers, <c>accounts/{account}/deployments/{deployment}</c>; null to leave routing to the model name.</param>
    /// <param name="sessionAffinity">The <c>x-session-affinity</c> key; null (default) uses <paramref name="sessionId"/>, as the RL guide recommends.</param>
    /// <exception cref="ArgumentException">An id is empty or not a single header value, or the deployment name is malformed.</exception>
    public RolloutSession(string sessionId, string? deployment = null, string? sessionAffinity = null)
    {
        SessionId = RolloutRequestOptions.CheckKey(sessionId, nameof(sessionId));
        SessionAffinity = sessionAffinity is null ? SessionId : RolloutRequestOptions.CheckKey(sessionAffinity, nameof(sessionAffinity));
        Deployment = deployment is null ? null : RolloutRequestOptions.CheckDeployment(deployment, nameof(deployment));
    }

    /// <summary>The trajectory id (<c>x-multi-turn-session-id</c>).</summary>
    public string SessionId { get; }

    /// <summary>The sticky-routing key (<c>x-session-affinity</c>).</summary>
    public string SessionAffinity { get; }

    /// <summary>The deployment that answers (<c>fireworks-deployment</c>), or null.</summary>
    public string? Deployment { get; }

    /// <summary>New options for one call of this trajectory, with the session headers set.</summary>
    /// <returns>New options; a retried call (HTTP 425 during a weight swap, 429) resends the same headers, so it returns to the same replica.</returns>
    public RequestOptions CreateRequestOptions() => ApplyTo(new RequestOptions());

    /// <summary>Sets this trajectory's session headers (and deployment) on <paramref name="options"/>, keeping its other settings.</summary>
    /// <param name="options">The call's options; changed and returned.</param>
    /// <returns><paramref name="options"/>.</returns>
    public RequestOptions ApplyTo(RequestOptions options)
    {
        options.WithMultiTurnSessionId(SessionId).WithSessionAffinity(SessionAffinity);
        return Deployment is null ? options : options.WithDeployment(Deployment);
    }

    /// <inheritdoc/>
    public override string ToString() => Deployment is null ? $"session {SessionId}" : $"session {SessionId} on {Deployment}";
}
