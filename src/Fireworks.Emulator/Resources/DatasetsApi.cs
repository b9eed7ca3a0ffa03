using Fireworks.Models;
using Fireworks.Serialization;

namespace Fireworks.Emulator;

/// <summary>Datasets: UPLOADING for <see cref="EmulatorTimings.DatasetUpload"/>, then READY.</summary>
internal sealed class DatasetsApi
{
    private readonly EmulatorState state;
    private readonly CollectionOperations<Dataset> operations;

    public DatasetsApi(EmulatorState state)
    {
        this.state = state;
        operations = new CollectionOperations<Dataset>(state.Datasets);
    }

    public void Register(HandlerTable table)
    {
        table.Add("Gateway_CreateDataset", Create);
        table.AddReader("Gateway_GetDataset", Get);
        table.AddReader("Gateway_ListDatasets", List);
        table.Add("Gateway_UpdateDataset", Update);
        table.Add("Gateway_DeleteDataset", Delete);
    }

    private ApiResult Create(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        var body = request.ReadBody(FireworksJsonContext.Default.CreateDatasetBody);
        if (body.Dataset is null)
        {
            throw ApiException.InvalidArgument("dataset is required.");
        }

        if (!string.IsNullOrEmpty(body.Filter))
        {
            throw new ApiException(Code.Unimplemented, "Creating a dataset from a filtered source dataset is not emulated; omit 'filter'.");
        }

        DeclaredFields.RejectUnknown(body.AdditionalProperties, "CreateDatasetBody");
        var dataset = operations.CreationInput(request, body.Dataset, "dataset", out var requestedName);
        if (!string.IsNullOrEmpty(body.SourceDatasetId))
        {
            var source = state.Datasets.Get(body.SourceDatasetId).Value;
            dataset.ExampleCount ??= source.ExampleCount;
            dataset.Format ??= source.Format;
        }

        var id = state.ChooseId(body.DatasetId, state.Datasets, requestedName);
        var now = state.Clock.UtcNow;
        dataset.Name = state.Datasets.NameOf(id);
        dataset.CreateTime = now;
        dataset.UpdateTime = now;
        dataset.CreatedBy = state.Account.Email;
        dataset.State = DatasetState.Uploading;
        var stored = state.Datasets.Add(id, dataset);
        state.Schedule(state.Datasets, stored, now + state.Timings.DatasetUpload, (d, at) =>
        {
            d.State = DatasetState.Ready;
            d.UpdateTime = at;
        });
        return ApiResult.Json(dataset, FireworksJsonContext.Default.Dataset);
    }

    private ApiResult Get(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        return operations.Respond(request, state.Datasets.Get(request.Path("dataset_id")).Value);
    }

    private ApiResult List(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        return operations.List(
            request,
            (items, next, total) => new ListDatasetsResponse { Datasets = items, NextPageToken = next, TotalSize = total },
            FireworksJsonContext.Default.ListDatasetsResponse,
            "datasets");
    }

    private ApiResult Update(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        var stored = state.Datasets.Get(request.Path("dataset_id"));
        var body = request.ReadBody(FireworksJsonContext.Default.UpdateDatasetRequest);
        var (updated, changed) = operations.Update(request, stored.Value, body, FireworksJsonContext.Default.UpdateDatasetRequest);
        if (changed.Count > 0)
        {
            updated.UpdateTime = state.Clock.UtcNow;
        }

        stored.Value = updated;
        return ApiResult.Json(updated, FireworksJsonContext.Default.Dataset);
    }

    private ApiResult Delete(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        var id = request.Path("dataset_id");
        state.Datasets.Get(id);
        state.Datasets.Remove(id);
        return ApiResult.Empty;
    }
}
