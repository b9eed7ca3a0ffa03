using Fireworks.Benchmarks.Shared;

namespace Fireworks.Benchmarks.Aip;

/// <summary>
/// Runs the filter benchmarks. <c>--short</c> (CI smoke mode) stays well under 20 seconds; without it each benchmark
/// takes about a minute. The options are <see cref="BenchmarkEntryPoint"/>'s.
/// </summary>
internal static class Program
{
    public static int Main(string[] args) =>
        BenchmarkEntryPoint.Run(typeof(Program).Assembly, args, shortIterations: 5, TimeSpan.FromMilliseconds(100), joinSummary: true);
}
