namespace Fireworks;

/// <summary>
/// A progress report of an upload or download: the file that moved and the totals of the whole transfer.
/// When an attempt restarts a file from its beginning, its byte count (and the total) goes down again.
/// </summary>
/// <param name="FileName">The file's name as the server knows it (relative, '/'-separated).</param>
/// <param name="FileBytesTransferred">Bytes of this file stored so far.</param>
/// <param name="FileLength">The file's size in bytes, or -1 while a download has not learned it yet.</param>
/// <param name="BytesTransferred">Bytes of all files stored so far.</param>
/// <param name="TotalBytes">The size of all files, or -1 while a download has not learned every size yet.</param>
/// <param name="FilesCompleted">Files fully transferred and verified.</param>
/// <param name="FileCount">Files in the transfer.</param>
public sealed record FileTransferProgress(
    string FileName,
    long FileBytesTransferred,
    long FileLength,
    long BytesTransferred,
    long TotalBytes,
    int FilesCompleted,
    int FileCount);
