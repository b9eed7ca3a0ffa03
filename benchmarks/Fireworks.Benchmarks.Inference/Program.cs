using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace Fireworks.Benchmarks.Inference;

/// <summary>
/// Runs the streaming and deserialisation benchmarks (this SDK vs the OpenAI .NET SDK 2.15, same bytes, same run).
/// <c>--short</c> is the smoke mode: in-process, a few 200 ms iterations, numbers indicative only. Without it
/// BenchmarkDotNet's default job measures. Any other argument goes to BenchmarkDotNet (<c>--filter *Stream*</c>).
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
                .WithIterationCount(6)
                .WithIterationTime(TimeInterval.FromMilliseconds(200))
            : Job.Default.WithId("Full");
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median);
        Console.WriteLine($"Canned stream: {CannedResponses.StreamChunks} token chunks, {CannedResponses.ChatStream().Length:N0} bytes; chat completion: {CannedResponses.ChatCompletion().Length:N0} bytes.");
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. rest], config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
