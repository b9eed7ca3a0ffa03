namespace Fireworks;

/// <summary>
/// A wait did not see the resource reach what it waited for within <see cref="WaitOptions.Timeout"/>.
/// The resource itself is untouched: it may still get there, and a new wait can pick it up.
/// </summary>
public class WaitTimeoutException : TimeoutException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public WaitTimeoutException()
        : this("A wait for a Fireworks resource timed out.")
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    /// <param name="message">The message.</param>
    public WaitTimeoutException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/> and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public WaitTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Description = string.Empty;
    }

    /// <summary>Creates an exception as a wait does.</summary>
    /// <param name="message">The message.</param>
    /// <param name="description">The resource, e.g. <c>Deployment my-deployment</c>.</param>
    /// <param name="lastResource">The resource as last read, or null when no poll succeeded.</param>
    /// <param name="lastState">Its last state, or null.</param>
    /// <param name="timeout">The timeout that passed.</param>
    /// <param name="pollCount">The number of polls made.</param>
    /// <param name="innerException">The cancellation that ended the wait, if any.</param>
    public WaitTimeoutException(string message, string description, object? lastResource, object? lastState, TimeSpan timeout, int pollCount, Exception? innerException = null)
        : base(message, innerException)
    {
        Description = description ?? string.Empty;
        LastResource = lastResource;
        LastState = lastState;
        Timeout = timeout;
        PollCount = pollCount;
    }

    /// <summary>The resource the wait was for, e.g. <c>Deployment my-deployment</c>.</summary>
    public string Description { get; }

    /// <summary>The resource as last read, or null when no poll succeeded.</summary>
    public object? LastResource { get; }

    /// <summary>The last state seen (a boxed <see cref="Models.JobState"/>, <see cref="Models.DeploymentState"/>, …; its <c>ToString()</c> is the wire value), or null when none was.</summary>
    public object? LastState { get; }

    /// <summary>The timeout that passed (<see cref="WaitOptions.Timeout"/>).</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The number of polls made, failed ones included.</summary>
    public int PollCount { get; }
}
