using Fireworks.Delta;
using Fireworks.Tests.HotLoad.Infrastructure;
using Fireworks.Tests.Lro.Infrastructure;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Fireworks.Tests.HotLoad;

public sealed class SnapshotChainPolicyTests
{
    [Fact]
    public async Task FirstSnapshotIsFullThenDeltasThenAFullOneEveryNSteps()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options(fullSnapshotEvery: 3));
        var results = new List<SnapshotPushResult>();

        for (var step = 0; step <= 6; step++)
        {
            var checkpoint = fixture.WriteCheckpoint(step);
            var result = await fixture.PushAsync(chain, step, checkpoint);
            results.Add(result);

            // The server rebuilt every delta against what it served and got the trainer's checkpoint, bit for bit.
            fixture.AssertServes(result.Identity, checkpoint);
        }

        Assert.Equal(
            [SnapshotKind.Full, SnapshotKind.Delta, SnapshotKind.Delta, SnapshotKind.Full, SnapshotKind.Delta, SnapshotKind.Delta, SnapshotKind.Full],
            results.Select(static result => result.Kind));
        Assert.Equal(
            ["step-000000", "step-000001", "step-000002", "step-000003", "step-000004", "step-000005", "step-000006"],
            results.Select(static result => result.Identity));
        Assert.Equal(
            [null, "step-000000", "step-000001", null, "step-000003", "step-000004", null],
            results.Select(static result => result.PreviousIdentity));
        Assert.All(results, result => Assert.False(result.IsFallback));
        Assert.Equal("step-000006", chain.LastLoadedIdentity);
        Assert.Equal(6, chain.LastFullSnapshotStep);

        var signals = fixture.Server.Signals;
        Assert.Equal(7, signals.Count);
        Assert.All(signals, signal => Assert.Equal(200, signal.HttpStatus));
        Assert.All(signals, signal => Assert.DoesNotContain("arc_v2", signal.Body));
        foreach (var (signal, result) in signals.Zip(results))
        {
            Assert.Equal(result.Identity, signal.Request.Identity);
            if (result.Kind == SnapshotKind.Full)
            {
                Assert.DoesNotContain("incremental_snapshot_metadata", signal.Body);
            }
            else
            {
                var metadata = signal.Request.IncrementalSnapshotMetadata!;
                Assert.Equal(result.PreviousIdentity, metadata.PreviousSnapshotIdentity);
                Assert.Equal(DeltaFormat.Name, metadata.CompressionFormat);
                Assert.Equal("alder32", metadata.ChecksumFormat);
            }
        }

        foreach (var result in results)
        {
            Assert.Equal(4, result.FileCount);
            Assert.Equal(2, result.ReplicaCount);
            if (result.Kind == SnapshotKind.Full)
            {
                Assert.Equal(result.CheckpointBytes, result.UploadedBytes);
                Assert.Equal(1, result.CompressionRatio);
            }
            else
            {
                Assert.True(result.CompressionRatio > 2, $"{result.Identity}: {result.CheckpointBytes} checkpoint bytes to {result.UploadedBytes}");
            }
        }

        Assert.Equal(7, fixture.Server.StatusPolls); // every replica ready at the first poll: one poll per push
        Assert.Empty(fixture.Clock.Armed);
    }

    [Fact]
    public async Task LoraAdaptersAreAlwaysFullAndNeedNoBaseCopy()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options(isLora: true));

        for (var step = 0; step < 4; step++)
        {
            Assert.Equal(SnapshotKind.Full, chain.PlanKind(step));
            var result = await fixture.PushAsync(chain, step, fixture.WriteCheckpoint(step));
            Assert.Equal(SnapshotKind.Full, result.Kind);
        }

        Assert.All(fixture.Server.Signals, signal => Assert.Null(signal.Request.IncrementalSnapshotMetadata));
        Assert.Empty(fixture.WorkEntries());
    }

    [Fact]
    public async Task EveryStepIsFullWhenFullSnapshotEveryIsOne()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options(fullSnapshotEvery: 1));

        for (var step = 0; step < 3; step++)
        {
            Assert.Equal(SnapshotKind.Full, (await fixture.PushAsync(chain, step, fixture.WriteCheckpoint(step))).Kind);
        }

        Assert.Empty(fixture.WorkEntries());
    }

    [Fact]
    public async Task AfterALedgerResetTheNextSnapshotIsFull()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options());
        await fixture.PushAsync(chain, 0, fixture.WriteCheckpoint(0));
        Assert.Equal(SnapshotKind.Delta, (await fixture.PushAsync(chain, 1, fixture.WriteCheckpoint(1))).Kind);

        await chain.ResetLedgerAsync();

        Assert.Equal(1, fixture.Server.LedgerResets);
        Assert.Contains("DELETE /v1/accounts/test-account/deployments/d/ledger", fixture.Server.Requests);
        Assert.Null(chain.LastLoadedIdentity);
        Assert.Equal(SnapshotKind.Full, chain.PlanKind(2));
        Assert.DoesNotContain(fixture.WorkEntries(), static entry => entry.Contains("/base-", StringComparison.Ordinal));

        var checkpoint = fixture.WriteCheckpoint(2);
        var full = await fixture.PushAsync(chain, 2, checkpoint);
        Assert.Equal(SnapshotKind.Full, full.Kind);
        Assert.Null(full.PreviousIdentity);
        Assert.Null(fixture.Server.Signals[^1].Request.IncrementalSnapshotMetadata);
        fixture.AssertServes("step-000002", checkpoint);

        var delta = await fixture.PushAsync(chain, 3, fixture.WriteCheckpoint(3));
        Assert.Equal(SnapshotKind.Delta, delta.Kind);
        Assert.Equal("step-000002", delta.PreviousIdentity);
    }

    [Fact]
    public async Task TheLedgerCanBeRead()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options());
        await fixture.PushAsync(chain, 0, fixture.WriteCheckpoint(0));

        var ledger = await chain.GetLedgerAsync();

        Assert.Equal(["loaded step-000000", "signaled step-000000 full"], ledger.Ledger!.Select(static entry => entry.Value));
    }

    [Fact]
    public async Task TheBaseIsAPrivateCopySoTheTrainerMayDeleteItsCheckpoints()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options());
        var first = fixture.WriteCheckpoint(0);
        await fixture.PushAsync(chain, 0, first);
        Directory.Delete(first, recursive: true);

        var checkpoint = fixture.WriteCheckpoint(1);
        var delta = await fixture.PushAsync(chain, 1, checkpoint);

        Assert.Equal(SnapshotKind.Delta, delta.Kind);
        fixture.AssertServes("step-000001", checkpoint);
        var entries = fixture.WorkEntries();
        Assert.Equal(2, entries.Count); // the chain's directory and one base: no delta left, no older base
        Assert.EndsWith("/base-step-000001", entries[1], StringComparison.Ordinal);

        chain.Dispose();
        Assert.Empty(fixture.WorkEntries());
    }

    [Fact]
    public async Task WithoutABaseCopyTheChainEncodesAgainstTheLastLoadedDirectory()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options(keepBaseCopy: false));
        await fixture.PushAsync(chain, 0, fixture.WriteCheckpoint(0));

        var checkpoint = fixture.WriteCheckpoint(1);
        var delta = await fixture.PushAsync(chain, 1, checkpoint);

        Assert.Equal(SnapshotKind.Delta, delta.Kind);
        fixture.AssertServes("step-000001", checkpoint);
        Assert.DoesNotContain(fixture.WorkEntries(), static entry => entry.Contains("/base-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutABaseCopyReusingTheServedDirectoryIsRefused()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options(keepBaseCopy: false));
        var directory = Path.Combine(fixture.Checkpoints, "latest");
        new SyntheticCheckpoint(7).WriteTo(directory);
        await fixture.PushAsync(chain, 0, directory);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => fixture.PushAsync(chain, 1, directory));

        Assert.Contains("KeepBaseCopy", refused.Message);
        Assert.Single(fixture.Server.Signals);
        Assert.Equal("step-000000", chain.LastLoadedIdentity);
    }

    [Fact]
    public async Task StepsMustIncrease()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options());
        var checkpoint = fixture.WriteCheckpoint(5);
        await fixture.PushAsync(chain, 5, checkpoint);

        var refused = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => chain.PushAsync(5, checkpoint));
        Assert.Contains("'step-000005'", refused.Message);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => chain.PushAsync(-1, checkpoint));
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => chain.PushAsync(6, Path.Combine(fixture.Checkpoints, "missing")));
        var empty = Directory.CreateDirectory(Path.Combine(fixture.Checkpoints, "empty")).FullName;
        Assert.Contains("holds no", (await Assert.ThrowsAsync<ArgumentException>(() => chain.PushAsync(6, empty))).Message);
        Assert.Single(fixture.Server.Signals);
    }

    [Fact]
    public async Task AnIdentityWithASlashIsRefusedBeforeAnythingIsUploaded()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options(identityForStep: static step => "run-a/" + step));

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => chain.PushAsync(0, fixture.WriteCheckpoint(0)));

        Assert.Contains("IdentityForStep", refused.Message);
        Assert.Contains("contains '/'", refused.Message);
        Assert.Empty(fixture.Server.Requests);
        Assert.Empty(fixture.Uploader.Uploads);
    }

    [Fact]
    public async Task ACustomIdentityNamesTheSnapshotAndItsFallback()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options(identityForStep: static step => $"policy-v{step}"));
        await fixture.PushAsync(chain, 0, fixture.WriteCheckpoint(0));
        fixture.Server.FailLoad("policy-v1", "bad delta");

        var result = await fixture.PushAsync(chain, 1, fixture.WriteCheckpoint(1));

        Assert.Equal("policy-v1-full", result.Identity);
        Assert.Equal("policy-v1", result.FailedDeltaIdentity);
    }

    [Theory]
    [InlineData("m", null, 25, "accounts/{account_id}/models/{model_id}")]
    [InlineData(null, "d", 25, "accounts/{account_id}/deployments/{deployment_id}")]
    [InlineData(null, "accounts/a/models/d", 25, "accounts/{account_id}/deployments/{deployment_id}")]
    [InlineData(null, "accounts/a/deployments/d%2F..", 25, "accounts/{account_id}/deployments/{deployment_id}")]
    [InlineData("accounts/a/models/m x", null, 25, "accounts/{account_id}/models/{model_id}")]
    [InlineData(null, null, 0, "FullSnapshotEvery")]
    public void InvalidOptionsAreRefusedWithTheirName(string? model, string? deployment, int fullEvery, string expected)
    {
        using var fixture = new ChainFixture();
        var options = fixture.Options(fullSnapshotEvery: fullEvery);
        var invalid = new SnapshotChainOptions
        {
            Model = model ?? options.Model,
            Deployment = deployment ?? options.Deployment,
            Uploader = options.Uploader,
            FullSnapshotEvery = options.FullSnapshotEvery,
        };

        var refused = Assert.ThrowsAny<ArgumentException>(() => fixture.Client.HotLoad.CreateSnapshotChain(invalid));

        Assert.Contains(expected, refused.Message);
    }

    [Fact]
    public void MoreInvalidOptionsAreRefused()
    {
        using var fixture = new ChainFixture();
        var options = fixture.Options();

        Assert.Contains("Uploader", Assert.Throws<ArgumentException>(() => fixture.Client.HotLoad.CreateSnapshotChain(
            new SnapshotChainOptions { Model = options.Model, Deployment = options.Deployment, Uploader = null! })).Message);
        Assert.Equal("DrainTimeout", Assert.Throws<ArgumentOutOfRangeException>(() => fixture.Client.HotLoad.CreateSnapshotChain(
            fixture.Options(drainTimeout: TimeSpan.FromMilliseconds(500)))).ParamName);
        Assert.Equal("InitialInterval", Assert.Throws<ArgumentOutOfRangeException>(() => fixture.Client.HotLoad.CreateSnapshotChain(
            fixture.Options(waitOptions: new WaitOptions { InitialInterval = TimeSpan.Zero }))).ParamName);
    }

    [Fact]
    public async Task OnePushAtATime()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options());
        var uploading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Uploader.Before = async _ =>
        {
            uploading.TrySetResult();
            await release.Task;
        };
        var first = fixture.PushAsync(chain, 0, fixture.WriteCheckpoint(0));
        await uploading.Task.WaitAsync(PollingClock.Guard);

        Assert.Contains("already in progress", (await Assert.ThrowsAsync<InvalidOperationException>(() => chain.PushAsync(1, fixture.WriteCheckpoint(1)))).Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => chain.ResetLedgerAsync());

        release.SetResult();
        Assert.Equal("step-000000", (await first).Identity);
        Assert.Equal(SnapshotKind.Delta, (await fixture.PushAsync(chain, 1, fixture.WriteCheckpoint(2))).Kind);
    }

    [Fact]
    public async Task ProgressFollowsThePushInOrderAndLogsCarryNoSecret()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options(sendFileHints: true));
        await fixture.PushAsync(chain, 0, fixture.WriteCheckpoint(0));
        var progress = new ProgressLog<SnapshotPushProgress>();

        await fixture.PushAsync(chain, 1, fixture.WriteCheckpoint(1), progress);

        var stages = progress.Reports.Select(static report => report.Stage).ToList();
        Assert.Equal(SnapshotPushStage.Encoding, stages[0]);
        Assert.Equal(SnapshotPushStage.Served, stages[^1]);
        Assert.True(stages.LastIndexOf(SnapshotPushStage.Encoding) < stages.IndexOf(SnapshotPushStage.Uploading));
        Assert.True(stages.LastIndexOf(SnapshotPushStage.Uploading) < stages.IndexOf(SnapshotPushStage.Signalling));
        Assert.Equal(4, stages.Count(static stage => stage == SnapshotPushStage.FileHinted));
        Assert.Equal(SnapshotPushStage.Loading, stages[^2]);
        Assert.All(progress.Reports, report => Assert.Equal("step-000001", report.Identity));
        var lastUpload = progress.Reports.Last(static report => report.Stage == SnapshotPushStage.Uploading).Upload!.Value;
        Assert.Equal(lastUpload.TotalBytes, lastUpload.BytesUploaded);
        Assert.Equal(2, progress.Reports[^2].Load!.ServingReplicaCount);

        var events = fixture.Logs.Entries.Where(static entry => entry.Category == "Fireworks.SnapshotChain").Select(static entry => entry.EventName).ToList();
        Assert.Equal(["PushStarted", "Uploaded", "SnapshotServed", "PushStarted", "DeltaEncoded", "Uploaded", "SnapshotServed"], events);
        Assert.DoesNotContain(fixture.Logs.Entries, static entry => entry.Message.Contains("fw_test_key_never_logged", StringComparison.Ordinal));
        Assert.All(fixture.Logs.Entries.Where(static entry => entry.Category == "Fireworks.SnapshotChain"), entry => Assert.True(entry.Level <= LogLevel.Information));
    }
}
