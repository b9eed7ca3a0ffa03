using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Fireworks.Benchmarks.Shared;
using Perfolizer.Horology;

namespace Fireworks.Benchmarks.Infrastructure;

/// <summary>The two ways the suite runs: a full, out-of-process measurement and a short in-process smoke run.</summary>
public static class BenchmarkConfigs
{
    /// <summary>
    /// BenchmarkDotNet's default job: a separate process per benchmark, pilot, warm-up and as many
    /// iterations as the statistics need. This is the run whose numbers the docs quote.
    /// </summary>
    /// <param name="artifactsPath">Where the results are exported.</param>
    /// <param name="inProcess">Measure in the host process (for classes marked <see cref="RunsInProcessAttribute"/>).</param>
    /// <param name="launches">Processes per case (for classes marked <see cref="LaunchesAttribute"/>); 1 otherwise.</param>
    /// <returns>The configuration.</returns>
    public static IConfig Full(string artifactsPath, bool inProcess, int launches = 1)
    {
        var job = Job.Default.WithId(FullJobId);
        job = inProcess ? job.WithToolchain(InProcessEmitToolchain.Instance) : job;
        return Common(artifactsPath).AddJob(launches > 1 ? job.WithLaunchCount(launches) : job);
    }

    /// <summary>The job id of the full run; the report flags results of any other job as a smoke run.</summary>
    public const string FullJobId = "Full";

    /// <summary>
    /// A smoke run for CI: in-process (no per-benchmark build), one warm-up and three 50 ms iterations.
    /// It proves every benchmark runs and reports plausible numbers; it is too short to quote.
    /// </summary>
    /// <param name="artifactsPath">Where the results are exported.</param>
    /// <returns>The configuration.</returns>
    public static IConfig Short(string artifactsPath) =>
        Common(artifactsPath).AddJob(
            Job.ShortRun.WithId("Short")
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithStrategy(BenchmarkDotNet.Engines.RunStrategy.Throughput)
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(3)
                .WithIterationTime(TimeInterval.FromMilliseconds(50))
                .WithEvaluateOverhead(false));

    private static ManualConfig Common(string artifactsPath)
    {
        var defaults = DefaultConfig.Instance;
        return ManualConfig.CreateEmpty()
            .AddLogger(defaults.GetLoggers().ToArray())
            .AddColumnProvider(defaults.GetColumnProviders().ToArray())
            .AddAnalyser(defaults.GetAnalysers().ToArray())
            .AddValidator(defaults.GetValidators().ToArray())
            .AddColumn(StatisticColumn.Median)
            .AddExporter(MarkdownExporter.GitHub, MachineReadableCsv.Exporter)
            .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(MachineReadableCsv.MaxParameterColumnWidth))
            .WithArtifactsPath(artifactsPath);
    }
}
