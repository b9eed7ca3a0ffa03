namespace Fireworks;

/// <summary>A local file to upload, with the name the server will know it by.</summary>
internal sealed record LocalFile(string Name, string Path, long Length);

/// <summary>Turns the paths a caller passes to an upload into named files with their sizes.</summary>
internal static class LocalFiles
{
    /// <summary>Each path is a file, uploaded under its file name; names must be unique.</summary>
    public static IReadOnlyList<LocalFile> FromFiles(IEnumerable<string> paths, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(paths, parameterName);
        var files = new List<LocalFile>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path, parameterName);
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new FileNotFoundException(Directory.Exists(path) ? $"'{path}' is a directory; pass the files in it." : $"The file to upload does not exist: '{path}'.", path);
            }

            if (!names.Add(info.Name))
            {
                throw new ArgumentException($"Two files to upload are both named '{info.Name}'; the server knows files by name only.", parameterName);
            }

            files.Add(new LocalFile(info.Name, info.FullName, info.Length));
        }

        if (files.Count == 0)
        {
            throw new ArgumentException("There is nothing to upload: pass at least one file.", parameterName);
        }

        return files;
    }

    /// <summary>Every file under <paramref name="directory"/> (recursively, hidden entries included), named by its '/'-separated relative path.</summary>
    public static IReadOnlyList<LocalFile> FromDirectory(string directory, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory, parameterName);
        var root = new DirectoryInfo(directory);
        if (!root.Exists)
        {
            throw new DirectoryNotFoundException($"The directory to upload does not exist: '{directory}'.");
        }

        var files = root.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = false })
            .Select(f => new LocalFile(System.IO.Path.GetRelativePath(root.FullName, f.FullName).Replace('\\', '/'), f.FullName, f.Length))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new ArgumentException($"The directory '{directory}' has no files to upload.", parameterName);
        }

        return files;
    }
}
