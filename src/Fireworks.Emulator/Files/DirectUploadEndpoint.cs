using System.Text.Json;
using System.Text.RegularExpressions;
using Fireworks.Models;
using Fireworks.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Fireworks.Emulator;

/// <summary>
/// <c>POST /v1/accounts/{account_id}/datasets/{dataset_id}:upload</c>: the documented one-request upload of a dataset
/// file (multipart/form-data, part <c>file</c>, at most 150 MB). The vendor spec does not list it, so it is routed here
/// rather than through the operation table. The file streams to disk; the dataset is validated and READY on return.
/// </summary>
internal sealed partial class DirectUploadEndpoint
{
    public const long MaxBytes = 150L * 1000 * 1000;
    private readonly EmulatorState state;
    private readonly FileStore store;
    private readonly FilesApi files;

    public DirectUploadEndpoint(EmulatorState state, FileStore store, FilesApi files)
    {
        this.state = state;
        this.store = store;
        this.files = files;
    }

    public static bool Handles(HttpRequest request) => HttpMethods.IsPost(request.Method) && UploadPath().IsMatch(request.Path.Value ?? string.Empty);

    public async Task HandleAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBytes + 1024 * 1024;
        }

        var staging = store.StagingPath();
        try
        {
            var match = UploadPath().Match(context.Request.Path.Value!);
            var (accountId, datasetId) = (match.Groups["account"].Value, match.Groups["dataset"].Value);
            if (!string.Equals(context.Request.Headers.Authorization.ToString(), "Bearer " + state.Options.ApiKey, StringComparison.Ordinal))
            {
                throw new ApiException(Code.Unauthenticated, "The request has no valid API key: send 'Authorization: Bearer <key>'.");
            }

            var (fileName, length, crc) = await ReceiveFileAsync(context, staging).ConfigureAwait(false);
            using (state.Write())
            {
                state.Advance();
                state.CheckAccount(accountId);
                files.BeginDatasetUpload(datasetId, new Dictionary<string, long> { [fileName] = length });
                store.Commit(new StorageGrant("datasets", datasetId, fileName, length, Write: true, Signature: string.Empty), staging, length, crc);
                files.CompleteDatasetUpload(datasetId);
            }

            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{}").ConfigureAwait(false);
        }
        catch (ApiException exception)
        {
            var body = new RpcStatus { Code = exception.Code.Number ?? Code.Numbers.Unknown, Message = exception.Message, Details = [] };
            context.Response.StatusCode = exception.HttpStatus;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body, FireworksJsonContext.Default.RpcStatus)).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(staging);
        }
    }

    private static async Task<(string FileName, long Length, uint Crc)> ReceiveFileAsync(HttpContext context, string staging)
    {
        var contentType = context.Request.ContentType ?? string.Empty;
        var boundary = MediaTypeHeaderValue.TryParse(contentType, out var media) && media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            ? HeaderUtilities.RemoveQuotes(media.Boundary).Value
            : null;
        if (string.IsNullOrEmpty(boundary))
        {
            throw ApiException.InvalidArgument("The upload must be multipart/form-data with a part named 'file'.");
        }

        var reader = new MultipartReader(boundary, context.Request.Body);
        while (await reader.ReadNextSectionAsync(context.RequestAborted).ConfigureAwait(false) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !string.Equals(disposition.Name.Value?.Trim('"'), "file", StringComparison.Ordinal))
            {
                continue;
            }

            var fileName = Path.GetFileName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? string.Empty);
            if (!FileNames.IsSafe(fileName))
            {
                throw ApiException.InvalidArgument($"The part 'file' has no usable file name ('{fileName}').");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(staging)!);
            var crc = new Crc32C();
            long length = 0;
            var buffer = new byte[256 * 1024];
            await using (var file = new FileStream(staging, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                int read;
                while ((read = await section.Body.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false)) > 0)
                {
                    length += read;
                    if (length > MaxBytes)
                    {
                        throw ApiException.InvalidArgument($"'{fileName}' is larger than {MaxBytes} bytes, the limit of this endpoint; use the dataset's upload endpoint (signed URLs).");
                    }

                    crc.Append(buffer.AsSpan(0, read));
                    await file.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted).ConfigureAwait(false);
                }
            }

            return (fileName, length, crc.Value);
        }

        throw ApiException.InvalidArgument("The upload has no part named 'file'.");
    }

    [GeneratedRegex(@"^/v1/accounts/(?<account>[^/:]+)/datasets/(?<dataset>[^/:]+):upload$")]
    private static partial Regex UploadPath();
}
