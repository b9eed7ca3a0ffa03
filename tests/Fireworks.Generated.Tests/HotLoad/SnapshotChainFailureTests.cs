using System.Net;
using Fireworks.Tests.HotLoad.Infrastructure;
using Fireworks.Tests.Lro.Infrastructure;
using Xunit;

namespace Fireworks.Tests.HotLoad;

public sealed class SnapshotChainFailureTests
{
    [Fact]
    public async Task AFailedDeltaFallsBackToAFullSnapshotAtOnce()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options());
        await fixture.PushAsync(chain, 0, fixture.WriteCheckpoint(0));
        await fixture.PushAsync(chain, 1, fixture.WriteCheckpoint(1));
        fixture.Server.FailLoad("step-000002", "Adler-32 mismatch in model-00001.safetensors");
        var checkpoint = fixture.WriteCheckpoint(2);
        var progress = new ProgressLog<SnapshotPushProgress>();

        var result = await fixture.PushAsync(chain, 2, checkpoint, progress);

        Assert.Equal(SnapshotKind.Full, result.Kind);
        Assert.Equal("step-000002-full", result.Identity);
        Assert.True(result.IsFallback);
        Assert.Equal("step-000002", result.FailedDeltaIdentity);
        Assert.Contains("Adler-32 mismatch in model-00001.safetensors", result.FallbackReason);
        Assert.Null(result.PreviousIdentity);
        fixture.AssertServes("step-000002-full", checkpoint);

        var signals = fixture.Server.Signals.Skip(2).ToList();
        Assert.Equal(["step-000002", "step-000002-full"], signals.Select(static signal => signal.Request.Identity));
        Assert.Equal("step-000001", signals[0].Request.IncrementalSnapshotMetadata!.PreviousSnapshotIdentity);
        Assert.Null(signals[1].Request.IncrementalSnapshotMetadata);
        var fallingBack = Assert.Single(progress.Reports, static report => report.Stage == SnapshotPushStage.FallingBack);
        Assert.Equal("step-000002-full", fallingBack.Identity);
        Assert.Contains("Adler-32 mismatch", fallingBack.Message);
        Assert.Contains(fixture.Logs.Entries, static entry => entry.EventName == "DeltaFallingBack");

        // The chain goes on from the snapshot that loaded: the fallback.
        var next = await fixture.PushAsync(chain, 3, checkpoint = fixture.WriteCheckpoint(3));
        Assert.Equal(SnapshotKind.Delta, next.Kind);
        Assert.Equal("step-000002-full", next.PreviousIdentity);
        fixture.AssertServes("step-000003", checkpoint);
        Assert.Equal(2, chain.LastFullSnapshotStep);
    }

    [Fact]
    public async Task ACorruptedDeltaFailsOnTheServerAndFallsBack()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options());
        await fixture.PushAsync(chain, 0, fixture.WriteCheckpoint(0));
        fixture.Uploader.After = upload =>
        {
            if (upload.IsDelta)
            {
                // A bit flipped in transit, in the last byte of a delta shard's data.
                var path = Path.Combine(fixture.Bucket, upload.Identity, "model-00001.safetensors");
                var bytes = File.ReadAllBytes(path);
                bytes[^1] ^= 0x40;
                File.WriteAllBytes(path, bytes);
            }

            return Task.CompletedTask;
        };
        var checkpoint = fixture.WriteCheckpoint(1);

        var result = await fixture.PushAsync(chain, 1, checkpoint);

        Assert.Equal("step-000001-full", result.Identity);
        Assert.Equal("step-000001", result.FailedDeltaIdentity);
        Assert.Contains("replica-0", result.FallbackReason);
        fixture.AssertServes("step-000001-full", checkpoint);
    }

    [Fact]
    public async Task WhenTheFallbackFailsTooTheLastGoodSnapshotStaysTheBase()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options());
        await fixture.PushAsync(chain, 0, fixture.WriteCheckpoint(0));
        fixture.Server.FailLoad("step-000001", "bad delta");
        fixture.Server.FailLoad("step-000001-full", "out of memory while merging");

        var failure = await fixture.Clock.DriveToFailureAsync<SnapshotLoadFailedException, SnapshotPushResult>(
            chain.PushAsync(1, fixture.WriteCheckpoint(1)), skip: fixture.Clock.Armed.Count);

        Assert.Equal("step-000001-full", failure.Identity);
        Assert.Equal("out of memory while merging", failure.ServerMessage);
        Assert.Equal("step-000000", chain.LastLoadedIdentity);
        Assert.Equal(SnapshotKind.Delta, chain.PlanKind(1));

        // Pushed again, the step gets a new identity and is a delta against the last snapshot that loaded.
        var checkpoint = fixture.WriteCheckpoint(2);
        var retried = await fixture.PushAsync(chain, 1, checkpoint);
        Assert.Equal("step-000001-r2", retried.Identity);
        Assert.Equal(SnapshotKind.Delta, retried.Kind);
        Assert.Equal("step-000000", retried.PreviousIdentity);
        fixture.AssertServes("step-000001-r2", checkpoint);
    }

    [Fact]
    public async Task AFailedFullSnapshotThrowsTheServersMessageWithoutRetrying()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options());
        fixture.Server.FailLoad("step-000000", "Extra snapshot model config options: rope_scaling");

        var failure = await fixture.Clock.DriveToFailureAsync<SnapshotLoadFailedException, SnapshotPushResult>(
            chain.PushAsync(0, fixture.WriteCheckpoint(0)), skip: fixture.Clock.Armed.Count);

        Assert.Equal("Extra snapshot model config options: rope_scaling", failure.ServerMessage);
        Assert.Contains("Extra snapshot model config options: rope_scaling", failure.Message);
        Assert.Equal("replica-0", failure.ReplicaId);
        Assert.Equal("step-000000", failure.Identity);
        Assert.NotNull(failure.Status);
        Assert.Single(fixture.Server.Signals);
        Assert.Null(chain.LastLoadedIdentity);
    }

    [Fact]
    public async Task AStageErrorSeenAfterSomePollsEndsTheWaitAtThatPoll()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options());
        fixture.Server.ReadyAtPoll = [10, 10];
        fixture.Server.FailureVisibleAtPoll = 3;
        fixture.Server.FailLoad("step-000000", "download failed: 403 from bucket");

        var failure = await fixture.Clock.DriveToFailureAsync<SnapshotLoadFailedException, SnapshotPushResult>(
            chain.PushAsync(0, fixture.WriteCheckpoint(0)), skip: fixture.Clock.Armed.Count);

        Assert.Equal("download failed: 403 from bucket", failure.ServerMessage);
        Assert.Equal(3, fixture.Server.StatusPolls);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], fixture.Clock.Armed);
    }

    [Fact]
    public async Task ARejectedDeltaFallsBackAndLaterStepsAreDeltasAgain()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options());
        await fixture.PushAsync(chain, 0, fixture.WriteCheckpoint(0));
        fixture.Server.RejectSignal("step-000001", HttpStatusCode.PreconditionFailed, 9, "previous_snapshot_identity is not in the ledger");

        var result = await fixture.PushAsync(chain, 1, fixture.WriteCheckpoint(1));

        Assert.Equal("step-000001-full", result.Identity);
        Assert.Contains("previous_snapshot_identity is not in the ledger", result.FallbackReason);
        Assert.Null(chain.DeltasDisabledReason);
        Assert.Equal(SnapshotKind.Delta, (await fixture.PushAsync(chain, 2, fixture.WriteCheckpoint(2))).Kind);
    }

    [Fact]
    public async Task ADeltaFormatTheServerRejectsTurnsTheChainToFullSnapshots()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options());
        await fixture.PushAsync(chain, 0, fixture.WriteCheckpoint(0));
        fixture.Server.RejectSignal("step-000001", HttpStatusCode.BadRequest, 3, "unknown compression_format 'fwdelta-xor-bp-zstd'");

        var result = await fixture.PushAsync(chain, 1, fixture.WriteCheckpoint(1));

        Assert.Equal("step-000001-full", result.Identity);
        Assert.Contains("unknown compression_format", chain.DeltasDisabledReason);
        Assert.Equal(SnapshotKind.Full, chain.PlanKind(2));
        Assert.Equal(SnapshotKind.Full, (await fixture.PushAsync(chain, 2, fixture.WriteCheckpoint(2))).Kind);
        Assert.DoesNotContain(fixture.WorkEntries(), static entry => entry.Contains("/base-", StringComparison.Ordinal));
        Assert.Contains(fixture.Logs.Entries, static entry => entry.EventName == "DeltasDisabled");
    }

    [Fact]
    public async Task ARejectionTheFullSnapshotSharesDoesNotTurnDeltasOff()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options());
        await fixture.PushAsync(chain, 0, fixture.WriteCheckpoint(0));
        fixture.Server.RejectSignal("step-000001", HttpStatusCode.BadRequest, 3, "reset_prompt_cache is not allowed on this deployment");
        fixture.Server.RejectSignal("step-000001-full", HttpStatusCode.BadRequest, 3, "reset_prompt_cache is not allowed on this deployment");

        var error = await Assert.ThrowsAsync<FireworksException>(() => fixture.PushAsync(chain, 1, fixture.WriteCheckpoint(1)));

        Assert.True(error.IsInvalidArgument);
        Assert.Null(chain.DeltasDisabledReason);
        Assert.Equal(SnapshotKind.Delta, chain.PlanKind(2));
        Assert.Equal("step-000000", chain.LastLoadedIdentity);
    }

    [Fact]
    public async Task AnAuthenticationErrorIsThrownNotPaperedOverWithAFullSnapshot()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options());
        await fixture.PushAsync(chain, 0, fixture.WriteCheckpoint(0));
        fixture.Server.RejectSignal("step-000001", HttpStatusCode.Unauthorized, 16, "API key revoked");

        var error = await Assert.ThrowsAsync<FireworksException>(() => fixture.PushAsync(chain, 1, fixture.WriteCheckpoint(1)));

        Assert.True(error.IsUnauthenticated);
        Assert.Equal(["step-000000", "step-000001"], fixture.Server.Signals.Select(static signal => signal.Request.Identity));
        Assert.Equal("step-000000", chain.LastLoadedIdentity);
    }

    [Fact]
    public async Task TooEarlyIsBackedOffHonouringRetryAfterThenSignalledAgain()
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options(drainTimeout: TimeSpan.FromSeconds(30)));
        fixture.Server.AnswerTooEarly(7, 1);
        var progress = new ProgressLog<SnapshotPushProgress>();

        var result = await fixture.PushAsync(chain, 0, fixture.WriteCheckpoint(0), progress);

        Assert.Equal("step-000000", result.Identity);
        Assert.Equal([425, 425, 200], fixture.Server.Signals.Select(static signal => signal.HttpStatus));
        Assert.All(fixture.Server.Signals, signal => Assert.Equal("30", signal.DrainTimeout));

        // Retry-After 7 s beats the 1 s schedule; then the 2 s schedule beats Retry-After 1 s.
        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(2)], fixture.Clock.Armed);
        Assert.Equal(
            [TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(2)],
            progress.Reports.Where(static report => report.Stage == SnapshotPushStage.SignalDeferred).Select(static report => report.RetryDelay!.Value));
        Assert.Equal(TimeSpan.FromSeconds(9), result.LoadTime);
        Assert.Equal(2, fixture.Logs.Entries.Count(static entry => entry.EventName == "SignalDeferred"));
    }

    [Fact]
    public async Task TooEarlyBeyondTheBudgetIsThrown()
    {
        using var fixture = new ChainFixture();
        var wait = new WaitOptions { InitialInterval = TimeSpan.FromSeconds(1), Jitter = 0, MaxTransientErrors = 2 };
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options(waitOptions: wait));
        fixture.Server.AnswerTooEarly(1, 1, 1);

        var error = await fixture.Clock.DriveToFailureAsync<FireworksException, SnapshotPushResult>(
            chain.PushAsync(0, fixture.WriteCheckpoint(0)), skip: fixture.Clock.Armed.Count);

        Assert.Equal(425, error.HttpStatus);
        Assert.Equal(3, fixture.Server.Signals.Count);
        Assert.Null(chain.LastLoadedIdentity);
    }

    [Fact]
    public async Task ADeltaThatTimesOutIsNotFollowedByAFullSnapshot()
    {
        using var fixture = new ChainFixture();
        var wait = new WaitOptions { InitialInterval = TimeSpan.FromSeconds(1), Multiplier = 1, MaxInterval = TimeSpan.FromSeconds(1), Jitter = 0, Timeout = TimeSpan.FromSeconds(5) };
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options(waitOptions: wait));
        await fixture.Clock.DriveAsync(chain.PushAsync(0, fixture.WriteCheckpoint(0)), skip: fixture.Clock.Armed.Count + 1);
        fixture.Server.NeverReady = true;

        // The wait's timeout timer is armed first and must not be advanced to directly.
        await fixture.Clock.DriveToFailureAsync<WaitTimeoutException, SnapshotPushResult>(
            chain.PushAsync(1, fixture.WriteCheckpoint(1)), skip: fixture.Clock.Armed.Count + 1);

        Assert.Equal(["step-000000", "step-000001"], fixture.Server.Signals.Select(static signal => signal.Request.Identity));
        Assert.Equal("step-000000", chain.LastLoadedIdentity);
        Assert.DoesNotContain(fixture.WorkEntries(), static entry => entry.Contains("delta-", StringComparison.Ordinal));
    }
}
