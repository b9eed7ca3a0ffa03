using System.Net.Http.Headers;
using Microsoft.Kiota.Abstractions;

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

    public static async Task SendAsync(FireworksPipeline pipeline, string datasetId, string accountId, LocalFile file, Action<long> sent, CancellationToken cancellationToken)
    {
        sent(0);
        var request = pipeline.CreateRequest(Method.POST, "{+baseurl}/v1/accounts/{account_id}/datasets/{dataset_id}:upload");
        request.PathParameters["account_id"] = accountId;
        request.PathParameters["dataset_id"] = datasetId;
        using var multipart = new MultipartFormDataContent();
        var fileStream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, FileUploadContent.BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var part = new StreamContent(new ProgressReadStream(fileStream, sent), FileUploadContent.BufferSize);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        multipart.Add(part, "file", file.Name);

        // MultipartContent reads its parts' streams lazily: the file is never buffered in memory.
        await using var body = await multipart.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        request.SetStreamContent(body, multipart.Headers.ContentType!.ToString());

        // The stream is consumed by the first attempt: the pipeline must not repeat it; the caller's attempts make a new one.
        var options = new RequestOptions { MaxRetries = 0, Timeout = Timeout.InfiniteTimeSpan };
        await pipeline.SendAsync(request, OperationName, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether a failed direct upload may succeed when sent again (nothing is stored until the request completes).</summary>
    public static bool IsTransient(FireworksException exception) =>
        exception.HttpStatus is 0 or 408 or 429 or >= 500;
}
