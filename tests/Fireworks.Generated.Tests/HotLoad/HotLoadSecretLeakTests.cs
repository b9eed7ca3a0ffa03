using Fireworks.Models;
using Fireworks.Tests.Core.Infrastructure;
using Fireworks.Tests.HotLoad.Infrastructure;
using Fireworks.Tests.Lro.Infrastructure;
using Xunit;
using static Fireworks.Tests.Lro.Infrastructure.LroTestKit;

namespace Fireworks.Tests.HotLoad;

/// <summary>
/// Replicas and servers that echo the API key (a failed fetch quoting its request) into the messages the hot-load
/// wait and the snapshot chain turn into their own exceptions, results, progress reports and logs: the key appears in
/// none of them, while the rest of the server's explanation stays readable.
/// </summary>
public sealed class HotLoadSecretLeakTests
{
    private const string ChainKey = "fw_test_key_never_logged";
    private const string WaitKey = "fw_test_key";
    private const string Model = "accounts/test-account/models/m";
    private const string Deployment = "accounts/test-account/deployments/d";

    public static TheoryData<string> Forms() => new() { "verbatim", "upper", "percent-encoded", "fragment", "bearer" };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task A_replica_echoing_the_key_leaks_it_into_no_fallback_reason_progress_log_or_exception(string form)
    {
        using var fixture = new ChainFixture();
        using var chain = fixture.Client.HotLoad.CreateSnapshotChain(fixture.Options());
        await fixture.PushAsync(chain, 0, fixture.WriteCheckpoint(0));
        fixture.Server.FailLoad("step-000001", "delta fetch denied for " + Echo(ChainKey, form));
        var progress = new ProgressLog<SnapshotPushProgress>();

        var fallback = await fixture.PushAsync(chain, 1, fixture.WriteCheckpoint(1), progress);

        Assert.True(fallback.IsFallback);
        Assert.Contains("delta fetch denied for", fallback.FallbackReason);
        var texts = new List<string> { fallback.FallbackReason ?? string.Empty };
        texts.AddRange(progress.Reports.Select(static report => report.Message ?? string.Empty));

        fixture.Server.FailLoad("step-000002", "delta fetch denied for " + Echo(ChainKey, form));
        fixture.Server.FailLoad("step-000002-full", "full fetch denied for " + Echo(ChainKey, form));
        var failure = await fixture.Clock.DriveToFailureAsync<SnapshotLoadFailedException, SnapshotPushResult>(
            chain.PushAsync(2, fixture.WriteCheckpoint(2)), skip: fixture.Clock.Armed.Count);

        Assert.Contains("full fetch denied for", failure.ServerMessage);
        Assert.Contains("full fetch denied for", failure.Message);
        texts.AddRange(LeakOracle.Texts(failure));
        texts.AddRange(LogTexts(fixture.Logs));
        LeakOracle.AssertClean(ChainKey, texts);
    }

    [Fact]
    public async Task A_replica_id_and_message_echoing_the_key_json_escaped_are_redacted_in_the_failure_and_its_status()
    {
        var escaped = string.Concat(("Bearer " + WaitKey).Select(static c => $"\\u{(int)c:x4}"));
        var clock = new PollingClock();
        var logs = new LogCollector();
        var server = new ScriptedServer().ThenOk(
            "{\"replicas\": [{\"replica_id\": \"r-" + escaped + "\", \"current_snapshot_identity\": \"v1\", \"readiness\": true,"
            + " \"loading_state\": {\"stage\": \"error\", \"target_snapshot_identity\": \"v2\", \"message\": \"fetch with " + escaped + " got 403\"}}]}");
        using var client = Client(server, clock, logs);

        var failure = await clock.DriveToFailureAsync<SnapshotLoadFailedException, HotLoadStatus>(
            client.HotLoad.WaitUntilServedAsync(Model, Deployment, "v2", Exact));

        Assert.Equal("fetch with Bearer [REDACTED] got 403", failure.ServerMessage);
        Assert.Equal("r-Bearer [REDACTED]", failure.ReplicaId);
        Assert.Same(failure.Status, failure.Resource);
        Assert.Equal("error", failure.Status!.Replicas![0].LoadingState!.Stage);
        LeakOracle.AssertClean(WaitKey, LeakOracle.Texts(failure).Concat(LogTexts(logs)));
    }

    [Fact]
    public async Task A_failed_job_whose_status_quotes_the_key_is_redacted_in_the_wait_failure_and_its_log()
    {
        var clock = new PollingClock();
        var logs = new LogCollector();
        var server = new ScriptedServer()
            .ThenOk(Job("JOB_STATE_RUNNING"))
            .ThenOk(Job("JOB_STATE_FAILED", "PERMISSION_DENIED", "dataset fetch with Bearer " + WaitKey + " was refused"));
        using var client = Client(server, clock, logs);

        var failure = await clock.DriveToFailureAsync<ResourceFailedException, RlorTrainerJob>(client.RlorTrainerJobs.WaitForCompletionAsync("grpo-1", Exact));

        Assert.Equal("dataset fetch with Bearer [REDACTED] was refused", failure.StatusMessage);
        Assert.EndsWith("Status: PERMISSION_DENIED: dataset fetch with Bearer [REDACTED] was refused", failure.Message, StringComparison.Ordinal);
        LeakOracle.AssertClean(WaitKey, LeakOracle.Texts(failure).Concat(LogTexts(logs)));
    }

    private static IEnumerable<string> LogTexts(LogCollector logs) =>
        logs.Entries.SelectMany(static entry => entry.Values.Select(static pair => pair.Key + "=" + pair.Value).Append(entry.Message));

    private static string Echo(string key, string form) => form switch
    {
        "verbatim" => key,
        "upper" => key.ToUpperInvariant(),
        "percent-encoded" => string.Concat(key.Select(static c => char.IsLetterOrDigit(c) ? c.ToString() : $"%{(int)c:X2}")),
        "fragment" => key[2..20] + "…",
        "bearer" => "Bearer " + key,
        _ => throw new ArgumentOutOfRangeException(nameof(form)),
    };
}
