using System.Globalization;
using Fireworks.Benchmarks.Shared;

namespace Fireworks.Benchmarks.Inference;

/// <summary>
/// Runs the streaming and deserialisation benchmarks (this SDK vs the OpenAI .NET SDK 2.15, same bytes, same run),
/// one table per class so each ratio is against its own OpenAI baseline. The options are
/// <see cref="BenchmarkEntryPoint"/>'s. With <c>--artifacts DIR</c> it also writes <c>DIR/inputs.txt</c>, the sizes of the
/// canned inputs, from which the report generator computes per-chunk figures.
/// </summary>
internal static class Program
{
    /// <summary>The file the report generator reads (Fireworks.Benchmarks' <c>InferenceSuite</c>): one <c>name=value</c> a line.</summary>
    private const string InputsFileName = "inputs.txt";

    public static int Main(string[] args)
    {
        var inputs = string.Create(
            CultureInfo.InvariantCulture,
            $"stream_token_chunks={CannedResponses.StreamChunks}\nstream_chunks={CannedResponses.AllStreamChunks}\nstream_bytes={CannedResponses.ChatStream().Length}\ncompletion_tokens={CannedResponses.CompletionTokens}\ncompletion_bytes={CannedResponses.ChatCompletion().Length}\n");
        Console.Write(inputs);
        var artifacts = Array.IndexOf(args, "--artifacts");
        if (artifacts >= 0 && artifacts + 1 < args.Length)
        {
            Directory.CreateDirectory(args[artifacts + 1]);
            File.WriteAllText(Path.Combine(args[artifacts + 1], InputsFileName), inputs);
        }

        return BenchmarkEntryPoint.Run(typeof(Program).Assembly, args, shortIterations: 6, TimeSpan.FromMilliseconds(200));
    }
}
