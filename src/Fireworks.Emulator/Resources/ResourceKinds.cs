using Fireworks.Filtering;
using Fireworks.Models;
using Fireworks.Serialization;

namespace Fireworks.Emulator;

/// <summary>
/// The resource types the emulator serves. Field names, types and output-only fields come from the generated
/// <c>{Resource}Fields</c> classes: the spec's properties and <c>readOnly</c> marks, and the immutable fields that the
/// spec overlay marks (the vendor spec does not carry them).
/// </summary>
internal static class ResourceKinds
{
    public static ResourceKind<Account> Account { get; } = new(
        "accounts", "Account", FireworksJsonContext.Default.Account, r => r.Name, (r, n) => r.Name = n, r => r.AdditionalProperties,
        AccountFields.Declarations, AccountFields.OutputOnlyJsonNames, AccountFields.ImmutableJsonNames);

    public static ResourceKind<Dataset> Dataset { get; } = new(
        "datasets", "Dataset", FireworksJsonContext.Default.Dataset, r => r.Name, (r, n) => r.Name = n, r => r.AdditionalProperties,
        DatasetFields.Declarations, DatasetFields.OutputOnlyJsonNames, DatasetFields.ImmutableJsonNames);

    public static ResourceKind<Model> Model { get; } = new(
        "models", "Model", FireworksJsonContext.Default.Model, r => r.Name, (r, n) => r.Name = n, r => r.AdditionalProperties,
        ModelFields.Declarations, ModelFields.OutputOnlyJsonNames, ModelFields.ImmutableJsonNames);

    public static ResourceKind<Deployment> Deployment { get; } = new(
        "deployments", "Deployment", FireworksJsonContext.Default.Deployment, r => r.Name, (r, n) => r.Name = n, r => r.AdditionalProperties,
        DeploymentFields.Declarations, DeploymentFields.OutputOnlyJsonNames, DeploymentFields.ImmutableJsonNames);

    public static ResourceKind<RlorTrainerJob> RlorTrainerJob { get; } = new(
        "rlorTrainerJobs", "RlorTrainerJob", FireworksJsonContext.Default.RlorTrainerJob, r => r.Name, (r, n) => r.Name = n, r => r.AdditionalProperties,
        RlorTrainerJobFields.Declarations, RlorTrainerJobFields.OutputOnlyJsonNames, RlorTrainerJobFields.ImmutableJsonNames);

    public static ResourceKind<ReinforcementFineTuningJob> ReinforcementFineTuningJob { get; } = new(
        "reinforcementFineTuningJobs", "ReinforcementFineTuningJob", FireworksJsonContext.Default.ReinforcementFineTuningJob, r => r.Name, (r, n) => r.Name = n, r => r.AdditionalProperties,
        ReinforcementFineTuningJobFields.Declarations, ReinforcementFineTuningJobFields.OutputOnlyJsonNames, ReinforcementFineTuningJobFields.ImmutableJsonNames);

    public static ResourceKind<SupervisedFineTuningJob> SupervisedFineTuningJob { get; } = new(
        "supervisedFineTuningJobs", "SupervisedFineTuningJob", FireworksJsonContext.Default.SupervisedFineTuningJob, r => r.Name, (r, n) => r.Name = n, r => r.AdditionalProperties,
        SupervisedFineTuningJobFields.Declarations, SupervisedFineTuningJobFields.OutputOnlyJsonNames, SupervisedFineTuningJobFields.ImmutableJsonNames);

    public static ResourceKind<Evaluator> Evaluator { get; } = new(
        "evaluators", "Evaluator", FireworksJsonContext.Default.Evaluator, r => r.Name, (r, n) => r.Name = n, r => r.AdditionalProperties,
        EvaluatorFields.Declarations, EvaluatorFields.OutputOnlyJsonNames, EvaluatorFields.ImmutableJsonNames);
}
