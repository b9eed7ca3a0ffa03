using BenchmarkDotNet.Attributes;

namespace Fireworks.Benchmarks.Inference;

/// <summary>
/// The setup of the streaming benchmarks: both SDKs on the canned stream (<see cref="Contenders"/>), checked to read it to
/// the same result before anything is measured.
/// </summary>
public abstract class StreamingBenchmarkBase
{
    private Contenders? contenders;

    /// <summary>The two SDKs, once the setup ran.</summary>
    internal Contenders Contenders => contenders ?? throw new InvalidOperationException("The benchmark setup has not run.");

    [GlobalSetup]
    public void Setup()
    {
        contenders = new Contenders();
        contenders.CheckBothReadEverything();
    }

    [GlobalCleanup]
    public void Cleanup() => contenders?.Dispose();
}
