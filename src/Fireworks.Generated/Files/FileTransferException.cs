namespace Fireworks;

/// <summary>
/// A file could not be moved to or from storage: the signed URL's answer was an error, the connection was lost on
/// every attempt, the stored size or checksum did not match, or a local path was refused. The message names the
/// file; signed URLs appear only as scheme, host and path (their query carries the signature).
/// </summary>
public sealed class FileTransferException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="fileName">The file concerned.</param>
    /// <param name="message">What went wrong (already naming the file).</param>
    /// <param name="httpStatus">The storage's HTTP status, or 0 when there was no answer.</param>
    /// <param name="isTransient">Whether another attempt may succeed.</param>
    /// <param name="innerException">The cause, if any.</param>
    public FileTransferException(string fileName, string message, int httpStatus = 0, bool isTransient = false, Exception? innerException = null)
        : base(message, innerException)
    {
        FileName = fileName;
        HttpStatus = httpStatus;
        IsTransient = isTransient;
    }

    /// <summary>The file concerned (its name on the server).</summary>
    public string FileName { get; }

    /// <summary>The storage's HTTP status, or 0 when there was no answer.</summary>
    public int HttpStatus { get; }

    /// <summary>Whether another attempt may succeed (a lost connection, 408, 429, 5xx, a checksum mismatch).</summary>
    public bool IsTransient { get; }

    /// <summary>The number of attempts made when the transfer gave up (set by the transfer loop).</summary>
    public int Attempts { get; internal set; }
}
