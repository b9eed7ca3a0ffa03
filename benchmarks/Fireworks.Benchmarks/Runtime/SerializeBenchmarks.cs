using System.Text.Json;
using Baseline.NSwag;
using BenchmarkDotNet.Attributes;
using Fireworks.Benchmarks.Infrastructure;
using Fireworks.Benchmarks.Payloads;

namespace Fireworks.Benchmarks.Runtime;

/// <summary>
/// Serializing the same representative Gateway resources to UTF-8 JSON: NSwag's DTOs (the baseline)
/// and ours (in <c>SerializeBenchmarks.Fireworks.cs</c>, next to this file).
/// </summary>
[MemoryDiagnoser]
public partial class SerializeBenchmarks
{
    private GatewayListRlorTrainerJobsResponse? _page;
    private GatewayDeployment? _deployment;
    private GatewayReinforcementFineTuningJob? _job;

    /// <summary>The payload under test.</summary>
    [ParamsAllValues]
    public PayloadKind Payload { get; set; }

    /// <summary>Materializes the NSwag DTO of the payload once, outside the measurement.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var utf8Json = SamplePayloads.Get(Payload);
        PayloadChecks.EnsureNSwagReadsEverything(Payload, utf8Json);
        switch (NSwagJson.Deserialize(Payload, utf8Json))
        {
            case GatewayListRlorTrainerJobsResponse page:
                _page = page;
                break;
            case GatewayDeployment deployment:
                _deployment = deployment;
                break;
            case GatewayReinforcementFineTuningJob job:
                _job = job;
                break;
            default:
                throw new InvalidOperationException($"No NSwag DTO for payload {Payload}.");
        }

        OnGlobalSetup(utf8Json);
    }

    /// <summary>NSwag's generated DTOs with the System.Text.Json options its client uses.</summary>
    /// <returns>The UTF-8 JSON.</returns>
    [Benchmark(Baseline = true, Description = "NSwag DTOs")]
    [BenchmarkCategory(Contenders.NSwag)]
    public byte[] NSwagDtos() => Payload switch
    {
        PayloadKind.RlorTrainerJobsPage200 => JsonSerializer.SerializeToUtf8Bytes(_page, NSwagJson.Options),
        PayloadKind.Deployment => JsonSerializer.SerializeToUtf8Bytes(_deployment, NSwagJson.Options),
        PayloadKind.ReinforcementFineTuningJob => JsonSerializer.SerializeToUtf8Bytes(_job, NSwagJson.Options),
        _ => throw new InvalidOperationException($"No NSwag DTO for payload {Payload}."),
    };

    /// <summary>Extension point for the contenders declared in other parts of this class.</summary>
    /// <param name="utf8Json">The payload body, to materialize other DTOs from.</param>
    partial void OnGlobalSetup(byte[] utf8Json);
}
