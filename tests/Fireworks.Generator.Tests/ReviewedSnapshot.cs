using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex;
using DiffPlex.Chunkers;
using Snapshooter;
using Snapshooter.Xunit;
using Xunit.Sdk;

namespace Fireworks.Generator.Tests;

/// <summary>
/// Compares generated source with the reviewed snapshot in this project's <c>__snapshots__</c> folder, found from the
/// repository root rather than from the compiler's source path: CI builds map source paths to <c>/_/</c>
/// (ContinuousIntegrationBuild), where Snapshooter would otherwise find no snapshot, write a fresh one and pass.
/// A missing snapshot fails (never silently created). A changed one fails with the changed lines, numbered, and where
/// the new source was written.
/// </summary>
internal static class ReviewedSnapshot
{
    // Snapshooter adds the __snapshots__ folder itself.
    private static readonly string ProjectFolder = Path.Combine(GeneratorHarness.RepoRoot, "tests", "Fireworks.Generator.Tests");
    private static readonly string Folder = Path.Combine(ProjectFolder, "__snapshots__");

    /// <summary>Most lines shown per side: a spec update can change a snapshot wholesale; the mismatch file has the rest.</summary>
    private const int MaxLines = 30;

    public static void Match(string source, string hintName, [CallerFilePath] string testFile = "", [CallerMemberName] string testMethod = "")
    {
        var fileName = $"{Path.GetFileNameWithoutExtension(testFile)}.{testMethod}_{hintName.Replace(".g.cs", "", StringComparison.Ordinal)}.snap";
        var path = Path.Combine(Folder, fileName);
        Xunit.Assert.True(File.Exists(path), $"No reviewed snapshot {fileName} in {Folder}: review the generated source and add it.");
        try
        {
            // Snapshooter writes the new source to __mismatch__ (tools/update-spec.sh accepts it from there).
            Snapshot.Match(source, new SnapshotFullName(fileName, ProjectFolder));
        }
        catch (XunitException e)
        {
            // Its own message is one position in the JSON-escaped text, which says neither the line nor what changed.
            throw new XunitException(
                $"{hintName} differs from the reviewed snapshot {fileName}:{Environment.NewLine}{Difference(File.ReadAllText(path), source)}"
                + $"The new source is in {Path.Combine(Folder, "__mismatch__", fileName)}: review it and move it over the snapshot "
                + $"(tools/update-spec.sh does this for a spec update).{Environment.NewLine}{e.Message}");
        }
    }

    /// <summary>
    /// The lines that differ between <paramref name="reviewed"/> and <paramref name="generated"/> (DiffPlex's line
    /// diff), as <c>-</c>/<c>+</c> lines with their 1-based line numbers, at most <see cref="MaxLines"/> of each; or a
    /// note that only line endings or a byte-order mark differ.
    /// </summary>
    public static string Difference(string reviewed, string generated)
    {
        // The line chunker splits at \r\n, \r and \n alike, so line endings alone make no difference.
        var diff = Differ.Instance.CreateDiffs(reviewed.TrimStart('\uFEFF'), generated.TrimStart('\uFEFF'), ignoreWhiteSpace: false, ignoreCase: false, LineChunker.Instance);
        if (diff.DiffBlocks.Count == 0) return "  (the same lines: only line endings or a byte-order mark differ)" + Environment.NewLine;

        var text = new StringBuilder();
        Append(text, '-', diff.PiecesOld, diff.DiffBlocks.SelectMany(b => Enumerable.Range(b.DeleteStartA, b.DeleteCountA)).ToList());
        Append(text, '+', diff.PiecesNew, diff.DiffBlocks.SelectMany(b => Enumerable.Range(b.InsertStartB, b.InsertCountB)).ToList());
        return text.ToString();
    }

    private static void Append(StringBuilder text, char sign, IReadOnlyList<string> lines, List<int> numbers)
    {
        foreach (var i in numbers.Take(MaxLines)) text.Append(sign).Append(' ').Append(i + 1).Append(": ").AppendLine(lines[i]);
        if (numbers.Count > MaxLines) text.Append(sign).Append(" … ").Append(numbers.Count - MaxLines).AppendLine(" more line(s)");
    }
}
