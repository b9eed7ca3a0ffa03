using BenchmarkDotNet.Attributes;

namespace Fireworks.Benchmarks.Inference;

/// <summary>
/// Time to first chunk when the server answers at once: build and send the request, get the response, parse the first
/// event, then stop (which disposes the response), through each SDK (<see cref="Contenders"/>).
/// </summary>
[MemoryDiagnoser]
public class FirstChunkBenchmarks
{
    private Contenders contenders = null!;

    [GlobalSetup]
    public void Setup()
    {
        contenders = new Contenders();
        contenders.CheckBothReadEverything();
    }

    [GlobalCleanup]
    public void Cleanup() => contenders.Dispose();

    [Benchmark(Description = "Fireworks: first chunk")]
    public Task<int> Ours() => contenders.FirstOursAsync();

    [Benchmark(Baseline = true, Description = "OpenAI 2.15: first chunk")]
    public Task<int> OpenAi() => contenders.FirstOpenAiAsync();
}
