namespace Fireworks;

/// <summary>
/// The outcome of a generated <c>DeleteAsync</c>: the resource is gone either way, and this says how the SDK knows.
/// </summary>
/// <remarks>
/// A DELETE is retried after a 5xx, a 408, a lost connection or an attempt timeout, and such an attempt may have
/// deleted the resource before its answer was lost. The retry then gets NOT_FOUND. Like Google's storage clients
/// (a delete reports whether it found the object) and Azure's <c>DeleteIfExists</c> (<c>false</c> when it was
/// already gone), the SDK does not report that as a failure: the call returns with <see cref="NotFoundOnRetry"/> set
/// and the server's answer in <see cref="NotFoundError"/>. It cannot tell whether the earlier attempt, another client,
/// or nobody (a wrong id) removed it; check <see cref="NotFoundOnRetry"/> when that matters. A NOT_FOUND answer to the
/// first attempt, or to a retry after attempts that never reached the server (429, 425, connection refused), is
/// still thrown as a <see cref="FireworksException"/>.
/// </remarks>
public sealed class DeleteResult
{
    /// <summary>Creates a result (for tests and mocks).</summary>
    /// <param name="attempts">How many HTTP attempts the call made.</param>
    /// <param name="notFoundError">The NOT_FOUND a retry was answered with, or null when the server confirmed the delete.</param>
    public DeleteResult(int attempts, FireworksException? notFoundError = null)
    {
        Attempts = attempts;
        NotFoundError = notFoundError;
    }

    /// <summary>True when the server answered this call's delete with success.</summary>
    public bool Confirmed => NotFoundError is null;

    /// <summary>
    /// True when an earlier attempt of this call may have deleted the resource (it failed after reaching the server)
    /// and the retry was answered NOT_FOUND.
    /// </summary>
    public bool NotFoundOnRetry => NotFoundError is not null;

    /// <summary>The NOT_FOUND the retry got (message, request id), when <see cref="NotFoundOnRetry"/>.</summary>
    public FireworksException? NotFoundError { get; }

    /// <summary>How many HTTP attempts the call made.</summary>
    public int Attempts { get; }
}
