using System.Text.Json;
using Fireworks.Delta;
using Fireworks.Models;
using Xunit;

namespace Fireworks.Emulator.Tests;

public sealed class HotLoadTests : EmulatorTest
{
    private const string Model = "accounts/fireworks/models/qwen3-8b";
    private const string Deployment = "accounts/emulator/deployments/rollout";
    private const int Weights = 4096;

    private string Scratch => Path.Combine(Emulator.SnapshotRoot, "_scratch");

    private string Uploaded(string identity) => Emulator.GetSnapshotDirectory("rollout", identity);

    private string Local(string identity) => Path.Combine(Scratch, identity);

    private static IncrementalSnapshotMetadata DeltaOf(string previous, string format = DeltaFormat.Name, string checksum = DeltaFormat.ChecksumFormat) =>
        new() { PreviousSnapshotIdentity = previous, CompressionFormat = format, ChecksumFormat = checksum };

    private Task SignalAsync(string identity, IncrementalSnapshotMetadata? delta = null, SnapshotValidation? validation = null, int? drainTimeout = null) =>
        Client.HotLoad.SignalAsync(new HotLoadSignalRequest { Identity = identity, IncrementalSnapshotMetadata = delta, Validation = validation }, Model, Deployment, drainTimeout);

    private Task<HotLoadStatus> StatusAsync() => Client.HotLoad.GetStatusAsync(Model, Deployment);

    /// <summary>Lets the background decode finish, then lets emulated time run until every replica has swapped.</summary>
    private async Task LoadAsync(int replicas = 2)
    {
        await Emulator.WhenIdleAsync();
        Advance(Timings.HotLoadDownload + (Timings.HotLoadSwap * replicas));
    }

    private async Task<float[]> LoadFirstFullAsync()
    {
        await CreateReadyDeploymentAsync("rollout", hotLoad: true, minReplicas: 2);
        var v1 = Snapshots.Initial(Weights, seed: 1);
        Snapshots.WriteFull(Uploaded("v1"), v1);
        await SignalAsync("v1");
        await LoadAsync();
        AssertServing(await StatusAsync(), "v1");
        return v1;
    }

    private static void AssertServing(HotLoadStatus status, string identity)
    {
        Assert.Equal(2, status.Replicas!.Count);
        Assert.All(status.Replicas, replica =>
        {
            Assert.True(replica.Readiness);
            Assert.Equal(identity, replica.CurrentSnapshotIdentity);
            Assert.Equal("ready", replica.LoadingState!.Stage);
        });
    }

    [Fact]
    public async Task Full_then_deltas_load_on_every_replica_one_after_another()
    {
        await CreateReadyDeploymentAsync("rollout", hotLoad: true, minReplicas: 2);
        var idle = await StatusAsync();
        Assert.All(idle.Replicas!, r => Assert.Equal("idle", r.LoadingState!.Stage));

        var v1 = Snapshots.Initial(Weights, seed: 1);
        Snapshots.WriteFull(Uploaded("v1"), v1);
        await SignalAsync("v1");
        var downloading = await StatusAsync();
        Assert.All(downloading.Replicas!, r =>
        {
            Assert.Equal("downloading", r.LoadingState!.Stage);
            Assert.Equal("v1", r.LoadingState.TargetSnapshotIdentity);
            Assert.Null(r.CurrentSnapshotIdentity);
        });

        await Emulator.WhenIdleAsync();
        Advance(Timings.HotLoadDownload);
        var first = await StatusAsync();
        Assert.Equal(("swapping", false), (first.Replicas![0].LoadingState!.Stage, first.Replicas[0].Readiness!.Value));
        Assert.Equal(("waiting_for_swap", true), (first.Replicas[1].LoadingState!.Stage, first.Replicas[1].Readiness!.Value));
        Advance(Timings.HotLoadSwap);
        var second = await StatusAsync();
        Assert.Equal(("ready", "v1"), (second.Replicas![0].LoadingState!.Stage, second.Replicas[0].CurrentSnapshotIdentity));
        Assert.Equal("swapping", second.Replicas[1].LoadingState!.Stage);
        Advance(Timings.HotLoadSwap);
        AssertServing(await StatusAsync(), "v1");

        // Two training steps, each shipped as a delta against the snapshot being served.
        Snapshots.WriteFull(Local("v1"), v1);
        var v2 = Snapshots.Step(v1, seed: 2);
        Snapshots.WriteFull(Local("v2"), v2);
        await Snapshots.WriteDeltaAsync(Local("v1"), Local("v2"), Uploaded("v2"), "v1");
        Assert.True(new FileInfo(Path.Combine(Uploaded("v2"), Snapshots.Shard)).Length < new FileInfo(Path.Combine(Local("v2"), Snapshots.Shard)).Length);
        await SignalAsync("v2", DeltaOf("v1"));
        await LoadAsync();
        AssertServing(await StatusAsync(), "v2");

        var v3 = Snapshots.Step(v2, seed: 3);
        Snapshots.WriteFull(Local("v3"), v3);
        await Snapshots.WriteDeltaAsync(Local("v2"), Local("v3"), Uploaded("v3"), "v2");
        await SignalAsync("v3", DeltaOf("v2"));
        await LoadAsync();
        AssertServing(await StatusAsync(), "v3");

        // The replicas really rebuilt v3, bit for bit, from v1 and two deltas.
        var rebuilt = Path.Combine(Emulator.SnapshotRoot, ".emulator-materialized", "rollout", "v3", Snapshots.Shard);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Local("v3"), Snapshots.Shard)), File.ReadAllBytes(rebuilt));
        Assert.False(Directory.Exists(Path.Combine(Emulator.SnapshotRoot, ".emulator-materialized", "rollout", "v2")));

        var ledger = (await Client.Deployments.GetLedgerAsync("rollout")).Ledger!;
        var events = ledger.Select(e => JsonDocument.Parse(e.Value!).RootElement).Select(e => (e.GetProperty("event").GetString(), e.GetProperty("identity").GetString())).ToList();
        Assert.Equal(("loaded", "v3"), events[0]);
        Assert.Equal(3, events.Count(e => e.Item1 == "loaded"));
        Assert.Equal(6, events.Count(e => e.Item1 == "replica_ready"));
        Assert.Equal(("signaled", "v1"), events[^1]);
        Assert.True(ledger.Zip(ledger.Skip(1)).All(pair => pair.First.Timestamp >= pair.Second.Timestamp));
    }

    [Theory]
    [InlineData(false, "is corrupted", DeltaFormat.Version)]
    [InlineData(false, "is corrupted", DeltaFormat.V1Version)]
    // Version 1 ends with a stored (raw) plane: a flip there decodes, and only the Adler-32 checksum catches it.
    [InlineData(true, "Adler-32 mismatch", DeltaFormat.V1Version)]
    public async Task Broken_delta_fails_on_every_replica_and_the_old_snapshot_stays_served(bool nearEnd, string codecMessage, int formatVersion)
    {
        var v1 = await LoadFirstFullAsync();
        Snapshots.WriteFull(Local("v1"), v1);
        var v2 = Snapshots.Step(v1, seed: 2);
        Snapshots.WriteFull(Local("v2"), v2);
        await Snapshots.WriteDeltaAsync(Local("v1"), Local("v2"), Uploaded("v2"), "v1", formatVersion);
        Snapshots.CorruptData(Path.Combine(Uploaded("v2"), Snapshots.Shard), nearEnd);

        await SignalAsync("v2", DeltaOf("v1"));
        await LoadAsync();
        var status = await StatusAsync();
        Assert.All(status.Replicas!, replica =>
        {
            Assert.Equal("error", replica.LoadingState!.Stage);
            Assert.Equal("v2", replica.LoadingState.TargetSnapshotIdentity);
            Assert.StartsWith(Snapshots.Shard + ":", replica.LoadingState.Message, StringComparison.Ordinal);
            Assert.Contains("tensor 'model.layers.0.weight'", replica.LoadingState.Message, StringComparison.Ordinal);
            Assert.Contains(codecMessage, replica.LoadingState.Message, StringComparison.Ordinal);
            Assert.True(replica.Readiness);
            Assert.Equal("v1", replica.CurrentSnapshotIdentity);
        });
        var failure = JsonDocument.Parse((await Client.Deployments.GetLedgerAsync("rollout")).Ledger![0].Value!).RootElement;
        Assert.Equal("load_failed", failure.GetProperty("event").GetString());

        // The chain still ends at v1: a sound delta against it loads.
        await Snapshots.WriteDeltaAsync(Local("v1"), Local("v2"), Uploaded("v2b"), "v1");
        var stale = await ThrowsFireworksAsync(() => SignalAsync("v2c", DeltaOf("v2")));
        Assert.True(stale.IsFailedPrecondition);
        await SignalAsync("v2b", DeltaOf("v1"));
        await LoadAsync();
        AssertServing(await StatusAsync(), "v2b");
    }

    [Fact]
    public async Task Delta_after_a_ledger_reset_is_a_failed_precondition()
    {
        await LoadFirstFullAsync();
        await Client.Deployments.ResetLedgerAsync("rollout");
        Assert.Empty((await Client.Deployments.GetLedgerAsync("rollout")).Ledger ?? []);
        Assert.All((await StatusAsync()).Replicas!, r => Assert.Null(r.CurrentSnapshotIdentity));

        var rejected = await ThrowsFireworksAsync(() => SignalAsync("v2", DeltaOf("v1")));
        Assert.True(rejected.IsFailedPrecondition);
        Assert.Equal(400, rejected.HttpStatus);
        Assert.Contains("must be full", rejected.ServerMessage, StringComparison.Ordinal);

        // A full snapshot restarts the chain (the identity may be reused after a reset).
        await SignalAsync("v1");
        await LoadAsync();
        AssertServing(await StatusAsync(), "v1");
    }

    [Fact]
    public async Task Signals_that_break_the_chain_or_the_format_are_rejected()
    {
        await Client.Deployments.CreateAsync(new Deployment { BaseModel = Model, EnableHotLoad = true, MinReplicaCount = 2 }, deploymentId: "rollout");
        Assert.True((await ThrowsFireworksAsync(() => SignalAsync("v1"))).IsFailedPrecondition);
        Advance(Timings.DeploymentCreate);

        Assert.True((await ThrowsFireworksAsync(() => SignalAsync("v2", DeltaOf("v1")))).IsFailedPrecondition);
        var arc = await ThrowsFireworksAsync(() => SignalAsync("v2", DeltaOf("v1", format: "arc_v2")));
        Assert.True(arc.IsUnimplemented);
        Assert.Contains(DeltaFormat.Name, arc.ServerMessage, StringComparison.Ordinal);
        Assert.True((await ThrowsFireworksAsync(() => SignalAsync("v2", DeltaOf("v1", format: "gzip")))).IsInvalidArgument);
        Assert.True((await ThrowsFireworksAsync(() => SignalAsync("v2", DeltaOf("v1", checksum: "crc32")))).IsInvalidArgument);
        Assert.True((await ThrowsFireworksAsync(() => SignalAsync("runs/v1"))).IsInvalidArgument);
        Assert.True((await ThrowsFireworksAsync(() => SignalAsync(".."))).IsInvalidArgument);
        var wrongModel = await ThrowsFireworksAsync(() => Client.HotLoad.SignalAsync(new HotLoadSignalRequest { Identity = "v1" }, "accounts/fireworks/models/other", Deployment));
        Assert.True(wrongModel.IsInvalidArgument);
        var missing = await ThrowsFireworksAsync(() => Client.HotLoad.GetStatusAsync(Model, "accounts/emulator/deployments/absent"));
        Assert.True(missing.IsNotFound);

        await CreateReadyDeploymentAsync("plain");
        var notHot = await ThrowsFireworksAsync(() => Client.HotLoad.SignalAsync(new HotLoadSignalRequest { Identity = "v1" }, Model, "accounts/emulator/deployments/plain"));
        Assert.True(notHot.IsFailedPrecondition);

        // While v1 loads, another signal waits: FAILED_PRECONDITION, or 425 Too Early when the caller asks for it.
        Snapshots.WriteFull(Uploaded("v1"), Snapshots.Initial(Weights, seed: 1));
        await SignalAsync("v1");
        Assert.True((await ThrowsFireworksAsync(() => SignalAsync("v9"))).IsFailedPrecondition);
        var tooEarly = await ThrowsFireworksAsync(() => SignalAsync("v9", drainTimeout: 90));
        Assert.Equal(425, tooEarly.HttpStatus);
        Assert.NotNull(tooEarly.RetryAfter);
        await LoadAsync();
        AssertServing(await StatusAsync(), "v1");

        var reused = await ThrowsFireworksAsync(() => SignalAsync("v1"));
        Assert.True(reused.IsFailedPrecondition);
        Assert.Contains("new identity", reused.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_problems_found_while_loading_become_load_errors()
    {
        var v1 = await LoadFirstFullAsync();

        await SignalAsync("never-uploaded");
        await LoadAsync();
        Assert.Contains("does not exist", (await StatusAsync()).Replicas![0].LoadingState!.Message, StringComparison.Ordinal);

        Snapshots.WriteFull(Local("v1"), v1);
        Snapshots.WriteFull(Local("v2"), Snapshots.Step(v1, seed: 2));
        await Snapshots.WriteDeltaAsync(Local("v1"), Local("v2"), Uploaded("delta-as-full"), "v1");
        await SignalAsync("delta-as-full");
        await LoadAsync();
        Assert.Contains("signal it with incremental_snapshot_metadata", (await StatusAsync()).Replicas![0].LoadingState!.Message, StringComparison.Ordinal);

        Snapshots.WriteFull(Uploaded("full-as-delta"), v1);
        await SignalAsync("full-as-delta", DeltaOf("v1"));
        await LoadAsync();
        Assert.Contains("is not a fwdelta-ulp-ctx-zstd or fwdelta-xor-bp-zstd delta", (await StatusAsync()).Replicas![0].LoadingState!.Message, StringComparison.Ordinal);

        Snapshots.WriteFull(Uploaded("wider"), v1, "{\"model_type\":\"qwen3\",\"hidden_size\":128}");
        await SignalAsync("wider");
        await LoadAsync();
        var mismatch = (await StatusAsync()).Replicas![0].LoadingState!;
        Assert.Equal("error", mismatch.Stage);
        Assert.StartsWith("Config value mismatch for hidden_size", mismatch.Message, StringComparison.Ordinal);

        Snapshots.WriteFull(Uploaded("annotated"), v1, "{\"model_type\":\"qwen3\",\"hidden_size\":64,\"snapshot_only_option\":1}");
        await SignalAsync("annotated");
        await LoadAsync();
        Assert.StartsWith("Extra snapshot model config options", (await StatusAsync()).Replicas![0].LoadingState!.Message, StringComparison.Ordinal);
        await SignalAsync("annotated", validation: new SnapshotValidation { ExtraFieldsIgnore = ["snapshot_only_option"] });
        await LoadAsync();
        AssertServing(await StatusAsync(), "annotated");
    }

    // A shard one directory down, as the SDK's chain uploads it (it enumerates and encodes subdirectories too).
    private const string NestedShard = "draft/" + Snapshots.Shard;

    private static string NestedPath(string directory) => Path.Combine(directory, "draft", Snapshots.Shard);

    private string Materialized(string identity) => Path.Combine(Emulator.SnapshotRoot, ".emulator-materialized", "rollout", identity);

    /// <summary>Loads a full v1 with a top-level shard and <see cref="NestedShard"/>; keeps a local copy for deltas.</summary>
    private async Task<(float[] Top, float[] Nested)> LoadFirstNestedFullAsync()
    {
        await CreateReadyDeploymentAsync("rollout", hotLoad: true, minReplicas: 2);
        var top = Snapshots.Initial(Weights, seed: 1);
        var nested = Snapshots.Initial(Weights, seed: 9);
        foreach (var directory in new[] { Uploaded("v1"), Local("v1") })
        {
            Snapshots.WriteFull(directory, top);
            Snapshots.WriteShard(NestedPath(directory), nested);
        }

        await SignalAsync("v1");
        await LoadAsync();
        AssertServing(await StatusAsync(), "v1");
        return (top, nested);
    }

    [Fact]
    public async Task Delta_shards_in_subdirectories_are_decoded_against_the_base_file_at_the_same_relative_path()
    {
        var (top, nested) = await LoadFirstNestedFullAsync();
        var next = (Top: Snapshots.Step(top, seed: 2), Nested: Snapshots.Step(nested, seed: 3));
        Snapshots.WriteFull(Local("v2"), next.Top);
        Snapshots.WriteShard(NestedPath(Local("v2")), next.Nested);
        await Snapshots.WriteDeltaTreeAsync(Local("v1"), Local("v2"), Uploaded("v2"), "v1");

        // Hidden entries are not part of a snapshot (the SDK never uploads them), however they are named.
        var hidden = Path.Combine(Uploaded("v2"), ".cache", "huggingface", Snapshots.Shard);
        Directory.CreateDirectory(Path.GetDirectoryName(hidden)!);
        File.WriteAllText(hidden, "not a shard");

        await SignalAsync("v2", DeltaOf("v1"));
        await LoadAsync();
        AssertServing(await StatusAsync(), "v2");
        Assert.Equal(File.ReadAllBytes(NestedPath(Local("v2"))), File.ReadAllBytes(NestedPath(Materialized("v2"))));
        Assert.False(Directory.Exists(Path.Combine(Materialized("v2"), ".cache")));

        // The next delta's nested base is the materialised v2's nested shard.
        Snapshots.WriteFull(Local("v3"), Snapshots.Step(next.Top, seed: 4));
        Snapshots.WriteShard(NestedPath(Local("v3")), Snapshots.Step(next.Nested, seed: 5));
        await Snapshots.WriteDeltaTreeAsync(Local("v2"), Local("v3"), Uploaded("v3"), "v2");
        await SignalAsync("v3", DeltaOf("v2"));
        await LoadAsync();
        AssertServing(await StatusAsync(), "v3");
        Assert.Equal(File.ReadAllBytes(Path.Combine(Local("v3"), Snapshots.Shard)), File.ReadAllBytes(Path.Combine(Materialized("v3"), Snapshots.Shard)));
        Assert.Equal(File.ReadAllBytes(NestedPath(Local("v3"))), File.ReadAllBytes(NestedPath(Materialized("v3"))));
    }

    [Fact]
    public async Task Corrupt_delta_shard_in_a_subdirectory_fails_the_load_naming_its_relative_path()
    {
        var (top, nested) = await LoadFirstNestedFullAsync();
        Snapshots.WriteFull(Local("v2"), Snapshots.Step(top, seed: 2));
        Snapshots.WriteShard(NestedPath(Local("v2")), Snapshots.Step(nested, seed: 3));
        await Snapshots.WriteDeltaTreeAsync(Local("v1"), Local("v2"), Uploaded("v2"), "v1");
        Snapshots.CorruptData(NestedPath(Uploaded("v2")), nearEnd: false);

        await SignalAsync("v2", DeltaOf("v1"));
        await LoadAsync();
        Assert.All((await StatusAsync()).Replicas!, replica =>
        {
            Assert.Equal("error", replica.LoadingState!.Stage);
            Assert.StartsWith(NestedShard + ":", replica.LoadingState.Message, StringComparison.Ordinal);
            Assert.Contains("tensor 'model.layers.0.weight'", replica.LoadingState.Message, StringComparison.Ordinal);
            Assert.Contains("is corrupted", replica.LoadingState.Message, StringComparison.Ordinal);
            Assert.Equal("v1", replica.CurrentSnapshotIdentity);
        });
    }

    [Fact]
    public async Task Corrupt_shard_in_a_subdirectory_of_a_full_snapshot_fails_the_load_naming_its_relative_path()
    {
        var (top, nested) = await LoadFirstNestedFullAsync();
        Snapshots.WriteFull(Uploaded("v2"), Snapshots.Step(top, seed: 2));
        Snapshots.WriteShard(NestedPath(Uploaded("v2")), Snapshots.Step(nested, seed: 3));
        Snapshots.Truncate(NestedPath(Uploaded("v2")), bytes: 16);

        await SignalAsync("v2");
        await LoadAsync();
        Assert.All((await StatusAsync()).Replicas!, replica =>
        {
            Assert.Equal("error", replica.LoadingState!.Stage);
            Assert.StartsWith(NestedShard + ":", replica.LoadingState.Message, StringComparison.Ordinal);
            Assert.Equal("v1", replica.CurrentSnapshotIdentity);
        });

        // A nested delta signalled as a full snapshot is caught too, not served as weights.
        Snapshots.WriteFull(Local("v3"), Snapshots.Step(top, seed: 4));
        Snapshots.WriteShard(NestedPath(Local("v3")), Snapshots.Step(nested, seed: 5));
        await Snapshots.WriteDeltaTreeAsync(Local("v1"), Local("v3"), Path.Combine(Scratch, "v3-delta"), "v1");
        Snapshots.WriteFull(Uploaded("v3"), Snapshots.Step(top, seed: 4));
        Directory.CreateDirectory(Path.Combine(Uploaded("v3"), "draft"));
        File.Copy(NestedPath(Path.Combine(Scratch, "v3-delta")), NestedPath(Uploaded("v3")));
        await SignalAsync("v3");
        await LoadAsync();
        var message = (await StatusAsync()).Replicas![0].LoadingState!.Message;
        Assert.StartsWith(NestedShard + " is a ", message, StringComparison.Ordinal);
        Assert.Contains("signal it with incremental_snapshot_metadata", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hints_name_files_that_have_landed()
    {
        await LoadFirstFullAsync();
        await Client.HotLoad.HintAsync(new HotLoadHintRequest { Snapshot = new SnapshotReference { Identity = "v1" }, Filename = Snapshots.Shard }, Model, Deployment);
        var notLanded = await ThrowsFireworksAsync(() => Client.HotLoad.HintAsync(
            new HotLoadHintRequest { Snapshot = new SnapshotReference { Identity = "v2", IncrementalSnapshotMetadata = DeltaOf("v1") }, Filename = Snapshots.Shard }, Model, Deployment));
        Assert.True(notLanded.IsNotFound);
        var escaping = await ThrowsFireworksAsync(() => Client.HotLoad.HintAsync(
            new HotLoadHintRequest { Snapshot = new SnapshotReference { Identity = "v1" }, Filename = "../secret" }, Model, Deployment));
        Assert.True(escaping.IsInvalidArgument);
    }
}
