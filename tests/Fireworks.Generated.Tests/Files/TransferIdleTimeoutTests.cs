using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Fireworks.Tests.Core.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Fireworks.Tests.Files;

/// <summary>
/// A transfer that moves no byte for <see cref="FileTransferOptions.IdleTimeout"/> is ended on the client's clock, not
/// left hanging until the caller gives up. The stall is real (a loopback server that reads the request and answers
/// nothing); only the clock is fake.
/// </summary>
public sealed class TransferIdleTimeoutTests : IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("fireworks-idle-test-");

    public void Dispose() => work.Delete(recursive: true);

    [Fact]
    public async Task A_signed_url_server_that_accepts_and_sends_nothing_fails_each_attempt_after_the_idle_timeout_naming_the_file()
    {
        await using var server = StallingServer.Start();
        var time = new FakeTimeProvider();
        var signedUrl = $"http://127.0.0.1:{server.Port}/bucket/data.jsonl?X-Goog-Signature=secret";
        using var client = TestClients.Create(new FakeHttpHandler(), time, options =>
            options.HttpMessageHandler = new SignedUrlsOnLoopback(server.Port, "{\"filenameToSignedUrls\":{\"data.jsonl\":\"" + signedUrl + "\"}}"));
        var target = Path.Combine(work.FullName, "out");
        var transferOptions = new FileTransferOptions { IdleTimeout = TimeSpan.FromSeconds(30), MaxAttemptsPerFile = 2, RetryDelay = TimeSpan.Zero };

        var download = client.Datasets.DownloadAsync("stalled", target, transferOptions: transferOptions);

        await server.NextRequestAsync().Guarded();
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(download.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await server.NextRequestAsync().Guarded(); // the stall counted as a failed attempt; the second one connects again
        time.Advance(TimeSpan.FromSeconds(30));
        var error = await Assert.ThrowsAsync<FileTransferException>(() => download).Guarded();

        Assert.Equal("data.jsonl", error.FileName);
        Assert.Equal(2, error.Attempts);
        Assert.Contains("stalled: no byte moved for 30 s", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(target));
    }

    [Fact]
    public void Every_byte_moved_restarts_the_countdown()
    {
        var time = new FakeTimeProvider();
        using var watchdog = new TransferWatchdog(TimeSpan.FromSeconds(10), time, CancellationToken.None);
        var reported = new List<long>();
        var moved = watchdog.Moved(reported.Add);

        time.Advance(TimeSpan.FromSeconds(9));
        moved(1);
        time.Advance(TimeSpan.FromSeconds(9));
        moved(2);
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(watchdog.Token.IsCancellationRequested);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(watchdog.Token.IsCancellationRequested);
        Assert.True(watchdog.Stalled);
        Assert.Equal([1L, 2L], reported);
    }

    [Fact]
    public void The_callers_cancellation_is_not_a_stall_and_an_infinite_timeout_never_fires()
    {
        var time = new FakeTimeProvider();
        using var caller = new CancellationTokenSource();
        using var watchdog = new TransferWatchdog(Timeout.InfiniteTimeSpan, time, caller.Token);

        time.Advance(TimeSpan.FromDays(1));
        Assert.False(watchdog.Token.IsCancellationRequested);
        caller.Cancel();
        Assert.True(watchdog.Token.IsCancellationRequested);
        Assert.False(watchdog.Stalled);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task A_non_positive_idle_timeout_is_refused_naming_the_option(int seconds)
    {
        using var client = TestClients.Create(new FakeHttpHandler());

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.Datasets.DownloadAsync(
            "any", work.FullName, transferOptions: new FileTransferOptions { IdleTimeout = TimeSpan.FromSeconds(seconds) }));

        Assert.Equal("IdleTimeout", error.ParamName);
    }

    /// <summary>Answers API calls with one JSON body; sends requests for the stalling server's port over real sockets.</summary>
    private sealed class SignedUrlsOnLoopback(int storagePort, string json) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            request.RequestUri!.Port == storagePort
                ? base.SendAsync(request, cancellationToken)
                : Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
    }

    /// <summary>Accepts connections on 127.0.0.1, reads each request's headers, reports it, and never answers.</summary>
    private sealed class StallingServer : IAsyncDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly Channel<bool> requests = Channel.CreateUnbounded<bool>();
        private readonly List<TcpClient> connections = [];
        private readonly CancellationTokenSource stop = new();
        private Task accepting = Task.CompletedTask;

        public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

        public static StallingServer Start()
        {
            var server = new StallingServer();
            server.listener.Start();
            server.accepting = server.AcceptAsync();
            return server;
        }

        public Task NextRequestAsync() => requests.Reader.ReadAsync().AsTask();

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            listener.Stop();
            await accepting.ContinueWith(_ => { }, TaskScheduler.Default);
            lock (connections)
            {
                connections.ForEach(c => c.Dispose());
            }

            stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                var connection = await listener.AcceptTcpClientAsync(stop.Token);
                lock (connections)
                {
                    connections.Add(connection);
                }

                _ = ReadHeadersAsync(connection);
            }
        }

        private async Task ReadHeadersAsync(TcpClient connection)
        {
            var stream = connection.GetStream();
            var received = new List<byte>();
            var buffer = new byte[4096];
            int read;
            while ((read = await stream.ReadAsync(buffer, stop.Token)) > 0)
            {
                received.AddRange(buffer.AsSpan(0, read));
                if (Encoding.ASCII.GetString([.. received]).Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    requests.Writer.TryWrite(true);
                    return;
                }
            }
        }
    }
}
