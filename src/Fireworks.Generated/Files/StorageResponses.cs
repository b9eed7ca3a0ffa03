using System.Net;
using System.Text;

namespace Fireworks;

/// <summary>Turns an error answer of a signed URL into a <see cref="FileTransferException"/> naming the file, never the signature.</summary>
internal static class StorageResponses
{
    private const int MaxBodyChars = 512;

    public static async Task EnsureSuccessAsync(HttpResponseMessage response, string fileName, Uri url, string action, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        throw await ErrorAsync(response, fileName, url, action, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<FileTransferException> ErrorAsync(HttpResponseMessage response, string fileName, Uri url, string action, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var redactor = SecretRedactor.ForSignedUrl(url);
        string body;
        try
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            body = redactor.Redact(Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, MaxBodyChars * 4)));
            if (body.Length > MaxBodyChars)
            {
                body = body[..MaxBodyChars] + "…";
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            body = string.Empty;
        }

        var transient = status is 408 or 429 or >= 500;
        var detail = body.Length == 0 ? string.Empty : ": " + body.Trim();
        return new FileTransferException(
            fileName,
            $"{action} '{fileName}' ({SignedUrls.Describe(url)}) failed: HTTP {status} {redactor.RedactOrNull(response.ReasonPhrase)}{detail}",
            status,
            transient);
    }

    /// <summary>Whether a failure of one attempt may go away on the next.</summary>
    public static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        FileTransferException transfer => transfer.IsTransient,
        HttpRequestException => true,
        HttpIOException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        System.Net.Sockets.SocketException => true,
        IOException { InnerException: System.Net.Sockets.SocketException or HttpIOException } => true,
        _ => false,
    };

    public static bool IsResumeIncomplete(HttpResponseMessage response) => response.StatusCode == HttpStatusCode.PermanentRedirect;
}
