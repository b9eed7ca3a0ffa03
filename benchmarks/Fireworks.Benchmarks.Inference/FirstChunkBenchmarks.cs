using BenchmarkDotNet.Attributes;

namespace Fireworks.Benchmarks.Inference;

/// <summary>
/// Time to first chunk when the server answers at once: build and send the request, get the response, parse the first
/// event, then stop (which disposes the response), through each SDK (<see cref="Contenders"/>).
/// </summary>
[MemoryDiagnoser]
public class FirstChunkBenchmarks : StreamingBenchmarkBase
{
    [Benchmark(Description = "Fireworks: first chunk")]
    public Task<int> Ours() => Contenders.FirstOursAsync();

    [Benchmark(Baseline = true, Description = "OpenAI 2.15: first chunk")]
    public Task<int> OpenAi() => Contenders.FirstOpenAiAsync();
}
