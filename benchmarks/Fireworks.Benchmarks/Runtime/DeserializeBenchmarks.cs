using System.Text.Json;
using Baseline.NSwag;
using BenchmarkDotNet.Attributes;
using Fireworks.Benchmarks.Infrastructure;
using Fireworks.Benchmarks.Payloads;

namespace Fireworks.Benchmarks.Runtime;

/// <summary>
/// Deserializing representative Gateway responses from UTF-8 JSON into DTOs: NSwag's (the baseline)
/// and ours (in <c>DeserializeBenchmarks.Fireworks.cs</c>, next to this file).
/// </summary>
[MemoryDiagnoser]
public partial class DeserializeBenchmarks
{
    private byte[] _utf8Json = [];

    /// <summary>The payload under test.</summary>
    [ParamsAllValues]
    public PayloadKind Payload { get; set; }

    /// <summary>Loads the payload and checks every contender can read it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _utf8Json = SamplePayloads.Get(Payload);
        PayloadChecks.EnsureNSwagReadsEverything(Payload, _utf8Json);
        OnGlobalSetup();
    }

    /// <summary>NSwag's generated DTOs with the System.Text.Json options its client uses.</summary>
    /// <returns>The DTO.</returns>
    [Benchmark(Baseline = true, Description = "NSwag DTOs")]
    [BenchmarkCategory(Contenders.NSwag)]
    public object NSwagDtos() => Payload switch
    {
        PayloadKind.RlorTrainerJobsPage200 => JsonSerializer.Deserialize<GatewayListRlorTrainerJobsResponse>(_utf8Json, NSwagJson.Options)!,
        PayloadKind.Deployment => JsonSerializer.Deserialize<GatewayDeployment>(_utf8Json, NSwagJson.Options)!,
        PayloadKind.ReinforcementFineTuningJob => JsonSerializer.Deserialize<GatewayReinforcementFineTuningJob>(_utf8Json, NSwagJson.Options)!,
        _ => throw new InvalidOperationException($"No NSwag DTO for payload {Payload}."),
    };

    /// <summary>Extension point for the contenders declared in other parts of this class.</summary>
    partial void OnGlobalSetup();
}
