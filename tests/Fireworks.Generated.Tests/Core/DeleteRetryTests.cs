using System.Net;
using System.Text;
using Fireworks.Tests.Core.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Fireworks.Tests.Core;

/// <summary>
/// A DELETE retried after an attempt that may have deleted the resource, answered NOT_FOUND: a result
/// (<see cref="DeleteResult.NotFoundOnRetry"/>), not an error. Includes the repro: 1,500 seeded deletes against a
/// server that sometimes deletes and then loses the answer (connection reset after the request arrived, or a 5xx).
/// </summary>
public sealed class DeleteRetryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_delete_whose_retry_is_answered_not_found_after_an_earlier_attempt_deleted_is_a_result_not_an_error()
    {
        var server = new FaultyDeleteServer(seed: 20261205);
        var time = new RecordingTimeProvider();
        using var client = Client(server, time);

        int confirmed = 0, notFoundOnRetry = 0, threw = 0;
        for (var i = 0; i < 1500; i++)
        {
            var id = "ds-" + i;
            server.Create(id);
            DeleteResult? result = null;
            await time.DriveAsync(async () =>
            {
                try
                {
                    result = await client.Datasets.DeleteAsync(id);
                }
                catch (FireworksException)
                {
                    threw++;
                }
            });

            Assert.False(server.Exists(id));
            if (result is null) continue;
            if (result.Confirmed) confirmed++;
            if (result.NotFoundOnRetry)
            {
                notFoundOnRetry++;
                Assert.True(server.DeletedByAnEarlierAttempt(id));
                Assert.Equal(404, result.NotFoundError!.HttpStatus);
                Assert.Equal(result.Attempts, result.NotFoundError.Attempts);
            }
        }

        // Before the fix, every one of the notFoundOnRetry calls (78 with this seed) threw NOT_FOUND.
        output.WriteLine($"confirmed {confirmed}, NotFoundOnRetry {notFoundOnRetry}, threw {threw}");
        Assert.Equal(0, threw);
        Assert.Equal(78, notFoundOnRetry);
        Assert.Equal(1500, confirmed + notFoundOnRetry);
    }

    [Theory]
    [InlineData("503 after deleting")]
    [InlineData("connection reset after the request was sent")]
    [InlineData("attempt timeout")]
    public async Task A_retry_after_an_attempt_that_may_have_deleted_reports_not_found_on_retry(string firstFailure)
    {
        var time = new RecordingTimeProvider();
        var handler = new FakeHttpHandler();
        switch (firstFailure)
        {
            case "503 after deleting": handler.Then(() => FakeHttpHandler.Json(HttpStatusCode.ServiceUnavailable, "{}")); break;
            case "connection reset after the request was sent": handler.ThenThrow(new HttpRequestException(HttpRequestError.ResponseEnded, "reset")); break;
            default: handler.ThenHang(); break;
        }

        handler.Then(() => FakeHttpHandler.Json(HttpStatusCode.NotFound, """{"code": 5, "message": "gone"}""", ("x-request-id", "r2")));
        var timesOut = firstFailure == "attempt timeout";
        using var client = TestClients.Create(handler, time, o => o.AttemptTimeout = timesOut ? TimeSpan.FromSeconds(5) : null);

        // The clock is moved by hand, timer by timer: the second attempt's own timeout must never fire (advancing it
        // while its answer was still on the way made a third attempt under load).
        var call = client.Datasets.DeleteAsync("d1");
        await handler.WaitForRequestAsync(1);
        if (timesOut)
        {
            Assert.Equal(TimeSpan.FromSeconds(5), await time.WaitForTimerAsync(1));
            time.Advance(TimeSpan.FromSeconds(5));
        }

        time.Advance(await time.WaitForTimerAsync(timesOut ? 2 : 1));
        var result = await call.Guarded();

        Assert.True(result!.NotFoundOnRetry);
        Assert.False(result.Confirmed);
        Assert.Equal(2, result.Attempts);
        Assert.Equal("r2", result.NotFoundError!.RequestId);
    }

    [Theory]
    [InlineData("first attempt")]
    [InlineData("after 429")]
    [InlineData("after 425")]
    [InlineData("after connection refused")]
    public async Task Not_found_is_still_an_error_when_no_earlier_attempt_can_have_deleted(string when)
    {
        var time = new RecordingTimeProvider();
        var handler = new FakeHttpHandler();
        switch (when)
        {
            case "after 429": handler.Then(() => FakeHttpHandler.Json(HttpStatusCode.TooManyRequests, "{}")); break;
            case "after 425": handler.Then(() => FakeHttpHandler.Json((HttpStatusCode)425, "{}")); break;
            case "after connection refused": handler.ThenThrow(new HttpRequestException(HttpRequestError.ConnectionError, "refused")); break;
        }

        handler.Then(() => FakeHttpHandler.Json(HttpStatusCode.NotFound, """{"code": 5, "message": "no such dataset"}"""));
        using var client = TestClients.Create(handler, time);

        var exception = await Assert.ThrowsAsync<FireworksException>(() => time.DriveAsync(() => client.Datasets.DeleteAsync("d1")));

        Assert.True(exception.IsNotFound);
        Assert.Equal(when == "first attempt" ? 1 : 2, exception.Attempts);
    }

    [Fact]
    public async Task A_confirmed_delete_says_so()
    {
        var handler = new FakeHttpHandler().Then(() => FakeHttpHandler.Json(HttpStatusCode.OK, "{}"));
        using var client = TestClients.Create(handler);

        var result = await client.Datasets.DeleteAsync("d1");

        Assert.True(result.Confirmed);
        Assert.False(result.NotFoundOnRetry);
        Assert.Null(result.NotFoundError);
        Assert.Equal(1, result.Attempts);
    }

    private static FireworksClient Client(HttpMessageHandler handler, TimeProvider time) => new(new FireworksClientOptions
    {
        ApiKey = TestClients.ApiKey,
        AccountId = TestClients.AccountId,
        HttpMessageHandler = handler,
        TimeProvider = time,
        Timeout = Timeout.InfiniteTimeSpan,
        MaxRetries = 3,
        RetryJitter = static () => 0,
    });

    /// <summary>
    /// Answers DELETE /v1/accounts/{a}/datasets/{id}. Per attempt, seeded: 2 % a 503 before doing anything, 3 % the
    /// delete happens and then a 503, 3 % the delete happens and then the connection is reset; otherwise 200 or 404.
    /// </summary>
    private sealed class FaultyDeleteServer(int seed) : HttpMessageHandler
    {
        private readonly Random _random = new(seed);
        private readonly HashSet<string> _existing = [];
        private readonly Dictionary<string, int> _deletedOnAttempt = [];
        private readonly Dictionary<string, int> _attempts = [];

        public void Create(string id) => _existing.Add(id);

        public bool Exists(string id) => _existing.Contains(id);

        public int Attempts(string id) => _attempts.GetValueOrDefault(id);

        /// <summary>The resource was deleted by an attempt that was not the last one of the call.</summary>
        public bool DeletedByAnEarlierAttempt(string id) =>
            _deletedOnAttempt.TryGetValue(id, out var attempt) && attempt < _attempts[id];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var id = request.RequestUri!.AbsolutePath.Split('/')[^1];
            var attempt = _attempts[id] = _attempts.GetValueOrDefault(id) + 1;
            var roll = _random.NextDouble();
            if (roll < 0.02)
            {
                return Task.FromResult(Json(HttpStatusCode.ServiceUnavailable, """{"code": 14, "message": "try again"}"""));
            }

            var deleted = _existing.Remove(id);
            if (deleted)
            {
                _deletedOnAttempt[id] = attempt;
            }

            if (roll < 0.05)
            {
                return Task.FromResult(Json(HttpStatusCode.GatewayTimeout, """{"code": 4, "message": "upstream timed out"}"""));
            }

            if (roll < 0.08)
            {
                throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.");
            }

            return Task.FromResult(deleted
                ? Json(HttpStatusCode.OK, "{}")
                : Json(HttpStatusCode.NotFound, """{"code": 5, "message": "dataset not found"}"""));
        }

        private static HttpResponseMessage Json(HttpStatusCode status, string json) =>
            new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    }
}
