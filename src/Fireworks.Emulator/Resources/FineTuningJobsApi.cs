using Fireworks.Models;
using Fireworks.Serialization;

namespace Fireworks.Emulator;

/// <summary>
/// Reinforcement (RFT) and supervised (SFT) fine-tuning jobs: CREATING → PENDING → RUNNING → COMPLETED, with
/// <c>jobProgress</c> advancing over <see cref="EmulatorTimings.JobTraining"/>; the output model is READY at the end.
/// </summary>
internal sealed class FineTuningJobsApi
{
    private readonly EmulatorState state;
    private readonly CollectionOperations<ReinforcementFineTuningJob> rft;
    private readonly CollectionOperations<SupervisedFineTuningJob> sft;
    private readonly JobLifecycle<ReinforcementFineTuningJob> rftLifecycle;
    private readonly JobLifecycle<SupervisedFineTuningJob> sftLifecycle;

    public FineTuningJobsApi(EmulatorState state)
    {
        this.state = state;
        rft = new CollectionOperations<ReinforcementFineTuningJob>(state.ReinforcementFineTuningJobs);
        sft = new CollectionOperations<SupervisedFineTuningJob>(state.SupervisedFineTuningJobs);
        rftLifecycle = new JobLifecycle<ReinforcementFineTuningJob>(
            state,
            state.ReinforcementFineTuningJobs,
            new JobAccessors<ReinforcementFineTuningJob>(
                j => j.State,
                (j, s) => j.State = s,
                (j, p) => j.JobProgress = p,
                j => j.JobProgress,
                (j, t) => j.CompletedTime = t,
                (_, _) => { },
                j => j.TrainingConfig?.Epochs ?? 1,
                j => j.TrainingConfig?.OutputModel,
                j => j.TrainingConfig?.LoraRank),
            _ => true);
        sftLifecycle = new JobLifecycle<SupervisedFineTuningJob>(
            state,
            state.SupervisedFineTuningJobs,
            new JobAccessors<SupervisedFineTuningJob>(
                j => j.State,
                (j, s) => j.State = s,
                (j, p) => j.JobProgress = p,
                j => j.JobProgress,
                (j, t) => j.CompletedTime = t,
                (j, at) => j.UpdateTime = at,
                j => j.Epochs ?? 1,
                j => j.OutputModel,
                j => j.LoraRank),
            _ => true);
    }

    public void Register(HandlerTable table)
    {
        table.Add("Gateway_CreateReinforcementFineTuningJob", CreateRft);
        table.AddReader("Gateway_GetReinforcementFineTuningJob", request => Get(request, rft, state.ReinforcementFineTuningJobs, "reinforcement_fine_tuning_job_id"));
        table.AddReader("Gateway_ListReinforcementFineTuningJobs", request => rft.List(
            Checked(request),
            (items, next, total) => new ListReinforcementFineTuningJobsResponse { ReinforcementFineTuningJobs = items, NextPageToken = next, TotalSize = total },
            FireworksJsonContext.Default.ListReinforcementFineTuningJobsResponse,
            "reinforcementFineTuningJobs"));
        table.Add("Gateway_UpdateReinforcementFineTuningJob", UpdateRft);
        table.Add("Gateway_DeleteReinforcementFineTuningJob", request => Delete(request, state.ReinforcementFineTuningJobs, "reinforcement_fine_tuning_job_id"));
        table.Add("Gateway_CancelReinforcementFineTuningJob", request =>
        {
            Checked(request).ReadBody(FireworksJsonContext.Default.CancelReinforcementFineTuningJobBody);
            rftLifecycle.Cancel(state.ReinforcementFineTuningJobs.Get(request.Path("reinforcement_fine_tuning_job_id")), state.Clock.UtcNow);
            return ApiResult.Empty;
        });
        table.Add("Gateway_ResumeReinforcementFineTuningJob", request =>
        {
            Checked(request).ReadBody(FireworksJsonContext.Default.ResumeReinforcementFineTuningJobBody);
            var stored = state.ReinforcementFineTuningJobs.Get(request.Path("reinforcement_fine_tuning_job_id"));
            rftLifecycle.Resume(stored, state.Clock.UtcNow);
            return ApiResult.Json(stored.Value, FireworksJsonContext.Default.ReinforcementFineTuningJob);
        });

        table.Add("Gateway_CreateSupervisedFineTuningJob", CreateSft);
        table.AddReader("Gateway_GetSupervisedFineTuningJob", request => Get(request, sft, state.SupervisedFineTuningJobs, "supervised_fine_tuning_job_id"));
        table.AddReader("Gateway_ListSupervisedFineTuningJobs", request => sft.List(
            Checked(request),
            (items, next, total) => new ListSupervisedFineTuningJobsResponse { SupervisedFineTuningJobs = items, NextPageToken = next, TotalSize = total },
            FireworksJsonContext.Default.ListSupervisedFineTuningJobsResponse,
            "supervisedFineTuningJobs"));
        table.Add("Gateway_DeleteSupervisedFineTuningJob", request => Delete(request, state.SupervisedFineTuningJobs, "supervised_fine_tuning_job_id"));
        table.Add("Gateway_CancelSupervisedFineTuningJob", request =>
        {
            Checked(request).ReadBody(FireworksJsonContext.Default.CancelSupervisedFineTuningJobBody);
            sftLifecycle.Cancel(state.SupervisedFineTuningJobs.Get(request.Path("supervised_fine_tuning_job_id")), state.Clock.UtcNow);
            return ApiResult.Empty;
        });
        table.Add("Gateway_ResumeSupervisedFineTuningJob", request =>
        {
            Checked(request).ReadBody(FireworksJsonContext.Default.ResumeSupervisedFineTuningJobBody);
            var stored = state.SupervisedFineTuningJobs.Get(request.Path("supervised_fine_tuning_job_id"));
            sftLifecycle.Resume(stored, state.Clock.UtcNow);
            return ApiResult.Json(stored.Value, FireworksJsonContext.Default.SupervisedFineTuningJob);
        });
    }

    private ApiRequest Checked(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        return request;
    }

    private ApiResult Get<T>(ApiRequest request, CollectionOperations<T> operations, ResourceCollection<T> collection, string idParameter)
        where T : class
    {
        Checked(request);
        return operations.Respond(request, collection.Get(request.Path(idParameter)).Value);
    }

    private ApiResult Delete<T>(ApiRequest request, ResourceCollection<T> collection, string idParameter)
        where T : class
    {
        Checked(request);
        var id = request.Path(idParameter);
        collection.Get(id);
        collection.Remove(id);
        return ApiResult.Empty;
    }

    private ApiResult CreateRft(ApiRequest request)
    {
        Checked(request);
        var job = rft.CreationInput(request, request.ReadBody(FireworksJsonContext.Default.ReinforcementFineTuningJob), null, out var requestedName);
        if (string.IsNullOrEmpty(job.Dataset) || string.IsNullOrEmpty(job.Evaluator))
        {
            throw ApiException.InvalidArgument("A ReinforcementFineTuningJob needs 'dataset' and 'evaluator'.");
        }

        state.RequireIfLocal(job.Dataset, state.Datasets, "dataset");
        state.RequireIfLocal(job.EvaluationDataset, state.Datasets, "evaluation_dataset");
        state.RequireIfLocal(job.Evaluator, state.Evaluators, "evaluator");
        var id = state.ChooseId(request.Query("reinforcementFineTuningJobId"), state.ReinforcementFineTuningJobs, requestedName);
        var now = state.Clock.UtcNow;
        job.Name = state.ReinforcementFineTuningJobs.NameOf(id);
        job.CreateTime = now;
        job.CreatedBy = state.Account.Email;
        var stored = state.ReinforcementFineTuningJobs.Add(id, job);
        rftLifecycle.Start(stored, JobState.Creating, now);
        return ApiResult.Json(job, FireworksJsonContext.Default.ReinforcementFineTuningJob);
    }

    private ApiResult UpdateRft(ApiRequest request)
    {
        Checked(request);
        var stored = state.ReinforcementFineTuningJobs.Get(request.Path("reinforcement_fine_tuning_job_id"));
        var body = request.ReadBody(FireworksJsonContext.Default.UpdateReinforcementFineTuningJobRequest);
        var (updated, _) = rft.Update(request, stored.Value, body, FireworksJsonContext.Default.UpdateReinforcementFineTuningJobRequest);
        stored.Value = updated;
        return ApiResult.Json(updated, FireworksJsonContext.Default.ReinforcementFineTuningJob);
    }

    private ApiResult CreateSft(ApiRequest request)
    {
        Checked(request);
        var job = sft.CreationInput(request, request.ReadBody(FireworksJsonContext.Default.SupervisedFineTuningJob), null, out var requestedName);
        if (string.IsNullOrEmpty(job.Dataset))
        {
            throw ApiException.InvalidArgument("A SupervisedFineTuningJob needs 'dataset'.");
        }

        state.RequireIfLocal(job.Dataset, state.Datasets, "dataset");
        state.RequireIfLocal(job.EvaluationDataset, state.Datasets, "evaluation_dataset");
        var id = state.ChooseId(request.Query("supervisedFineTuningJobId"), state.SupervisedFineTuningJobs, requestedName);
        var now = state.Clock.UtcNow;
        job.Name = state.SupervisedFineTuningJobs.NameOf(id);
        job.CreateTime = now;
        job.CreatedBy = state.Account.Email;
        var stored = state.SupervisedFineTuningJobs.Add(id, job);
        sftLifecycle.Start(stored, JobState.Creating, now);
        return ApiResult.Json(job, FireworksJsonContext.Default.SupervisedFineTuningJob);
    }
}
