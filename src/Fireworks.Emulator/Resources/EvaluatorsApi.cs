using Fireworks.Models;
using Fireworks.Serialization;

namespace Fireworks.Emulator;

/// <summary>Evaluators: BUILDING for <see cref="EmulatorTimings.EvaluatorBuild"/>, then ACTIVE; a code change rebuilds.</summary>
internal sealed class EvaluatorsApi
{
    // Changing what the evaluator runs triggers a new build, as on the service.
    private static readonly HashSet<string> BuildInputs = new(StringComparer.Ordinal) { "criteria", "requirements", "entryPoint", "source", "commitHash" };

    private readonly EmulatorState state;
    private readonly CollectionOperations<Evaluator> operations;

    public EvaluatorsApi(EmulatorState state)
    {
        this.state = state;
        operations = new CollectionOperations<Evaluator>(state.Evaluators);
    }

    public void Register(HandlerTable table)
    {
        table.Add("Gateway_CreateEvaluator", Create);
        table.AddReader("Gateway_GetEvaluator", Get);
        table.AddReader("Gateway_ListEvaluators", List);
        table.Add("Gateway_UpdateEvaluator", Update);
        table.Add("Gateway_DeleteEvaluator", Delete);
    }

    private ApiResult Create(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        var body = request.ReadBody(FireworksJsonContext.Default.CreateEvaluatorBody);
        if (body.Evaluator is null)
        {
            throw ApiException.InvalidArgument("evaluator is required.");
        }

        DeclaredFields.RejectUnknown(body.AdditionalProperties, "CreateEvaluatorBody");
        var evaluator = operations.CreationInput(request, body.Evaluator, "evaluator", out var requestedName);
        var id = state.ChooseId(body.EvaluatorId, state.Evaluators, requestedName);
        var now = state.Clock.UtcNow;
        evaluator.Name = state.Evaluators.NameOf(id);
        evaluator.CreateTime = now;
        evaluator.UpdateTime = now;
        evaluator.CreatedBy = state.Account.Email;
        var stored = state.Evaluators.Add(id, evaluator);
        Build(stored, now);
        return ApiResult.Json(evaluator, FireworksJsonContext.Default.Evaluator);
    }

    private void Build(StoredResource<Evaluator> stored, DateTimeOffset now)
    {
        stored.NextGeneration();
        stored.Value.State = EvaluatorState.Building;
        state.Schedule(state.Evaluators, stored, now + state.Timings.EvaluatorBuild, (e, at) =>
        {
            e.State = EvaluatorState.Active;
            e.UpdateTime = at;
        });
    }

    private ApiResult Get(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        return operations.Respond(request, state.Evaluators.Get(request.Path("evaluator_id")).Value);
    }

    private ApiResult List(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        return operations.List(
            request,
            (items, next, total) => new ListEvaluatorsResponse { Evaluators = items, NextPageToken = next, TotalSize = total },
            FireworksJsonContext.Default.ListEvaluatorsResponse,
            "evaluators");
    }

    private ApiResult Update(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        var stored = state.Evaluators.Get(request.Path("evaluator_id"));
        var body = request.ReadBody(FireworksJsonContext.Default.UpdateEvaluatorRequest);
        var (updated, changed) = operations.Update(request, stored.Value, body, FireworksJsonContext.Default.UpdateEvaluatorRequest);
        var now = state.Clock.UtcNow;
        if (changed.Count > 0)
        {
            updated.UpdateTime = now;
        }

        stored.Value = updated;
        if (changed.Overlaps(BuildInputs))
        {
            Build(stored, now);
        }

        return ApiResult.Json(updated, FireworksJsonContext.Default.Evaluator);
    }

    private ApiResult Delete(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        var id = request.Path("evaluator_id");
        state.Evaluators.Get(id);
        state.Evaluators.Remove(id);
        return ApiResult.Empty;
    }
}
