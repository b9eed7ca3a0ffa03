using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Fireworks.Emulator;

/// <summary>
/// Serves the signed URLs the emulator hands out, like Cloud Storage: <c>PUT</c> of a whole object, resumable sessions
/// (<c>POST</c> with <c>x-goog-resumable: start</c>, chunked <c>PUT</c>s with <c>Content-Range</c>, status queries with
/// <c>bytes */N</c>, 308 with <c>Range</c>), and <c>GET</c> with <c>Range</c>/<c>If-Range</c>. Every answer that completes
/// an object carries <c>x-goog-hash: crc32c=…</c>. Bodies stream to and from disk; no request-size limit applies here.
/// </summary>
internal sealed partial class StorageEndpoint
{
    private const int BufferSize = 512 * 1024;
    private readonly FileStore store;

    public StorageEndpoint(FileStore store) => this.store = store;

    public static bool Handles(PathString path) => path.StartsWithSegments(FileStore.PathPrefix.TrimEnd('/'), StringComparison.Ordinal);

    public async Task HandleAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        var request = context.Request;
        var parts = (request.Path.Value ?? string.Empty)[FileStore.PathPrefix.Length..].Split('/');
        if (store.Faults.TakeFailure() is { } failure)
        {
            await ErrorAsync(context, failure, "Injected failure.").ConfigureAwait(false);
            return;
        }

        if (parts is ["o", var token])
        {
            var grant = store.FindGrant(token, request.Query["X-Goog-Signature"]);
            if (grant is null)
            {
                await ErrorAsync(context, 403, "SignatureDoesNotMatch: the URL is not a valid signed URL of this emulator.").ConfigureAwait(false);
                return;
            }

            if (HttpMethods.IsGet(request.Method) && !grant.Write)
            {
                await GetAsync(context, grant).ConfigureAwait(false);
            }
            else if (HttpMethods.IsPut(request.Method) && grant.Write)
            {
                await PutAsync(context, grant).ConfigureAwait(false);
            }
            else if (HttpMethods.IsPost(request.Method) && grant.Write && string.Equals(request.Headers["x-goog-resumable"], "start", StringComparison.OrdinalIgnoreCase))
            {
                var (url, _) = store.StartSession($"{request.Scheme}://{request.Host}", grant);
                context.Response.StatusCode = 201;
                context.Response.Headers.Location = url;
            }
            else
            {
                await ErrorAsync(context, 405, $"{request.Method} is not allowed with this signed URL.").ConfigureAwait(false);
            }

            return;
        }

        if (parts is ["s", var id] && HttpMethods.IsPut(request.Method))
        {
            var session = store.FindSession(id, request.Query["upload_id"]);
            if (session is null)
            {
                await ErrorAsync(context, 404, "No such upload session.").ConfigureAwait(false);
                return;
            }

            await SessionPutAsync(context, session).ConfigureAwait(false);
            return;
        }

        await ErrorAsync(context, 404, "No such storage object.").ConfigureAwait(false);
    }

    private async Task PutAsync(HttpContext context, StorageGrant grant)
    {
        var staging = store.StagingPath();
        Directory.CreateDirectory(Path.GetDirectoryName(staging)!);
        var (length, crc, complete) = await ReceiveAsync(context, staging, 0, new Crc32C()).ConfigureAwait(false);
        if (!complete)
        {
            File.Delete(staging);
            return;
        }

        if (grant.ExpectedSize is { } expected && length != expected)
        {
            File.Delete(staging);
            await ErrorAsync(context, 400, $"'{grant.FileName}' is {length} bytes, but the upload endpoint was told {expected} (filenameToSize).").ConfigureAwait(false);
            return;
        }

        var stored = store.Commit(grant, staging, length, crc.Value);
        Completed(context, stored);
    }

    private async Task SessionPutAsync(HttpContext context, UploadSession session)
    {
        var grant = session.Grant;
        if (!TryParseContentRange(context.Request.Headers.ContentRange, out var first, out var last, out var total))
        {
            await ErrorAsync(context, 400, "A session PUT needs 'Content-Range: bytes a-b/N' or 'bytes */N'.").ConfigureAwait(false);
            return;
        }

        if (grant.ExpectedSize is { } expected && total != expected)
        {
            await ErrorAsync(context, 400, $"'{grant.FileName}' is {total} bytes by Content-Range, but the upload endpoint was told {expected} (filenameToSize).").ConfigureAwait(false);
            return;
        }

        await session.Gate.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            if (session.Done)
            {
                Completed(context, store.Find(grant.Kind, grant.ResourceId, grant.FileName)!);
                return;
            }

            if (first is { } start)
            {
                if (start != session.Committed)
                {
                    await ErrorAsync(context, 400, $"The chunk starts at {start}, but the session holds {session.Committed} bytes; query it with 'bytes */{total}'.").ConfigureAwait(false);
                    return;
                }

                var (length, crc, complete) = await ReceiveAsync(context, session.PartPath, start, session.Crc).ConfigureAwait(false);
                session.Committed = start + length;
                session.Crc = crc;
                if (!complete)
                {
                    return;
                }

                if (length != last!.Value - start + 1)
                {
                    await ErrorAsync(context, 400, $"The chunk has {length} bytes, but Content-Range announced {last.Value - start + 1}.").ConfigureAwait(false);
                    return;
                }
            }

            if (session.Committed == total)
            {
                session.Done = true;
                var stored = store.Commit(grant, session.PartPath, total, session.Crc.Value);
                Completed(context, stored);
                return;
            }

            context.Response.StatusCode = 308;
            if (session.Committed > 0)
            {
                context.Response.Headers["Range"] = $"bytes=0-{session.Committed - 1}";
            }
        }
        finally
        {
            session.Gate.Release();
        }
    }

    /// <summary>Appends the request body to <paramref name="path"/> at <paramref name="offset"/>; an injected cut aborts the connection.</summary>
    private async Task<(long Length, Crc32C Crc, bool Complete)> ReceiveAsync(HttpContext context, string path, long offset, Crc32C crc)
    {
        var cut = store.Faults.TakeCut();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long received = 0;
        try
        {
            await using var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            file.SetLength(offset);
            file.Position = offset;
            while (true)
            {
                var want = cut is { } limit ? (int)Math.Min(BufferSize, limit - received) : BufferSize;
                if (want == 0)
                {
                    await file.FlushAsync().ConfigureAwait(false);
                    context.Abort();
                    return (received, crc, false);
                }

                int read;
                try
                {
                    read = await context.Request.Body.ReadAsync(buffer.AsMemory(0, want), context.RequestAborted).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is IOException or OperationCanceledException or BadHttpRequestException)
                {
                    // The client went away mid-body: keep what arrived (a resumable session continues from it).
                    return (received, crc, false);
                }

                if (read == 0)
                {
                    return (received, crc, true);
                }

                crc.Append(buffer.AsSpan(0, read));
                await file.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
                received += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task GetAsync(HttpContext context, StorageGrant grant)
    {
        var stored = store.Find(grant.Kind, grant.ResourceId, grant.FileName);
        if (stored is null)
        {
            await ErrorAsync(context, 404, $"'{grant.FileName}' does not exist.").ConfigureAwait(false);
            return;
        }

        var response = context.Response;
        long offset = 0;
        var range = context.Request.GetTypedHeaders().Range;
        var ifRange = context.Request.Headers.IfRange.ToString();
        if (range is { Ranges.Count: 1 } && (ifRange.Length == 0 || ifRange == stored.ETag))
        {
            var requested = range.Ranges.First();
            if (requested.From is not { } from || requested.To is not null || from > stored.Length)
            {
                response.Headers.ContentRange = $"bytes */{stored.Length}";
                await ErrorAsync(context, 416, "Only 'bytes=N-' ranges within the object are served.").ConfigureAwait(false);
                return;
            }

            offset = from;
            response.StatusCode = 206;
            response.Headers.ContentRange = $"bytes {from}-{stored.Length - 1}/{stored.Length}";
        }
        else
        {
            response.StatusCode = 200;
        }

        response.ContentType = "application/octet-stream";
        response.ContentLength = stored.Length - offset;
        response.Headers.ETag = stored.ETag;
        response.Headers["x-goog-hash"] = Hash(stored.Crc32C);
        var cut = store.Faults.TakeCut();
        if (cut is null)
        {
            await response.SendFileAsync(stored.Path, offset, stored.Length - offset, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await using var file = new FileStream(stored.Path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous);
        file.Position = offset;
        var buffer = new byte[(int)Math.Min(BufferSize, Math.Max(1, cut.Value))];
        long sent = 0;
        while (sent < cut.Value)
        {
            var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, cut.Value - sent))).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            await response.Body.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
            sent += read;
        }

        await response.Body.FlushAsync().ConfigureAwait(false);
        context.Abort();
    }

    private void Completed(HttpContext context, StoredObject stored)
    {
        context.Response.StatusCode = 200;
        context.Response.Headers.ETag = stored.ETag;
        context.Response.Headers["x-goog-hash"] = Hash(stored.Crc32C);
    }

    private string Hash(uint crc)
    {
        if (store.Faults.TakeChecksumCorruption())
        {
            crc ^= 0xFFFF;
        }

        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, crc);
        return "crc32c=" + Convert.ToBase64String(bytes);
    }

    private static bool TryParseContentRange(string? header, out long? first, out long? last, out long total)
    {
        first = last = null;
        total = 0;
        var match = ContentRangePattern().Match(header ?? string.Empty);
        if (!match.Success)
        {
            return false;
        }

        total = long.Parse(match.Groups["total"].Value, CultureInfo.InvariantCulture);
        if (match.Groups["first"].Success)
        {
            first = long.Parse(match.Groups["first"].Value, CultureInfo.InvariantCulture);
            last = long.Parse(match.Groups["last"].Value, CultureInfo.InvariantCulture);
            return first <= last && last < total;
        }

        return true;
    }

    private static async Task ErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/xml";
        await context.Response.WriteAsync($"<Error><Code>{status}</Code><Message>{message.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)}</Message></Error>").ConfigureAwait(false);
    }

    [GeneratedRegex(@"^bytes (?:(?<first>\d+)-(?<last>\d+)|\*)/(?<total>\d+)$")]
    private static partial Regex ContentRangePattern();
}
