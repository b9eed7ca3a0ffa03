using Fireworks.Models;
using Fireworks.Rollouts;
using Xunit;

namespace Fireworks.Emulator.Tests;

/// <summary>
/// The snapshot chain against the emulator when a push stops between its signal and the end of its load: the server
/// keeps loading that snapshot, refuses other signals meanwhile, and afterwards serves weights the chain never committed.
/// </summary>
public sealed class SnapshotChainInterruptionTests : EmulatorTest
{
    private const string Model = "accounts/fireworks/models/qwen3-8b";
    private const string Deployment = "accounts/emulator/deployments/rollout";

    private readonly string checkpoints = Directory.CreateTempSubdirectory("chain-interruption-").FullName;

    [Fact]
    public async Task A_push_cancelled_after_its_signal_is_waited_out_and_the_next_push_is_full_without_a_wasted_delta()
    {
        await CreateReadyDeploymentAsync("rollout", hotLoad: true, minReplicas: 2);
        using var client = CreateClient();
        using var chain = CreateChain(client);
        var weights = Snapshots.Initial(256, seed: 1);
        Assert.Equal(SnapshotKind.Full, (await PumpAsync(chain.PushAsync(0, Checkpoint(0, weights)))).Kind);

        // Step 1 is cancelled once its signal was accepted: the deployment goes on loading it.
        weights = Snapshots.Step(weights, seed: 2);
        using var cancel = new CancellationTokenSource();
        var stopAtLoading = CancelOnceLoading(cancel);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => chain.PushAsync(1, Checkpoint(1, weights), stopAtLoading, cancel.Token));
        Assert.Equal("step-000000", chain.LastLoadedIdentity);

        // Step 2 at once, while step 1 still loads: the chain waits for that load instead of uploading a delta (and
        // then a full fallback) that the deployment refuses while it loads, and would refuse afterwards because it
        // names step 0, no longer served.
        weights = Snapshots.Step(weights, seed: 3);
        Assert.Equal(SnapshotKind.Delta, chain.PlanKind(2));
        var stages = new List<SnapshotPushStage>();
        var pushed = await PumpAsync(chain.PushAsync(2, Checkpoint(2, weights), new Reporter<SnapshotPushProgress>(p => stages.Add(p.Stage))));

        Assert.Equal(("step-000002", SnapshotKind.Full, (string?)null), (pushed.Identity, pushed.Kind, pushed.FailedDeltaIdentity));
        Assert.DoesNotContain(SnapshotPushStage.FallingBack, stages);
        Assert.Equal("step-000002", chain.LastLoadedIdentity);
        Assert.Equal(SnapshotKind.Delta, chain.PlanKind(3));

        var stream = client.Chat.Completions.StreamAsync(
            new ChatCompletionRequest { Model = Model, Messages = [new ChatMessage { Role = "user", Content = "hi" }], MaxTokens = 4 },
            new RolloutSession("trajectory-0", Deployment).CreateRequestOptions());
        await foreach (var _ in stream)
        {
        }

        Assert.Equal("step-000002", stream.ResponseHeaders!.GetValues(FireworksEmulator.SnapshotIdentityHeader).Single());
    }

    [Fact]
    public async Task A_push_cancelled_on_a_load_that_then_fails_leaves_the_next_push_a_delta_against_the_last_good_snapshot()
    {
        await CreateReadyDeploymentAsync("rollout", hotLoad: true, minReplicas: 1);
        using var client = CreateClient();
        using var chain = CreateChain(client);
        var weights = Snapshots.Initial(256, seed: 1);
        await PumpAsync(chain.PushAsync(0, Checkpoint(0, weights)));

        // Step 1's config differs from the base model's: its load fails, but only after the push was cancelled.
        weights = Snapshots.Step(weights, seed: 2);
        var bad = Checkpoint(1, weights);
        File.WriteAllText(Path.Combine(bad, "config.json"), "{\"model_type\":\"qwen3\",\"hidden_size\":65}");
        using var cancel = new CancellationTokenSource();
        var stopAtLoading = CancelOnceLoading(cancel);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => chain.PushAsync(1, bad, stopAtLoading, cancel.Token));

        weights = Snapshots.Step(weights, seed: 3);
        var pushed = await PumpAsync(chain.PushAsync(2, Checkpoint(2, weights)));
        Assert.Equal((SnapshotKind.Delta, "step-000000", (string?)null), (pushed.Kind, pushed.PreviousIdentity, pushed.FailedDeltaIdentity));
    }

    private FireworksClient CreateClient()
    {
        var options = Emulator.CreateClientOptions();
        options.TimeProvider = Time;
        return new FireworksClient(options);
    }

    private SnapshotChain CreateChain(FireworksClient client) => client.HotLoad.CreateSnapshotChain(new SnapshotChainOptions
    {
        Model = Model,
        Deployment = Deployment,
        Uploader = new DirectorySnapshotUploader(Path.Combine(Emulator.SnapshotRoot, "rollout")),
        FullSnapshotEvery = 10,
    });

    /// <summary>Progress that cancels the push once its signal was accepted (the Loading stage): the server goes on loading.</summary>
    private static Reporter<SnapshotPushProgress> CancelOnceLoading(CancellationTokenSource cancel) => new(p =>
    {
        if (p.Stage == SnapshotPushStage.Loading)
        {
            cancel.Cancel();
        }
    });

    private string Checkpoint(long step, float[] weights)
    {
        var directory = Path.Combine(checkpoints, "step-" + step);
        Snapshots.WriteFull(directory, weights);
        return directory;
    }

    /// <summary>Moves the emulated clock (one emulated second at a time, bounded) until <paramref name="push"/> ends.</summary>
    private async Task<T> PumpAsync<T>(Task<T> push)
    {
        for (var i = 0; i < 5_000 && !push.IsCompleted; i++)
        {
            Advance(TimeSpan.FromSeconds(1));
            await Emulator.WhenIdleAsync();
            await Task.Delay(1);
        }

        return await push.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private sealed class Reporter<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
