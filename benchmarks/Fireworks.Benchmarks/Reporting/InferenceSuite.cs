using System.Globalization;
using System.Text;

namespace Fireworks.Benchmarks.Reporting;

/// <summary>
/// The streaming suite (<c>benchmarks/Fireworks.Benchmarks.Inference</c>, issue 13) as <c>run-benchmarks.sh</c> ran it
/// into <c>suites/inference/</c>: our SDK against the OpenAI .NET SDK on one canned chat stream, read from the
/// machine-readable CSV exports (<c>{class}-report.csv</c>) and the sizes of the canned inputs (<c>inputs.txt</c>,
/// written by that project's Program), so the report can give per-chunk figures and check the targets.
/// </summary>
/// <param name="Inputs">The canned inputs' sizes (<c>stream_chunks</c>, <c>stream_bytes</c>, <c>completion_bytes</c>, …).</param>
/// <param name="Job">The BenchmarkDotNet job of the rows (<c>Full</c>, or <c>Short</c> for a smoke run).</param>
/// <param name="Scenarios">Each benchmark class: its OpenAI baseline row and our row (either may be missing).</param>
/// <param name="Problems">What could not be read, if anything.</param>
public sealed record InferenceSuite(
    IReadOnlyDictionary<string, long> Inputs,
    string Job,
    IReadOnlyList<InferenceSuite.Scenario> Scenarios,
    IReadOnlyList<string> Problems)
{
    /// <summary>The suite's folder under <c>suites/</c> (the name <c>run-benchmarks.sh</c> gives it).</summary>
    public const string SuiteName = "inference";

    /// <summary>Streaming throughput must be at least this multiple of the OpenAI SDK's (issue 13).</summary>
    public const double ThroughputTarget = 1.5;

    /// <summary>Streaming allocations must be at most this fraction of the OpenAI SDK's (issue 13).</summary>
    public const double AllocationTarget = 0.5;

    // The benchmark descriptions are "<contender>: <what>"; the OpenAI SDK's rows are each class's baseline.
    private const string OpenAiPrefix = "OpenAI";
    private const string OursPrefix = "Fireworks";

    private static readonly (string Class, string Title)[] Classes =
    [
        ("WholeStreamBenchmarks", "Whole stream"),
        ("FirstChunkBenchmarks", "Time to first chunk"),
        ("DeserializeBenchmarks", "2 KB chat completion, deserialised"),
    ];

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>One benchmark class: the same work done by both SDKs.</summary>
    /// <param name="Class">The benchmark class name.</param>
    /// <param name="Title">What it measures.</param>
    /// <param name="OpenAi">The OpenAI SDK's row, or null when it did not run.</param>
    /// <param name="Ours">Our row, or null when it did not run.</param>
    public sealed record Scenario(string Class, string Title, Row? OpenAi, Row? Ours);

    /// <summary>One measured benchmark.</summary>
    /// <param name="Description">The benchmark's description.</param>
    /// <param name="MedianNanoseconds">The median per operation, or null when it failed.</param>
    /// <param name="AllocatedBytes">Bytes allocated per operation, or null when not measured.</param>
    public sealed record Row(string Description, double? MedianNanoseconds, double? AllocatedBytes);

    /// <summary>Reads the suite from its folder, or returns null when the script did not run it.</summary>
    /// <param name="artifactsDirectory">The artifacts folder (the suite is in <c>suites/inference</c>).</param>
    /// <returns>The suite, or null.</returns>
    public static InferenceSuite? Load(string artifactsDirectory)
    {
        var folder = new DirectoryInfo(Path.Combine(artifactsDirectory, SuiteResults.DirectoryName, SuiteName));
        if (!folder.Exists)
        {
            return null;
        }

        var problems = new List<string>();
        var status = Path.Combine(folder.FullName, SuiteResults.StatusFileName);
        if (File.Exists(status))
        {
            problems.Add(File.ReadAllText(status).Trim());
        }

        var inputs = new Dictionary<string, long>(StringComparer.Ordinal);
        var inputsPath = Path.Combine(folder.FullName, "inputs.txt");
        if (File.Exists(inputsPath))
        {
            foreach (var line in File.ReadAllLines(inputsPath))
            {
                var equals = line.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0 && long.TryParse(line[(equals + 1)..], NumberStyles.Integer, Invariant, out var value))
                {
                    inputs[line[..equals]] = value;
                }
            }
        }
        else
        {
            problems.Add("inputs.txt (the canned inputs' sizes) is missing, so there are no per-chunk figures");
        }

        var scenarios = new List<Scenario>();
        var jobs = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (className, title) in Classes)
        {
            var csv = new DirectoryInfo(Path.Combine(folder.FullName, "results")).Exists
                ? Directory.GetFiles(Path.Combine(folder.FullName, "results"), $"*.{className}-report.csv").FirstOrDefault()
                : null;
            if (csv is null)
            {
                problems.Add($"{className} exported no results");
                scenarios.Add(new Scenario(className, title, null, null));
                continue;
            }

            List<Row> rows;
            try
            {
                rows = ReadRows(csv, jobs);
            }
            catch (InvalidDataException exception)
            {
                problems.Add(exception.Message);
                rows = [];
            }

            scenarios.Add(new Scenario(
                className,
                title,
                rows.FirstOrDefault(r => r.Description.StartsWith(OpenAiPrefix, StringComparison.Ordinal)),
                rows.FirstOrDefault(r => r.Description.StartsWith(OursPrefix, StringComparison.Ordinal))));
        }

        return new InferenceSuite(inputs, jobs.Count == 0 ? "none" : string.Join(", ", jobs), scenarios, problems);
    }

    /// <summary>The whole-stream scenario, or null when the class is unknown.</summary>
    public Scenario? WholeStream => Scenarios.FirstOrDefault(s => s.Class == Classes[0].Class);

    /// <summary>How many times the OpenAI SDK's streaming time ours is (higher is better), or null.</summary>
    public double? ThroughputRatio => WholeStream is { OpenAi.MedianNanoseconds: { } theirs, Ours.MedianNanoseconds: { } ours } && ours > 0 ? theirs / ours : null;

    /// <summary>Our streaming allocations as a fraction of the OpenAI SDK's (lower is better), or null.</summary>
    public double? AllocationRatio => WholeStream is { OpenAi.AllocatedBytes: { } theirs, Ours.AllocatedBytes: { } ours } && theirs > 0 ? ours / theirs : null;

    /// <summary>Writes the section: inputs, the table with per-chunk figures, the targets.</summary>
    /// <param name="md">The report being written.</param>
    public void Render(StringBuilder md)
    {
        ArgumentNullException.ThrowIfNull(md);
        md.AppendLine("### Streaming chat completions vs the OpenAI .NET SDK (`benchmarks/Fireworks.Benchmarks.Inference`, issue 13)");
        md.AppendLine();
        var chunks = Inputs.GetValueOrDefault("stream_chunks");
        if (Job != Infrastructure.BenchmarkConfigs.FullJobId)
        {
            md.AppendLine($"> **Smoke run ({Job} job):** a few short in-process iterations; the numbers prove the suite runs and are too noisy to quote.");
            md.AppendLine();
        }

        md.AppendLine(string.Create(Invariant, $"One canned chat stream (`text/event-stream`, {Describe("stream_token_chunks", "token chunks")}, each with its logprobs — token, logprob, sampling logprob, bytes, two top logprobs with token ids — and token ids, between a role chunk and a finish chunk with usage; {Describe("stream_bytes", "bytes")}) read to `[DONE]` through our `client.Chat.Completions.StreamAsync` and through the OpenAI .NET SDK 2.15's `ChatClient.CompleteChatStreamingAsync` against a custom endpoint. Both get the same bytes from an in-memory `HttpMessageHandler`, so the network is out of the measurement and the SDKs are not; both consumers add up every token's text length and logprob, and the setup fails unless the two sums agree. *Time to first chunk* sends the request and reads one chunk (the server answers at once). The last row pair deserialises one non-streaming chat completion ({Describe("completion_bytes", "bytes")}, {Describe("completion_tokens", "tokens")} with logprobs) with each SDK's own reader. *Per chunk* divides by all {Describe("stream_chunks", "chunks")} read (role and finish chunks included). Ratios are against the OpenAI SDK in the same run; BenchmarkDotNet job: `{Job}`."));
        md.AppendLine();
        foreach (var problem in Problems)
        {
            md.AppendLine($"> Not complete in this run: {problem}.");
            md.AppendLine();
        }

        md.AppendLine("| Scenario | Contender | Median | Per chunk | Ratio | Allocated | Per chunk | Alloc ratio |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var scenario in Scenarios)
        {
            var perChunk = scenario.Class == Classes[0].Class && chunks > 0 ? chunks : 0;
            foreach (var row in new[] { scenario.OpenAi, scenario.Ours })
            {
                if (row is null)
                {
                    continue;
                }

                var isBaseline = ReferenceEquals(row, scenario.OpenAi);
                md.Append($"| {scenario.Title} | {(isBaseline ? $"**{row.Description}** (baseline)" : row.Description)} ")
                    .Append($"| {BenchmarkReportWriter.FormatTime(row.MedianNanoseconds)} ")
                    .Append($"| {(perChunk > 0 ? BenchmarkReportWriter.FormatTime(row.MedianNanoseconds / perChunk) : "-")} ")
                    .Append($"| {BenchmarkReportWriter.FormatRatio(BenchmarkReportWriter.Ratio(row.MedianNanoseconds, scenario.OpenAi?.MedianNanoseconds))} ")
                    .Append($"| {BenchmarkReportWriter.FormatBytes(row.AllocatedBytes)} ")
                    .Append($"| {(perChunk > 0 ? BenchmarkReportWriter.FormatBytes(row.AllocatedBytes / perChunk) : "-")} ")
                    .AppendLine($"| {BenchmarkReportWriter.FormatRatio(BenchmarkReportWriter.Ratio(row.AllocatedBytes, scenario.OpenAi?.AllocatedBytes))} |");
            }
        }

        md.AppendLine();
        md.AppendLine("| Target (issue 13) | Measured | Status |");
        md.AppendLine("|---|---|---|");
        md.AppendLine(ThroughputRatio is { } throughput
            ? string.Create(Invariant, $"| Streaming throughput ≥ {ThroughputTarget:0.0}× the OpenAI SDK's | {throughput:0.00}× | {(throughput >= ThroughputTarget ? "met" : "missed")} |")
            : string.Create(Invariant, $"| Streaming throughput ≥ {ThroughputTarget:0.0}× the OpenAI SDK's | - | not measured in this run |"));
        md.AppendLine(AllocationRatio is { } allocation
            ? string.Create(Invariant, $"| Streaming allocations ≤ {AllocationTarget:0.0}× the OpenAI SDK's | {allocation:0.00}× | {(allocation <= AllocationTarget ? "met" : "missed")} |")
            : string.Create(Invariant, $"| Streaming allocations ≤ {AllocationTarget:0.0}× the OpenAI SDK's | - | not measured in this run |"));
        md.AppendLine();
    }

    private string Describe(string input, string unit) =>
        Inputs.TryGetValue(input, out var value) ? string.Create(Invariant, $"{value:N0} {unit}") : $"? {unit}";

    private static List<Row> ReadRows(string csvPath, ISet<string> jobs)
    {
        const string MedianColumn = BenchmarkClassResults.MedianColumn;
        var table = CsvTable.Parse(File.ReadAllText(csvPath), Path.GetFileName(csvPath));
        if (!table.Header.Contains("Method") || !table.Header.Contains(MedianColumn))
        {
            throw new InvalidDataException($"{Path.GetFileName(csvPath)}: no 'Method' or '{MedianColumn}' column (the export must be Shared/MachineReadableCsv's).");
        }

        foreach (var row in table.Rows)
        {
            jobs.Add(row.TryGetValue("Job", out var job) ? job : "unknown");
        }

        return table.Rows
            .Select(row => new Row(
                row["Method"] is ['\'', .. var inner, '\''] ? inner : row["Method"],
                BenchmarkClassResults.ParseNumber(row[MedianColumn]),
                row.TryGetValue(BenchmarkClassResults.AllocatedColumn, out var allocated) ? BenchmarkClassResults.ParseNumber(allocated) : null))
            .ToList();
    }
}
