using Fireworks.Filtering;
using Fireworks.Models;
using Fireworks.Serialization;

namespace Fireworks.Emulator;

/// <summary>
/// The resource types the emulator serves. Field names, types and output-only fields come from the generated
/// <c>{Resource}Fields</c> classes (the spec's properties and <c>readOnly</c> marks); only the immutable fields, which
/// the spec does not mark, are listed here.
/// </summary>
internal static class ResourceKinds
{
    public static ResourceKind<Account> Account { get; } = new(
        "accounts", "Account", FireworksJsonContext.Default.Account, r => r.Name, (r, n) => r.Name = n, r => r.AdditionalProperties,
        AccountFields.Declarations, AccountFields.OutputOnlyJsonNames);

    public static ResourceKind<Dataset> Dataset { get; } = new(
        "datasets", "Dataset", FireworksJsonContext.Default.Dataset, r => r.Name, (r, n) => r.Name = n, r => r.AdditionalProperties,
        DatasetFields.Declarations, DatasetFields.OutputOnlyJsonNames);

    public static ResourceKind<Model> Model { get; } = new(
        "models", "Model", FireworksJsonContext.Default.Model, r => r.Name, (r, n) => r.Name = n, r => r.AdditionalProperties,
        ModelFields.Declarations, ModelFields.OutputOnlyJsonNames);

    public static ResourceKind<Deployment> Deployment { get; } = new(
        "deployments", "Deployment", FireworksJsonContext.Default.Deployment, r => r.Name, (r, n) => r.Name = n, r => r.AdditionalProperties,
        DeploymentFields.Declarations, DeploymentFields.OutputOnlyJsonNames, ["baseModel", "enableHotLoad"]);

    public static ResourceKind<RlorTrainerJob> RlorTrainerJob { get; } = new(
        "rlorTrainerJobs", "RlorTrainerJob", FireworksJsonContext.Default.RlorTrainerJob, r => r.Name, (r, n) => r.Name = n, r => r.AdditionalProperties,
        RlorTrainerJobFields.Declarations, RlorTrainerJobFields.OutputOnlyJsonNames);

    public static ResourceKind<ReinforcementFineTuningJob> ReinforcementFineTuningJob { get; } = new(
        "reinforcementFineTuningJobs", "ReinforcementFineTuningJob", FireworksJsonContext.Default.ReinforcementFineTuningJob, r => r.Name, (r, n) => r.Name = n, r => r.AdditionalProperties,
        ReinforcementFineTuningJobFields.Declarations, ReinforcementFineTuningJobFields.OutputOnlyJsonNames, ["dataset", "evaluator"]);

    public static ResourceKind<SupervisedFineTuningJob> SupervisedFineTuningJob { get; } = new(
        "supervisedFineTuningJobs", "SupervisedFineTuningJob", FireworksJsonContext.Default.SupervisedFineTuningJob, r => r.Name, (r, n) => r.Name = n, r => r.AdditionalProperties,
        SupervisedFineTuningJobFields.Declarations, SupervisedFineTuningJobFields.OutputOnlyJsonNames);

    public static ResourceKind<Evaluator> Evaluator { get; } = new(
        "evaluators", "Evaluator", FireworksJsonContext.Default.Evaluator, r => r.Name, (r, n) => r.Name = n, r => r.AdditionalProperties,
        EvaluatorFields.Declarations, EvaluatorFields.OutputOnlyJsonNames);
}
