using Fireworks.Models;
using Fireworks.Serialization;

namespace Fireworks.Emulator;

/// <summary>
/// RLOR trainer jobs: PENDING → RUNNING after <see cref="EmulatorTimings.JobQueue"/>. A keep-alive (or service-mode)
/// trainer then stays RUNNING and takes <c>:executeTrainStep</c> calls, each writing its output model after
/// <see cref="EmulatorTimings.TrainStep"/>; any other trainer trains to COMPLETED like a fine-tuning job.
/// </summary>
internal sealed class RlorTrainerJobsApi
{
    private readonly EmulatorState state;
    private readonly CollectionOperations<RlorTrainerJob> operations;
    private readonly JobLifecycle<RlorTrainerJob> lifecycle;

    // When the last queued training step of each keep-alive trainer finishes (steps run one after another).
    private readonly Dictionary<string, DateTimeOffset> stepQueueEnd = new(StringComparer.Ordinal);

    public RlorTrainerJobsApi(EmulatorState state)
    {
        this.state = state;
        operations = new CollectionOperations<RlorTrainerJob>(state.RlorTrainerJobs);
        lifecycle = new JobLifecycle<RlorTrainerJob>(
            state,
            state.RlorTrainerJobs,
            new JobAccessors<RlorTrainerJob>(
                j => j.State,
                (j, s) => j.State = s,
                (j, p) => j.JobProgress = p,
                j => j.JobProgress,
                (j, t) => j.CompletedTime = t,
                (_, _) => { },
                j => j.TrainingConfig?.Epochs ?? 1,
                j => j.TrainingConfig?.OutputModel,
                j => j.TrainingConfig?.LoraRank),
            j => !IsKeepAlive(j));
    }

    public void Register(HandlerTable table)
    {
        table.Add("Gateway_CreateRlorTrainerJob", Create);
        table.AddReader("Gateway_GetRlorTrainerJob", Get);
        table.AddReader("Gateway_ListRlorTrainerJobs", List);
        table.Add("Gateway_DeleteRlorTrainerJob", Delete);
        table.Add("Gateway_CancelRlorTrainerJob", Cancel);
        table.Add("Gateway_ResumeRlorTrainerJob", Resume);
        table.Add("Gateway_ExecuteRlorTrainStep", ExecuteTrainStep);
    }

    private static bool IsKeepAlive(RlorTrainerJob job) => job.KeepAlive == true || job.ServiceMode == true;

    private ApiResult Create(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        var job = operations.CreationInput(request, request.ReadBody(FireworksJsonContext.Default.RlorTrainerJob), null, out var requestedName);
        state.RequireIfLocal(job.Dataset, state.Datasets, "dataset");
        state.RequireIfLocal(job.EvaluationDataset, state.Datasets, "evaluation_dataset");
        var id = state.ChooseId(request.Query("rlorTrainerJobId"), state.RlorTrainerJobs, requestedName);
        var now = state.Clock.UtcNow;
        job.Name = state.RlorTrainerJobs.NameOf(id);
        job.CreateTime = now;
        job.CreatedBy = state.Account.Email;
        var stored = state.RlorTrainerJobs.Add(id, job);
        lifecycle.Start(stored, JobState.Pending, now);
        return ApiResult.Json(job, FireworksJsonContext.Default.RlorTrainerJob);
    }

    private ApiResult Get(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        return operations.Respond(request, state.RlorTrainerJobs.Get(request.Path("rlor_trainer_job_id")).Value);
    }

    private ApiResult List(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        return operations.List(
            request,
            (items, next, total) => new ListRlorTrainerJobsResponse { RlorTrainerJobs = items, NextPageToken = next, TotalSize = total },
            FireworksJsonContext.Default.ListRlorTrainerJobsResponse,
            "rlorTrainerJobs");
    }

    private ApiResult Delete(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        var id = request.Path("rlor_trainer_job_id");
        state.RlorTrainerJobs.Get(id);
        state.RlorTrainerJobs.Remove(id);
        stepQueueEnd.Remove(id);
        return ApiResult.Empty;
    }

    private ApiResult Cancel(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        request.ReadBody(FireworksJsonContext.Default.CancelRlorTrainerJobBody);
        lifecycle.Cancel(state.RlorTrainerJobs.Get(request.Path("rlor_trainer_job_id")), state.Clock.UtcNow);
        return ApiResult.Empty;
    }

    private ApiResult Resume(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        request.ReadBody(FireworksJsonContext.Default.ResumeRlorTrainerJobBody);
        var stored = state.RlorTrainerJobs.Get(request.Path("rlor_trainer_job_id"));
        lifecycle.Resume(stored, state.Clock.UtcNow);
        return ApiResult.Json(stored.Value, FireworksJsonContext.Default.RlorTrainerJob);
    }

    private ApiResult ExecuteTrainStep(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        var body = request.ReadBody(FireworksJsonContext.Default.ExecuteRlorTrainStepBody);
        var stored = state.RlorTrainerJobs.Get(request.Path("rlor_trainer_job_id"));
        var job = stored.Value;
        if (string.IsNullOrEmpty(body.Dataset) || string.IsNullOrEmpty(body.OutputModel))
        {
            throw ApiException.InvalidArgument("executeTrainStep needs both 'dataset' and 'outputModel'.");
        }

        if (!IsKeepAlive(job))
        {
            throw ApiException.FailedPrecondition($"RlorTrainerJob \"{job.Name}\" is not a keep-alive trainer; executeTrainStep needs keepAlive (or serviceMode) set at creation.");
        }

        if (job.State != JobState.Running)
        {
            throw ApiException.FailedPrecondition(
                $"RlorTrainerJob \"{job.Name}\" is {(job.State ?? JobState.Unspecified)}; training steps run only while it is JOB_STATE_RUNNING.");
        }

        state.RequireIfLocal(body.Dataset, state.Datasets, "dataset");
        var outputId = state.LocalId(body.OutputModel, "models")
            ?? throw ApiException.InvalidArgument($"outputModel \"{body.OutputModel}\" must be a model of this account (accounts/{state.AccountId}/models/<id>).");
        if (state.Models.Find(outputId) is not null)
        {
            throw ApiException.AlreadyExists($"Model \"{body.OutputModel}\" already exists; each training step writes a new model.");
        }

        var now = state.Clock.UtcNow;
        var start = stepQueueEnd.TryGetValue(stored.Id, out var queued) && queued > now ? queued : now;
        var done = start + state.Timings.TrainStep;
        stepQueueEnd[stored.Id] = done;
        ModelsApi.EnsureTrainingOutput(state, body.OutputModel, job.Name!, job.TrainingConfig?.LoraRank, now, done);
        return ApiResult.Empty;
    }
}
