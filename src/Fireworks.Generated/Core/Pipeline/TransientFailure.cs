namespace Fireworks;

/// <summary>
/// The one classifier of failures worth repeating, used by the retry policy, the LRO poller and resource waiters,
/// direct uploads and the hot-load chain. It reads the HTTP status table in <see cref="HttpStatusClass"/> and the
/// transport's exceptions, before or after the pipeline mapped them to a <see cref="FireworksException"/>.
/// </summary>
internal static class TransientFailure
{
    /// <summary>Whether and when a failure may be repeated.</summary>
    internal enum Retryability
    {
        /// <summary>Not transient: repeating gets the same answer.</summary>
        Never,

        /// <summary>Nothing was done (429, 425, a connection never made): any method may repeat it.</summary>
        Always,

        /// <summary>Transient, but the server may have acted (408, 5xx, a connection lost, a timeout): only idempotent calls repeat it.</summary>
        IfIdempotent,
    }

    /// <summary>Classifies <paramref name="exception"/>.</summary>
    /// <param name="exception">The failure of one attempt (or of a call, for pollers).</param>
    /// <param name="cancellationToken">The call's token: a cancellation it caused is never transient.</param>
    /// <returns>Whether the failure may be repeated, and for which calls.</returns>
    internal static Retryability Classify(Exception exception, CancellationToken cancellationToken = default) => exception switch
    {
        FireworksException { HasResponse: true, HttpStatus: var status } when HttpStatusClass.RefusedBeforeProcessing(status) => Retryability.Always,
        FireworksException { HasResponse: true, HttpStatus: var status } when HttpStatusClass.TransientButMayHaveActed(status) => Retryability.IfIdempotent,
        FireworksException { HasResponse: true } => Retryability.Never,
        FireworksException { InnerException: HttpRequestException or IOException } mapped => Classify(mapped.InnerException!, cancellationToken),
        FireworksException { IsTimeout: true } or FireworksException { IsUnavailable: true } => Retryability.IfIdempotent,
        FireworksException => Retryability.Never,
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.ProxyTunnelError } => Retryability.Always,
        HttpRequestException => Retryability.IfIdempotent,
        OperationCanceledException { InnerException: TimeoutException } when !cancellationToken.IsCancellationRequested => Retryability.IfIdempotent,
        IOException => Retryability.IfIdempotent,
        _ => Retryability.Never,
    };

    /// <summary>Whether a read-only call (a poll, an upload nothing stores until it completes) may be repeated after <paramref name="exception"/>.</summary>
    internal static bool IsTransient(Exception exception, CancellationToken cancellationToken = default) =>
        Classify(exception, cancellationToken) != Retryability.Never;

    /// <summary>Whether the failed attempt may have been acted on: anything but a refusal (429, 425) or a connection never made.</summary>
    internal static bool MayHaveReachedServer(Exception exception) => Classify(exception) != Retryability.Always;

    /// <summary>A short description of a failure for logs and span events (never the key: no message text).</summary>
    internal static string Describe(Exception? exception) => exception switch
    {
        FireworksException { HasResponse: true } fireworks => "HTTP " + fireworks.HttpStatus.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + fireworks.CodeName,
        FireworksException { InnerException: HttpRequestException or IOException } mapped => Describe(mapped.InnerException),
        FireworksException fireworks => fireworks.CodeName + " (no HTTP response)",
        HttpRequestException http => "connection failure (" + http.HttpRequestError + ")",
        OperationCanceledException => "an HTTP client timeout",
        IOException => "a connection lost while reading the response",
        null => "no exception",
        _ => exception.GetType().Name,
    };
}
