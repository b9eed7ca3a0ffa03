using System.Formats.Tar;
using System.IO.Compression;
namespace Fireworks;

/// <summary>
/// Packs an evaluator's source directory as the <c>.tar.gz</c> the Create Evaluator workflow expects, leaving out what
/// its <c>.gitignore</c> files ignore (the root's and every subdirectory's, with git's rules: <see cref="GitIgnoreRules"/>)
/// and <c>.git</c> directories.
/// Entries are sorted and carry no owner names, so the same tree gives the same archive listing.
/// </summary>
internal static class SourceArchive
{
    public const string FileName = "source.tar.gz";

    /// <summary>Writes the archive to <paramref name="archivePath"/>; returns the packed paths ('/'-separated).</summary>
    public static async Task<IReadOnlyList<string>> CreateAsync(string sourceDirectory, string archivePath, CancellationToken cancellationToken)
    {
        var root = new DirectoryInfo(sourceDirectory);
        if (!root.Exists)
        {
            throw new DirectoryNotFoundException($"The evaluator source directory does not exist: '{sourceDirectory}'.");
        }

        // Every name is checked before the archive is written: a file git would track under a name that does not
        // survive unpacking is refused (naming it), not skipped, since skipping it would ship a different tree.
        var files = Enumerate(root, root, GitIgnoreRules.ForRoot(root))
            .Select(path => (Path: path, Name: LocalFiles.EnsurePortable(LocalFiles.RelativeName(root.FullName, path), path, nameof(sourceDirectory))))
            .ToList();
        var packed = new List<string>();
        await using var file = new FileStream(archivePath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        await using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false))
        {
            foreach (var (path, name) in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var entry = new PaxTarEntry(TarEntryType.RegularFile, name);
                await using var data = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
                entry.DataStream = data;
                entry.Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
                await tar.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
                packed.Add(name);
            }
        }

        if (packed.Count == 0)
        {
            throw new ArgumentException($"The evaluator source directory '{sourceDirectory}' has no files to upload (after .gitignore).", nameof(sourceDirectory));
        }

        return packed;
    }

    private static IEnumerable<string> Enumerate(DirectoryInfo root, DirectoryInfo directory, GitIgnoreRules ignore)
    {
        foreach (var entry in directory.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var relative = LocalFiles.RelativeName(root.FullName, entry.FullName);
            if (entry.LinkTarget is not null)
            {
                continue; // a link could pull in files from outside the source tree
            }

            if (entry is DirectoryInfo sub)
            {
                // git never tracks its own directory, whatever a .gitignore says.
                if (sub.Name != ".git" && !ignore.IsIgnored(relative, isDirectory: true))
                {
                    foreach (var path in Enumerate(root, sub, ignore.Enter(sub, relative)))
                    {
                        yield return path;
                    }
                }
            }
            else if (!ignore.IsIgnored(relative, isDirectory: false))
            {
                yield return entry.FullName;
            }
        }
    }
}
