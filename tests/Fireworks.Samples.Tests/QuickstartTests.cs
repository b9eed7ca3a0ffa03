using Fireworks.Emulator;
using Fireworks.Quickstart;
using Xunit;

namespace Fireworks.Samples.Tests;

/// <summary>The README's first command, as a test: the quickstart's whole flow against the in-process emulator.</summary>
public sealed class QuickstartTests
{
    [Fact]
    public async Task The_quickstart_walks_the_RL_workflow_against_the_emulator()
    {
        var work = Directory.CreateTempSubdirectory("quickstart-test-");
        try
        {
            await using var emulator = await FireworksEmulator.StartAsync(new EmulatorOptions
            {
                TimeScale = 600,
                SnapshotRoot = Path.Combine(work.FullName, "bucket"),
                Timings = new EmulatorTimings { JobTraining = TimeSpan.FromDays(1) },
            });
            using var client = new FireworksClient(emulator.CreateClientOptions());
            var reporter = new RecordingReporter();

            var summary = await new QuickstartWorkflow(client, emulator.SnapshotRoot, work.FullName, reporter).RunAsync(CancellationToken.None);

            Assert.Equal(9, summary.Steps.Count);
            Assert.Collection(summary.Snapshots,
                full => Assert.Equal((SnapshotKind.Full, 2), (full.Kind, full.ReplicaCount)),
                delta =>
                {
                    Assert.Equal(SnapshotKind.Delta, delta.Kind);
                    Assert.Equal("step-000001", delta.PreviousIdentity);
                    Assert.True(delta.CompressionRatio > 3, $"delta ratio {delta.CompressionRatio}");
                    Assert.All(delta.Status.Replicas!, r => Assert.Equal(("step-000002", true), (r.CurrentSnapshotIdentity, r.Readiness)));
                });
            // The rollout batch ran on the delta's weights, every trajectory pinned to one replica.
            var turns = summary.Rollouts.Turns;
            Assert.Equal(RolloutBatch.Trajectories * RolloutBatch.TurnsPerTrajectory, turns.Count);
            Assert.All(turns, t => Assert.Equal("step-000002", t.Snapshot));
            Assert.All(turns, t => Assert.True(t.Tokens > 0 && t.SumLogprob < 0, $"turn {t.Trajectory}/{t.Turn}: {t.Tokens} tokens"));
            Assert.All(turns.GroupBy(t => t.Trajectory), trajectory => Assert.Single(trajectory.Select(t => t.Replica).Distinct()));
            Assert.Contains(summary.Steps, s => s.Step.Contains("AIP-160", StringComparison.Ordinal) && s.Result.Contains("grpo-quickstart", StringComparison.Ordinal));
            Assert.Contains("trainer JOB_STATE_CANCELLED", summary.Steps[^1].Result, StringComparison.Ordinal);
            Assert.Contains("JOB_STATE_RUNNING", reporter.Statuses);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private sealed class RecordingReporter : IStepReporter
    {
        public List<string> Statuses { get; } = new();

        public Task<T> RunAsync<T>(string step, Func<Action<string>, Task<T>> action, Func<T, string> describe) =>
            action(status =>
            {
                lock (Statuses) Statuses.Add(status);
            });
    }
}
