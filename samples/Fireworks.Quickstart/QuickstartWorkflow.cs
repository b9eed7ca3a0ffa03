using System.Diagnostics;
using Fireworks.Aip;
using Fireworks.Filtering;
using Fireworks.Models;

namespace Fireworks.Quickstart;

/// <summary>What the quickstart did, for the summary table (and for the test that runs the same flow).</summary>
internal sealed record QuickstartSummary(IReadOnlyList<(string Step, string Result, TimeSpan Took)> Steps, IReadOnlyList<SnapshotPushResult> Snapshots, RolloutBatchResult Rollouts);

/// <summary>Reports each step to the console (or to a test).</summary>
internal interface IStepReporter
{
    Task<T> RunAsync<T>(string step, Func<Action<string>, Task<T>> action, Func<T, string> describe);
}

/// <summary>
/// The RL workflow in a few calls: dataset → RLOR trainer RUNNING → hot-load deployment READY → full snapshot →
/// delta snapshot (every replica serving it) → a rollout batch on the hot-loaded weights → AIP-160 listing → cancel
/// and clean up.
/// </summary>
internal sealed class QuickstartWorkflow(FireworksClient client, string snapshotRoot, string workDirectory, IStepReporter reporter)
{
    public const string DatasetId = "rl-prompts";
    public const string TrainerId = "grpo-quickstart";
    public const string DeploymentId = "rl-rollouts";

    public async Task<QuickstartSummary> RunAsync(CancellationToken cancellationToken)
    {
        var steps = new List<(string, string, TimeSpan)>();
        var snapshots = new List<SnapshotPushResult>();

        async Task<T> Step<T>(string name, Func<Action<string>, Task<T>> action, Func<T, string> describe)
        {
            var watch = Stopwatch.StartNew();
            var result = await reporter.RunAsync(name, action, describe).ConfigureAwait(false);
            steps.Add((name, describe(result), watch.Elapsed));
            return result;
        }

        var dataset = await Step("Create a dataset, upload data/rl-prompts.jsonl, wait until READY", async status =>
        {
            await client.Datasets.CreateAsync(new CreateDatasetBody
            {
                DatasetId = DatasetId,
                Dataset = new Dataset { DisplayName = "RL prompts", Format = DatasetFormat.Chat, UserUploaded = new UserUploaded() },
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await client.Datasets.UploadAsync(DatasetId, Path.Combine(AppContext.BaseDirectory, "data", "rl-prompts.jsonl"),
                new Progress<FileTransferProgress>(p => status($"uploaded {p.BytesTransferred:N0} of {p.TotalBytes:N0} bytes")),
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }, d => $"{d.Name} {d.State}, {d.ExampleCount} examples");

        var trainer = await Step("Create an RLOR trainer job and wait until RUNNING", status =>
            client.RlorTrainerJobs.CreateAndWaitForStateAsync(
                new RlorTrainerJob { DisplayName = "GRPO quickstart", Dataset = dataset.Name },
                JobState.Running,
                rlorTrainerJobId: TrainerId,
                progress: Report<RlorTrainerJob, JobState>(status),
                cancellationToken: cancellationToken),
            j => $"{j.Name} {j.State}");

        var deployment = await Step("Create a hot-load deployment and wait until READY", status =>
            client.Deployments.CreateAndWaitAsync(
                new Deployment
                {
                    DisplayName = "RL rollouts",
                    BaseModel = "accounts/fireworks/models/qwen3-8b",
                    MinReplicaCount = 2,
                    MaxReplicaCount = 2,
                    EnableHotLoad = true,
                    HotLoadBucketType = DeploymentHotLoadBucketType.FwHosted,
                    HotLoadTrainerJob = trainer.Name,
                },
                deploymentId: DeploymentId,
                progress: Report<Deployment, DeploymentState>(status),
                cancellationToken: cancellationToken),
            d => $"{d.Name} {d.State}, {d.MinReplicaCount} replicas");

        var checkpoints = await Step("Build two synthetic checkpoints (BF16, Adam-like step)", _ =>
            Task.FromResult(new[] { SyntheticCheckpoints.Write(workDirectory, 1), SyntheticCheckpoints.Write(workDirectory, 2) }),
            c => $"{c.Length} checkpoints, {new FileInfo(Path.Combine(c[0], "model-00001-of-00001.safetensors")).Length / 1024} KiB each");

        using var chain = client.HotLoad.CreateSnapshotChain(new SnapshotChainOptions
        {
            Model = deployment.BaseModel!,
            Deployment = deployment.Name!,
            Uploader = new DirectorySnapshotUploader(Path.Combine(snapshotRoot, DeploymentId)),
            SendFileHints = true,
        });
        for (var step = 1; step <= checkpoints.Length; step++)
        {
            var checkpoint = checkpoints[step - 1];
            var title = step == 1 ? "Push the full snapshot and wait for every replica" : "Push a delta snapshot and wait for every replica";
            var pushed = await Step(title, status => chain.PushAsync(step, checkpoint,
                    new SynchronousProgress<SnapshotPushProgress>(p => status($"{p.Identity}: {p.Stage}{(p.FileName is null ? "" : " " + p.FileName)}")), cancellationToken),
                r => $"{r.Identity}: {r.Kind}, {r.UploadedBytes / 1024.0:F0} KiB uploaded ({r.CompressionRatio:F1}x), {r.ReplicaCount} replicas ready");
            snapshots.Add(pushed);
        }

        var rollouts = await Step("Roll out 8 trajectories × 2 turns on the hot-loaded deployment (streamed, session headers)",
            status => RolloutBatch.RunAsync(client, deployment, status, cancellationToken),
            r => r.Describe());

        await Step("List running RLOR trainer jobs with an AIP-160 filter", async _ =>
        {
            var filter = Filter.Where(RlorTrainerJobFields.State == JobState.Running);
            var names = new List<string>();
            await foreach (var job in client.RlorTrainerJobs.ListAsync(filter: filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                names.Add(job.Name ?? "?");
            }
            return (Filter: filter.ToString(), Names: names);
        }, r => $"filter={r.Filter} → {string.Join(", ", r.Names)}");

        await Step("Cancel the trainer and clean up", async status =>
        {
            await client.RlorTrainerJobs.CancelAsync(TrainerId, new CancelRlorTrainerJobBody(), cancellationToken: cancellationToken).ConfigureAwait(false);
            var cancelled = await client.RlorTrainerJobs.WaitForStateAsync(TrainerId, JobState.Cancelled,
                progress: Report<RlorTrainerJob, JobState>(status), cancellationToken: cancellationToken).ConfigureAwait(false);
            await client.Deployments.DeleteAsync(DeploymentId, cancellationToken: cancellationToken).ConfigureAwait(false);
            await client.Datasets.DeleteAsync(DatasetId, cancellationToken: cancellationToken).ConfigureAwait(false);
            return cancelled;
        }, j => $"trainer {j.State}; deployment and dataset deleted");

        return new QuickstartSummary(steps, snapshots, rollouts);
    }

    private static IProgress<WaitProgress<TResource, TState>> Report<TResource, TState>(Action<string> status)
        where TState : struct =>
        new SynchronousProgress<WaitProgress<TResource, TState>>(p => status(p.StateDescription));

    /// <summary>Reports on the polling thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
