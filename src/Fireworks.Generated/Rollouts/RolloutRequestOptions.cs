using System.Globalization;

namespace Fireworks.Rollouts;

/// <summary>Typed setters for the rollout headers of one inference call (<see cref="RolloutHeaders"/>).</summary>
public static class RolloutRequestOptions
{
    /// <summary>Sends <c>x-multi-turn-session-id</c>: every turn of a trajectory with the same id lands on one replica.</summary>
    /// <param name="options">The call's options; changed and returned.</param>
    /// <param name="sessionId">The trajectory id.</param>
    /// <returns><paramref name="options"/>.</returns>
    /// <exception cref="ArgumentException">The id is empty or contains a line break.</exception>
    public static RequestOptions WithMultiTurnSessionId(this RequestOptions options, string sessionId) =>
        Set(options, RolloutHeaders.MultiTurnSessionId, CheckKey(sessionId, nameof(sessionId)));

    /// <summary>Sends <c>x-session-affinity</c>, the sticky-routing key.</summary>
    /// <param name="options">The call's options; changed and returned.</param>
    /// <param name="key">The routing key.</param>
    /// <returns><paramref name="options"/>.</returns>
    /// <exception cref="ArgumentException">The key is empty or contains a line break.</exception>
    public static RequestOptions WithSessionAffinity(this RequestOptions options, string key) =>
        Set(options, RolloutHeaders.SessionAffinity, CheckKey(key, nameof(key)));

    /// <summary>Sends <c>fireworks-deployment</c>: the call is answered by that deployment.</summary>
    /// <param name="options">The call's options; changed and returned.</param>
    /// <param name="deployment">The deployment name, <c>accounts/{account}/deployments/{deployment}</c>.</param>
    /// <returns><paramref name="options"/>.</returns>
    /// <exception cref="ArgumentException">The name is not of that form.</exception>
    public static RequestOptions WithDeployment(this RequestOptions options, string deployment) =>
        Set(options, RolloutHeaders.Deployment, CheckDeployment(deployment, nameof(deployment)));

    /// <summary>Sends <c>x-fireworks-hot-load-drain-timeout</c>: how long the call may wait for an asynchronous weight swap before it gets 425.</summary>
    /// <remarks>
    /// A stream paused by a swap receives nothing meanwhile, so a drain longer than the stream's idle timeout
    /// (<see cref="FireworksClientOptions.StreamIdleTimeout"/>, 120 s by default) also needs
    /// <see cref="RequestOptions.StreamIdleTimeout"/> raised above it, and a new call queued behind the swap needs a
    /// <see cref="RequestOptions.Timeout"/> above it; this method changes neither.
    /// </remarks>
    /// <param name="options">The call's options; changed and returned.</param>
    /// <param name="timeout">Whole seconds are sent (rounded up); must not be negative.</param>
    /// <returns><paramref name="options"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is negative.</exception>
    public static RequestOptions WithHotLoadDrainTimeout(this RequestOptions options, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        return Set(options, RolloutHeaders.HotLoadDrainTimeout, ((long)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
    }

    // A key travels as one header value: HeaderRules, which checks every header at send time, checks it here already,
    // so a bad key fails where it is given rather than on the first call.
    internal static string CheckKey(string value, string parameter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, parameter);
        if (HeaderRules.ValueProblem(value) is { } problem)
        {
            throw new ArgumentException($"The {parameter} is sent as a header value, and it {problem}", parameter);
        }

        return value;
    }

    internal static string CheckDeployment(string value, string parameter)
    {
        ArgumentNullException.ThrowIfNull(value, parameter);
        if (!ResourceNames.IsNameOf(value, DeploymentsClient.ResourceNamePattern))
        {
            throw new ArgumentException($"{PathSegment.Echo(value)} is not a deployment name of the form {DeploymentsClient.ResourceNamePattern}.", parameter);
        }

        return value;
    }

    private static RequestOptions Set(RequestOptions options, string header, string value)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Headers[header] = value;
        return options;
    }
}
