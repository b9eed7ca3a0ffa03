using System.Globalization;
using Fireworks.Models;

namespace Fireworks;

/// <summary>The <see cref="FireworksException"/>s of calls that got no usable answer: timeouts and lost connections.</summary>
internal static class PipelineFailures
{
    /// <summary>The whole-call budget ran out.</summary>
    internal static FireworksException CallTimedOut(FireworksMessage message, Exception exception) =>
        TimedOut(message, $"the call did not complete within {FormatDuration(message.Timeout)} (RequestOptions.Timeout / FireworksClientOptions.Timeout)", exception);

    /// <summary>One attempt ran out of <see cref="FireworksClientOptions.AttemptTimeout"/>.</summary>
    internal static FireworksException AttemptTimedOut(FireworksMessage message, TimeSpan attemptTimeout, Exception exception) =>
        TimedOut(message, $"attempt {message.Attempt} did not complete within {FormatDuration(attemptTimeout)} (FireworksClientOptions.AttemptTimeout)", exception);

    /// <summary>A caller-supplied <see cref="HttpClient"/>'s own timeout fired.</summary>
    internal static FireworksException HttpClientTimedOut(FireworksMessage message, Exception exception) =>
        TimedOut(message, "the HTTP client timed out (HttpClient.Timeout or its connect timeout): " + exception.Message, exception);

    /// <summary>No response: the connection failed or was lost.</summary>
    internal static FireworksException NoResponse(FireworksMessage message, Exception exception)
    {
        var redactor = message.Redactor;
        return new FireworksException(message.OperationId, Code.Numbers.Unavailable, 0, redactor.Redact(exception.Message), innerException: redactor.Sanitize(exception))
        {
            Attempts = message.Attempt,
        };
    }

    private static FireworksException TimedOut(FireworksMessage message, string what, Exception exception)
    {
        var redactor = message.Redactor;
        return new FireworksException(message.OperationId, Code.Numbers.DeadlineExceeded, 0, redactor.Redact(what), innerException: redactor.Sanitize(exception))
        {
            Attempts = message.Attempt,
        };
    }

    private static string FormatDuration(TimeSpan duration) =>
        duration < TimeSpan.FromSeconds(1)
            ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0.#} ms")
            : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.###} s");
}
