using System.Globalization;
using System.Text;
using Fireworks.Benchmarks.Calls;
using Fireworks.Benchmarks.Generation;
using Fireworks.Benchmarks.Infrastructure;
using Fireworks.Benchmarks.Payloads;
using Fireworks.Benchmarks.Runtime;

namespace Fireworks.Benchmarks.Reporting;

/// <summary>
/// Writes <c>docs/benchmarks.md</c> from BenchmarkDotNet's exported results: the machine block of the
/// GitHub markdown export, the numbers of the CSV export. Nothing in the report is typed by hand.
/// </summary>
public static class BenchmarkReportWriter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly SectionText[] KnownSections =
    [
        new(typeof(GenerationBenchmarks),
            "Generation: the full 4.259.0 spec",
            "Parsing the YAML spec and emitting a complete client (every model, enum and operation). NSwag runs in-process " +
            "(NSwag.CodeGeneration.CSharp 14.8.0 with the settings the Baseline.NSwag project passes to its CLI); " +
            "this is what a build that regenerates the client pays each time. Ours is the SDK's source generator driven by " +
            "Roslyn's `CSharpGeneratorDriver` over the same spec plus the overlay and templates the SDK build uses, emitting " +
            "the whole SDK (models, reflection-free JSON converters, enums, clients, filter fields, JSON context). " +
            "*Cold* is a new driver (nothing cached by Roslyn: YAML parse, API model, every template rendered); " +
            "*warm* re-runs the previous build's driver after an edit to unrelated code, which is what the IDE and " +
            "incremental builds do on every change; the *API model only* row is the cold run's first stage (YAML, overlay, " +
            "model) without rendering. All run in one process, so JIT and parsed-template caches are warm for every " +
            "contender, as in a long-lived compiler server."),
        new(typeof(DeserializeBenchmarks),
            "Runtime: deserializing responses",
            "UTF-8 JSON to DTOs with System.Text.Json. The payloads are built from the spec's own schemas with every " +
            "property set (see Inputs), so each contender reads the same, complete documents. The lower bound only " +
            "tokenizes the document and materializes its strings: no DTO can be read faster or with fewer allocations."),
        new(typeof(SerializeBenchmarks),
            "Runtime: serializing resources",
            "The same resources, DTOs to UTF-8 JSON (what a create or update call pays before sending)."),
        new(typeof(CallOverheadBenchmarks),
            "End-to-end call overhead",
            "One call through HttpClient against an in-process handler that returns a canned `gatewayUser`: building the " +
            "request (path, query, body), sending it, checking the status and parsing the response. The handler reads the " +
            "request as a socket transport must before sending it (the URI's host, port, path and query, every header, the " +
            "body), the same for every contender. No network is involved, so the numbers are pure client-side cost. " +
            "The floor is raw HttpClient with source-generated System.Text.Json over hand-written DTOs. Every contender sends the same bearer key; ours runs with its default options " +
            "(60 s call timeout, up to 2 retries, logging off), so the retry and timeout machinery is part of its cost."),
    ];

    /// <summary>Reads every <c>*-report.csv</c> in <paramref name="results"/> and (re)writes <paramref name="output"/>.</summary>
    /// <param name="results">BenchmarkDotNet's results folder.</param>
    /// <param name="output">The markdown file to write.</param>
    /// <param name="command">The command that produced the results.</param>
    /// <param name="generatedAt">When the report is written (UTC is used).</param>
    /// <returns>The written file.</returns>
    /// <exception cref="InvalidDataException">The folder holds no CSV report or a report cannot be read.</exception>
    public static FileInfo Write(DirectoryInfo results, FileInfo output, string command, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        if (!results.Exists)
        {
            throw new InvalidDataException($"The results folder '{results.FullName}' does not exist; run the benchmarks first.");
        }

        var csvFiles = results.GetFiles("*-report.csv").OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        if (csvFiles.Count == 0)
        {
            throw new InvalidDataException($"The results folder '{results.FullName}' holds no BenchmarkDotNet CSV report (*-report.csv).");
        }

        var classes = csvFiles.Select(f => BenchmarkClassResults.Read(f.FullName))
            .OrderBy(c => SectionIndex(c.BenchmarkType))
            .ToList();
        var artifacts = results.Parent?.FullName ?? results.FullName;
        var payloads = new DirectoryInfo(Path.Combine(artifacts, "payloads"));
        var conditions = RunConditions.Load(artifacts);

        var build = SdkBuildTiming.Load(artifacts);
        var suites = SuiteResults.LoadAll(artifacts);
        var inference = InferenceSuite.Load(artifacts);
        // A report may be re-rendered from an earlier run's exports; the exports' times say when the numbers were measured.
        var measured = (From: csvFiles.Min(f => f.LastWriteTimeUtc), To: csvFiles.Max(f => f.LastWriteTimeUtc));
        var markdown = Render(classes, classes[0].Machine, conditions, payloads, command, generatedAt, measured, build, suites, inference)
            + CarriedSection(output.Directory, "emulator-soak.md", "Emulator soak (issue 11)", "`benchmarks/Fireworks.Benchmarks.EmulatorSoak`, a bounded soak rather than a BenchmarkDotNet suite")
            + CarriedSection(output.Directory, "file-transfer-benchmarks.md", "File transfers (issue 15)", "`benchmarks/Fireworks.Benchmarks.Files`, one 1 GiB transfer per child process rather than a BenchmarkDotNet suite");
        output.Directory?.Create();
        File.WriteAllText(output.FullName, markdown, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return output;
    }

    private static string Render(
        IReadOnlyList<BenchmarkClassResults> classes,
        string environment,
        RunConditions? conditions,
        DirectoryInfo payloads,
        string command,
        DateTimeOffset generatedAt,
        (DateTime From, DateTime To) measured,
        SdkBuildTiming? build,
        IReadOnlyList<SuiteResults> suites,
        InferenceSuite? inference)
    {
        var md = new StringBuilder();
        md.AppendLine("# Benchmarks: Fireworks.Generated vs NSwag");
        md.AppendLine();
        md.AppendLine("<!-- Generated by benchmarks/run-benchmarks.sh from BenchmarkDotNet's exported results. Do not edit by hand. -->");
        md.AppendLine();
        var jobs = classes.Select(c => c.Job).Distinct(StringComparer.Ordinal).ToList();
        if (jobs.Any(j => j != BenchmarkConfigs.FullJobId))
        {
            md.AppendLine($"> **Smoke run ({string.Join(", ", jobs)} job):** a few short in-process iterations. These numbers prove the benchmarks run; they are too noisy to quote. Run `benchmarks/run-benchmarks.sh` without `--short` for real numbers.");
            md.AppendLine();
        }

        var measuredTo = measured.To.Date == measured.From.Date ? measured.To.ToString("HH:mm", Invariant) : measured.To.ToString("yyyy-MM-dd HH:mm", Invariant);
        md.AppendLine(Invariant, $"Measured {measured.From:yyyy-MM-dd HH:mm}–{measuredTo} UTC (when BenchmarkDotNet wrote each class's results: the files' times, so copying them elsewhere loses this); report written {generatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC. Medians per operation; a ratio is the contender's median (or allocation) divided by the NSwag baseline's in the same scenario, so below 1 is better than NSwag.");
        md.AppendLine();
        md.AppendLine("## Machine");
        md.AppendLine();
        md.AppendLine("```");
        md.AppendLine(environment);
        md.AppendLine("```");
        md.AppendLine();
        if (conditions is { LoadAverageAtStart: { } start, LoadAverageAtEnd: { } end })
        {
            md.Append(Invariant, $"One-minute load average {start:0.00} before the run and {end:0.00} after it, on {conditions.ProcessorCount} logical cores.");
            md.AppendLine(conditions.WasContended
                ? " Other work competed for the CPU during this run: expect wider spreads than on a quiet machine, especially for the microsecond-scale benchmarks."
                : string.Empty);
            md.AppendLine();
        }
        md.AppendLine("## Command");
        md.AppendLine();
        md.AppendLine("```sh");
        md.AppendLine(command);
        md.AppendLine("```");
        md.AppendLine();
        RenderInputs(md, payloads);

        md.AppendLine("## Results");
        md.AppendLine();
        foreach (var results in classes)
        {
            RenderClass(md, results);
        }

        RenderBuild(md, build);
        foreach (var suite in suites)
        {
            if (suite.Name == InferenceSuite.SuiteName && inference is not null)
            {
                // Its own table: per-chunk figures and the streaming targets, from the CSV exports.
                inference.Render(md);
                continue;
            }

            RenderSuite(md, suite);
        }

        md.AppendLine("## What it means");
        md.AppendLine();
        foreach (var line in Meaning(classes, build))
        {
            md.AppendLine("- " + line);
        }

        md.AppendLine();
        md.AppendLine("## Targets");
        md.AppendLine();
        md.AppendLine(Invariant, $"From issues 8 and 16 (`Reporting/RuntimeTargets.cs`); issue 16 raised the deserialization allocation target from {RuntimeTargets.Issue8DeserializeAllocations:0.0#}× to {RuntimeTargets.DeserializeAllocations:0.0#}× NSwag's bytes.");
        md.AppendLine();
        md.AppendLine("| Target | Measured | Status |");
        md.AppendLine("|---|---|---|");
        foreach (var target in Targets(classes))
        {
            md.AppendLine($"| {target.Name} | {target.Measured} | {target.Status} |");
        }

        var explanations = MissedTargetExplanations(classes).ToList();
        if (explanations.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("### Missed targets: by how much, why, and what would close them");
            md.AppendLine();
            foreach (var explanation in explanations)
            {
                md.AppendLine("- " + explanation);
            }
        }

        if (classes.Any(c => c.BenchmarkType == typeof(DeserializeBenchmarks)))
        {
            RenderAllocationBreakdown(md);
        }

        return md.ToString();
    }

    private static void RenderAllocationBreakdown(StringBuilder md)
    {
        md.AppendLine();
        md.AppendLine("### Where the deserialization allocations go");
        md.AppendLine();
        md.AppendLine(Invariant, $"Computed when this report was written, by one deserialization of each payload per contender (`AllocationBreakdown`; allocated bytes do not depend on machine load). *Strings* are the .NET strings our models hold (literals such as known enum values are not allocated per call), *models* the generated objects, *other* everything else the call allocates: the lists, arrays and maps the result holds, and short-lived buffers. The last columns are what a target of {RuntimeTargets.DeserializeAllocations:0.0#}× NSwag's bytes leaves for everything but the strings, against what ours allocates besides them.");
        md.AppendLine();
        md.AppendLine("| Payload | NSwag | Ours | Ours: strings | Ours: models | Ours: other | Strings vs NSwag's total | Left beside the strings at " + RuntimeTargets.DeserializeAllocations.ToString("0.0#", Invariant) + "× | Ours beside the strings |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        var breakdowns = Enum.GetValues<PayloadKind>().Select(AllocationBreakdown.Measure).ToList();
        foreach (var b in breakdowns)
        {
            md.AppendLine(Invariant, $"| {b.Kind} | {b.NSwagBytes:N0} B | {b.OurBytes:N0} B | {b.StringBytes:N0} B | {b.ModelBytes:N0} B | {b.OtherBytes:N0} B | {(double)b.StringBytes / b.NSwagBytes:0.00}× | {b.BudgetBesideStrings(RuntimeTargets.DeserializeAllocations):N0} B | {b.OurBytes - b.StringBytes:N0} B |");
        }

        var overBudget = breakdowns.Where(b => b.ModelBytes > b.BudgetBesideStrings(RuntimeTargets.DeserializeAllocations)).Select(b => b.Kind.ToString()).ToList();
        if (overBudget.Count > 0)
        {
            md.AppendLine();
            md.AppendLine(Invariant, $"On {string.Join(", ", overBudget)} the model objects alone, as generated today, allocate more than the target leaves beside the strings, before any list or map is counted. With the strings held as `string`, reaching {RuntimeTargets.DeserializeAllocations:0.0#}× NSwag's bytes there needs the models and everything else together within the budget column; keeping string values as UTF-8 (or materializing them lazily) would shrink the strings column instead.");
        }
    }

    private static void RenderInputs(StringBuilder md, DirectoryInfo payloads)
    {
        if (!payloads.Exists)
        {
            return;
        }

        md.AppendLine("## Inputs");
        md.AppendLine();
        md.AppendLine("Built deterministically (fixed seeds) from the spec's schemas at startup, every property populated (int64 as strings, valid enum values, RFC 3339 date-times), and saved next to the results:");
        md.AppendLine();
        md.AppendLine("| Payload | Schema | JSON size |");
        md.AppendLine("|---|---|---:|");
        foreach (var file in payloads.GetFiles("*.json").OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            md.AppendLine($"| `{file.Name}` | {SchemaOf(file.Name)} | {FormatBytes(file.Length)} |");
        }

        md.AppendLine();
    }

    private static string SchemaOf(string payloadFile) => payloadFile switch
    {
        "rlor-trainer-jobs-page-200.json" => "`gatewayListRlorTrainerJobsResponse` with 200 `gatewayRlorTrainerJob`s",
        "deployment.json" => "`gatewayDeployment`",
        "reinforcement-fine-tuning-job.json" => "`gatewayReinforcementFineTuningJob` with its nested configs",
        "user.json" => "`gatewayUser` (the call-overhead response and request body)",
        _ => "(unknown)",
    };

    private static void RenderClass(StringBuilder md, BenchmarkClassResults results)
    {
        var section = KnownSections.FirstOrDefault(s => s.Type == results.BenchmarkType);
        md.AppendLine($"### {section?.Title ?? results.BenchmarkType.Name}");
        md.AppendLine();
        if (section is not null)
        {
            md.AppendLine(section.Description);
            md.AppendLine();
        }

        md.AppendLine($"BenchmarkDotNet job: `{results.JobSettings}`");
        md.AppendLine();

        var hasFloor = results.Rows.Any(r => r.Category == Contenders.Floor);
        var hasScenario = results.Rows.Any(r => r.Scenario.Length > 0);
        md.Append(hasScenario ? "| Scenario " : string.Empty).Append("| Contender | Median | Ratio | Allocated | Alloc ratio |");
        md.AppendLine(hasFloor ? " Ratio to floor |" : string.Empty);
        md.Append(hasScenario ? "|---" : string.Empty).Append("|---|---:|---:|---:|---:|");
        md.AppendLine(hasFloor ? "---:|" : string.Empty);
        foreach (var scenario in results.Scenarios)
        {
            var baseline = results.BaselineOf(scenario);
            var floor = results.Rows.FirstOrDefault(r => r.Scenario == scenario && r.Category == Contenders.Floor);
            foreach (var row in results.Rows.Where(r => r.Scenario == scenario).OrderBy(DisplayOrder))
            {
                md.Append(hasScenario ? $"| {scenario} " : string.Empty)
                    .Append($"| {(row.IsBaseline ? $"**{row.Contender}** (baseline)" : row.Contender)} ")
                    .Append($"| {FormatTime(row.MedianNanoseconds)} ")
                    .Append($"| {FormatRatio(Ratio(row.MedianNanoseconds, baseline?.MedianNanoseconds))} ")
                    .Append($"| {FormatBytes(row.AllocatedBytes)} ")
                    .Append($"| {FormatRatio(Ratio(row.AllocatedBytes, baseline?.AllocatedBytes))} |");
                md.AppendLine(hasFloor ? $" {FormatRatio(Ratio(row.MedianNanoseconds, floor?.MedianNanoseconds))} |" : string.Empty);
            }
        }

        md.AppendLine();
    }

    // Baseline first, then ours, then the floor; stable within each group.
    private static int DisplayOrder(BenchmarkRow row) => row.IsBaseline ? 0 : row.Category switch
    {
        Contenders.Fireworks => 1,
        Contenders.NSwag => 2,
        _ => 3,
    };

    private static void RenderBuild(StringBuilder md, SdkBuildTiming? build)
    {
        md.AppendLine("### Generator time inside `dotnet build`");
        md.AppendLine();
        if (build is null)
        {
            md.AppendLine("Not measured in this run (`run-benchmarks.sh` measures it on full runs, not with `--short`).");
            md.AppendLine();
            return;
        }

        md.AppendLine("A clean build of `src/Fireworks.Generated` with the compiler's analyzer report on; the generator line and totals are parsed from the build log:");
        md.AppendLine();
        md.AppendLine("```sh");
        md.AppendLine(build.Command);
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine("| Measure | Time |");
        md.AppendLine("|---|---:|");
        md.AppendLine($"| `Fireworks.Generator.FireworksGenerator` | {FormatSeconds(build.GeneratorSeconds)} |");
        md.AppendLine($"| All source generators of the compilation | {FormatSeconds(build.AllGeneratorsSeconds)} |");
        md.AppendLine($"| All analyzers of the compilation (concurrent, summed) | {FormatSeconds(build.AllAnalyzersSeconds)} |");
        md.AppendLine($"| Whole build, wall clock (restore, dependencies, compile) | {FormatSeconds(build.BuildWallSeconds)} |");
        md.AppendLine();
    }

    /// <summary>
    /// The emulator soak and the file-transfer runs are bounded console runs, not BenchmarkDotNet suites; each keeps its
    /// results in its own page under <c>docs/</c> (written when that runner is run) and is carried into this report, so
    /// the report is the one place with every table.
    /// </summary>
    private static string CarriedSection(DirectoryInfo? docs, string page, string title, string source)
    {
        var path = docs is null ? null : Path.Combine(docs.FullName, page);
        if (path is null || !File.Exists(path))
        {
            return string.Empty;
        }

        var body = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        var firstBreak = body.IndexOf('\n', StringComparison.Ordinal);
        return $"\n## {title}\n\nFrom `docs/{page}` ({source}), copied here when this report is generated.\n"
            + (firstBreak < 0 ? string.Empty : body[firstBreak..]).Replace("\n## ", "\n### ", StringComparison.Ordinal);
    }

    private static void RenderSuite(StringBuilder md, SuiteResults suite)
    {
        var (title, description) = suite.Name switch
        {
            "aip" => ("AIP-160 filters (`benchmarks/Fireworks.Benchmarks.Aip`)",
                "Parsing, printing, building and type-checking a realistic 10-clause filter with `Fireworks.Aip`. BenchmarkDotNet's own table, as exported."),
            "codec" => ("Delta codec kernels (`benchmarks/Fireworks.Benchmarks.Codec`)",
                "The checkpoint delta codec's hot loops on one 4 MiB chunk (`micro` benchmarks); end-to-end codec numbers are in `docs/codec-benchmarks.md`. BenchmarkDotNet's own table, as exported."),
            _ => ($"`{suite.Name}`", "BenchmarkDotNet's own table, as exported."),
        };
        md.AppendLine($"### {title}");
        md.AppendLine();
        md.AppendLine(description);
        md.AppendLine();
        if (suite.Status is not null)
        {
            md.AppendLine($"> Not complete in this run: {suite.Status}.");
            md.AppendLine();
        }

        foreach (var (name, jobSettings, table) in suite.Tables)
        {
            md.AppendLine($"`{name}`, job: `{jobSettings}`");
            md.AppendLine();
            md.AppendLine(table);
            md.AppendLine();
        }
    }

    private static IEnumerable<string> Meaning(IReadOnlyList<BenchmarkClassResults> classes, SdkBuildTiming? build)
    {
        var ours = classes.Any(c => c.Rows.Any(r => r.Category == Contenders.Fireworks));
        if (!ours)
        {
            yield return "Our SDK is not wired into the benchmarks yet: every table shows the NSwag baseline (and the floor) only, so no comparison can be claimed from this run.";
        }

        if (Find<GenerationBenchmarks>(classes) is { } generation && generation.BaselineOf(string.Empty) is { MedianNanoseconds: { } nswagGeneration } nswagRow)
        {
            yield return $"Generating the NSwag client in-process takes {FormatTime(nswagGeneration)} and allocates {FormatBytes(nswagRow.AllocatedBytes)}; a build that regenerates the client from the spec pays that every time (NSwag.MSBuild's CLI adds process start-up on top).";
            foreach (var row in generation.Rows.Where(r => r.Category == Contenders.Fireworks))
            {
                yield return $"Our generator, {row.Contender}: {FormatTime(row.MedianNanoseconds)}, {FormatRatio(Ratio(row.MedianNanoseconds, nswagGeneration))} of NSwag's time, allocating {FormatBytes(row.AllocatedBytes)}.";
            }

            if (OursRow(generation, string.Empty, "warm") is { MedianNanoseconds: { } warm })
            {
                yield return $"For a user that means: editing your own code while the SDK is referenced costs about {FormatTime(warm)} of generator time per keystroke-triggered compilation, because nothing the generator reads changed; only an edit to the spec, overlay or a template re-renders (and then only that template's files).";
            }
        }

        if (build is not null)
        {
            var share = build.AllGeneratorsSeconds is { } all && all > 0 ? $" ({(build.GeneratorSeconds / all).ToString("P0", Invariant)} of all generators in that compilation)" : string.Empty;
            yield return $"Inside a clean `dotnet build` of the SDK the compiler spent {FormatSeconds(build.GeneratorSeconds)} in our generator{share}; the whole build took {FormatSeconds(build.BuildWallSeconds)} wall-clock. The in-build figure is higher than the driver benchmark's cold time because the build loads and JIT-compiles the generator and its YAML and Scriban dependencies once, with no warm-up.";
        }

        foreach (var (type, verb) in new[] { (typeof(DeserializeBenchmarks), "Reading"), (typeof(SerializeBenchmarks), "Writing") })
        {
            if (classes.FirstOrDefault(c => c.BenchmarkType == type) is not { } runtime)
            {
                continue;
            }

            foreach (var scenario in runtime.Scenarios)
            {
                if (runtime.BaselineOf(scenario) is not { MedianNanoseconds: not null } baseline)
                {
                    continue;
                }

                var line = $"{verb} {scenario} with NSwag's DTOs costs {FormatTime(baseline.MedianNanoseconds)} and {FormatBytes(baseline.AllocatedBytes)} per operation";
                var oursRow = runtime.Rows.FirstOrDefault(r => r.Scenario == scenario && r.Category == Contenders.Fireworks);
                line = oursRow is null
                    ? line + "."
                    : line + $"; ours {FormatTime(oursRow.MedianNanoseconds)} ({FormatRatio(Ratio(oursRow.MedianNanoseconds, baseline.MedianNanoseconds))}) and {FormatBytes(oursRow.AllocatedBytes)} ({FormatRatio(Ratio(oursRow.AllocatedBytes, baseline.AllocatedBytes))}).";
                if (runtime.Rows.FirstOrDefault(r => r.Scenario == scenario && r.Category == Contenders.Floor) is { MedianNanoseconds: not null } bound)
                {
                    line += $" Just tokenizing it and materializing its strings costs {FormatTime(bound.MedianNanoseconds)} and {FormatBytes(bound.AllocatedBytes)}, the part no DTO can avoid.";
                }

                yield return line;
            }
        }

        if (Find<CallOverheadBenchmarks>(classes) is { } calls)
        {
            foreach (var scenario in calls.Scenarios)
            {
                var floor = calls.Rows.FirstOrDefault(r => r.Scenario == scenario && r.Category == Contenders.Floor);
                if (floor?.MedianNanoseconds is null)
                {
                    continue;
                }

                foreach (var row in calls.Rows.Where(r => r.Scenario == scenario && r.Category != Contenders.Floor))
                {
                    yield return $"{scenario}: {row.Contender} costs {FormatRatio(Ratio(row.MedianNanoseconds, floor.MedianNanoseconds))} the floor's time ({FormatTime(row.MedianNanoseconds)} vs {FormatTime(floor.MedianNanoseconds)}) and {FormatRatio(Ratio(row.AllocatedBytes, floor.AllocatedBytes))} its allocations, per call, before any network time.";
                }
            }
        }

        yield return "Allocated bytes are deterministic and do not depend on machine load; times do. The figures are medians of one run, so on a shared machine differences of 10% or more can be run-to-run noise.";
    }

    private static readonly string GenerationTargetName = string.Create(Invariant, $"Full-spec generation ≥ {RuntimeTargets.GenerationSpeedup:0.#}× faster than NSwag in-process");
    private static readonly string WarmTargetName = $"Warm re-run after an unrelated edit ≤ {FormatTime(RuntimeTargets.WarmRerunNanoseconds)}";

    private static IEnumerable<TargetResult> Targets(IReadOnlyList<BenchmarkClassResults> classes)
    {
        const string NotMeasured = "not measured yet: our SDK is not wired into the benchmarks";
        var generation = Find<GenerationBenchmarks>(classes);
        var nswagGeneration = generation?.BaselineOf(string.Empty)?.MedianNanoseconds;
        var cold = OursRow(generation, string.Empty, "cold");
        yield return cold is null || nswagGeneration is null
            ? new TargetResult(GenerationTargetName, "-", NotMeasured)
            : RatioTarget(GenerationTargetName, Ratio(cold.MedianNanoseconds, nswagGeneration), 1 / RuntimeTargets.GenerationSpeedup, "× NSwag");

        var warm = OursRow(generation, string.Empty, "warm");
        yield return warm?.MedianNanoseconds is not { } warmMedian
            ? new TargetResult(WarmTargetName, "-", NotMeasured)
            : new TargetResult(WarmTargetName, FormatTime(warmMedian), warmMedian <= RuntimeTargets.WarmRerunNanoseconds ? "met" : $"missed by {FormatTime(warmMedian - RuntimeTargets.WarmRerunNanoseconds)}");

        var deserialize = Find<DeserializeBenchmarks>(classes);
        foreach (var scenario in deserialize?.Scenarios ?? [])
        {
            var name = string.Create(Invariant, $"Deserializing {scenario}: ≥ {RuntimeTargets.DeserializeSpeedup:0.0#}× faster than NSwag's DTOs with ≤ {RuntimeTargets.DeserializeAllocations:0.0#}× the allocations");
            var baseline = deserialize!.BaselineOf(scenario);
            if (OursRow(deserialize, scenario, null) is not { } ours || baseline is null)
            {
                yield return new TargetResult(name, "-", NotMeasured);
                continue;
            }

            var time = Ratio(ours.MedianNanoseconds, baseline.MedianNanoseconds);
            var memory = Ratio(ours.AllocatedBytes, baseline.AllocatedBytes);
            var misses = new List<string>();
            if (time is not <= RuntimeTargets.DeserializeTimeRatio)
            {
                misses.Add($"time needs ≤ {FormatRatio(RuntimeTargets.DeserializeTimeRatio)}");
            }

            if (memory is not <= RuntimeTargets.DeserializeAllocations)
            {
                misses.Add($"allocations need ≤ {FormatRatio(RuntimeTargets.DeserializeAllocations)}");
            }

            yield return new TargetResult(name, $"{FormatRatio(time)} time, {FormatRatio(memory)} allocations", misses.Count == 0 ? "met" : $"missed ({string.Join(", ", misses)})");
        }

        var calls = Find<CallOverheadBenchmarks>(classes);
        foreach (var scenario in calls?.Scenarios ?? [])
        {
            var name = string.Create(Invariant, $"{scenario} call overhead within {RuntimeTargets.CallOverhead:0.00}× of raw HttpClient + STJ");
            var floor = calls!.Rows.FirstOrDefault(r => r.Scenario == scenario && r.Category == Contenders.Floor);
            yield return OursRow(calls, scenario, null) is not { } ours || floor is null
                ? new TargetResult(name, "-", NotMeasured)
                : RatioTarget(name, Ratio(ours.MedianNanoseconds, floor.MedianNanoseconds), RuntimeTargets.CallOverhead, "× floor");
        }
    }

    /// <summary>For each missed target: the gap, the cause (backed by this run's rows where it can be) and the fix.</summary>
    private static IEnumerable<string> MissedTargetExplanations(IReadOnlyList<BenchmarkClassResults> classes)
    {
        var generation = Find<GenerationBenchmarks>(classes);
        var nswag = generation?.BaselineOf(string.Empty)?.MedianNanoseconds;
        var cold = OursRow(generation, string.Empty, "cold")?.MedianNanoseconds;
        var model = OursRow(generation, string.Empty, "model only")?.MedianNanoseconds;
        if (nswag is { } n && cold is { } c && c > n / RuntimeTargets.GenerationSpeedup)
        {
            var text = $"**Full-spec generation** is {(n / c).ToString("0.0", Invariant)}× faster than NSwag instead of {RuntimeTargets.GenerationSpeedup.ToString("0.#", Invariant)}× ({FormatTime(c)} vs a target of {FormatTime(n / RuntimeTargets.GenerationSpeedup)}).";
            if (model is { } m && m < c)
            {
                var rendering = c - m;
                var budget = (n / RuntimeTargets.GenerationSpeedup) - m;
                text += $" Reading the spec and overlay into the API model takes {FormatTime(m)}; the other {FormatTime(rendering)} ({(rendering / c).ToString("P0", Invariant)}) is rendering ~740 files through the Scriban templates (render-ready records read through compiled getters, builtins built once) and handing them to Roslyn.";
                text += budget > 0
                    ? $" Meeting the target needs rendering about {(rendering / budget).ToString("0.0", Invariant)}× faster. What is left is Scriban evaluating each template per file on one thread; the options are rendering the file families in parallel or fewer, larger template calls for the ~600 model and converter files."
                    : " The model stage alone exceeds the target's budget, so the YAML reading would have to get faster too.";
            }

            yield return text;
        }

        var deserialize = Find<DeserializeBenchmarks>(classes);
        foreach (var scenario in deserialize?.Scenarios ?? [])
        {
            var baseline = deserialize!.BaselineOf(scenario);
            var ours = OursRow(deserialize, scenario, null);
            var bound = deserialize.Rows.FirstOrDefault(r => r.Scenario == scenario && r.Category == Contenders.Floor);
            if (baseline is null || ours is null)
            {
                continue;
            }

            var time = Ratio(ours.MedianNanoseconds, baseline.MedianNanoseconds);
            var memory = Ratio(ours.AllocatedBytes, baseline.AllocatedBytes);
            if (time is <= RuntimeTargets.DeserializeTimeRatio && memory is <= RuntimeTargets.DeserializeAllocations)
            {
                continue;
            }

            var text = $"**Deserializing {scenario}**: {FormatRatio(time)} NSwag's time (target ≤ {FormatRatio(RuntimeTargets.DeserializeTimeRatio)}) and {FormatRatio(memory)} its allocations (target ≤ {FormatRatio(RuntimeTargets.DeserializeAllocations)}).";
            if (bound is { MedianNanoseconds: not null })
            {
                var boundMemory = Ratio(bound.AllocatedBytes, baseline.AllocatedBytes);
                text += $" The lower bound (tokenize and materialize the strings, nothing else) already allocates {FormatRatio(boundMemory)} of NSwag's bytes and takes {FormatRatio(Ratio(bound.MedianNanoseconds, baseline.MedianNanoseconds))} of its time.";
                if (memory is not <= RuntimeTargets.DeserializeAllocations && boundMemory > RuntimeTargets.DeserializeAllocations)
                {
                    text += " So the allocation target is out of reach for any model with string properties: most of the bytes are the strings themselves. Getting below it would take keeping values as UTF-8 (or lazily materialized) or interning repeated values such as resource-name prefixes and enum-like strings.";
                }

                var oursAbove = ours.MedianNanoseconds - bound.MedianNanoseconds;
                var nswagAbove = baseline.MedianNanoseconds - bound.MedianNanoseconds;
                if (time is not <= RuntimeTargets.DeserializeTimeRatio && oursAbove is { } oa && nswagAbove is { } na && na > 0)
                {
                    text += $" Above the bound ours spends {FormatTime(oa)} per document, NSwag {FormatTime(na)}.";
                }
            }

            if (time is not <= RuntimeTargets.DeserializeTimeRatio)
            {
                text += bound is { MedianNanoseconds: { } boundTime } && baseline.MedianNanoseconds is { } nswagTime && boundTime / nswagTime > 0.6
                    ? $" Property names are already dispatched by UTF-8 length and one byte comparison, so the headroom is small: the lower bound alone takes {FormatRatio(boundTime / nswagTime)} of NSwag's time, and {RuntimeTargets.DeserializeSpeedup.ToString("0.0#", Invariant)}× needs ours within {FormatRatio(nswagTime / RuntimeTargets.DeserializeSpeedup / boundTime)} of that bound. Closing it means doing less than the bound does: keeping string values as UTF-8 or interning repeated ones."
                    : " Property names are already dispatched by UTF-8 length and one byte comparison; the time above the bound is building the objects (setters, nested lists, the bag of unknown fields).";
            }

            yield return text;
        }

        var calls = Find<CallOverheadBenchmarks>(classes);
        foreach (var scenario in calls?.Scenarios ?? [])
        {
            var floor = calls!.Rows.FirstOrDefault(r => r.Scenario == scenario && r.Category == Contenders.Floor);
            if (OursRow(calls, scenario, null) is not { MedianNanoseconds: { } ours } oursRow || floor?.MedianNanoseconds is not { } floorTime || ours <= floorTime * RuntimeTargets.CallOverhead)
            {
                continue;
            }

            yield return $"**{scenario} call overhead** is {(ours / floorTime).ToString("0.00", Invariant)}× the floor (target {RuntimeTargets.CallOverhead.ToString("0.00", Invariant)}×): {FormatTime(ours - floorTime)} and {FormatBytes(oursRow.AllocatedBytes - floor.AllocatedBytes)} more per call. " +
                "That is the work the SDK does and the hand-written call does not: validating path parameters and building the request in generated code (`FireworksRequest`: path segments, encoded query, the JSON body serialized once), " +
                "then the policy pipeline (`Core/Pipeline`: the operation's span and duration metric, the whole-call timeout on the client's `TimeProvider`, the retry policy even when no retry happens, auth, the per-attempt log event, error mapping) and the `Accept`/`User-Agent` headers. " +
                "No URL template is expanded at run time and the transport sends through `HttpClient` directly. " +
                "Closing the rest would take letting the policies that have nothing to do on a plain call (no listener on the span or metric, no retry, no timer due) skip their per-call allocations.";
        }
    }

    private static TargetResult RatioTarget(string name, double? ratio, double limit, string unit) => ratio is not { } value
        ? new TargetResult(name, "failed to run", "missed")
        : new TargetResult(name, $"{value.ToString("0.00", Invariant)}{unit}", value <= limit ? "met" : $"missed (needs ≤ {limit.ToString("0.00", Invariant)}{unit})");

    private static BenchmarkRow? OursRow(BenchmarkClassResults? results, string scenario, string? descriptionContains) =>
        results?.Rows.FirstOrDefault(r => r.Scenario == scenario && r.Category == Contenders.Fireworks
            && (descriptionContains is null || r.Contender.Contains(descriptionContains, StringComparison.OrdinalIgnoreCase)));

    private static BenchmarkClassResults? Find<T>(IReadOnlyList<BenchmarkClassResults> classes) =>
        classes.FirstOrDefault(c => c.BenchmarkType == typeof(T));

    private static int SectionIndex(Type type)
    {
        var index = Array.FindIndex(KnownSections, s => s.Type == type);
        return index < 0 ? KnownSections.Length : index;
    }

    internal static double? Ratio(double? value, double? reference) =>
        value is { } v && reference is { } r && r > 0 ? v / r : null;

    internal static string FormatRatio(double? ratio) => ratio is { } r ? r.ToString("0.00", Invariant) + "×" : "-";

    internal static string FormatTime(double? nanoseconds) => nanoseconds switch
    {
        null => "failed",
        < 1_000 => $"{nanoseconds.Value.ToString("0.0", Invariant)} ns",
        < 1_000_000 => $"{(nanoseconds.Value / 1_000).ToString("0.00", Invariant)} µs",
        < 1_000_000_000 => $"{(nanoseconds.Value / 1_000_000).ToString("0.00", Invariant)} ms",
        _ => $"{(nanoseconds.Value / 1_000_000_000).ToString("0.00", Invariant)} s",
    };

    private static string FormatSeconds(double? seconds) => seconds is { } s ? s.ToString("0.00", Invariant) + " s" : "-";

    internal static string FormatBytes(double? bytes) => bytes switch
    {
        null => "-",
        < 1024 => $"{bytes.Value.ToString("0", Invariant)} B",
        < 1024 * 1024 => $"{(bytes.Value / 1024).ToString("0.0", Invariant)} KB",
        _ => $"{(bytes.Value / (1024 * 1024)).ToString("0.00", Invariant)} MB",
    };

    private sealed record SectionText(Type Type, string Title, string Description);

    private sealed record TargetResult(string Name, string Measured, string Status);
}
