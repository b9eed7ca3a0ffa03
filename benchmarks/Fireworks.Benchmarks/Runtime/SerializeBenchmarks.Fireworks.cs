using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Fireworks.Benchmarks.Infrastructure;
using Fireworks.Benchmarks.Payloads;
using Fireworks.Models;
using Fireworks.Serialization;

namespace Fireworks.Benchmarks.Runtime;

/// <summary>Our SDK's models and generated converters writing the same resources.</summary>
public partial class SerializeBenchmarks
{
    private ListRlorTrainerJobsResponse? _fireworksPage;
    private Deployment? _fireworksDeployment;
    private ReinforcementFineTuningJob? _fireworksJob;

    /// <summary>Our models through the source-generated <see cref="FireworksJsonContext"/>, as the SDK writes request bodies.</summary>
    /// <returns>The UTF-8 JSON.</returns>
    [Benchmark(Description = "Fireworks DTOs")]
    [BenchmarkCategory(Contenders.Fireworks)]
    public byte[] FireworksDtos() => Payload switch
    {
        PayloadKind.RlorTrainerJobsPage200 => JsonSerializer.SerializeToUtf8Bytes(_fireworksPage!, FireworksJsonContext.Default.ListRlorTrainerJobsResponse),
        PayloadKind.Deployment => JsonSerializer.SerializeToUtf8Bytes(_fireworksDeployment!, FireworksJsonContext.Default.Deployment),
        PayloadKind.ReinforcementFineTuningJob => JsonSerializer.SerializeToUtf8Bytes(_fireworksJob!, FireworksJsonContext.Default.ReinforcementFineTuningJob),
        _ => throw new InvalidOperationException($"No Fireworks model for payload {Payload}."),
    };

    partial void OnGlobalSetup(byte[] utf8Json)
    {
        // Also proves the model writes the whole payload back (a round trip to the same document).
        FireworksJson.EnsureFireworksReadsEverything(Payload, utf8Json);
        switch (FireworksJson.Deserialize(Payload, utf8Json))
        {
            case ListRlorTrainerJobsResponse page:
                _fireworksPage = page;
                break;
            case Deployment deployment:
                _fireworksDeployment = deployment;
                break;
            case ReinforcementFineTuningJob job:
                _fireworksJob = job;
                break;
            default:
                throw new InvalidOperationException($"No Fireworks model for payload {Payload}.");
        }
    }
}
