namespace Fireworks.Benchmarks.Reporting;

/// <summary>
/// The results of another benchmark project of the repository (AIP-160 filters, delta codec) that
/// <c>run-benchmarks.sh</c> ran into <c>suites/NAME/</c> of the artifacts folder: BenchmarkDotNet's GitHub
/// markdown tables, quoted as exported, or the reason the suite has no numbers.
/// </summary>
/// <param name="Name">The folder name (<c>aip</c>, <c>codec</c>).</param>
/// <param name="Status">Why there are no tables (did not build, failed), or null when it ran.</param>
/// <param name="Tables">Each exported class: its job settings line and its markdown table.</param>
public sealed record SuiteResults(string Name, string? Status, IReadOnlyList<(string Title, string JobSettings, string Table)> Tables)
{
    /// <summary>The folder under the artifacts folder that holds one directory per suite.</summary>
    public const string DirectoryName = "suites";

    /// <summary>The file in which the script explains a suite without results.</summary>
    public const string StatusFileName = "status.txt";

    /// <summary>Reads every suite the script ran.</summary>
    /// <param name="artifactsDirectory">The artifacts folder.</param>
    /// <returns>The suites, by name.</returns>
    public static IReadOnlyList<SuiteResults> LoadAll(string artifactsDirectory)
    {
        var root = new DirectoryInfo(Path.Combine(artifactsDirectory, DirectoryName));
        return root.Exists
            ? root.GetDirectories().OrderBy(d => d.Name, StringComparer.Ordinal).Select(Load).ToList()
            : [];
    }

    private static SuiteResults Load(DirectoryInfo suite)
    {
        var statusPath = Path.Combine(suite.FullName, StatusFileName);
        var status = File.Exists(statusPath) ? File.ReadAllText(statusPath).Trim() : null;
        var results = new DirectoryInfo(Path.Combine(suite.FullName, "results"));
        var tables = new List<(string, string, string)>();
        if (results.Exists)
        {
            foreach (var file in results.GetFiles("*-report-github.md").OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                var lines = File.ReadAllLines(file.FullName);
                var start = Array.IndexOf(lines, "```");
                var end = start < 0 ? -1 : Array.IndexOf(lines, "```", start + 1);
                var jobSettings = end < 0
                    ? string.Empty
                    : string.Join(' ', lines[(start + 1)..end].Select(l => l.Trim()).SkipWhile(l => l.Length == 0).SkipWhile(l => l.Length > 0).Where(l => l.Length > 0));
                var table = string.Join('\n', lines.Skip(end + 1).Where(l => l.StartsWith('|')));
                // "Namespace.ClassName-report-github.md", or "BenchmarkRun-joined-<time>-report-github.md" for a joined summary.
                var title = file.Name[..^"-report-github.md".Length];
                title = title.StartsWith("BenchmarkRun-joined", StringComparison.Ordinal) ? "all benchmarks" : title[(title.LastIndexOf('.') + 1)..];
                tables.Add((title, jobSettings, table));
            }
        }

        return new SuiteResults(suite.Name, tables.Count == 0 ? status ?? "it exported no results" : status, tables);
    }
}
