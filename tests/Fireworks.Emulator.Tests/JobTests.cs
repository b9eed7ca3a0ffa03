using Fireworks.Models;
using Xunit;

namespace Fireworks.Emulator.Tests;

public sealed class JobTests : EmulatorTest
{
    [Fact]
    public async Task Keep_alive_trainer_runs_takes_train_steps_and_cancels()
    {
        await Client.Datasets.CreateAsync(new CreateDatasetBody { DatasetId = "rollouts", Dataset = new Dataset() });
        var job = await Client.RlorTrainerJobs.CreateAsync(
            new RlorTrainerJob { KeepAlive = true, Dataset = "accounts/emulator/datasets/rollouts", TrainingConfig = new BaseTrainingConfig { BaseModel = "accounts/fireworks/models/qwen3-8b", LoraRank = 16 } },
            rlorTrainerJobId: "grpo");
        Assert.Equal(JobState.Pending, job.State);
        Assert.Equal("accounts/emulator/rlorTrainerJobs/grpo", job.Name);

        var early = await ThrowsFireworksAsync(() => Client.RlorTrainerJobs.ExecuteTrainStepAsync(
            "grpo", new ExecuteRlorTrainStepBody { Dataset = "accounts/emulator/datasets/rollouts", OutputModel = "accounts/emulator/models/step-1" }));
        Assert.True(early.IsFailedPrecondition);

        Advance(Timings.JobQueue);
        Assert.Equal(JobState.Running, (await Client.RlorTrainerJobs.GetAsync("grpo")).State);

        // Two steps queue one after the other; each writes its output model.
        await Client.RlorTrainerJobs.ExecuteTrainStepAsync("grpo", new ExecuteRlorTrainStepBody { Dataset = "accounts/emulator/datasets/rollouts", OutputModel = "accounts/emulator/models/step-1" });
        await Client.RlorTrainerJobs.ExecuteTrainStepAsync("grpo", new ExecuteRlorTrainStepBody { Dataset = "accounts/emulator/datasets/rollouts", OutputModel = "accounts/emulator/models/step-2" });
        var step1 = await Client.Models.GetAsync("step-1");
        Assert.Equal(ModelState.Uploading, step1.State);
        Assert.Equal("accounts/emulator/rlorTrainerJobs/grpo", step1.FineTuningJob);
        Assert.Equal(ModelKind.HfPeftAddon, step1.Kind);
        Advance(Timings.TrainStep);
        Assert.Equal(ModelState.Ready, (await Client.Models.GetAsync("step-1")).State);
        Assert.Equal(ModelState.Uploading, (await Client.Models.GetAsync("step-2")).State);
        Advance(Timings.TrainStep);
        Assert.Equal(ModelState.Ready, (await Client.Models.GetAsync("step-2")).State);

        var reused = await ThrowsFireworksAsync(() => Client.RlorTrainerJobs.ExecuteTrainStepAsync(
            "grpo", new ExecuteRlorTrainStepBody { Dataset = "accounts/emulator/datasets/rollouts", OutputModel = "accounts/emulator/models/step-1" }));
        Assert.True(reused.IsAlreadyExists);
        var missingDataset = await ThrowsFireworksAsync(() => Client.RlorTrainerJobs.ExecuteTrainStepAsync(
            "grpo", new ExecuteRlorTrainStepBody { Dataset = "accounts/emulator/datasets/nope", OutputModel = "accounts/emulator/models/step-3" }));
        Assert.True(missingDataset.IsNotFound);

        // A keep-alive trainer never completes by itself.
        Advance(TimeSpan.FromHours(5));
        Assert.Equal(JobState.Running, (await Client.RlorTrainerJobs.GetAsync("grpo")).State);

        await Client.RlorTrainerJobs.CancelAsync("grpo", new CancelRlorTrainerJobBody());
        Assert.Equal(JobState.Cancelled, (await Client.RlorTrainerJobs.GetAsync("grpo")).State);
        Assert.True((await ThrowsFireworksAsync(() => Client.RlorTrainerJobs.CancelAsync("grpo", new CancelRlorTrainerJobBody()))).IsFailedPrecondition);

        var resumed = await Client.RlorTrainerJobs.ResumeAsync("grpo", new ResumeRlorTrainerJobBody());
        Assert.Equal(JobState.Pending, resumed.State);
        Advance(Timings.JobQueue);
        Assert.Equal(JobState.Running, (await Client.RlorTrainerJobs.GetAsync("grpo")).State);
        Assert.True((await ThrowsFireworksAsync(() => Client.RlorTrainerJobs.ResumeAsync("grpo", new ResumeRlorTrainerJobBody()))).IsFailedPrecondition);

        await Client.RlorTrainerJobs.DeleteAsync("grpo");
        Assert.True((await ThrowsFireworksAsync(() => Client.RlorTrainerJobs.GetAsync("grpo"))).IsNotFound);
    }

    [Fact]
    public async Task Trainer_without_keep_alive_trains_to_completion_and_rejects_steps()
    {
        await Client.RlorTrainerJobs.CreateAsync(new RlorTrainerJob { TrainingConfig = new BaseTrainingConfig { OutputModel = "accounts/emulator/models/final" } }, rlorTrainerJobId: "batch");
        Advance(Timings.JobQueue);
        var step = await ThrowsFireworksAsync(() => Client.RlorTrainerJobs.ExecuteTrainStepAsync(
            "batch", new ExecuteRlorTrainStepBody { Dataset = "accounts/fireworks/datasets/x", OutputModel = "accounts/emulator/models/s" }));
        Assert.True(step.IsFailedPrecondition);
        Advance(Timings.JobTraining);
        var done = await Client.RlorTrainerJobs.GetAsync("batch");
        Assert.Equal(JobState.Completed, done.State);
        Assert.Equal(100, done.JobProgress!.Percent);
        Assert.Equal(ModelState.Ready, (await Client.Models.GetAsync("final")).State);
    }

    [Fact]
    public async Task Reinforcement_fine_tuning_job_moves_through_its_states_with_progress()
    {
        await Client.Datasets.CreateAsync(new CreateDatasetBody { DatasetId = "gsm8k", Dataset = new Dataset() });
        await Client.Evaluators.CreateAsync(new CreateEvaluatorBody { EvaluatorId = "grader", Evaluator = new Evaluator() });
        var job = await Client.ReinforcementFineTuningJobs.CreateAsync(
            new ReinforcementFineTuningJob
            {
                Dataset = "accounts/emulator/datasets/gsm8k",
                Evaluator = "accounts/emulator/evaluators/grader",
                TrainingConfig = new BaseTrainingConfig { Epochs = 4, OutputModel = "accounts/emulator/models/rft-out" },
            },
            reinforcementFineTuningJobId: "rft");
        Assert.Equal(JobState.Creating, job.State);
        Advance(Timings.JobProvisioning);
        Assert.Equal(JobState.Pending, (await Client.ReinforcementFineTuningJobs.GetAsync("rft")).State);
        Advance(Timings.JobQueue);
        var running = await Client.ReinforcementFineTuningJobs.GetAsync("rft");
        Assert.Equal(JobState.Running, running.State);
        Assert.Equal(0, running.JobProgress!.Percent);
        Assert.Equal(1, running.JobProgress.Epoch);

        var seen = new List<(int Percent, int Epoch)>();
        for (var quarter = 1; quarter <= 4; quarter++)
        {
            Advance(Timings.JobTraining / 4);
            var current = await Client.ReinforcementFineTuningJobs.GetAsync("rft");
            seen.Add((current.JobProgress!.Percent!.Value, current.JobProgress.Epoch!.Value));
        }

        Assert.Equal([(25, 2), (50, 3), (75, 4), (100, 4)], seen);
        var done = await Client.ReinforcementFineTuningJobs.GetAsync("rft");
        Assert.Equal(JobState.Completed, done.State);
        Assert.NotNull(done.CompletedTime);
        Assert.Equal(ModelState.Ready, (await Client.Models.GetAsync("rft-out")).State);

        var filtered = await Client.ReinforcementFineTuningJobs.ListPageAsync(filter: "state = JOB_STATE_COMPLETED AND job_progress.percent = 100");
        Assert.Single(filtered.ReinforcementFineTuningJobs!);

        var renamed = await Client.ReinforcementFineTuningJobs.UpdateAsync(
            "rft",
            new UpdateReinforcementFineTuningJobRequest { Dataset = "accounts/emulator/datasets/gsm8k", Evaluator = "accounts/emulator/evaluators/grader", DisplayName = "Math" },
            updateMask: "display_name");
        Assert.Equal("Math", renamed.DisplayName);
    }

    [Fact]
    public async Task Fine_tuning_jobs_validate_their_references()
    {
        var noEvaluator = await ThrowsFireworksAsync(() => Client.ReinforcementFineTuningJobs.CreateAsync(
            new ReinforcementFineTuningJob { Dataset = "accounts/fireworks/datasets/public", Evaluator = "accounts/emulator/evaluators/missing" }));
        Assert.True(noEvaluator.IsNotFound);
        var empty = await ThrowsFireworksAsync(() => Client.ReinforcementFineTuningJobs.CreateAsync(new ReinforcementFineTuningJob { Dataset = "", Evaluator = "" }));
        Assert.True(empty.IsInvalidArgument);
        var noDataset = await ThrowsFireworksAsync(() => Client.SupervisedFineTuningJobs.CreateAsync(new SupervisedFineTuningJob { Dataset = "accounts/emulator/datasets/missing" }));
        Assert.True(noDataset.IsNotFound);
    }

    [Fact]
    public async Task Supervised_job_cancelled_midway_resumes_from_its_progress()
    {
        await Client.SupervisedFineTuningJobs.CreateAsync(
            new SupervisedFineTuningJob { Dataset = "accounts/fireworks/datasets/public", Epochs = 2, OutputModel = "accounts/emulator/models/sft-out" },
            supervisedFineTuningJobId: "sft");
        Advance(Timings.JobProvisioning + Timings.JobQueue + (Timings.JobTraining * 0.4));
        var midway = await Client.SupervisedFineTuningJobs.GetAsync("sft");
        Assert.Equal(JobState.Running, midway.State);
        Assert.Equal(40, midway.JobProgress!.Percent);

        await Client.SupervisedFineTuningJobs.CancelAsync("sft", new CancelSupervisedFineTuningJobBody());
        Advance(Timings.JobTraining);
        var cancelled = await Client.SupervisedFineTuningJobs.GetAsync("sft");
        Assert.Equal(JobState.Cancelled, cancelled.State);
        Assert.Equal(40, cancelled.JobProgress!.Percent);
        Assert.True((await ThrowsFireworksAsync(() => Client.Models.GetAsync("sft-out"))).IsNotFound);

        await Client.SupervisedFineTuningJobs.ResumeAsync("sft", new ResumeSupervisedFineTuningJobBody());
        Advance(Timings.JobQueue + (Timings.JobTraining * 0.6));
        var done = await Client.SupervisedFineTuningJobs.GetAsync("sft");
        Assert.Equal(JobState.Completed, done.State);
        Assert.Equal(100, done.JobProgress!.Percent);
        Assert.Equal(2, done.JobProgress.Epoch);
        Assert.Equal(ModelState.Ready, (await Client.Models.GetAsync("sft-out")).State);
    }
}
