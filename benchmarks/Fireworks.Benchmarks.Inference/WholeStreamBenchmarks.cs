using BenchmarkDotNet.Attributes;

namespace Fireworks.Benchmarks.Inference;

/// <summary>
/// One canned chat stream of <see cref="CannedResponses.StreamChunks"/> token chunks with logprobs, read to the end
/// through this SDK's <c>client.Chat.Completions.StreamAsync</c> and through the OpenAI .NET SDK's
/// <c>ChatClient.CompleteChatStreamingAsync</c> pointed at a custom endpoint (<see cref="Contenders"/>). The report
/// divides by the chunk count for per-chunk figures.
/// </summary>
[MemoryDiagnoser]
public class WholeStreamBenchmarks : StreamingBenchmarkBase
{
    [Benchmark(Description = "Fireworks: whole stream")]
    public Task<double> Ours() => Contenders.ReadOursAsync();

    [Benchmark(Baseline = true, Description = "OpenAI 2.15: whole stream")]
    public Task<double> OpenAi() => Contenders.ReadOpenAiAsync();
}
