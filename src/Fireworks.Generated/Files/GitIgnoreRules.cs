using MAB.DotIgnore;

namespace Fireworks;

/// <summary>
/// The <c>.gitignore</c> files that apply inside one directory of a source tree, with git's precedence: each file's
/// patterns are relative to the directory holding it, a deeper file overrides a shallower one, and within a file the
/// last matching pattern wins (so <c>!pattern</c> re-includes). Patterns are parsed and matched by MAB.DotIgnore
/// (globs, <c>**</c>, anchoring, directory-only <c>dir/</c>); only the per-directory layering is ours.
/// </summary>
/// <remarks>
/// Like git, a file under an ignored directory cannot be re-included: the walk never enters the directory.
/// </remarks>
internal sealed class GitIgnoreRules
{
    private const string FileName = ".gitignore";

    private readonly GitIgnoreRules? _parent;
    private readonly string _directory;
    private readonly IReadOnlyList<IgnoreRule> _rules;

    private GitIgnoreRules(GitIgnoreRules? parent, string directory, IReadOnlyList<IgnoreRule> rules)
    {
        _parent = parent;
        _directory = directory;
        _rules = rules;
    }

    /// <summary>The rules of the tree's root (its <c>.gitignore</c>, if any).</summary>
    public static GitIgnoreRules ForRoot(DirectoryInfo root) => new(null, string.Empty, Read(root));

    /// <summary>The rules inside <paramref name="directory"/>: these plus its own <c>.gitignore</c>, if it has one.</summary>
    /// <param name="directory">A subdirectory of the directory these rules apply in.</param>
    /// <param name="relativePath">Its path from the root, '/'-separated.</param>
    public GitIgnoreRules Enter(DirectoryInfo directory, string relativePath)
    {
        var rules = Read(directory);
        return rules.Count == 0 ? this : new GitIgnoreRules(this, relativePath, rules);
    }

    /// <summary>Whether git would ignore the entry at <paramref name="relativePath"/> (from the root, '/'-separated).</summary>
    public bool IsIgnored(string relativePath, bool isDirectory)
    {
        for (var level = this; level is not null; level = level._parent)
        {
            var local = level._directory.Length == 0 ? relativePath : relativePath[(level._directory.Length + 1)..];
            for (var i = level._rules.Count - 1; i >= 0; i--)
            {
                var rule = level._rules[i];
                if (rule.IsMatch(local, isDirectory))
                {
                    return !rule.PatternFlags.HasFlag(PatternFlags.NEGATION);
                }
            }
        }

        return false;
    }

    private static IReadOnlyList<IgnoreRule> Read(DirectoryInfo directory)
    {
        var path = Path.Combine(directory.FullName, FileName);
        return File.Exists(path) ? new IgnoreList(path).Rules : [];
    }
}
