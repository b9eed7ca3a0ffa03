namespace Fireworks.Benchmarks.Aip;

/// <summary>A subset of the deployment state enum, standing in for the generated one.</summary>
public enum DeploymentState
{
    /// <summary>STATE_UNSPECIFIED.</summary>
    Unspecified,

    /// <summary>CREATING.</summary>
    Creating,

    /// <summary>READY.</summary>
    Ready,
}

/// <summary>A subset of the accelerator enum, standing in for the generated one.</summary>
public enum Accelerator
{
    /// <summary>ACCELERATOR_TYPE_UNSPECIFIED.</summary>
    Unspecified,

    /// <summary>NVIDIA_H100_80GB.</summary>
    NvidiaH10080gb,

    /// <summary>NVIDIA_H200_141GB.</summary>
    NvidiaH200141gb,
}

/// <summary>Wire names, standing in for the generated <c>ToWireString()</c> extensions.</summary>
public static class WireNames
{
    /// <summary>The wire name.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The wire name.</returns>
    public static string ToWireString(this DeploymentState value) => value switch
    {
        DeploymentState.Creating => "CREATING",
        DeploymentState.Ready => "READY",
        _ => "STATE_UNSPECIFIED",
    };

    /// <summary>The wire name.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The wire name.</returns>
    public static string ToWireString(this Accelerator value) => value switch
    {
        Accelerator.NvidiaH10080gb => "NVIDIA_H100_80GB",
        Accelerator.NvidiaH200141gb => "NVIDIA_H200_141GB",
        _ => "ACCELERATOR_TYPE_UNSPECIFIED",
    };
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
    public static EnumFilterField<DeploymentState> State { get; } = new("state", static v => v.ToWireString());

    /// <summary><c>accelerator_type</c>.</summary>
    public static EnumFilterField<Accelerator> AcceleratorType { get; } = new("accelerator_type", static v => v.ToWireString());

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
