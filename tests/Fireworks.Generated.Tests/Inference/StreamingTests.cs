using System.Net;
using System.Text;
using System.Text.Json;
using Fireworks.Models;
using Fireworks.Serialization;
using Fireworks.Tests.Core.Infrastructure;
using Xunit;

namespace Fireworks.Tests.Inference;

/// <summary>The <c>text/event-stream</c> calls: parsing, the end marker, errors, early stop, retries and cancellation.</summary>
public sealed class StreamingTests
{
    private static async Task<List<ChatCompletionStreamResponse>> ReadAllAsync(ServerSentEventStream<ChatCompletionStreamResponse> stream, CancellationToken cancellationToken = default)
    {
        var chunks = new List<ChatCompletionStreamResponse>();
        await foreach (var chunk in stream.WithCancellation(cancellationToken)) chunks.Add(chunk);
        return chunks;
    }

    private static string Json(ChatCompletionStreamResponse chunk) => JsonSerializer.Serialize(chunk, FireworksJsonContext.Default.ChatCompletionStreamResponse);

    [Fact]
    public async Task Every_byte_boundary_split_of_a_stream_gives_the_same_chunks()
    {
        var bytes = Encoding.UTF8.GetBytes(ChatStreams.ThreeChunks);
        var expected = (await ReadWithSegmentsAsync([bytes])).Select(Json).ToList();
        Assert.Equal(3, expected.Count);
        Assert.Equal("Hello éè", string.Concat((await ReadWithSegmentsAsync([bytes])).Select(c => c.Choices[0].Delta.Content)));

        for (var split = 1; split < bytes.Length; split++)
        {
            var chunks = await ReadWithSegmentsAsync([bytes[..split], bytes[split..]]);
            Assert.True(expected.SequenceEqual(chunks.Select(Json)), $"split at byte {split} gave other chunks");
        }

        var oneByteAtATime = await ReadWithSegmentsAsync(bytes.Select(b => new[] { b }).ToList());
        Assert.Equal(expected, oneByteAtATime.Select(Json));
    }

    private static async Task<List<ChatCompletionStreamResponse>> ReadWithSegmentsAsync(IReadOnlyList<byte[]> segments)
    {
        using var handler = new FakeHttpHandler().Then(() => ScriptedStream.Response(new ScriptedStream(segments)));
        using var client = ChatStreams.Client(handler);
        return await ReadAllAsync(client.Chat.Completions.StreamAsync(ChatStreams.Request()));
    }

    [Fact]
    public async Task The_stream_request_asks_for_a_stream_and_the_call_does_not()
    {
        using var handler = new FakeHttpHandler()
            .Then(() => ScriptedStream.Response(ScriptedStream.Of(ChatStreams.ThreeChunks)))
            .Then(() => FakeHttpHandler.Json(HttpStatusCode.OK, """{"id":"c2","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"hi"}}]}"""));
        using var client = ChatStreams.Client(handler);
        var request = ChatStreams.Request();

        var stream = client.Chat.Completions.StreamAsync(request);
        Assert.Empty(handler.Requests); // nothing is sent before enumeration
        await ReadAllAsync(stream);
        var response = await client.Chat.Completions.CreateAsync(request);

        var streamed = handler.Requests[0];
        Assert.Equal("/inference/v1/chat/completions", streamed.Uri.AbsolutePath);
        Assert.Equal("text/event-stream", streamed.Header("Accept"));
        Assert.Contains("\"stream\":true", streamed.Body, StringComparison.Ordinal);
        Assert.Equal("Bearer " + TestClients.ApiKey, streamed.Header("Authorization"));
        Assert.DoesNotContain("\"stream\"", handler.Requests[1].Body, StringComparison.Ordinal);
        Assert.Equal("application/json", handler.Requests[1].Header("Accept"));
        Assert.Equal("hi", response.Choices[0].Message.Content!.AsString());
    }

    [Fact]
    public async Task Response_headers_and_unknown_chunk_fields_are_reachable()
    {
        using var handler = new FakeHttpHandler().Then(() => ScriptedStream.Response(ScriptedStream.Of(ChatStreams.ThreeChunks), ("x-policy-version", "7")));
        using var client = ChatStreams.Client(handler);
        var stream = client.Chat.Completions.StreamAsync(ChatStreams.Request());
        Assert.Null(stream.ResponseHeaders);

        var chunks = await ReadAllAsync(stream);

        Assert.Equal("7", stream.ResponseHeaders!.GetValues("x-policy-version").Single());
        Assert.Equal(7, chunks[0].AdditionalProperties!["policy_version"].GetInt32());
        Assert.Equal(new[] { 9906 }, chunks[0].Choices[0].TokenIds!);
        Assert.True(stream.Completed);
        Assert.Equal(3, stream.ChunksReceived);
        Assert.Equal(Encoding.UTF8.GetByteCount(ChatStreams.ThreeChunks), stream.BytesReceived);
        Assert.Equal(5, chunks[2].Usage!.TotalTokens);
    }

    [Fact]
    public async Task Stopping_early_disposes_the_response()
    {
        var body = new ScriptedStream([Encoding.UTF8.GetBytes(ChatStreams.ThreeChunks)], hangAfter: true);
        using var handler = new FakeHttpHandler().Then(() => ScriptedStream.Response(body));
        using var client = ChatStreams.Client(handler);

        await foreach (var chunk in client.Chat.Completions.StreamAsync(ChatStreams.Request()))
        {
            Assert.Equal("Hel", chunk.Choices[0].Delta.Content);
            break;
        }

        Assert.True(body.Disposed);
    }

    [Fact]
    public async Task Cancelling_mid_stream_throws_OperationCanceledException_and_disposes_the_response()
    {
        var firstChunk = ChatStreams.ThreeChunks[..ChatStreams.ThreeChunks.IndexOf("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\r", StringComparison.Ordinal)];
        var body = new ScriptedStream([Encoding.UTF8.GetBytes(firstChunk)], hangAfter: true);
        using var handler = new FakeHttpHandler().Then(() => ScriptedStream.Response(body));
        using var client = ChatStreams.Client(handler);
        using var cancellation = new CancellationTokenSource();

        var received = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var chunk in client.Chat.Completions.StreamAsync(ChatStreams.Request(), cancellationToken: cancellation.Token))
            {
                received++;
                cancellation.Cancel(); // the next read hangs until this
            }
        });

        Assert.Equal(1, received);
        Assert.True(body.Disposed);
    }

    [Fact]
    public async Task A_connection_lost_mid_stream_throws_saying_how_much_arrived_and_is_not_retried()
    {
        var firstChunk = ChatStreams.ThreeChunks[..ChatStreams.ThreeChunks.IndexOf("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\r", StringComparison.Ordinal)];
        var body = new ScriptedStream([Encoding.UTF8.GetBytes(firstChunk), Encoding.UTF8.GetBytes("data: {\"id\"")], new IOException("connection reset by peer"));
        using var handler = new FakeHttpHandler().Then(() => ScriptedStream.Response(body));
        using var client = ChatStreams.Client(handler, options => options.MaxRetries = 5);
        var stream = client.Chat.Completions.StreamAsync(ChatStreams.Request());

        var exception = await Assert.ThrowsAsync<FireworksException>(() => ReadAllAsync(stream));

        Assert.Equal("UNAVAILABLE", exception.CodeName);
        Assert.Contains("lost mid-stream", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"after 1 chunk(s), {Encoding.UTF8.GetByteCount(firstChunk) + 11} byte(s)", exception.Message, StringComparison.Ordinal);
        Assert.IsType<IOException>(exception.InnerException);
        Assert.Single(handler.Requests);
        Assert.True(body.Disposed);
    }

    [Fact]
    public async Task A_stream_that_ends_without_DONE_throws()
    {
        var truncated = ChatStreams.ThreeChunks.Replace("data: [DONE]\n\n", "", StringComparison.Ordinal);
        using var handler = new FakeHttpHandler().Then(() => ScriptedStream.Response(ScriptedStream.Of(truncated)));
        using var client = ChatStreams.Client(handler);

        var exception = await Assert.ThrowsAsync<FireworksException>(() => ReadAllAsync(client.Chat.Completions.StreamAsync(ChatStreams.Request())));

        Assert.Contains("ended without [DONE] (after 3 chunk(s)", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("event: error\ndata: {\"message\":\"replica restarted\"}\n\n", "error event: {\"message\":\"replica restarted\"}")]
    [InlineData("data: {\"error\":{\"message\":\"overloaded\",\"code\":503}}\n\n", "error chunk: {\"message\":\"overloaded\",\"code\":503}")]
    public async Task An_error_event_or_error_chunk_throws_with_the_server_text_and_the_progress(string errorEvent, string expected)
    {
        var text = ChatStreams.ThreeChunks.Replace("data: [DONE]\n\n", errorEvent + "data: [DONE]\n\n", StringComparison.Ordinal);
        using var handler = new FakeHttpHandler().Then(() => ScriptedStream.Response(ScriptedStream.Of(text)));
        using var client = ChatStreams.Client(handler);
        var received = new List<ChatCompletionStreamResponse>();

        var exception = await Assert.ThrowsAsync<FireworksException>(async () =>
        {
            await foreach (var chunk in client.Chat.Completions.StreamAsync(ChatStreams.Request())) received.Add(chunk);
        });

        Assert.Equal(3, received.Count);
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
        Assert.Contains("after 3 chunk(s)", exception.Message, StringComparison.Ordinal);
        Assert.Equal(200, exception.HttpStatus);
    }

    [Fact]
    public async Task Before_the_first_byte_the_retry_policy_applies()
    {
        using var handler = new FakeHttpHandler()
            .Then(() => FakeHttpHandler.Json((HttpStatusCode)429, """{"code":8,"message":"slow down"}"""))
            .Then(() => ScriptedStream.Response(ScriptedStream.Of(ChatStreams.ThreeChunks)));
        var time = new RecordingTimeProvider();
        using var client = ChatStreams.Client(handler, timeProvider: time);

        var reading = ReadAllAsync(client.Chat.Completions.StreamAsync(ChatStreams.Request()));
        time.Advance(await time.WaitForTimerAsync(1)); // the backoff before the retry
        var chunks = await reading.WaitAsync(Wait.Guard);

        Assert.Equal(3, chunks.Count);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(handler.Requests[0].Body, handler.Requests[1].Body);
    }

    [Fact]
    public async Task An_error_status_is_a_FireworksException_as_for_any_call()
    {
        using var handler = new FakeHttpHandler().Then(() => FakeHttpHandler.Json(HttpStatusCode.UnprocessableEntity, """{"detail":[{"loc":["body","model"],"msg":"field required","type":"missing"}]}"""));
        using var client = ChatStreams.Client(handler);

        var exception = await Assert.ThrowsAsync<FireworksException>(() => ReadAllAsync(client.Chat.Completions.StreamAsync(ChatStreams.Request())));

        Assert.Equal(422, exception.HttpStatus);
        Assert.Contains("field required", exception.RawBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_json_answer_to_a_stream_request_is_reported_not_parsed_as_events()
    {
        using var handler = new FakeHttpHandler().Then(() => FakeHttpHandler.Json(HttpStatusCode.OK, """{"id":"c"}"""));
        using var client = ChatStreams.Client(handler);

        var exception = await Assert.ThrowsAsync<FireworksException>(() => ReadAllAsync(client.Chat.Completions.StreamAsync(ChatStreams.Request())));

        Assert.Contains("expected a text/event-stream response, got application/json", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/event-stream")]
    [InlineData("text/event-stream; charset=utf-8")]
    [InlineData(" Text/Event-Stream ;charset=UTF-8")]
    [InlineData(null)]
    public async Task Any_spelling_of_the_event_stream_media_type_or_none_is_read_as_a_stream(string? contentType)
    {
        using var handler = new FakeHttpHandler().Then(() =>
        {
            var response = ScriptedStream.Response(ScriptedStream.Of(ChatStreams.ThreeChunks));
            response.Content.Headers.Remove("Content-Type");
            if (contentType is not null) response.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            return response;
        });
        using var client = ChatStreams.Client(handler);

        var chunks = await ReadAllAsync(client.Chat.Completions.StreamAsync(ChatStreams.Request()));

        Assert.Equal(3, chunks.Count);
    }

    [Fact]
    public async Task Another_media_type_with_parameters_is_named_in_the_error()
    {
        using var handler = new FakeHttpHandler().Then(() =>
        {
            var response = FakeHttpHandler.Json(HttpStatusCode.OK, """{"id":"c"}""");
            response.Content.Headers.Remove("Content-Type");
            response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-8");
            return response;
        });
        using var client = ChatStreams.Client(handler);

        var exception = await Assert.ThrowsAsync<FireworksException>(() => ReadAllAsync(client.Chat.Completions.StreamAsync(ChatStreams.Request())));

        Assert.Contains("expected a text/event-stream response, got application/json: {\"id\":\"c\"}", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_stream_names_the_request_id_of_its_response()
    {
        var truncated = ChatStreams.ThreeChunks.Replace("data: [DONE]\n\n", "", StringComparison.Ordinal);
        using var handler = new FakeHttpHandler().Then(() => ScriptedStream.Response(ScriptedStream.Of(truncated), ("x-request-id", "req-42")));
        using var client = ChatStreams.Client(handler);

        var exception = await Assert.ThrowsAsync<FireworksException>(() => ReadAllAsync(client.Chat.Completions.StreamAsync(ChatStreams.Request())));

        Assert.Equal("req-42", exception.RequestId);
    }

    [Fact]
    public async Task Each_client_sends_its_streams_to_its_own_inference_base_url_every_time()
    {
        using var handler = new FakeHttpHandler()
            .Then(() => ScriptedStream.Response(ScriptedStream.Of(ChatStreams.ThreeChunks)))
            .Then(() => ScriptedStream.Response(ScriptedStream.Of(ChatStreams.ThreeChunks)))
            .Then(() => ScriptedStream.Response(ScriptedStream.Of(ChatStreams.ThreeChunks)));
        using var first = ChatStreams.Client(handler, options => options.InferenceBaseUrl = new Uri("http://127.0.0.1:8081/inference"));
        using var second = ChatStreams.Client(handler, options => options.InferenceBaseUrl = new Uri("http://127.0.0.1:8082/replica-b"));

        await ReadAllAsync(first.Chat.Completions.StreamAsync(ChatStreams.Request()));
        await ReadAllAsync(second.Chat.Completions.StreamAsync(ChatStreams.Request()));
        await ReadAllAsync(first.Chat.Completions.StreamAsync(ChatStreams.Request()));

        Assert.Equal(
            ["http://127.0.0.1:8081/inference/v1/chat/completions", "http://127.0.0.1:8082/replica-b/v1/chat/completions", "http://127.0.0.1:8081/inference/v1/chat/completions"],
            handler.Requests.Select(r => r.Uri.AbsoluteUri));
    }

    [Fact]
    public async Task A_stream_is_read_once()
    {
        using var handler = new FakeHttpHandler().Then(() => ScriptedStream.Response(ScriptedStream.Of(ChatStreams.ThreeChunks)));
        using var client = ChatStreams.Client(handler);
        var stream = client.Chat.Completions.StreamAsync(ChatStreams.Request());
        await ReadAllAsync(stream);

        var exception = Assert.Throws<InvalidOperationException>(() => stream.GetAsyncEnumerator());

        Assert.Contains("read once", exception.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Text_completions_stream_too()
    {
        const string text = "data: {\"id\":\"t\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"text\":\"4\",\"token_ids\":[19]}]}\n\ndata: [DONE]\n\n";
        using var handler = new FakeHttpHandler().Then(() => ScriptedStream.Response(ScriptedStream.Of(text)));
        using var client = ChatStreams.Client(handler);

        var texts = new List<string>();
        await foreach (var chunk in client.Completions.StreamAsync(new CompletionRequest { Model = "m", Prompt = "Two plus two is" })) texts.Add(chunk.Choices[0].Text);

        Assert.Equal(new[] { "4" }, texts);
        Assert.Equal("/inference/v1/completions", handler.Requests[0].Uri.AbsolutePath);
        Assert.Contains("\"prompt\":\"Two plus two is\"", handler.Requests[0].Body, StringComparison.Ordinal);
    }
}
