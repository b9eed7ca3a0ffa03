using System.Text.Json;
using System.Text.Json.Nodes;
using Fireworks.Emulator.Inference;
using Fireworks.Models;
using Xunit;

namespace Fireworks.Emulator.Tests.Inference;

/// <summary>
/// The RL rollout loop against a hot-load deployment: trajectories pinned to replicas by their session id, every turn
/// answered by the weights its replica serves (proved by recomputing the toy model's tokens), and weight swaps in both
/// transition modes.
/// </summary>
public sealed class RolloutScenarioTests : EmulatorTest
{
    private const string Model = "accounts/fireworks/models/qwen3-8b";
    private const string Deployment = "accounts/emulator/deployments/rollout";
    private const string SessionHeader = "x-multi-turn-session-id";

    private async Task LoadAsync(string identity, int seed, int replicas)
    {
        Snapshots.WriteFull(Emulator.GetSnapshotDirectory("rollout", identity), Snapshots.Initial(256, seed));
        await Client.HotLoad.SignalAsync(new HotLoadSignalRequest { Identity = identity }, Model, Deployment);
        await Emulator.WhenIdleAsync();
        Advance(Timings.HotLoadDownload + (Timings.HotLoadSwap * replicas));
    }

    private async Task SignalAndDownloadAsync(string identity, int seed)
    {
        Snapshots.WriteFull(Emulator.GetSnapshotDirectory("rollout", identity), Snapshots.Initial(256, seed));
        await Client.HotLoad.SignalAsync(new HotLoadSignalRequest { Identity = identity }, Model, Deployment);
        await Emulator.WhenIdleAsync();
        Advance(Timings.HotLoadDownload);   // replica-0 is swapping now, replica-1 waits its turn
    }

    private static JsonObject Turn(params (string Role, string Text)[] messages) => new()
    {
        ["model"] = Model,
        ["messages"] = new JsonArray(messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Text }).ToArray()),
        ["seed"] = 11,
        ["return_token_ids"] = true,
        ["max_tokens"] = 10,
    };

    private static Dictionary<string, string> Session(string id) => new() { ["fireworks-deployment"] = Deployment, [SessionHeader] = id };

    /// <summary>A session id that the emulator pins to replica <paramref name="replica"/> of <paramref name="replicas"/>.</summary>
    private static string SessionOn(int replica, int replicas) =>
        Enumerable.Range(0, 100).Select(i => $"trajectory-{i}").First(key => (int)(StableHash.Of(key) % (ulong)replicas) == replica);

    private static int[] Expected(JsonObject body, string? snapshot) =>
        ToyLanguageModel.Generate(InferenceRequest.Parse(System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()), isChat: true), snapshot).CompletionTokenIds;

    private static int[] TokenIds(JsonElement root) => root.GetProperty("choices")[0].GetProperty("token_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();

    [Fact]
    public async Task Trajectories_stay_on_one_replica_and_each_turn_is_answered_by_the_snapshot_that_replica_serves()
    {
        await CreateReadyDeploymentAsync("rollout", hotLoad: true, minReplicas: 3);
        using var http = new InferenceHttp(Emulator);

        var before = await http.PostAsync("chat/completions", Turn(("user", "warm up")), Session("t-warm"));
        Assert.Null(before.Header(InferenceEndpoint.SnapshotHeader));
        Assert.Equal(Expected(Turn(("user", "warm up")), null), TokenIds(before.Body));

        await LoadAsync("v1", seed: 1, replicas: 3);
        var replicasUsed = new HashSet<string>();
        for (var trajectory = 0; trajectory < 8; trajectory++)
        {
            var task = $"task number {trajectory}";
            var first = Turn(("user", task));
            var turn1 = await http.PostAsync("chat/completions", first.DeepClone().AsObject(), Session($"t-{trajectory}"));
            Assert.Equal(200, turn1.Status);
            Assert.Equal("v1", turn1.Header(InferenceEndpoint.SnapshotHeader));
            Assert.Equal(Expected(first, "v1"), TokenIds(turn1.Body));
            Assert.NotEqual(Expected(first, null), TokenIds(turn1.Body));

            var reply = turn1.Body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
            var second = Turn(("user", task), ("assistant", reply), ("user", "go on"));
            var turn2 = await http.PostAsync("chat/completions", second.DeepClone().AsObject(), Session($"t-{trajectory}"));
            Assert.Equal(turn1.Header(InferenceEndpoint.ReplicaHeader), turn2.Header(InferenceEndpoint.ReplicaHeader));
            Assert.Equal(Expected(second, "v1"), TokenIds(turn2.Body));

            // The replica has turn 1 (prompt and answer) cached: turn 2's prompt hits it up to the answer's last token.
            var turn1Tokens = turn1.Body.GetProperty("usage").GetProperty("total_tokens").GetInt32();
            Assert.Equal(turn1Tokens, turn2.Body.GetProperty("usage").GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
            replicasUsed.Add(turn1.Header(InferenceEndpoint.ReplicaHeader)!);
        }

        Assert.True(replicasUsed.Count > 1, "sessions spread over the replicas");

        // The next training step's weights: same prompt, new tokens, and the swap emptied the prompt cache.
        await LoadAsync("v2", seed: 2, replicas: 3);
        var again = Turn(("user", "task number 0"));
        var afterSwap = await http.PostAsync("chat/completions", again.DeepClone().AsObject(), Session("t-0"));
        Assert.Equal("v2", afterSwap.Header(InferenceEndpoint.SnapshotHeader));
        Assert.Equal(Expected(again, "v2"), TokenIds(afterSwap.Body));
        Assert.NotEqual(Expected(again, "v1"), TokenIds(afterSwap.Body));
        Assert.Equal(0, afterSwap.Body.GetProperty("usage").GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
    }

    [Fact]
    public async Task Sync_transition_answers_425_on_the_swapping_replica_until_its_swap_ends()
    {
        await CreateReadyDeploymentAsync("rollout", hotLoad: true, minReplicas: 2);
        Emulator.SetHotLoadTransition("rollout", HotLoadTransition.Sync);
        await LoadAsync("v1", seed: 1, replicas: 2);
        using var http = new InferenceHttp(Emulator);
        await SignalAndDownloadAsync("v2", seed: 2);

        var pinned = SessionOn(replica: 0, replicas: 2);
        var refused = await http.PostAsync("chat/completions", Turn(("user", "hi")), Session(pinned));
        Assert.Equal(425, refused.Status);
        Assert.Equal("too_early", refused.Body.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(((long)Math.Ceiling(Timings.HotLoadSwap.TotalMilliseconds / Scale)).ToString(System.Globalization.CultureInfo.InvariantCulture), refused.Header("retry-after-ms"));
        Assert.Equal("1", refused.Header("Retry-After"));

        // A request without a session key goes to a replica that is not swapping, still on the old weights.
        var unpinned = await http.PostAsync("chat/completions", Turn(("user", "hi")), new Dictionary<string, string> { ["fireworks-deployment"] = Deployment });
        Assert.Equal(200, unpinned.Status);
        Assert.Equal(("replica-1", "v1"), (unpinned.Header(InferenceEndpoint.ReplicaHeader), unpinned.Header(InferenceEndpoint.SnapshotHeader)));

        Advance(Timings.HotLoadSwap);
        var retried = await http.PostAsync("chat/completions", Turn(("user", "hi")), Session(pinned));
        Assert.Equal(200, retried.Status);
        Assert.Equal(("replica-0", "v2"), (retried.Header(InferenceEndpoint.ReplicaHeader), retried.Header(InferenceEndpoint.SnapshotHeader)));
        Assert.Equal(Expected(Turn(("user", "hi")), "v2"), TokenIds(retried.Body));
    }

    [Fact]
    public async Task Async_transition_queues_the_request_until_the_swap_ends_and_answers_with_the_new_weights()
    {
        await CreateReadyDeploymentAsync("rollout", hotLoad: true, minReplicas: 2);
        await LoadAsync("v1", seed: 1, replicas: 2);
        using var http = new InferenceHttp(Emulator);
        await SignalAndDownloadAsync("v2", seed: 2);

        var pinned = SessionOn(replica: 0, replicas: 2);
        var pending = http.StreamAsync("chat/completions", Turn(("user", "hi")), Session(pinned));
        await WaitUntilAsync(() => Emulator.QueuedInferenceRequests == 1);
        Assert.False(pending.IsCompleted);

        Advance(Timings.HotLoadSwap);
        var answer = await pending;
        Assert.Equal(("replica-0", "v2"), (answer.Header(InferenceEndpoint.ReplicaHeader), answer.Header(InferenceEndpoint.SnapshotHeader)));
        Assert.Equal(Expected(Turn(("user", "hi")), "v2"), answer.Chunks.Select(c => c.GetProperty("choices")[0]).Where(c => c.TryGetProperty("token_ids", out _)).SelectMany(c => c.GetProperty("token_ids").EnumerateArray().Select(e => e.GetInt32())));
    }

    [Fact]
    public async Task Async_transition_answers_425_when_the_swap_would_outlast_the_drain_timeout()
    {
        await CreateReadyDeploymentAsync("rollout", hotLoad: true, minReplicas: 2);
        await LoadAsync("v1", seed: 1, replicas: 2);
        using var http = new InferenceHttp(Emulator);
        await SignalAndDownloadAsync("v2", seed: 2);

        var headers = Session(SessionOn(replica: 0, replicas: 2));
        headers["x-fireworks-hot-load-drain-timeout"] = "5";
        var refused = await http.PostAsync("chat/completions", Turn(("user", "hi")), headers);
        Assert.Equal(425, refused.Status);
        Assert.Contains("drain timeout of 5 s", refused.Body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deployment_must_be_ready_and_serve_the_requested_model()
    {
        await Client.Deployments.CreateAsync(new Fireworks.Models.Deployment { BaseModel = Model, EnableHotLoad = true, MinReplicaCount = 1, MaxReplicaCount = 2 }, deploymentId: "rollout");
        using var http = new InferenceHttp(Emulator);
        var creating = await http.PostAsync("chat/completions", Turn(("user", "hi")), Session("s"));
        Assert.Equal(503, creating.Status);
        Assert.Contains("CREATING", creating.Body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);

        Advance(Timings.DeploymentCreate);
        var other = Turn(("user", "hi"));
        other["model"] = "accounts/fireworks/models/other";
        var wrongModel = await http.PostAsync("chat/completions", other, Session("s"));
        Assert.Equal(400, wrongModel.Status);
        Assert.Contains("is not what deployment", wrongModel.Body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Waits (bounded) for the emulator to reach a state another task drives it to.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 10_000 && !condition(); i++)
        {
            await Task.Yield();
            await Task.Delay(1);
        }

        Assert.True(condition(), "the condition was never reached");
    }
}
