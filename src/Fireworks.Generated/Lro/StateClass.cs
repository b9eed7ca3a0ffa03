namespace Fireworks;

/// <summary>
/// What a resource state means to someone waiting for it. Every state of every state enum has
/// exactly one class (see <see cref="ResourceStates"/>); a value the SDK does not know is
/// <see cref="Transient"/>: the wait keeps polling and reports it.
/// </summary>
public enum StateClass
{
    /// <summary>The resource is on its way (creating, running, updating, …): keep polling.</summary>
    Transient = 0,

    /// <summary>The resource got where it was going (completed, ready, active, …).</summary>
    Success = 1,

    /// <summary>The resource will not get there (failed, cancelled, expired, deleted, …).</summary>
    Failure = 2,

    /// <summary>
    /// The resource stopped and waits for a person (paused, idle): it may continue later, but not
    /// by itself, so a wait for completion stops instead of polling forever.
    /// </summary>
    Parked = 3,
}
