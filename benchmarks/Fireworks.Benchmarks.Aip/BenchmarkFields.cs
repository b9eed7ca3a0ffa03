namespace Fireworks.Benchmarks.Aip;

/// <summary>A subset of the deployment state extensible enum, standing in for the generated one.</summary>
/// <param name="Wire">The wire value.</param>
public readonly record struct DeploymentState(string Wire) : IExtensibleEnum<DeploymentState>
{
    /// <summary>STATE_UNSPECIFIED.</summary>
    public static DeploymentState Unspecified { get; } = new("STATE_UNSPECIFIED");

    /// <summary>CREATING.</summary>
    public static DeploymentState Creating { get; } = new("CREATING");

    /// <summary>READY.</summary>
    public static DeploymentState Ready { get; } = new("READY");

    /// <inheritdoc/>
    public static IReadOnlyList<DeploymentState> KnownValues { get; } = [Unspecified, Creating, Ready];

    /// <inheritdoc/>
    public bool IsKnown => KnownValues.Contains(this);

    /// <inheritdoc/>
    public override string ToString() => Wire;
}

/// <summary>A subset of the accelerator extensible enum, standing in for the generated one.</summary>
/// <param name="Wire">The wire value.</param>
public readonly record struct Accelerator(string Wire) : IExtensibleEnum<Accelerator>
{
    /// <summary>ACCELERATOR_TYPE_UNSPECIFIED.</summary>
    public static Accelerator Unspecified { get; } = new("ACCELERATOR_TYPE_UNSPECIFIED");

    /// <summary>NVIDIA_H100_80GB.</summary>
    public static Accelerator NvidiaH100_80Gb { get; } = new("NVIDIA_H100_80GB");

    /// <summary>NVIDIA_H200_141GB.</summary>
    public static Accelerator NvidiaH200_141Gb { get; } = new("NVIDIA_H200_141GB");

    /// <inheritdoc/>
    public static IReadOnlyList<Accelerator> KnownValues { get; } = [Unspecified, NvidiaH100_80Gb, NvidiaH200_141Gb];

    /// <inheritdoc/>
    public bool IsKnown => KnownValues.Contains(this);

    /// <inheritdoc/>
    public override string ToString() => Wire;
}

/// <summary>Fields of <c>AutoscalingPolicy</c>, in the generated form.</summary>
public sealed class AutoscalingPolicyFilterFields : MessageFilterField
{
    /// <summary>Creates the field.</summary>
    /// <param name="name">The proto name.</param>
    public AutoscalingPolicyFilterFields(string name)
        : base(name)
    {
    }

    /// <summary><c>scale_to_zero_window</c>.</summary>
    public DurationFilterField ScaleToZeroWindow => new(this, "scale_to_zero_window");

    /// <inheritdoc/>
    public override IReadOnlyList<FilterField> NestedFields => [ScaleToZeroWindow];
}

/// <summary>Deployment fields used by the benchmark, in the generated form.</summary>
public static class BenchmarkFields
{
    /// <summary><c>base_model</c>.</summary>
    public static StringFilterField BaseModel { get; } = new("base_model");

    /// <summary><c>display_name</c>.</summary>
    public static StringFilterField DisplayName { get; } = new("display_name");

    /// <summary><c>state</c>.</summary>
    public static EnumFilterField<DeploymentState> State { get; } = new("state");

    /// <summary><c>accelerator_type</c>.</summary>
    public static EnumFilterField<Accelerator> AcceleratorType { get; } = new("accelerator_type");

    /// <summary><c>min_replica_count</c>.</summary>
    public static IntFilterField MinReplicaCount { get; } = new("min_replica_count");

    /// <summary><c>max_replica_count</c>.</summary>
    public static IntFilterField MaxReplicaCount { get; } = new("max_replica_count");

    /// <summary><c>create_time</c>.</summary>
    public static TimestampFilterField CreateTime { get; } = new("create_time");

    /// <summary><c>annotations</c>.</summary>
    public static MapFilterField<StringFilterField> Annotations { get; } = new("annotations", static p => new StringFilterField(p));

    /// <summary><c>autoscaling_policy</c>.</summary>
    public static AutoscalingPolicyFilterFields AutoscalingPolicy { get; } = new("autoscaling_policy");

    /// <summary>The declarations.</summary>
    public static FilterDeclarations Declarations { get; } = FilterDeclarations.FromFields(
        BaseModel, DisplayName, State, AcceleratorType, MinReplicaCount, MaxReplicaCount, CreateTime, Annotations, AutoscalingPolicy);
}
