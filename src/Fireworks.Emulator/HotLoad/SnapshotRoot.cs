namespace Fireworks.Emulator;

/// <summary>
/// Keeps snapshot reads inside the snapshot root: a path is resolved component by component to its final target
/// (every symbolic link followed, as the kernel would) before it is compared with the root's own resolved path, so a
/// snapshot directory, shard or config that is (or sits under) a link to elsewhere is refused, not read.
/// </summary>
internal static class SnapshotRoot
{
    // Linux gives up after 40 links (ELOOP); so does this.
    private const int MaxLinks = 40;

    /// <summary>Returns <paramref name="path"/> when its resolved form lies under the resolved <paramref name="root"/>.</summary>
    /// <exception cref="SnapshotLoadException">It resolves outside the root (or through a link loop).</exception>
    public static string CheckInside(string root, string path)
    {
        var realRoot = Resolve(root);
        var realPath = Resolve(path);
        var prefix = realRoot.EndsWith(Path.DirectorySeparatorChar) ? realRoot : realRoot + Path.DirectorySeparatorChar;
        if (realPath != realRoot && !realPath.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new SnapshotLoadException(
                $"'{Path.GetRelativePath(root, path)}' resolves to '{realPath}', outside the snapshot root '{realRoot}'; snapshot files must not be symbolic links to elsewhere.");
        }

        return path;
    }

    /// <summary>The path with every symbolic link in it replaced by its final target.</summary>
    /// <exception cref="SnapshotLoadException">A link loop, or more than 40 links.</exception>
    public static string Resolve(string path)
    {
        var links = 0;
        return Resolve(Path.GetFullPath(path), ref links);
    }

    private static string Resolve(string fullPath, ref int links)
    {
        var rootPart = Path.GetPathRoot(fullPath)!;
        var current = rootPart;
        foreach (var part in fullPath[rootPart.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    throw new SnapshotLoadException($"'{fullPath}' goes through more than {MaxLinks} symbolic links.");
                }

                // A relative target is relative to the link's directory; the target may itself hold links.
                next = Resolve(Path.GetFullPath(target, current), ref links);
            }

            current = next;
        }

        return current;
    }
}
