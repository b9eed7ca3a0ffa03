using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Fireworks.Models;

namespace Fireworks;

/// <summary>
/// How a call reads a 2xx answer (inside the attempt, so a body cut off mid-read is retried like a lost connection),
/// and which error answers end the call as a result instead of an exception.
/// </summary>
internal abstract class ResponseReader
{
    /// <summary>Whether a read 2xx response stays open for the caller (a stream) instead of being disposed.</summary>
    internal virtual bool KeepsSuccessResponse => false;

    /// <summary>The typed result once read (telemetry reads gen_ai usage from it), or null.</summary>
    internal virtual object? ResultObject => null;

    /// <summary>Reads a 2xx response.</summary>
    internal abstract ValueTask ReadSuccessAsync(FireworksMessage message, HttpResponseMessage response, CancellationToken cancellationToken);

    /// <summary>Whether an error answer ends the call as a result instead of an exception (none, unless a subclass says so).</summary>
    internal virtual bool AcceptsFailure(FireworksMessage message, FireworksException exception) => false;

    /// <summary>An unreadable 2xx body: UNKNOWN, with the status and request id, never retried.</summary>
    protected static FireworksException UnreadableBody(FireworksMessage message, HttpResponseMessage response, string problem, Exception? innerException)
    {
        var redactor = message.Redactor;
        return new(
            message.OperationId,
            Code.Numbers.Unknown,
            (int)response.StatusCode,
            redactor.Redact(problem),
            requestId: ErrorResponseParser.GetRequestId(response, redactor),
            innerException: redactor.SanitizeOrNull(innerException));
    }
}

/// <summary>A call whose response body is deserialized into <typeparamref name="T"/>.</summary>
internal sealed class JsonResponseReader<T> : ResponseReader
{
    private static ReadOnlySpan<byte> EmptyObject => "{}"u8;

    private readonly JsonTypeInfo<T> _responseType;

    internal JsonResponseReader(JsonTypeInfo<T> responseType) => _responseType = responseType;

    internal T? Result { get; private set; }

    internal override object? ResultObject => Result;

    internal override async ValueTask ReadSuccessAsync(FireworksMessage message, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            if (response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0)
            {
                // A body-less success is the empty message.
                Result = JsonSerializer.Deserialize(EmptyObject, _responseType);
            }
            else
            {
                var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    Result = await JsonSerializer.DeserializeAsync(stream, _responseType, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (JsonException exception)
        {
            throw UnreadableBody(message, response, $"the response body could not be read as {typeof(T).Name}: {exception.Message}", exception);
        }

        if (Result is null)
        {
            throw UnreadableBody(message, response, $"the response body is JSON null, expected {typeof(T).Name}", innerException: null);
        }
    }
}

/// <summary>A call whose success body is ignored (operations that answer an empty object).</summary>
internal sealed class EmptyResponseReader : ResponseReader
{
    internal static EmptyResponseReader Instance { get; } = new();

    internal override ValueTask ReadSuccessAsync(FireworksMessage message, HttpResponseMessage response, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>A DELETE: its success body is ignored, and NOT_FOUND after an attempt that may have deleted the resource is a result.</summary>
internal sealed class DeleteResponseReader : ResponseReader
{
    /// <summary>The NOT_FOUND a retry got after an earlier attempt may have deleted the resource.</summary>
    internal FireworksException? NotFoundOnRetry { get; private set; }

    internal override bool AcceptsFailure(FireworksMessage message, FireworksException exception)
    {
        if (exception is { HttpStatus: 404, IsNotFound: true } && message.MayHaveBeenApplied)
        {
            NotFoundOnRetry = exception;
            return true;
        }

        return false;
    }

    internal override ValueTask ReadSuccessAsync(FireworksMessage message, HttpResponseMessage response, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>
/// A call whose 2xx response is a <c>text/event-stream</c> handed to the caller unread: retries and the call timeout
/// cover the attempts up to the response headers; once the stream has started nothing is retried.
/// </summary>
internal sealed class EventStreamResponseReader : ResponseReader
{
    internal const string EventStreamMediaType = "text/event-stream";

    internal static EventStreamResponseReader Instance { get; } = new();

    internal override bool KeepsSuccessResponse => true;

    internal override ValueTask ReadSuccessAsync(FireworksMessage message, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var mediaType = MediaTypeOf(response.Content.Headers);
        return mediaType.IsEmpty || mediaType.Equals(EventStreamMediaType, StringComparison.OrdinalIgnoreCase)
            ? ValueTask.CompletedTask
            : NotAnEventStreamAsync(message, response, mediaType.ToString(), cancellationToken);
    }

    /// <summary>
    /// The media type of the <c>Content-Type</c> header (before any <c>;</c> parameter), or empty when there is none:
    /// read from the raw header, because parsing it into a <see cref="System.Net.Http.Headers.MediaTypeHeaderValue"/>
    /// allocates and takes the headers' lock on every stream.
    /// </summary>
    internal static ReadOnlySpan<char> MediaTypeOf(System.Net.Http.Headers.HttpContentHeaders headers)
    {
        if (!headers.NonValidated.TryGetValues("Content-Type", out var values))
        {
            return default;
        }

        foreach (var value in values)
        {
            var text = value.AsSpan();
            var parameters = text.IndexOf(';');
            return (parameters < 0 ? text : text[..parameters]).Trim();
        }

        return default;
    }

    private static async ValueTask NotAnEventStreamAsync(FireworksMessage message, HttpResponseMessage response, string mediaType, CancellationToken cancellationToken)
    {
        // A server that ignored the stream request answers JSON: say so, with the start of what it sent.
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        throw UnreadableBody(
            message,
            response,
            $"expected a {EventStreamMediaType} response, got {mediaType}: {ErrorResponseParser.Snippet(message.Redactor.RedactBody(body))}",
            innerException: null);
    }
}
