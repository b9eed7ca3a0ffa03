using Fireworks.Models;
using Fireworks.Serialization;

namespace Fireworks.Emulator;

/// <summary>
/// The resource types the emulator serves. Output-only field lists are the spec's <c>readOnly</c> properties
/// (gateway 4.259.0); the immutable ones are those the service fixes at creation.
/// </summary>
internal static class ResourceKinds
{
    public static ResourceKind<Account> Account { get; } = new(
        "accounts", "Account", FireworksJsonContext.Default.Account, r => r.Name, (r, n) => r.Name = n, r => r.AdditionalProperties,
        ["name", "createTime", "state", "status", "suspendState", "updateTime"]);

    public static ResourceKind<Dataset> Dataset { get; } = new(
        "datasets", "Dataset", FireworksJsonContext.Default.Dataset, r => r.Name, (r, n) => r.Name = n, r => r.AdditionalProperties,
        ["name", "createTime", "state", "status", "createdBy", "updateTime", "estimatedTokenCount", "averageTurnCount"]);

    public static ResourceKind<Model> Model { get; } = new(
        "models", "Model", FireworksJsonContext.Default.Model, r => r.Name, (r, n) => r.Name = n, r => r.AdditionalProperties,
        ["name", "createTime", "state", "status", "importedFrom", "fineTuningJob", "deployedModelRefs", "cluster", "calibrated", "tunable",
         "updateTime", "defaultSamplingParams", "rlTunable", "supportsServerless", "supervisedLoraTunable", "supervisedFullParameterTunable",
         "rlLoraTunable", "rlFullParameterTunable"]);

    public static ResourceKind<Deployment> Deployment { get; } = new(
        "deployments", "Deployment", FireworksJsonContext.Default.Deployment, r => r.Name, (r, n) => r.Name = n, r => r.AdditionalProperties,
        ["name", "createTime", "purgeTime", "deleteTime", "state", "status", "desiredReplicaCount", "replicaCount", "cluster",
         "directRouteHandle", "region", "updateTime", "replicaStats"],
        ["baseModel", "enableHotLoad"]);

    public static ResourceKind<RlorTrainerJob> RlorTrainerJob { get; } = new(
        "rlorTrainerJobs", "RlorTrainerJob", FireworksJsonContext.Default.RlorTrainerJob, r => r.Name, (r, n) => r.Name = n, r => r.AdditionalProperties,
        ["name", "createTime", "completedTime", "state", "status", "createdBy", "jobProgress", "acceleratorSeconds", "directRouteHandle"]);

    public static ResourceKind<ReinforcementFineTuningJob> ReinforcementFineTuningJob { get; } = new(
        "reinforcementFineTuningJobs", "ReinforcementFineTuningJob", FireworksJsonContext.Default.ReinforcementFineTuningJob,
        r => r.Name, (r, n) => r.Name = n, r => r.AdditionalProperties,
        ["name", "createTime", "completedTime", "state", "status", "createdBy", "outputStats", "jobProgress", "outputMetrics",
         "trainerLogsSignedUrl", "acceleratorSeconds"],
        ["dataset", "evaluator"]);

    public static ResourceKind<SupervisedFineTuningJob> SupervisedFineTuningJob { get; } = new(
        "supervisedFineTuningJobs", "SupervisedFineTuningJob", FireworksJsonContext.Default.SupervisedFineTuningJob,
        r => r.Name, (r, n) => r.Name = n, r => r.AdditionalProperties,
        ["name", "createTime", "completedTime", "state", "status", "createdBy", "updateTime", "jobProgress", "trainerLogsSignedUrl", "estimatedCost"]);

    public static ResourceKind<Evaluator> Evaluator { get; } = new(
        "evaluators", "Evaluator", FireworksJsonContext.Default.Evaluator, r => r.Name, (r, n) => r.Name = n, r => r.AdditionalProperties,
        ["name", "createTime", "createdBy", "updateTime", "state", "status"]);
}
