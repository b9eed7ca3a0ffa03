using System.Runtime.CompilerServices;
using System.Text;
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
    /// The lines that differ between <paramref name="reviewed"/> and <paramref name="generated"/> (a longest-common-
    /// subsequence line diff), as <c>-</c>/<c>+</c> lines with their 1-based line numbers, at most <see cref="MaxLines"/>
    /// of each; or a note that only line endings or a byte-order mark differ.
    /// </summary>
    public static string Difference(string reviewed, string generated)
    {
        var before = Lines(reviewed);
        var after = Lines(generated);
        var head = 0;
        while (head < before.Length && head < after.Length && before[head] == after[head]) head++;
        var tail = 0;
        while (tail < before.Length - head && tail < after.Length - head && before[^(tail + 1)] == after[^(tail + 1)]) tail++;
        if (head == before.Length && head == after.Length) return "  (the same lines: only line endings or a byte-order mark differ)" + Environment.NewLine;

        var removed = new List<int>();
        var added = new List<int>();
        int n = before.Length - head - tail, m = after.Length - head - tail;
        if ((long)n * m > 4_000_000)
        {
            // Too large to align cheaply: the whole changed block.
            removed.AddRange(Enumerable.Range(head, n));
            added.AddRange(Enumerable.Range(head, m));
        }
        else
        {
            // common[i, j]: the longest common subsequence of before[head + i ..] and after[head + j ..].
            var common = new int[n + 1, m + 1];
            for (var i = n - 1; i >= 0; i--)
            {
                for (var j = m - 1; j >= 0; j--)
                {
                    common[i, j] = before[head + i] == after[head + j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
                }
            }
            int x = 0, y = 0;
            while (x < n || y < m)
            {
                if (x < n && y < m && before[head + x] == after[head + y]) { x++; y++; }
                else if (y < m && (x == n || common[x, y + 1] >= common[x + 1, y])) added.Add(head + y++);
                else removed.Add(head + x++);
            }
        }

        var text = new StringBuilder();
        Append(text, '-', before, removed);
        Append(text, '+', after, added);
        return text.ToString();
    }

    private static void Append(StringBuilder text, char sign, string[] lines, List<int> numbers)
    {
        foreach (var i in numbers.Take(MaxLines)) text.Append(sign).Append(' ').Append(i + 1).Append(": ").AppendLine(lines[i]);
        if (numbers.Count > MaxLines) text.Append(sign).Append(" … ").Append(numbers.Count - MaxLines).AppendLine(" more line(s)");
    }

    private static string[] Lines(string text) => text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
}
