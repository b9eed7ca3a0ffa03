using System.Text.Json;
using Baseline.NSwag;
using Fireworks.Benchmarks.Payloads;

namespace Fireworks.Benchmarks.Runtime;

/// <summary>How NSwag's generated client (de)serializes its DTOs, reproduced for the payload benchmarks.</summary>
public static class NSwagJson
{
    /// <summary>
    /// The very options instance NSwag's <c>GatewayClient</c> uses: reflection-based System.Text.Json plus
    /// the enum converter Baseline.NSwag adds through NSwag's settings hook.
    /// </summary>
    public static JsonSerializerOptions Options => GatewayClient.SerializerOptions;

    /// <summary>The NSwag DTO type a payload deserializes into.</summary>
    /// <param name="kind">The payload.</param>
    /// <returns>The generated type.</returns>
    public static Type DtoTypeOf(PayloadKind kind) => kind switch
    {
        PayloadKind.RlorTrainerJobsPage200 => typeof(GatewayListRlorTrainerJobsResponse),
        PayloadKind.Deployment => typeof(GatewayDeployment),
        PayloadKind.ReinforcementFineTuningJob => typeof(GatewayReinforcementFineTuningJob),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown payload kind."),
    };

    /// <summary>Deserializes a payload into its NSwag DTO, failing loudly when NSwag cannot represent it.</summary>
    /// <param name="kind">The payload.</param>
    /// <param name="utf8Json">The body.</param>
    /// <returns>The DTO.</returns>
    /// <exception cref="InvalidDataException">The body deserialized to <see langword="null"/>.</exception>
    public static object Deserialize(PayloadKind kind, ReadOnlySpan<byte> utf8Json) => kind switch
    {
        PayloadKind.RlorTrainerJobsPage200 => (object?)JsonSerializer.Deserialize<GatewayListRlorTrainerJobsResponse>(utf8Json, Options),
        PayloadKind.Deployment => JsonSerializer.Deserialize<GatewayDeployment>(utf8Json, Options),
        PayloadKind.ReinforcementFineTuningJob => JsonSerializer.Deserialize<GatewayReinforcementFineTuningJob>(utf8Json, Options),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown payload kind."),
    } ?? throw new InvalidDataException($"The {kind} payload deserialized to null.");
}
