using System.Net;
using System.Net.Sockets;
using System.Text;
using Fireworks.Tests.Core.Infrastructure;
using Xunit;

namespace Fireworks.Tests.Core;

/// <summary>
/// Exactly one layer retries: against a real loopback socket server that closes each connection after reading a
/// request (no response byte), the requests that reach the server are bounded by <c>MaxRetries + 1</c>. The
/// default handler (SocketsHttpHandler) would otherwise resend such a request up to 3 more times per attempt.
/// </summary>
public sealed class SingleRetryLayerTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public async Task A_get_reaches_a_server_that_hangs_up_at_most_MaxRetries_plus_one_times(int maxRetries)
    {
        await using var server = HangUpServer.Start();
        var time = new RecordingTimeProvider();
        using var client = LoopbackClient(server.Port, time, maxRetries);

        var exception = await Assert.ThrowsAsync<FireworksException>(() => time.DriveAsync(() => client.Widgets().GetAsync("w1")));

        Assert.Equal(maxRetries + 1, server.Requests);
        Assert.Equal(maxRetries + 1, exception.Attempts);
        Assert.False(exception.HasResponse);
        Assert.Equal("UNAVAILABLE", exception.CodeName);
    }

    [Fact]
    public async Task A_post_that_may_have_been_received_is_sent_once()
    {
        await using var server = HangUpServer.Start();
        var time = new RecordingTimeProvider();
        using var client = LoopbackClient(server.Port, time, maxRetries: 3);

        await Assert.ThrowsAsync<FireworksException>(() => time.DriveAsync(() => client.Widgets().CreateAsync(new Widget { Name = "w" })));

        Assert.Equal(1, server.Requests);
    }

    private static FireworksClient LoopbackClient(int port, TimeProvider time, int maxRetries) => new(new FireworksClientOptions
    {
        ApiKey = TestClients.ApiKey,
        AccountId = TestClients.AccountId,
        BaseUrl = new Uri($"http://127.0.0.1:{port}"),
        TimeProvider = time,
        Timeout = Timeout.InfiniteTimeSpan,
        MaxRetries = maxRetries,
        RetryJitter = static () => 0,
    });

    /// <summary>
    /// Accepts connections on 127.0.0.1, reads one request head (and its declared body) from each, counts it and
    /// closes the connection without answering. Stops when disposed, or after 100 connections.
    /// </summary>
    private sealed class HangUpServer : IAsyncDisposable
    {
        private const int MaxConnections = 100;

        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private int _requests;

        private HangUpServer()
        {
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            _loop = Task.Run(AcceptLoopAsync);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Requests => Volatile.Read(ref _requests);

        public static HangUpServer Start() => new();

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _loop.WaitAsync(Wait.Guard);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }

            _stop.Dispose();
        }

        private async Task AcceptLoopAsync()
        {
            for (var accepted = 0; accepted < MaxConnections && !_stop.IsCancellationRequested; accepted++)
            {
                using var socket = await _listener.AcceptSocketAsync(_stop.Token);
                if (await ReadRequestAsync(socket))
                {
                    Interlocked.Increment(ref _requests);
                }

                socket.Shutdown(SocketShutdown.Both);
                socket.Close();
            }
        }

        private async Task<bool> ReadRequestAsync(Socket socket)
        {
            var received = new StringBuilder();
            var buffer = new byte[4096];
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    return false;
                }

                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                var text = received.ToString();
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end < 0)
                {
                    continue;
                }

                var lengthLine = text[..end].Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                var length = lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                if (text.Length - end - 4 >= length)
                {
                    return true;
                }
            }
        }
    }
}
