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

            EnsurePortable(info.Name, info.FullName, parameterName);
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
            .Select(f => new LocalFile(EnsurePortable(RelativeName(root.FullName, f.FullName), f.FullName, parameterName), f.FullName, f.Length))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new ArgumentException($"The directory '{directory}' has no files to upload.", parameterName);
        }

        return files;
    }

    /// <summary>
    /// <paramref name="path"/> relative to <paramref name="root"/>, '/'-separated. Only this system's directory
    /// separators become '/': on Unix a '\' is a character of a file name, not a separator.
    /// </summary>
    public static string RelativeName(string root, string path)
    {
        var name = System.IO.Path.GetRelativePath(root, path);
        if (System.IO.Path.DirectorySeparatorChar != '/')
        {
            name = name.Replace(System.IO.Path.DirectorySeparatorChar, '/');
        }

        if (System.IO.Path.AltDirectorySeparatorChar != '/')
        {
            name = name.Replace(System.IO.Path.AltDirectorySeparatorChar, '/');
        }

        return name;
    }

    /// <summary>
    /// Returns <paramref name="name"/> when the server (and whoever unpacks or downloads the file later) will read it
    /// as the same relative path; otherwise refuses the file, naming it. A '\' (legal in a Unix file name) is a
    /// separator on Windows and to many servers, so <c>..\..\evil.sh</c> would become <c>../../evil.sh</c>; a
    /// '.', '..' or empty '/'-segment would leave or alias the directory.
    /// </summary>
    /// <param name="name">The '/'-separated name the file would be known by.</param>
    /// <param name="path">The local file, for the message.</param>
    /// <param name="parameterName">The caller's parameter the file came from.</param>
    public static string EnsurePortable(string name, string path, string parameterName)
    {
        if (name.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Refusing to upload '{path}': its name '{name}' contains '\\', which Windows and the server read as a directory separator. Rename the file.", parameterName);
        }

        if (name.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            throw new ArgumentException($"Refusing to upload '{path}': its name '{name}' has an empty, '.' or '..' segment, which would place it outside or elsewhere in the upload. Rename the file.", parameterName);
        }

        return name;
    }
}
