using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Fireworks.Benchmarks.Infrastructure;
using Fireworks.Models;
using Fireworks.Serialization;

namespace Fireworks.Benchmarks.Calls;

/// <summary>Our generated client with its default options (retries, call timeout, logging off) on the same handler.</summary>
public partial class CallOverheadBenchmarks
{
    private CannedResponseHandler _fireworksHandler = null!;
    private FireworksClient _fireworksClient = null!;
    private User _fireworksUser = null!;

    /// <summary>Our <see cref="FireworksClient"/>: <c>client.Users.GetAsync</c> / <c>client.Users.CreateAsync</c>.</summary>
    /// <returns>The parsed user.</returns>
    [Benchmark(Description = "Fireworks client")]
    [BenchmarkCategory(Contenders.Fireworks)]
    public Task<User> FireworksClientAsync() => Call switch
    {
        CallKind.GetUser => _fireworksClient.Users.GetAsync(UserId, readMask: ReadMask, accountId: AccountId, cancellationToken: CancellationToken.None),
        _ => _fireworksClient.Users.CreateAsync(_fireworksUser, userId: UserId, accountId: AccountId, cancellationToken: CancellationToken.None),
    };

    partial void OnGlobalSetup(byte[] userJson)
    {
        _fireworksHandler = new CannedResponseHandler(userJson);
        _fireworksClient = new FireworksClient(new FireworksClientOptions
        {
            ApiKey = ApiKey,
            AccountId = AccountId,
            BaseUrl = BaseAddress,
            HttpMessageHandler = _fireworksHandler,
        });
        _fireworksUser = JsonSerializer.Deserialize(userJson, FireworksJsonContext.Default.User)
            ?? throw new InvalidDataException("The sample user deserialized to null with our models.");
        EnsureFireworksCallReachesTheHandler();
    }

    partial void OnGlobalCleanup()
    {
        _fireworksClient.Dispose();
        _fireworksHandler.Dispose();
    }

    /// <summary>One call in setup: it must reach the handler and parse the whole user, or the numbers measure a failure.</summary>
    private void EnsureFireworksCallReachesTheHandler()
    {
        var before = _fireworksHandler.RequestCount;
        var user = FireworksClientAsync().GetAwaiter().GetResult();
        if (_fireworksHandler.RequestCount != before + 1 || user.Name is null || user.AdditionalProperties is { Count: > 0 })
        {
            throw new InvalidOperationException($"Our {Call} call did not reach the handler once and parse the whole user.");
        }
    }
}
