using BenchmarkDotNet.Running;

namespace Fireworks.Benchmarks.Codec;

/// <summary>
/// <c>report [--short] [--main-mib N] [--reps N] [--out PATH] [--work DIR]</c>: end-to-end benchmark that writes docs/codec-benchmarks.md.
/// <c>case DTYPE LR MIB [REPS [THREADS]]</c>: one case, timings only (for profiling).
/// <c>stages DTYPE LR [REPS [STAGE]]</c>: CPU time of each stage (or only those whose name contains STAGE) of the version-2 chunk codec on one chunk.
/// <c>micro [BenchmarkDotNet args]</c>: BenchmarkDotNet micro-benchmarks of the codec's hot loops.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "report":
                return await Report.RunAsync(args[1..]);
            case "case":
                return await Report.RunSingleCaseAsync(args[1..]);
            case "stages":
                return StageProfile.Run(args[1..]);
            case "micro":
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args[1..]);
                return 0;
            default:
                Console.Error.WriteLine("usage: Fireworks.Benchmarks.Codec report [--short] [--main-mib N] [--reps N] [--out PATH] [--work DIR] | case bf16|f32 LR MIB [REPS [THREADS]] | micro [BenchmarkDotNet arguments]");
                return 1;
        }
    }
}
