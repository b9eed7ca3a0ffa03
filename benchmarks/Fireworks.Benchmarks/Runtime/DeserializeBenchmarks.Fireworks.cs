using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Fireworks.Benchmarks.Infrastructure;
using Fireworks.Benchmarks.Payloads;
using Fireworks.Serialization;

namespace Fireworks.Benchmarks.Runtime;

/// <summary>Our SDK's models and generated converters on the same payloads.</summary>
public partial class DeserializeBenchmarks
{
    /// <summary>Our models through the source-generated <see cref="FireworksJsonContext"/>, as the SDK reads responses.</summary>
    /// <returns>The model.</returns>
    [Benchmark(Description = "Fireworks DTOs")]
    [BenchmarkCategory(Contenders.Fireworks)]
    public object FireworksDtos() => Payload switch
    {
        PayloadKind.RlorTrainerJobsPage200 => JsonSerializer.Deserialize(_utf8Json, FireworksJsonContext.Default.ListRlorTrainerJobsResponse)!,
        PayloadKind.Deployment => JsonSerializer.Deserialize(_utf8Json, FireworksJsonContext.Default.Deployment)!,
        PayloadKind.ReinforcementFineTuningJob => JsonSerializer.Deserialize(_utf8Json, FireworksJsonContext.Default.ReinforcementFineTuningJob)!,
        _ => throw new InvalidOperationException($"No Fireworks model for payload {Payload}."),
    };

    partial void OnGlobalSetup() => FireworksJson.EnsureFireworksReadsEverything(Payload, _utf8Json);
}
