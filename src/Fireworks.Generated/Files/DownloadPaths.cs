namespace Fireworks;

/// <summary>
/// Maps a file name chosen by the server (or a caller) to a path inside the download directory, refusing anything
/// that could land outside it: absolute or rooted names, <c>..</c> segments, and directories on the way that are
/// links (a symlink inside the directory pointing elsewhere).
/// </summary>
internal static class DownloadPaths
{
    public static string Resolve(string directory, string fileName)
    {
        var root = Path.GetFullPath(directory);
        if (string.IsNullOrWhiteSpace(fileName) || fileName.Contains('\0', StringComparison.Ordinal))
        {
            throw new FileTransferException(fileName, $"Refusing to download a file with an empty or invalid name ('{fileName}').");
        }

        var segments = fileName.Split('/', '\\');
        if (Path.IsPathRooted(fileName) || fileName.Contains(':', StringComparison.Ordinal) || segments.Any(s => s is "" or "." or ".."))
        {
            throw new FileTransferException(fileName, $"Refusing to download '{fileName}': a file name must be a relative path without '.', '..', empty segments, ':' or a root, so it stays inside '{root}'.");
        }

        var target = Path.GetFullPath(Path.Combine(root, Path.Combine(segments)));
        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        if (!target.StartsWith(prefix, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
        {
            throw new FileTransferException(fileName, $"Refusing to download '{fileName}': it resolves outside '{root}'.");
        }

        // A link on the way could point anywhere; the target itself is replaced by a rename, never followed.
        var current = root;
        foreach (var segment in segments[..^1])
        {
            current = Path.Combine(current, segment);
            var info = new DirectoryInfo(current);
            if (info.Exists && info.LinkTarget is not null)
            {
                throw new FileTransferException(fileName, $"Refusing to download '{fileName}': '{current}' is a link, which could lead outside '{root}'.");
            }
        }

        if (new FileInfo(target).LinkTarget is not null)
        {
            throw new FileTransferException(fileName, $"Refusing to download '{fileName}': '{target}' is a link.");
        }

        return target;
    }
}
