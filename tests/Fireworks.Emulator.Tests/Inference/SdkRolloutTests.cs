using Fireworks.Emulator.Inference;
using Fireworks.Models;
using Fireworks.Rollouts;
using Xunit;

namespace Fireworks.Emulator.Tests.Inference;

/// <summary>The SDK's chat client with a <see cref="RolloutSession"/> against the emulator: session headers on the wire, 425 during a synchronous swap retried until the new weights answer.</summary>
public sealed class SdkRolloutTests : EmulatorTest
{
    private const string Model = "accounts/fireworks/models/qwen3-8b";
    private const string Deployment = "accounts/emulator/deployments/rollout";

    private static ChatCompletionRequest Request() => new()
    {
        Model = Model,
        Messages = [new ChatMessage { Role = "user", Content = "hi" }],
        Seed = 11,
        MaxTokens = 10,
        ReturnTokenIds = true,
    };

    private static int[] Expected(string snapshot) => ToyLanguageModel.Generate(
        InferenceRequest.Parse(System.Text.Encoding.UTF8.GetBytes("""{"model":"accounts/fireworks/models/qwen3-8b","messages":[{"role":"user","content":"hi"}],"seed":11,"max_tokens":10}"""), isChat: true),
        snapshot).CompletionTokenIds;

    private async Task LoadAsync(string identity, int seed, bool wholeSwap)
    {
        Snapshots.WriteFull(Emulator.GetSnapshotDirectory("rollout", identity), Snapshots.Initial(256, seed));
        await Client.HotLoad.SignalAsync(new HotLoadSignalRequest { Identity = identity }, Model, Deployment);
        await Emulator.WhenIdleAsync();
        Advance(Timings.HotLoadDownload + (wholeSwap ? Timings.HotLoadSwap * 2 : TimeSpan.Zero));
    }

    private static string SessionOn(int replica) =>
        Enumerable.Range(0, 100).Select(i => $"trajectory-{i}").First(key => (int)(StableHash.Of(key) % 2UL) == replica);

    [Fact]
    public async Task A_425_during_a_synchronous_swap_is_retried_with_the_same_session_until_the_new_weights_answer()
    {
        await CreateReadyDeploymentAsync("rollout", hotLoad: true, minReplicas: 2);
        Emulator.SetHotLoadTransition("rollout", HotLoadTransition.Sync);
        await LoadAsync("v1", seed: 1, wholeSwap: true);
        await LoadAsync("v2", seed: 2, wholeSwap: false);   // replica-0 is swapping now

        var options = Emulator.CreateClientOptions();
        options.TimeProvider = Time;
        options.MaxRetries = 3;
        using var client = new FireworksClient(options);
        var session = new RolloutSession(SessionOn(replica: 0), Deployment);
        var stream = client.Chat.Completions.StreamAsync(Request(), session.CreateRequestOptions());
        var reading = ReadAsync(stream);

        // The emulator answered 425 with retry-after-ms; the client waits on the shared fake clock. Move it (bounded).
        for (var i = 0; i < 2_000 && !reading.IsCompleted; i++)
        {
            Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }

        var tokens = await reading;
        Assert.Equal(Expected("v2"), tokens);
        Assert.Equal(("replica-0", "v2"), (Header(stream, FireworksEmulator.ReplicaIdHeader), Header(stream, FireworksEmulator.SnapshotIdentityHeader)));
    }

    [Fact]
    public async Task Session_headers_pin_every_turn_to_one_replica()
    {
        await CreateReadyDeploymentAsync("rollout", hotLoad: true, minReplicas: 2);
        await LoadAsync("v1", seed: 1, wholeSwap: true);
        var session = new RolloutSession(SessionOn(replica: 1), Deployment);
        for (var turn = 0; turn < 3; turn++)
        {
            var stream = Client.Chat.Completions.StreamAsync(Request(), session.CreateRequestOptions());
            Assert.Equal(Expected("v1"), await ReadAsync(stream));
            Assert.Equal("replica-1", Header(stream, FireworksEmulator.ReplicaIdHeader));
        }
    }

    private static async Task<int[]> ReadAsync(ServerSentEventStream<ChatCompletionStreamResponse> stream)
    {
        var ids = new List<int>();
        await foreach (var chunk in stream)
        {
            ids.AddRange(chunk.Choices.SelectMany(c => c.TokenIds ?? []).Select(id => (int)id));
        }

        return [.. ids];
    }

    private static string? Header(ServerSentEventStream<ChatCompletionStreamResponse> stream, string name) =>
        stream.ResponseHeaders!.TryGetValues(name, out var values) ? values.Single() : null;
}
