using System.Globalization;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Fireworks.Models;

namespace Fireworks;

/// <summary>
/// The chunks of a streaming call (<c>text/event-stream</c>), read as they arrive. Enumerate it once with
/// <c>await foreach</c>: the request is sent when enumeration starts and the stream ends at <c>data: [DONE]</c>.
/// </summary>
/// <remarks>
/// <para>
/// Until the response starts, the call's retry policy and timeout apply as for any call. Once it has started, the
/// stream is never retried, and the call's timeout no longer applies: a stream that receives no byte for
/// <see cref="FireworksClientOptions.StreamIdleTimeout"/> (per call <see cref="RequestOptions.StreamIdleTimeout"/>)
/// throws DEADLINE_EXCEEDED. An <c>error</c> event, a chunk carrying an <c>error</c> object, a connection lost or a
/// stream that ends without <c>[DONE]</c> throws a <see cref="FireworksException"/> that says how many chunks and
/// bytes were received. Stopping early (<c>break</c>, cancellation) releases the connection.
/// </para>
/// <para>
/// The response headers are available in <see cref="ResponseHeaders"/> once the first chunk is yielded; fields a
/// chunk has that this SDK does not know are in each chunk's <c>AdditionalProperties</c>.
/// </para>
/// </remarks>
/// <typeparam name="T">The chunk type.</typeparam>
public sealed class ServerSentEventStream<T> : IAsyncEnumerable<T>
    where T : class
{
    private static ReadOnlySpan<byte> Done => "[DONE]"u8;

    private readonly FireworksPipeline _pipeline;
    private readonly FireworksRequest _request;
    private readonly JsonTypeInfo<T> _chunkType;
    private readonly Func<T, IDictionary<string, JsonElement>?> _extensionData;
    private readonly RequestOptions? _options;
    private readonly CancellationToken _cancellationToken;
    private int _started;
    private CountingReadStream? _body;
    private Exception? _failure;
    private SecretRedactor? _redactor;

    internal ServerSentEventStream(
        FireworksPipeline pipeline,
        FireworksRequest request,
        JsonTypeInfo<T> chunkType,
        Func<T, IDictionary<string, JsonElement>?> extensionData,
        RequestOptions? options,
        CancellationToken cancellationToken)
    {
        _pipeline = pipeline;
        _request = request;
        _chunkType = chunkType;
        _extensionData = extensionData;
        OperationId = request.Operation.OperationId;
        _options = options;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The spec's operation id (for diagnostics).</summary>
    public string OperationId { get; }

    /// <summary>What redacts this stream's error text: the client's secrets and those the request body sends.</summary>
    private SecretRedactor Redactor => _redactor ??= _pipeline.RedactorFor(_request.Secrets);

    /// <summary>The response headers, once the response has started (null before).</summary>
    public HttpResponseHeaders? ResponseHeaders { get; private set; }

    /// <summary>How many chunks have been yielded so far.</summary>
    public long ChunksReceived { get; private set; }

    /// <summary>How many bytes of the event stream have been read so far.</summary>
    public long BytesReceived => _body?.BytesRead ?? 0;

    /// <summary>Whether the stream reached <c>[DONE]</c>.</summary>
    public bool Completed { get; private set; }

    /// <summary>Sends the request and reads its events; can be called once.</summary>
    /// <param name="cancellationToken">Cancels reading (together with the token given to the call).</param>
    /// <returns>The enumerator of the chunks.</returns>
    /// <exception cref="InvalidOperationException">The stream was already enumerated.</exception>
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException(
                $"This {OperationId} stream has already been enumerated; a stream is read once (call the Stream method again for a new request).");
        }

        return ReadAsync(cancellationToken);
    }

    private async IAsyncEnumerator<T> ReadAsync(CancellationToken enumerationToken)
    {
        using var linked = enumerationToken.CanBeCanceled && _cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(enumerationToken, _cancellationToken)
            : null;
        var token = linked?.Token ?? (enumerationToken.CanBeCanceled ? enumerationToken : _cancellationToken);

        var idleTimeout = _options?.StreamIdleTimeout ?? _pipeline.Options.StreamIdleTimeout;
        FireworksClientOptions.RequireTimeout(idleTimeout, "RequestOptions.StreamIdleTimeout");
        var message = await _pipeline.OpenStreamAsync(_request, _options, token).ConfigureAwait(false);
        using var response = message.Response!;
        T? lastChunk = null;
        TimeSpan? firstChunkAfter = null;
        try
        {
            ResponseHeaders = response.Headers;
            var received = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            var watched = idleTimeout == Timeout.InfiniteTimeSpan ? null : new IdleTimeoutReadStream(received, idleTimeout, _pipeline.TimeProvider, token);
            var body = new CountingReadStream(watched ?? received);
            _body = body;
            await using (body.ConfigureAwait(false))
            {
                var events = SseParser.Create(body, ParseEvent).EnumerateAsync(token).GetAsyncEnumerator(token);
                await using (events.ConfigureAwait(false))
                {
                    while (true)
                    {
                        SseItem<Event> item;
                        try
                        {
                            if (!await events.MoveNextAsync().ConfigureAwait(false))
                            {
                                break;
                            }

                            item = events.Current;
                        }
                        catch (Exception exception) when (watched is { TimedOut: true })
                        {
                            throw Broken(
                                Code.Numbers.DeadlineExceeded,
                                string.Create(CultureInfo.InvariantCulture, $"no data arrived for {idleTimeout.TotalSeconds:0.###} s (StreamIdleTimeout)"),
                                response,
                                exception);
                        }
                        catch (Exception exception) when (exception is IOException or HttpRequestException && !token.IsCancellationRequested)
                        {
                            throw Broken(Code.Numbers.Unavailable, "the connection was lost mid-stream: " + exception.Message, response, exception);
                        }
                        catch (JsonException exception)
                        {
                            throw Broken(Code.Numbers.Internal, "a chunk is not valid JSON: " + exception.Message, response, exception);
                        }

                        var value = item.Data;
                        if (value.IsDone)
                        {
                            Completed = true;
                            yield break;
                        }

                        if (string.Equals(item.EventType, "error", StringComparison.Ordinal))
                        {
                            throw Broken(Code.Numbers.Internal, "the server sent an error event: " + value.Text, response, null);
                        }

                        if (value.Chunk is null)
                        {
                            // A comment-only or empty event carries no chunk.
                            continue;
                        }

                        if (_extensionData(value.Chunk) is { } extra && extra.TryGetValue("error", out var error))
                        {
                            throw Broken(Code.Numbers.Internal, "the server sent an error chunk: " + Redactor.RedactBody(error.GetRawText()), response, null);
                        }

                        if (ChunksReceived++ == 0 && TelemetryPolicy.MeasuresTimeToFirstChunk(message))
                        {
                            firstChunkAfter = _pipeline.TimeProvider.GetElapsedTime(message.StartTimestamp);
                        }

                        lastChunk = value.Chunk;
                        yield return value.Chunk;
                    }
                }
            }

            token.ThrowIfCancellationRequested();
            throw Broken(Code.Numbers.Unavailable, "the stream ended without [DONE]", response, null);
        }
        finally
        {
            // The operation's span covers the whole stream; a consumer that stopped early is no failure.
            TelemetryPolicy.EndStream(message, lastChunk, firstChunkAfter, _failure);
        }
    }

    private Event ParseEvent(string eventType, ReadOnlySpan<byte> data)
    {
        if (data.SequenceEqual(Done))
        {
            return Event.DoneEvent;
        }

        if (string.Equals(eventType, "error", StringComparison.Ordinal))
        {
            return new Event(null, ErrorResponseParser.Snippet(Redactor.RedactBody(Encoding.UTF8.GetString(data))), false);
        }

        if (data.IsEmpty)
        {
            return default;
        }

        return new Event(JsonSerializer.Deserialize(data, _chunkType), null, false);
    }

    private FireworksException Broken(int code, string what, HttpResponseMessage response, Exception? innerException)
    {
        var requestId = ErrorResponseParser.GetRequestId(response, Redactor);
        var message = string.Create(
            CultureInfo.InvariantCulture,
            $"{what} (after {ChunksReceived} chunk(s), {BytesReceived} byte(s) received; a started stream is not retried)");
        var broken = new FireworksException(OperationId, code, 200, Redactor.Redact(message), requestId: requestId, innerException: Redactor.SanitizeOrNull(innerException));
        _failure = broken;
        return broken;
    }

    /// <summary>One parsed event: a chunk, an error text, or the end marker.</summary>
    private readonly record struct Event(T? Chunk, string? Text, bool IsDone)
    {
        public static Event DoneEvent => new(null, null, true);
    }
}
