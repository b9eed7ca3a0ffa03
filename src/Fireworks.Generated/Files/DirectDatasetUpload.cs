using System.Net.Http.Headers;

namespace Fireworks;

/// <summary>
/// The documented one-request dataset upload, <c>POST /v1/accounts/{account_id}/datasets/{dataset_id}:upload</c> with a
/// <c>multipart/form-data</c> body whose part <c>file</c> is the JSONL file (up to 150 MB). The vendor's OpenAPI file does
/// not describe it (its body is not JSON, which the generator does not map), so it is written here, through the same
/// pipeline as every generated call: auth, headers, error mapping.
/// </summary>
internal static class DirectDatasetUpload
{
    internal const string OperationName = "UploadDatasetFiles";

    private static readonly ApiOperation UploadOperation = new(OperationName, HttpMethod.Post, "/v1/accounts/{account_id}/datasets/{dataset_id}:upload");

    public static async Task SendAsync(FireworksPipeline pipeline, string datasetId, string accountId, LocalFile file, Action<long> sent, CancellationToken cancellationToken)
    {
        sent(0);
        PathSegment.Validate(accountId, nameof(accountId));
        PathSegment.Validate(datasetId, nameof(datasetId));
        var request = new FireworksRequest(UploadOperation, string.Concat("/v1/accounts/", accountId, "/datasets/", datasetId, ":upload"));
        using var multipart = new MultipartFormDataContent();
        var fileStream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, FileUploadContent.BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var part = new StreamContent(new ProgressReadStream(fileStream, sent), FileUploadContent.BufferSize);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        multipart.Add(part, "file", file.Name);

        // MultipartContent reads its parts' streams as it sends: the file is never buffered in memory.
        request.OneShotContent = multipart;

        // The stream is consumed by the first attempt: the pipeline must not repeat it; the caller's attempts make a new one.
        var options = new RequestOptions { MaxRetries = 0, Timeout = Timeout.InfiniteTimeSpan };
        await pipeline.SendAsync(request, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether a failed direct upload may succeed when sent again (nothing is stored until the request completes).</summary>
    public static bool IsTransient(FireworksException exception) => TransientFailure.IsTransient(exception);
}
