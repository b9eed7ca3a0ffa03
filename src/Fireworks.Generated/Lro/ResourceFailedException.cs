using Fireworks.Models;

namespace Fireworks;

/// <summary>
/// A wait ended because the resource cannot reach what was waited for: it reached a failure state
/// (FAILED, CANCELLED, BUILD_FAILED, …), it is parked (PAUSED, IDLE: it needs a person), or it
/// reached a terminal state that is not the target. Carries the resource as last read, its state
/// and its <c>status</c> (code and message).
/// </summary>
public class ResourceFailedException : Exception
{
    /// <summary>Creates an exception with a generic message.</summary>
    public ResourceFailedException()
        : this("A Fireworks resource reached a state the wait cannot continue from.")
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    /// <param name="message">The message.</param>
    public ResourceFailedException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/> and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ResourceFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Description = string.Empty;
    }

    /// <summary>Creates an exception as a wait does (useful to test code that handles failed waits).</summary>
    /// <param name="message">The message.</param>
    /// <param name="description">The resource, e.g. <c>RlorTrainerJob grpo-1</c>.</param>
    /// <param name="resource">The resource as last read.</param>
    /// <param name="state">Its state.</param>
    /// <param name="stateClass">How the state classifies.</param>
    /// <param name="statusCode">The code of the resource's <c>status</c>, if any.</param>
    /// <param name="statusMessage">The message of the resource's <c>status</c>, if any.</param>
    public ResourceFailedException(
        string message,
        string description,
        object? resource,
        object? state,
        StateClass stateClass,
        Code? statusCode,
        string? statusMessage)
        : base(message)
    {
        Description = description ?? string.Empty;
        Resource = resource;
        State = state;
        StateClass = stateClass;
        StatusCode = statusCode;
        StatusMessage = statusMessage;
    }

    /// <summary>The resource the wait was for, e.g. <c>RlorTrainerJob grpo-1</c>.</summary>
    public string Description { get; }

    /// <summary>The resource as last read (a <see cref="RlorTrainerJob"/>, <see cref="Deployment"/>, …); see <see cref="GetResource{TResource}"/>.</summary>
    public object? Resource { get; }

    /// <summary>The state it reached (a boxed <see cref="JobState"/>, <see cref="DeploymentState"/>, …; its <c>ToString()</c> is the wire value).</summary>
    public object? State { get; }

    /// <summary>How <see cref="State"/> classifies: <see cref="StateClass.Failure"/>, <see cref="StateClass.Parked"/>, or <see cref="StateClass.Success"/> for a terminal state that is not the target.</summary>
    public StateClass StateClass { get; }

    /// <summary>True when the resource is parked (paused, idle): it may continue, but only after someone acts on it.</summary>
    public bool IsParked => StateClass == StateClass.Parked;

    /// <summary>The code of the resource's <c>status</c>, when it reported one.</summary>
    public Code? StatusCode { get; }

    /// <summary>The message of the resource's <c>status</c> (often the reason of the failure), when it reported one.</summary>
    public string? StatusMessage { get; }

    /// <summary>The resource as <typeparamref name="TResource"/>.</summary>
    /// <typeparam name="TResource">The resource type the wait was for.</typeparam>
    /// <returns>The resource.</returns>
    /// <exception cref="InvalidOperationException">The exception carries no resource, or one of another type.</exception>
    public TResource GetResource<TResource>()
        where TResource : class
        => Resource as TResource ?? throw new InvalidOperationException(
            Resource is null
                ? "This ResourceFailedException carries no resource."
                : $"The resource is a {Resource.GetType().Name}, not a {typeof(TResource).Name}.");
}
