namespace Fireworks;

/// <summary>What an HTTP error status says about whether the server acted on the request: the one status table behind
/// <see cref="TransientFailure"/> (retries, waiters, the LRO poller, uploads and the hot-load chain).</summary>
internal static class HttpStatusClass
{
    /// <summary>
    /// 429 Too Many Requests and 425 Too Early (a deployment mid weight-swap): the server refused the request before
    /// doing anything, so repeating it is safe for every method.
    /// </summary>
    internal static bool RefusedBeforeProcessing(int httpStatus) => httpStatus is 429 or 425;

    /// <summary>408 and 5xx: transient, but the server may have acted on the request; only idempotent calls repeat it.</summary>
    internal static bool TransientButMayHaveActed(int httpStatus) => httpStatus is 408 or (>= 500 and < 600);
}
