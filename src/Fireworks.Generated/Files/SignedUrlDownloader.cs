using System.Buffers;
using System.Net;
using System.Net.Http.Headers;

namespace Fireworks;

/// <summary>
/// Downloads one signed URL into a part file beside the target and renames it to the target only once it is complete
/// and its checksum matches, so a partial file never sits under its final name. A later attempt of the same transfer
/// continues with <c>Range</c> (and <c>If-Range</c> on the ETag, so a changed object is fetched whole).
/// </summary>
/// <remarks>
/// The part file's name is random (<c>{32 hex digits}.fwpart</c>) and created new: a name derived from the target's
/// (<c>x.fwpart</c> for <c>x</c>) is a name the server may also list, or the caller may already keep there, and
/// downloading <c>x</c> would then overwrite and rename that file away.
/// </remarks>
internal static class SignedUrlDownloader
{
    public const string PartSuffix = ".fwpart";

    public static async Task<long> DownloadAsync(HttpClient http, Uri url, string fileName, string target, DownloadSession session, Action<long> received, Action<long> lengthKnown, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory);
        var part = session.PartPath;
        long offset = part is not null && File.Exists(part) ? new FileInfo(part).Length : 0;
        if (part is null)
        {
            part = session.PartPath = Path.Combine(directory, Guid.NewGuid().ToString("N") + PartSuffix);
            File.Open(part, FileMode.CreateNew, FileAccess.Write, FileShare.None).Dispose();
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (offset > 0)
        {
            request.Headers.Range = new RangeHeaderValue(offset, null);
            if (session.ETag is { } etag)
            {
                request.Headers.IfRange = new RangeConditionHeaderValue(etag);
            }
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            File.Delete(part);
            throw new FileTransferException(fileName, $"Resuming the download of '{fileName}' at byte {offset} was refused (the object changed); starting it again.", 416, isTransient: true);
        }

        await StorageResponses.EnsureSuccessAsync(response, fileName, url, "Downloading", cancellationToken).ConfigureAwait(false);
        long? total;
        if (response.StatusCode == HttpStatusCode.PartialContent)
        {
            var range = response.Content.Headers.ContentRange;
            if (range?.From != offset)
            {
                File.Delete(part);
                throw new FileTransferException(fileName, $"The storage answered the resumed download of '{fileName}' with another range; starting it again.", 206, isTransient: true);
            }

            total = range.Length;
        }
        else
        {
            offset = 0;
            total = response.Content.Headers.ContentLength;
        }

        session.ETag = response.Headers.ETag;
        if (total is { } known)
        {
            lengthKnown(known);
        }

        var crc = offset == 0 ? new Crc32C() : await Crc32C.OfFileAsync(part, offset, cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(FileUploadContent.BufferSize);
        long written = offset;
        try
        {
            await using (var file = new FileStream(part, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous | FileOptions.SequentialScan))
            {
                file.SetLength(offset);
                file.Position = offset;
                received(offset);
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    crc.Append(buffer.AsSpan(0, read));
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    written += read;
                    received(written);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (total is { } expected && written != expected)
        {
            throw new FileTransferException(fileName, $"The download of '{fileName}' ended after {written} of {expected} bytes.", isTransient: true);
        }

        try
        {
            await StorageChecksums.VerifyAsync(response, fileName, part, written, crc, "download", cancellationToken).ConfigureAwait(false);
        }
        catch (FileTransferException)
        {
            File.Delete(part);
            throw;
        }

        File.Move(part, target, overwrite: true);
        return written;
    }
}

/// <summary>What one file's download keeps across its attempts.</summary>
internal sealed class DownloadSession
{
    /// <summary>The part file the first attempt created (its own, never another file's), or null before it.</summary>
    public string? PartPath { get; set; }

    public EntityTagHeaderValue? ETag { get; set; }
}
