using Fireworks.Models;
using Fireworks.Serialization;

namespace Fireworks.Emulator;

/// <summary>
/// Upload and download endpoints of datasets, models and evaluators: signed URLs served by <see cref="StorageEndpoint"/>,
/// sizes checked against <c>filenameToSize</c>, validation that moves the resource to READY (ACTIVE for evaluators).
/// </summary>
internal sealed class FilesApi
{
    private readonly EmulatorState state;
    private readonly FileStore store;

    public FilesApi(EmulatorState state, FileStore store)
    {
        this.state = state;
        this.store = store;
    }

    public void Register(HandlerTable table)
    {
        table.Add("Gateway_GetDatasetUploadEndpoint", GetDatasetUploadEndpoint);
        table.Add("Gateway_ValidateDatasetUpload", ValidateDatasetUpload);
        table.Add("Gateway_GetDatasetDownloadEndpoint", GetDatasetDownloadEndpoint);
        table.Add("Gateway_GetModelUploadEndpoint", GetModelUploadEndpoint);
        table.Add("Gateway_ValidateModelUpload", ValidateModelUpload);
        table.Add("Gateway_GetModelDownloadEndpoint", GetModelDownloadEndpoint);
        table.Add("Gateway_GetEvaluatorUploadEndpoint", GetEvaluatorUploadEndpoint);
        table.Add("Gateway_ValidateEvaluatorUpload", ValidateEvaluatorUpload);
        table.Add("Gateway_GetEvaluatorSourceCodeEndpoint", GetEvaluatorSourceCodeEndpoint);
    }

    /// <summary>Marks a dataset as receiving files (cancelling its timed READY) and records the promised sizes.</summary>
    public void BeginDatasetUpload(string datasetId, IReadOnlyDictionary<string, long> sizes)
    {
        var dataset = state.Datasets.Get(datasetId);
        dataset.NextGeneration();
        dataset.Value.State = DatasetState.Uploading;
        dataset.Value.UpdateTime = state.Clock.UtcNow;
        store.BeginUpload("datasets", datasetId, sizes);
    }

    /// <summary>Checks the stored files of a dataset and makes it READY with its example count.</summary>
    public void CompleteDatasetUpload(string datasetId)
    {
        var dataset = state.Datasets.Get(datasetId);
        UploadValidation.RequireAllFiles(store, "datasets", datasetId);
        var examples = UploadValidation.JsonLines(store, "datasets", datasetId);
        dataset.NextGeneration();
        dataset.Value.ExampleCount = examples;
        dataset.Value.State = DatasetState.Ready;
        dataset.Value.UpdateTime = state.Clock.UtcNow;
    }

    private ApiResult GetDatasetUploadEndpoint(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        var id = request.Path("dataset_id");
        var sizes = CheckedSizes(request.ReadBody(FireworksJsonContext.Default.GetDatasetUploadEndpointBody).FilenameToSize);
        BeginDatasetUpload(id, sizes);
        return ApiResult.Json(
            new GetDatasetUploadEndpointResponse { FilenameToSignedUrls = SignWrites(request, "datasets", id, sizes) },
            FireworksJsonContext.Default.GetDatasetUploadEndpointResponse);
    }

    private ApiResult ValidateDatasetUpload(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        CompleteDatasetUpload(request.Path("dataset_id"));
        return ApiResult.Empty;
    }

    private ApiResult GetDatasetDownloadEndpoint(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        var id = request.Path("dataset_id");
        state.Datasets.Get(id);
        return ApiResult.Json(
            new GetDatasetDownloadEndpointResponse { FilenameToSignedUrls = SignReads(request, "datasets", id) },
            FireworksJsonContext.Default.GetDatasetDownloadEndpointResponse);
    }

    private ApiResult GetModelUploadEndpoint(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        var id = request.Path("model_id");
        var model = state.Models.Get(id);
        var sizes = CheckedSizes(request.ReadBody(FireworksJsonContext.Default.GetModelUploadEndpointBody).FilenameToSize);
        model.NextGeneration();
        model.Value.State = ModelState.Uploading;
        model.Value.UpdateTime = state.Clock.UtcNow;
        store.BeginUpload("models", id, sizes);
        return ApiResult.Json(
            new GetModelUploadEndpointResponse { FilenameToSignedUrls = SignWrites(request, "models", id, sizes) },
            FireworksJsonContext.Default.GetModelUploadEndpointResponse);
    }

    private ApiResult ValidateModelUpload(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        var id = request.Path("model_id");
        var model = state.Models.Get(id);
        UploadValidation.RequireAllFiles(store, "models", id);
        UploadValidation.ModelDirectory(store, id);
        model.NextGeneration();
        model.Value.State = ModelState.Ready;
        model.Value.UpdateTime = state.Clock.UtcNow;
        return ApiResult.Json(new ValidateModelUploadResponse { Warnings = [] }, FireworksJsonContext.Default.ValidateModelUploadResponse);
    }

    private ApiResult GetModelDownloadEndpoint(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        var id = request.Path("model_id");
        state.Models.Get(id);
        return ApiResult.Json(
            new GetModelDownloadEndpointResponse { FilenameToSignedUrls = SignReads(request, "models", id) },
            FireworksJsonContext.Default.GetModelDownloadEndpointResponse);
    }

    private ApiResult GetEvaluatorUploadEndpoint(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        var id = request.Path("evaluator_id");
        state.Evaluators.Get(id);
        var sizes = CheckedSizes(request.ReadBody(FireworksJsonContext.Default.GetEvaluatorUploadEndpointBody).FilenameToSize);
        store.BeginUpload("evaluators", id, sizes);
        return ApiResult.Json(
            new GetEvaluatorUploadEndpointResponse { FilenameToSignedUrls = SignWrites(request, "evaluators", id, sizes) },
            FireworksJsonContext.Default.GetEvaluatorUploadEndpointResponse);
    }

    private ApiResult ValidateEvaluatorUpload(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        var id = request.Path("evaluator_id");
        var evaluator = state.Evaluators.Get(id);
        UploadValidation.RequireAllFiles(store, "evaluators", id);
        UploadValidation.SourceArchive(store, id);
        evaluator.NextGeneration();
        evaluator.Value.State = EvaluatorState.Active;
        evaluator.Value.UpdateTime = state.Clock.UtcNow;
        return ApiResult.Empty;
    }

    private ApiResult GetEvaluatorSourceCodeEndpoint(ApiRequest request)
    {
        state.CheckAccount(request.Path("account_id"));
        var id = request.Path("evaluator_id");
        state.Evaluators.Get(id);
        return ApiResult.Json(
            new GetEvaluatorSourceCodeEndpointResponse { FilenameToSignedUrls = SignReads(request, "evaluators", id) },
            FireworksJsonContext.Default.GetEvaluatorSourceCodeEndpointResponse);
    }

    private static Dictionary<string, long> CheckedSizes(IDictionary<string, long>? sizes)
    {
        if (sizes is null || sizes.Count == 0)
        {
            throw ApiException.InvalidArgument("filenameToSize must name at least one file.");
        }

        foreach (var (name, size) in sizes)
        {
            if (!FileNames.IsSafe(name))
            {
                throw ApiException.InvalidArgument($"'{name}' is not a valid file name (a relative path without '.', '..', empty segments, '\\' or control characters).");
            }

            if (size < 0)
            {
                throw ApiException.InvalidArgument($"'{name}' has a negative size ({size}).");
            }
        }

        return new Dictionary<string, long>(sizes, StringComparer.Ordinal);
    }

    private Dictionary<string, string> SignWrites(ApiRequest request, string kind, string id, IReadOnlyDictionary<string, long> sizes) =>
        sizes.ToDictionary(p => p.Key, p => store.Sign(Origin(request), kind, id, p.Key, p.Value, write: true), StringComparer.Ordinal);

    private Dictionary<string, string> SignReads(ApiRequest request, string kind, string id) =>
        store.FileNames(kind, id).ToDictionary(n => n, n => store.Sign(Origin(request), kind, id, n, null, write: false), StringComparer.Ordinal);

    private static string Origin(ApiRequest request) => "http://" + (request.Header("Host") ?? "127.0.0.1");
}

/// <summary>The file names the emulator's storage accepts.</summary>
internal static class FileNames
{
    public static bool IsSafe(string name) =>
        !string.IsNullOrEmpty(name)
        && !name.StartsWith('/')
        && !name.Contains('\\', StringComparison.Ordinal)
        && !name.Any(char.IsControl)
        && name.Split('/').All(segment => segment is not ("" or "." or ".."));
}
