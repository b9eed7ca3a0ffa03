using System.Net;
using System.Net.Http.Headers;
using Fireworks.Models;
using Fireworks.Tests.Core.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Fireworks.Tests.Inference;

/// <summary>
/// A started stream has no call budget: what ends one whose server went quiet is <c>StreamIdleTimeout</c>, counted from
/// the last byte received (a keep-alive comment too), on the client's clock.
/// </summary>
public sealed class StreamIdleTimeoutTests
{
    private const string FirstChunk = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n";
    private const string LastChunk = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";

    private static HttpResponseMessage EventStream(Stream body)
    {
        var content = new StreamContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    private static (FireworksClient Client, PushedStream Body, FakeTimeProvider Clock, FakeHttpHandler Handler) Start(Action<FireworksClientOptions>? configure = null)
    {
        var body = new PushedStream();
        var clock = new FakeTimeProvider();
        var handler = new FakeHttpHandler().Then(() => EventStream(body));
        return (ChatStreams.Client(handler, configure, clock), body, clock, handler);
    }

    [Fact]
    public async Task A_stream_that_receives_nothing_for_the_idle_timeout_throws_DEADLINE_EXCEEDED_and_releases_the_connection()
    {
        var (client, body, clock, handler) = Start();
        using (client)
        using (handler)
        {
            var stream = client.Chat.Completions.StreamAsync(ChatStreams.Request());
            await using var chunks = stream.GetAsyncEnumerator();
            body.Push(FirstChunk);
            Assert.True(await chunks.MoveNextAsync());

            // 119 s of silence is within the limit: the chunk that then arrives is delivered.
            var second = chunks.MoveNextAsync().AsTask();
            await body.WaitingAsync();
            clock.Advance(TimeSpan.FromSeconds(119));
            body.Push(FirstChunk);
            Assert.True(await second.Guarded());

            var next = chunks.MoveNextAsync().AsTask();
            await body.WaitingAsync();
            clock.Advance(TimeSpan.FromSeconds(120));

            var error = await Assert.ThrowsAsync<FireworksException>(() => next.Guarded());
            Assert.True(error.IsTimeout);
            Assert.Contains("no data arrived for 120 s (StreamIdleTimeout)", error.Message, StringComparison.Ordinal);
            Assert.Contains("after 2 chunk(s)", error.Message, StringComparison.Ordinal);
            Assert.True(body.Disposed);
        }
    }

    [Fact]
    public async Task Any_byte_received_restarts_the_idle_clock_so_a_paused_stream_with_keep_alives_completes()
    {
        var (client, body, clock, handler) = Start(o => o.StreamIdleTimeout = TimeSpan.FromSeconds(30));
        using (client)
        using (handler)
        {
            var stream = client.Chat.Completions.StreamAsync(ChatStreams.Request());
            await using var chunks = stream.GetAsyncEnumerator();
            body.Push(FirstChunk);
            Assert.True(await chunks.MoveNextAsync());

            // A weight swap pauses the stream for 80 s; the server's keep-alive comments arrive every 20 s.
            var next = chunks.MoveNextAsync().AsTask();
            for (var i = 0; i < 4; i++)
            {
                await body.WaitingAsync();
                clock.Advance(TimeSpan.FromSeconds(20));
                body.Push(": keep-alive\n\n");
            }

            await body.WaitingAsync();
            clock.Advance(TimeSpan.FromSeconds(29));
            body.Push(LastChunk);
            Assert.True(await next.Guarded());
            Assert.Equal("lo", chunks.Current.Choices[0].Delta.Content);
            Assert.False(await chunks.MoveNextAsync());
            Assert.True(stream.Completed);
        }
    }

    [Fact]
    public async Task The_per_call_idle_timeout_wins_and_an_infinite_one_never_fires()
    {
        var (client, body, clock, handler) = Start();
        using (client)
        using (handler)
        {
            var stream = client.Chat.Completions.StreamAsync(ChatStreams.Request(), new RequestOptions { StreamIdleTimeout = Timeout.InfiniteTimeSpan });
            await using var chunks = stream.GetAsyncEnumerator();
            body.Push(FirstChunk);
            Assert.True(await chunks.MoveNextAsync());
            var next = chunks.MoveNextAsync().AsTask();
            await body.WaitingAsync();
            clock.Advance(TimeSpan.FromHours(1));
            Assert.False(next.IsCompleted);
            body.Push(LastChunk);
            Assert.True(await next.Guarded());
        }

        var (shortClient, shortBody, shortClock, shortHandler) = Start();
        using (shortClient)
        using (shortHandler)
        {
            var stream = shortClient.Chat.Completions.StreamAsync(ChatStreams.Request(), new RequestOptions { StreamIdleTimeout = TimeSpan.FromSeconds(5) });
            await using var chunks = stream.GetAsyncEnumerator();
            var first = chunks.MoveNextAsync().AsTask();
            await shortBody.WaitingAsync();
            shortClock.Advance(TimeSpan.FromSeconds(5));
            var error = await Assert.ThrowsAsync<FireworksException>(() => first.Guarded());
            Assert.Contains("no data arrived for 5 s", error.Message, StringComparison.Ordinal);
            Assert.Contains("after 0 chunk(s)", error.Message, StringComparison.Ordinal);
        }
    }

    // The timer runs out while a read that did receive its bytes is returning: that read was in time, and the next one
    // must get its own full timeout rather than a token that is already cancelled.
    [Fact]
    public async Task A_timer_that_runs_out_as_a_read_returns_does_not_fail_the_next_read()
    {
        var clock = new FakeTimeProvider();
        var body = new ClockAdvancingStream(clock, TimeSpan.FromSeconds(120), FirstChunk, LastChunk);
        using var handler = new FakeHttpHandler().Then(() => EventStream(body));
        using var client = ChatStreams.Client(handler, timeProvider: clock);

        var chunks = new List<string?>();
        await foreach (var chunk in client.Chat.Completions.StreamAsync(ChatStreams.Request()))
        {
            chunks.Add(chunk.Choices[0].Delta.Content);
        }

        Assert.Equal(["Hel", "lo"], chunks);
    }

    [Fact]
    public async Task Cancelling_a_quiet_stream_throws_OperationCanceledException_not_a_timeout()
    {
        var (client, body, _, handler) = Start();
        using (client)
        using (handler)
        using (var cancellation = new CancellationTokenSource())
        {
            var stream = client.Chat.Completions.StreamAsync(ChatStreams.Request(), cancellationToken: cancellation.Token);
            await using var chunks = stream.GetAsyncEnumerator();
            var first = chunks.MoveNextAsync().AsTask();
            await body.WaitingAsync();
            cancellation.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.Guarded());
        }
    }

    // TimeSpan.MaxValue and 60 days are longer than a timer can run (2^32 - 2 ms): refused up front, not thrown by the
    // timer after the request was sent.
    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(60 * 24 * 3600)]
    [InlineData(-1)]
    public async Task An_idle_timeout_no_timer_can_run_is_refused_before_anything_is_sent(int seconds)
    {
        var (client, _, _, handler) = Start();
        using (client)
        using (handler)
        {
            var idle = seconds == -1 ? TimeSpan.MaxValue : TimeSpan.FromSeconds(seconds);
            var stream = client.Chat.Completions.StreamAsync(ChatStreams.Request(), new RequestOptions { StreamIdleTimeout = idle });
            var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
            {
                await foreach (var chunk in stream)
                {
                }
            });
            Assert.Contains("StreamIdleTimeout", error.Message, StringComparison.Ordinal);
            Assert.Empty(handler.Requests);
        }
    }

    [Fact]
    public void A_client_idle_timeout_or_call_timeout_no_timer_can_run_is_refused_when_the_client_is_built()
    {
        foreach (var idle in new[] { TimeSpan.Zero, TimeSpan.MaxValue })
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => new FireworksClient(new FireworksClientOptions
            {
                ApiKey = TestClients.ApiKey,
                AccountId = "acct",
                StreamIdleTimeout = idle,
            }));
            Assert.Equal("StreamIdleTimeout", error.ParamName);
        }

        var timeout = Assert.Throws<ArgumentOutOfRangeException>(() => new FireworksClient(new FireworksClientOptions
        {
            ApiKey = TestClients.ApiKey,
            AccountId = "acct",
            Timeout = TimeSpan.FromDays(60),
        }));
        Assert.Equal("Timeout", timeout.ParamName);
        Assert.Contains("at most 49.7 days", timeout.Message, StringComparison.Ordinal);
    }

    /// <summary>Returns one segment per read, letting the clock pass the idle timeout inside the first read, after its bytes arrived.</summary>
    private sealed class ClockAdvancingStream(FakeTimeProvider clock, TimeSpan advance, params string[] segments) : ReadOnlyTestStream
    {
        private int _next;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_next == segments.Length) return ValueTask.FromResult(0);
            var bytes = System.Text.Encoding.UTF8.GetBytes(segments[_next]);
            if (_next++ == 0) clock.Advance(advance);
            bytes.CopyTo(buffer);
            return ValueTask.FromResult(bytes.Length);
        }
    }
}
