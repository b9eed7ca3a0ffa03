using Fireworks.Benchmarks.Shared;

namespace Fireworks.Benchmarks.Inference;

/// <summary>
/// Runs the streaming and deserialisation benchmarks (this SDK vs the OpenAI .NET SDK 2.15, same bytes, same run),
/// one table per class so each ratio is against its own OpenAI baseline. The options are
/// <see cref="BenchmarkEntryPoint"/>'s.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine($"Canned stream: {CannedResponses.StreamChunks} token chunks, {CannedResponses.ChatStream().Length:N0} bytes; chat completion: {CannedResponses.ChatCompletion().Length:N0} bytes.");
        return BenchmarkEntryPoint.Run(typeof(Program).Assembly, args, shortIterations: 6, TimeSpan.FromMilliseconds(200));
    }
}
