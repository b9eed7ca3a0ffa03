using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Fireworks;

/// <summary>Uploads one file to a signed URL: a single streamed PUT, or a GCS-style resumable session.</summary>
internal static class SignedUrlUploader
{
    /// <summary>One streamed PUT of the whole file; a retry sends it again from the start (PUT replaces the object).</summary>
    public static async Task PutAsync(HttpClient http, Uri url, LocalFile file, Action<long> sent, CancellationToken cancellationToken)
    {
        sent(0);
        using var content = new FileUploadContent(file.Path, 0, file.Length, new Crc32C(), sent);
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = content };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await StorageResponses.EnsureSuccessAsync(response, file.Name, url, "Uploading", cancellationToken).ConfigureAwait(false);
        await StorageChecksums.VerifyAsync(response, file.Name, file.Path, file.Length, content.Crc, "upload", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A resumable session: started once (POST with <c>x-goog-resumable: start</c>), then chunks PUT with
    /// <c>Content-Range</c>. After a failed attempt the next one asks the session how much it holds
    /// (<c>Content-Range: bytes */N</c>) and continues from there; an expired session (404/410) starts over.
    /// </summary>
    public static async Task ResumableAsync(HttpClient http, Uri signedUrl, LocalFile file, ResumableSession session, int chunkSize, Action<long> sent, CancellationToken cancellationToken)
    {
        long offset = 0;
        if (session.Url is { } existing)
        {
            var status = await QueryAsync(http, existing, file, cancellationToken).ConfigureAwait(false);
            if (status is null)
            {
                session.Url = null;
            }
            else if (status.Value == file.Length && session.Completed)
            {
                sent(file.Length);
                return;
            }
            else
            {
                offset = status.Value;
            }
        }

        session.Url ??= await StartAsync(http, signedUrl, file, cancellationToken).ConfigureAwait(false);
        var sessionUrl = session.Url;
        var crc = offset == 0 ? new Crc32C() : await Crc32C.OfFileAsync(file.Path, offset, cancellationToken).ConfigureAwait(false);
        sent(offset);
        do
        {
            var length = Math.Min(chunkSize, file.Length - offset);
            var start = offset;
            using var content = new FileUploadContent(file.Path, offset, length, crc, n => sent(start + n));
            content.Headers.ContentRange = length == 0
                ? ContentRangeHeaderValue.Parse("bytes */" + file.Length.ToString(CultureInfo.InvariantCulture))
                : new ContentRangeHeaderValue(offset, offset + length - 1, file.Length);
            using var request = new HttpRequestMessage(HttpMethod.Put, sessionUrl) { Content = content };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (StorageResponses.IsResumeIncomplete(response))
            {
                var committed = CommittedBytes(response);
                crc = committed == offset + length ? content.Crc : await Crc32C.OfFileAsync(file.Path, committed, cancellationToken).ConfigureAwait(false);
                offset = committed;
                sent(offset);
                continue;
            }

            await StorageResponses.EnsureSuccessAsync(response, file.Name, sessionUrl, "Uploading", cancellationToken).ConfigureAwait(false);
            if (offset + length != file.Length)
            {
                throw new FileTransferException(file.Name, $"The upload session of '{file.Name}' reported completion after {offset + length} of {file.Length} bytes.");
            }

            session.Completed = true;
            await StorageChecksums.VerifyAsync(response, file.Name, file.Path, file.Length, content.Crc, "upload", cancellationToken).ConfigureAwait(false);
            return;
        }
        while (true);
    }

    private static async Task<Uri> StartAsync(HttpClient http, Uri signedUrl, LocalFile file, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, signedUrl) { Content = new ByteArrayContent([]) };
        request.Headers.TryAddWithoutValidation("x-goog-resumable", "start");
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await StorageResponses.EnsureSuccessAsync(response, file.Name, signedUrl, "Starting the resumable upload of", cancellationToken).ConfigureAwait(false);
        return response.Headers.Location is { } location
            ? (location.IsAbsoluteUri ? location : new Uri(signedUrl, location))
            : throw new FileTransferException(file.Name, $"Starting the resumable upload of '{file.Name}' ({SignedUrls.Describe(signedUrl)}) returned no session Location.", (int)response.StatusCode);
    }

    /// <summary>The bytes the session holds, or null when it is gone (expired or unknown).</summary>
    private static async Task<long?> QueryAsync(HttpClient http, Uri sessionUrl, LocalFile file, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, sessionUrl) { Content = new ByteArrayContent([]) };
        request.Content.Headers.ContentRange = ContentRangeHeaderValue.Parse("bytes */" + file.Length.ToString(CultureInfo.InvariantCulture));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (StorageResponses.IsResumeIncomplete(response))
        {
            return CommittedBytes(response);
        }

        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            return null;
        }

        await StorageResponses.EnsureSuccessAsync(response, file.Name, sessionUrl, "Querying the upload session of", cancellationToken).ConfigureAwait(false);
        return file.Length;
    }

    /// <summary>The <c>Range: bytes=0-N</c> of a 308 answer: N + 1 bytes are stored; no header means none.</summary>
    private static long CommittedBytes(HttpResponseMessage response)
    {
        if (!response.Headers.NonValidated.TryGetValues("Range", out var values) || values.Count == 0)
        {
            return 0;
        }

        var value = values.First();
        var dash = value.LastIndexOf('-');
        return dash > 0 && long.TryParse(value.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last + 1 : 0;
    }
}

/// <summary>The resumable session of one file, kept across its attempts.</summary>
internal sealed class ResumableSession
{
    public Uri? Url { get; set; }

    public bool Completed { get; set; }
}
