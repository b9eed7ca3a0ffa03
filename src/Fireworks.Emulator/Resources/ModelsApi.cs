using Fireworks.Models;
using Fireworks.Serialization;

namespace Fireworks.Emulator;

/// <summary>Models: UPLOADING for <see cref="EmulatorTimings.ModelUpload"/>, then READY. Trainers also create models here.</summary>
internal sealed class ModelsApi
{
    private readonly EmulatorState state;
    private readonly CollectionOperations<Model> operations;

    public ModelsApi(EmulatorState state)
    {
        this.state = state;
        operations = new CollectionOperations<Model>(state.Models);
    }

    public void Register(HandlerTable table)
    {
        table.Add("Gateway_CreateModel", Create);
        table.AddReader("Gateway_GetModel", Get);
        table.AddReader("Gateway_ListModels", List);
        table.Add("Gateway_UpdateModel", Update);
        table.Add("Gateway_DeleteModel", Delete);
    }

    /// <summary>
    /// Creates (or, if it exists, leaves alone) the model a training job writes (a LoRA addon when <paramref name="loraRank"/> is positive), READY at <paramref name="readyAt"/>.
    /// Models outside the emulator's account are not tracked.
    /// </summary>
    public static void EnsureTrainingOutput(EmulatorState state, string? modelName, string jobName, int? loraRank, DateTimeOffset createdAt, DateTimeOffset readyAt)
    {
        var id = state.LocalId(modelName, "models");
        if (id is null || state.Models.Find(id) is not null)
        {
            return;
        }

        var model = new Model
        {
            Name = state.Models.NameOf(id),
            DisplayName = id,
            Kind = loraRank > 0 ? ModelKind.HfPeftAddon : ModelKind.HfBaseModel,
            FineTuningJob = jobName,
            CreateTime = createdAt,
            UpdateTime = createdAt,
            State = readyAt <= createdAt ? ModelState.Ready : ModelState.Uploading,
        };
        var stored = state.Models.Add(id, model);
        if (model.State == ModelState.Uploading)
        {
            state.Schedule(state.Models, stored, readyAt, (m, at) =>
            {
                m.State = ModelState.Ready;
                m.UpdateTime = at;
            });
        }
    }

    private ApiResult Create(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        var body = request.ReadBody(FireworksJsonContext.Default.CreateModelBody);
        DeclaredFields.RejectUnknown(body.AdditionalProperties, "CreateModelBody");
        var model = operations.CreationInput(request, body.Model ?? new Model(), "model", out var requestedName);
        var id = state.ChooseId(body.ModelId, state.Models, requestedName);
        var now = state.Clock.UtcNow;
        model.Name = state.Models.NameOf(id);
        model.CreateTime = now;
        model.UpdateTime = now;
        model.State = ModelState.Uploading;
        var stored = state.Models.Add(id, model);
        state.Schedule(state.Models, stored, now + state.Timings.ModelUpload, (m, at) =>
        {
            m.State = ModelState.Ready;
            m.UpdateTime = at;
        });
        return ApiResult.Json(model, FireworksJsonContext.Default.Model);
    }

    private ApiResult Get(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        return operations.Respond(request, state.Models.Get(request.Path("model_id")).Value);
    }

    private ApiResult List(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        return operations.List(
            request,
            (items, next, total) => new ListModelsResponse { Models = items, NextPageToken = next, TotalSize = total },
            FireworksJsonContext.Default.ListModelsResponse,
            "models");
    }

    private ApiResult Update(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        var stored = state.Models.Get(request.Path("model_id"));
        var body = request.ReadBody(FireworksJsonContext.Default.UpdateModelRequest);
        var (updated, changed) = operations.Update(request, stored.Value, body, FireworksJsonContext.Default.UpdateModelRequest);
        if (changed.Count > 0)
        {
            updated.UpdateTime = state.Clock.UtcNow;
        }

        stored.Value = updated;
        return ApiResult.Json(updated, FireworksJsonContext.Default.Model);
    }

    private ApiResult Delete(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        var id = request.Path("model_id");
        var name = state.Models.Get(id).Value.Name;
        var user = state.Deployments.All.FirstOrDefault(d => d.Value.BaseModel == name && d.Value.State != DeploymentState.Deleted);
        if (user is not null)
        {
            throw ApiException.FailedPrecondition($"Model \"{name}\" is in use by deployment \"{user.Value.Name}\"; delete the deployment first.");
        }

        state.Models.Remove(id);
        return ApiResult.Empty;
    }
}
