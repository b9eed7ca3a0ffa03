using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Fireworks.Benchmarks.Aip;

/// <summary>
/// Runs the filter benchmarks. <c>--short</c> is the CI smoke mode: in-process, few 100 ms iterations, well under
/// 20 seconds; its numbers are indicative only. Without it BenchmarkDotNet's default job measures (about a minute per
/// benchmark). Any other argument goes to BenchmarkDotNet (for example <c>--filter *Parse*</c>).
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
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
                .WithIterationCount(5)
                .WithIterationTime(TimeInterval.FromMilliseconds(100))
            : Job.Default.WithId("Full");
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median)
            .WithOptions(ConfigOptions.JoinSummary);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. rest], config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
