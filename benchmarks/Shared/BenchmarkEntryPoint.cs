using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace Fireworks.Benchmarks.Shared;

/// <summary>
/// The command line every small benchmark project shares (linked into each, not a package): <c>--short</c> is the
/// smoke mode — in-process, a few short iterations, numbers indicative only; without it BenchmarkDotNet's default job
/// measures. Any other argument goes to BenchmarkDotNet (for example <c>--filter *Parse*</c>).
/// </summary>
internal static class BenchmarkEntryPoint
{
    /// <summary>Runs the benchmarks of <paramref name="assembly"/>; 1 when one failed or did not validate.</summary>
    public static int Run(Assembly assembly, string[] args, int shortIterations, TimeSpan shortIterationTime, bool joinSummary = false)
    {
        var shortMode = args.Contains("--short");
        var rest = args.Where(a => a != "--short").ToList();
        if (!rest.Contains("--filter"))
        {
            rest.AddRange(["--filter", "*"]);
        }

        var job = shortMode
            ? Job.ShortRun.WithId("Short")
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(2)
                .WithIterationCount(shortIterations)
                .WithIterationTime(TimeInterval.FromMilliseconds(shortIterationTime.TotalMilliseconds))
            : Job.Default.WithId("Full");
        // BenchmarkDotNet's defaults, but the exports are the GitHub markdown table (quoted by docs/benchmarks.md) and
        // the machine-readable CSV (read by the report generator).
        var defaults = DefaultConfig.Instance;
        var config = ManualConfig.CreateEmpty()
            .AddLogger([.. defaults.GetLoggers()])
            .AddColumnProvider([.. defaults.GetColumnProviders()])
            .AddAnalyser([.. defaults.GetAnalysers()])
            .AddValidator([.. defaults.GetValidators()])
            .AddExporter(MarkdownExporter.GitHub, MachineReadableCsv.Exporter)
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median);
        if (joinSummary)
        {
            config = config.WithOptions(ConfigOptions.JoinSummary);
        }

        var summaries = BenchmarkSwitcher.FromAssembly(assembly).Run([.. rest], config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
