using Microsoft.Extensions.Logging;

namespace Fireworks;

/// <summary>
/// Moves a set of files to or from the signed URLs a Get…UploadEndpoint / Get…DownloadEndpoint call returned: files in
/// parallel (bounded), each with its own attempts, progress per file and overall.
/// </summary>
internal sealed partial class FileTransfers
{
    private readonly HttpClient _http;
    private readonly FileTransferOptions _options;
    private readonly IProgress<FileTransferProgress>? _progress;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public FileTransfers(FireworksPipeline pipeline, FileTransferOptions? options, IProgress<FileTransferProgress>? progress)
    {
        _options = options ?? FileTransferOptions.Default;
        _options.Validate();
        _http = TransferHttp.For(pipeline);
        _progress = progress;
        _time = pipeline.TimeProvider;
        _logger = pipeline.Logger;
    }

    public FileTransferOptions Options => _options;

    /// <summary>The <c>filenameToSize</c> map of an upload-endpoint request.</summary>
    public static Dictionary<string, long> SizesOf(IEnumerable<LocalFile> files) => files.ToDictionary(f => f.Name, f => f.Length, StringComparer.Ordinal);

    /// <summary>Uploads every file to its signed URL (<paramref name="resumable"/>: through a resumable session).</summary>
    public async Task<IReadOnlyList<TransferredFile>> UploadAsync(IReadOnlyList<LocalFile> files, IDictionary<string, string>? signedUrls, bool resumable, CancellationToken cancellationToken)
    {
        var urls = files.ToDictionary(
            f => f.Name,
            f => SignedUrls.Parse(f.Name, signedUrls is not null && signedUrls.TryGetValue(f.Name, out var url) ? url : null),
            StringComparer.Ordinal);
        var tracker = new TransferProgressTracker(_progress, files.Select(f => (f.Name, f.Length)));
        var chunkSize = _options.AlignedChunkSize;
        await ForEachFileAsync(files, f => f.Name, async file =>
        {
            var session = new ResumableSession();
            await WithAttemptsAsync(file.Name, urls[file.Name], cancellationToken, watchdog => resumable
                ? SignedUrlUploader.ResumableAsync(_http, urls[file.Name], file, session, chunkSize, watchdog.Moved(n => tracker.Report(file.Name, n)), watchdog.Token)
                : SignedUrlUploader.PutAsync(_http, urls[file.Name], file, watchdog.Moved(n => tracker.Report(file.Name, n)), watchdog.Token)).ConfigureAwait(false);
            tracker.Complete(file.Name, file.Length);
        }, cancellationToken).ConfigureAwait(false);
        return files.Select(f => new TransferredFile(f.Name, f.Path, f.Length)).ToList();
    }

    /// <summary>Uploads one file with <paramref name="send"/> (its own request shape), with attempts and progress.</summary>
    public async Task UploadOneAsync(LocalFile file, Uri target, Func<LocalFile, Action<long>, CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        var tracker = new TransferProgressTracker(_progress, [(file.Name, file.Length)]);
        await WithAttemptsAsync(file.Name, target, cancellationToken, watchdog => send(file, watchdog.Moved(n => tracker.Report(file.Name, n)), watchdog.Token)).ConfigureAwait(false);
        tracker.Complete(file.Name, file.Length);
    }

    /// <summary>
    /// Downloads every signed URL into <paramref name="directory"/> under its file name. Every name is checked before
    /// anything is fetched; on failure or cancellation no partial file is left behind.
    /// </summary>
    public async Task<IReadOnlyList<TransferredFile>> DownloadAsync(IDictionary<string, string>? signedUrls, string directory, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var root = Path.GetFullPath(directory);
        Directory.CreateDirectory(root);
        var targets = new List<(string Name, Uri Url, string Path)>();
        var seen = new HashSet<string>(OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (var (name, url) in (signedUrls ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var path = DownloadPaths.Resolve(root, name);
            if (!seen.Add(path))
            {
                throw new FileTransferException(name, $"Two files to download map to the same local path '{path}'.");
            }

            targets.Add((name, SignedUrls.Parse(name, url), path));
        }

        var tracker = new TransferProgressTracker(_progress, targets.Select(t => (t.Name, -1L)));
        var results = new TransferredFile[targets.Count];
        await ForEachFileAsync(targets.Select((t, i) => (t, i)).ToList(), x => x.t.Name, async x =>
        {
            var (name, url, path) = x.t;
            var session = new DownloadSession();
            try
            {
                var length = await WithAttemptsAsync(name, url, cancellationToken, watchdog => SignedUrlDownloader.DownloadAsync(
                    _http, url, name, path, session, watchdog.Moved(n => tracker.Report(name, n)), watchdog.Moved(n => tracker.SetLength(name, n)), watchdog.Token)).ConfigureAwait(false);
                tracker.Complete(name, length);
                results[x.i] = new TransferredFile(name, path, length);
            }
            catch
            {
                if (session.PartPath is { } part)
                {
                    TryDelete(part);
                }
                throw;
            }
        }, cancellationToken).ConfigureAwait(false);
        return results;
    }

    private async Task ForEachFileAsync<T>(IReadOnlyList<T> items, Func<T, string> name, Func<T, Task> transfer, CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentFiles, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(items, parallel, async (item, _) => await transfer(item).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private Task WithAttemptsAsync(string fileName, Uri url, CancellationToken cancellationToken, Func<TransferWatchdog, Task> attempt) =>
        WithAttemptsAsync(fileName, url, cancellationToken, async watchdog =>
        {
            await attempt(watchdog).ConfigureAwait(false);
            return 0L;
        });

    private async Task<T> WithAttemptsAsync<T>(string fileName, Uri url, CancellationToken cancellationToken, Func<TransferWatchdog, Task<T>> attempt)
    {
        for (var number = 1; ; number++)
        {
            try
            {
                return await StallGuardedAsync(fileName, url, cancellationToken, attempt).ConfigureAwait(false);
            }
            catch (Exception exception) when (number < _options.MaxAttemptsPerFile && StorageResponses.IsTransient(exception, cancellationToken))
            {
                var delay = _options.RetryDelay * Math.Pow(2, number - 1);
                LogAttemptFailed(_logger, fileName, number, SignedUrls.Describe(url), delay.TotalMilliseconds, SecretRedactor.ForSignedUrl(url).Redact(exception.Message));
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (FileTransferException exception)
            {
                exception.Attempts = number;
                throw;
            }
            catch (Exception exception) when (StorageResponses.IsTransient(exception, cancellationToken))
            {
                // A custom handler's exception may quote the request URL, signature included.
                var redactor = SecretRedactor.ForSignedUrl(url);
                throw new FileTransferException(fileName, $"Transferring '{fileName}' ({SignedUrls.Describe(url)}) failed after {number} attempt(s): {redactor.Redact(exception.Message)}", isTransient: true, innerException: redactor.Sanitize(exception)) { Attempts = number };
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Any other failure of the caller's HttpClient, handler or stream may quote the signed URL as well. It
                // keeps its type when it reveals nothing; otherwise a RedactedException (OriginalTypeName says which
                // type it was) stands in, so a caller that logs it never logs the signature.
                var sanitized = SecretRedactor.ForSignedUrl(url).Sanitize(exception);
                if (ReferenceEquals(sanitized, exception))
                {
                    throw;
                }

                throw sanitized;
            }
        }
    }

    /// <summary>One attempt under a <see cref="TransferWatchdog"/>: a stall becomes a transient failure naming the file.</summary>
    private async Task<T> StallGuardedAsync<T>(string fileName, Uri url, CancellationToken cancellationToken, Func<TransferWatchdog, Task<T>> attempt)
    {
        using var watchdog = new TransferWatchdog(_options.IdleTimeout, _time, cancellationToken);
        try
        {
            return await attempt(watchdog).ConfigureAwait(false);
        }
        catch (Exception exception) when (watchdog.Stalled && !cancellationToken.IsCancellationRequested && exception is not FileTransferException { IsTransient: false })
        {
            throw new FileTransferException(
                fileName,
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Transferring '{fileName}' ({SignedUrls.Describe(url)}) stalled: no byte moved for {_options.IdleTimeout.TotalSeconds:0.###} s (FileTransferOptions.IdleTimeout)."),
                isTransient: true,
                innerException: SecretRedactor.ForSignedUrl(url).Sanitize(exception));
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the file is named *.fwpart, never the final name.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Attempt {Attempt} for '{FileName}' ({Url}) failed; retrying in {DelayMs} ms: {Reason}")]
    private static partial void LogAttemptFailed(ILogger logger, string fileName, int attempt, string url, double delayMs, string reason);
}
