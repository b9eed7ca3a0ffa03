namespace Fireworks.Benchmarks.Payloads;

/// <summary>The representative response bodies the runtime benchmarks (de)serialize.</summary>
public enum PayloadKind
{
    /// <summary>A <c>gatewayListRlorTrainerJobsResponse</c> page holding 200 trainer jobs.</summary>
    RlorTrainerJobsPage200,

    /// <summary>A fully populated <c>gatewayDeployment</c>.</summary>
    Deployment,

    /// <summary>A <c>gatewayReinforcementFineTuningJob</c> with all its nested configs.</summary>
    ReinforcementFineTuningJob,
}
