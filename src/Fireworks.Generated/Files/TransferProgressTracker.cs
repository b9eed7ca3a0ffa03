namespace Fireworks;

/// <summary>Keeps per-file byte counts and reports them, with the totals, to the caller's <see cref="IProgress{T}"/>.</summary>
internal sealed class TransferProgressTracker
{
    private readonly IProgress<FileTransferProgress>? _progress;
    private readonly Dictionary<string, (long Bytes, long Length)> _files;
    private readonly Lock _gate = new();
    private long _bytes;
    private int _completed;

    public TransferProgressTracker(IProgress<FileTransferProgress>? progress, IEnumerable<(string Name, long Length)> files)
    {
        _progress = progress;
        _files = files.ToDictionary(f => f.Name, f => (0L, f.Length), StringComparer.Ordinal);
    }

    public void Report(string name, long fileBytes) => Update(name, fileBytes, null, completed: false);

    public void SetLength(string name, long length) => Update(name, null, length, completed: false);

    public void Complete(string name, long length) => Update(name, length, length, completed: true);

    private void Update(string name, long? fileBytes, long? length, bool completed)
    {
        FileTransferProgress report;
        lock (_gate)
        {
            var (bytes, known) = _files[name];
            var newBytes = fileBytes ?? bytes;
            _bytes += newBytes - bytes;
            _files[name] = (newBytes, length ?? known);
            if (completed)
            {
                _completed++;
            }

            if (_progress is null)
            {
                return;
            }

            var total = _files.Values.Any(f => f.Length < 0) ? -1 : _files.Values.Sum(f => f.Length);
            report = new FileTransferProgress(name, newBytes, length ?? known, _bytes, total, _completed, _files.Count);
        }

        _progress.Report(report);
    }
}
