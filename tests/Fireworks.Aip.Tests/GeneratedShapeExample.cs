// Reference for the SDK generator: this file is written by hand in exactly the form the Scriban template must emit
// for filterable resources (see docs/aip160.md, "Contract for generated field classes"). Two resources are shown:
// DeploymentShapeVersion (nested message `snapshot`) and Deployment (enum `state`, map, repeated, nested message with
// durations). The real generator emits every property of a schema; Deployment is trimmed here to one field of each
// kind. The Test* structs stand in for the SDK's generated extensible enums.
namespace Fireworks.Aip.Tests.Generated;

/// <summary>Stand-in for the generated <c>DeploymentState</c> extensible enum.</summary>
/// <param name="Wire">The wire value.</param>
public readonly record struct TestDeploymentState(string Wire) : IExtensibleEnum<TestDeploymentState>
{
    /// <summary>STATE_UNSPECIFIED.</summary>
    public static TestDeploymentState Unspecified { get; } = new("STATE_UNSPECIFIED");

    /// <summary>CREATING.</summary>
    public static TestDeploymentState Creating { get; } = new("CREATING");

    /// <summary>READY.</summary>
    public static TestDeploymentState Ready { get; } = new("READY");

    /// <summary>DELETING.</summary>
    public static TestDeploymentState Deleting { get; } = new("DELETING");

    /// <summary>FAILED.</summary>
    public static TestDeploymentState Failed { get; } = new("FAILED");

    /// <summary>UPDATING.</summary>
    public static TestDeploymentState Updating { get; } = new("UPDATING");

    /// <summary>DELETED.</summary>
    public static TestDeploymentState Deleted { get; } = new("DELETED");

    /// <inheritdoc/>
    public static IReadOnlyList<TestDeploymentState> KnownValues { get; } = [Unspecified, Creating, Ready, Deleting, Failed, Updating, Deleted];

    /// <inheritdoc/>
    public bool IsKnown => KnownValues.Contains(this);

    /// <inheritdoc/>
    public override string ToString() => Wire;
}

/// <summary>Stand-in for the generated <c>Accelerator</c> extensible enum (wire enum <c>gatewayAcceleratorType</c>).</summary>
/// <param name="Wire">The wire value.</param>
public readonly record struct TestAccelerator(string Wire) : IExtensibleEnum<TestAccelerator>
{
    /// <summary>ACCELERATOR_TYPE_UNSPECIFIED.</summary>
    public static TestAccelerator Unspecified { get; } = new("ACCELERATOR_TYPE_UNSPECIFIED");

    /// <summary>NVIDIA_A100_80GB.</summary>
    public static TestAccelerator NvidiaA100_80Gb { get; } = new("NVIDIA_A100_80GB");

    /// <summary>NVIDIA_H100_80GB.</summary>
    public static TestAccelerator NvidiaH100_80Gb { get; } = new("NVIDIA_H100_80GB");

    /// <summary>AMD_MI300X_192GB.</summary>
    public static TestAccelerator AmdMi300X_192Gb { get; } = new("AMD_MI300X_192GB");

    /// <summary>NVIDIA_H200_141GB.</summary>
    public static TestAccelerator NvidiaH200_141Gb { get; } = new("NVIDIA_H200_141GB");

    /// <inheritdoc/>
    public static IReadOnlyList<TestAccelerator> KnownValues { get; } = [Unspecified, NvidiaA100_80Gb, NvidiaH100_80Gb, AmdMi300X_192Gb, NvidiaH200_141Gb];

    /// <inheritdoc/>
    public bool IsKnown => KnownValues.Contains(this);

    /// <inheritdoc/>
    public override string ToString() => Wire;
}

/// <summary>Stand-in for the generated <c>DeploymentPrecision</c> extensible enum.</summary>
/// <param name="Wire">The wire value.</param>
public readonly record struct TestDeploymentPrecision(string Wire) : IExtensibleEnum<TestDeploymentPrecision>
{
    /// <summary>PRECISION_UNSPECIFIED.</summary>
    public static TestDeploymentPrecision Unspecified { get; } = new("PRECISION_UNSPECIFIED");

    /// <summary>FP16.</summary>
    public static TestDeploymentPrecision Fp16 { get; } = new("FP16");

    /// <summary>FP8.</summary>
    public static TestDeploymentPrecision Fp8 { get; } = new("FP8");

    /// <summary>BF16.</summary>
    public static TestDeploymentPrecision Bf16 { get; } = new("BF16");

    /// <inheritdoc/>
    public static IReadOnlyList<TestDeploymentPrecision> KnownValues { get; } = [Unspecified, Fp16, Fp8, Bf16];

    /// <inheritdoc/>
    public bool IsKnown => KnownValues.Contains(this);

    /// <inheritdoc/>
    public override string ToString() => Wire;
}

/// <summary>Stand-in for the generated <c>DeploymentShapePresetType</c> extensible enum.</summary>
/// <param name="Wire">The wire value.</param>
public readonly record struct TestDeploymentShapePresetType(string Wire) : IExtensibleEnum<TestDeploymentShapePresetType>
{
    /// <summary>PRESET_TYPE_UNSPECIFIED.</summary>
    public static TestDeploymentShapePresetType Unspecified { get; } = new("PRESET_TYPE_UNSPECIFIED");

    /// <summary>MINIMAL.</summary>
    public static TestDeploymentShapePresetType Minimal { get; } = new("MINIMAL");

    /// <summary>FAST.</summary>
    public static TestDeploymentShapePresetType Fast { get; } = new("FAST");

    /// <summary>THROUGHPUT.</summary>
    public static TestDeploymentShapePresetType Throughput { get; } = new("THROUGHPUT");

    /// <inheritdoc/>
    public static IReadOnlyList<TestDeploymentShapePresetType> KnownValues { get; } = [Unspecified, Minimal, Fast, Throughput];

    /// <inheritdoc/>
    public bool IsKnown => KnownValues.Contains(this);

    /// <inheritdoc/>
    public override string ToString() => Wire;
}

// ---------------------------------------------------------------------------------------------------------------
// Emitted once per message schema reachable from a filterable resource (here: gatewayDeploymentShape).
// ---------------------------------------------------------------------------------------------------------------

/// <summary>Filter fields of <c>DeploymentShape</c> (used as <c>DeploymentShapeVersion.snapshot</c>).</summary>
public sealed class DeploymentShapeFilterFields : MessageFilterField
{
    /// <summary>Creates the message field at the top level of a resource.</summary>
    /// <param name="name">The proto field name.</param>
    public DeploymentShapeFilterFields(string name)
        : base(name)
    {
    }

    /// <summary>Creates the message field nested in another message field.</summary>
    /// <param name="parent">The containing message field.</param>
    /// <param name="name">The proto field name.</param>
    public DeploymentShapeFilterFields(MessageFilterField parent, string name)
        : base(parent, name)
    {
    }

    /// <summary>Creates the message field at a path (repeated elements, map values).</summary>
    /// <param name="path">The path.</param>
    public DeploymentShapeFilterFields(FieldPath path)
        : base(path)
    {
    }

    /// <summary><c>name</c>.</summary>
    public StringFilterField Name => new(this, "name");

    /// <summary><c>display_name</c>.</summary>
    public StringFilterField DisplayName => new(this, "display_name");

    /// <summary><c>description</c>.</summary>
    public StringFilterField Description => new(this, "description");

    /// <summary><c>create_time</c>.</summary>
    public TimestampFilterField CreateTime => new(this, "create_time");

    /// <summary><c>update_time</c>.</summary>
    public TimestampFilterField UpdateTime => new(this, "update_time");

    /// <summary><c>base_model</c>.</summary>
    public StringFilterField BaseModel => new(this, "base_model");

    /// <summary><c>model_type</c>.</summary>
    public StringFilterField ModelType => new(this, "model_type");

    /// <summary><c>parameter_count</c> (int64).</summary>
    public IntFilterField ParameterCount => new(this, "parameter_count");

    /// <summary><c>accelerator_count</c>.</summary>
    public IntFilterField AcceleratorCount => new(this, "accelerator_count");

    /// <summary><c>accelerator_type</c>.</summary>
    public EnumFilterField<TestAccelerator> AcceleratorType => new(this, "accelerator_type");

    /// <summary><c>precision</c>.</summary>
    public EnumFilterField<TestDeploymentPrecision> Precision => new(this, "precision");

    /// <summary><c>disable_deployment_size_validation</c>.</summary>
    public BoolFilterField DisableDeploymentSizeValidation => new(this, "disable_deployment_size_validation");

    /// <summary><c>enable_addons</c>.</summary>
    public BoolFilterField EnableAddons => new(this, "enable_addons");

    /// <summary><c>draft_token_count</c>.</summary>
    public IntFilterField DraftTokenCount => new(this, "draft_token_count");

    /// <summary><c>draft_model</c>.</summary>
    public StringFilterField DraftModel => new(this, "draft_model");

    /// <summary><c>ngram_speculation_length</c>.</summary>
    public IntFilterField NgramSpeculationLength => new(this, "ngram_speculation_length");

    /// <summary><c>disable_speculative_decoding</c>.</summary>
    public BoolFilterField DisableSpeculativeDecoding => new(this, "disable_speculative_decoding");

    /// <summary><c>enable_session_affinity</c>.</summary>
    public BoolFilterField EnableSessionAffinity => new(this, "enable_session_affinity");

    /// <summary><c>num_lora_device_cached</c>.</summary>
    public IntFilterField NumLoraDeviceCached => new(this, "num_lora_device_cached");

    /// <summary><c>max_context_length</c>.</summary>
    public IntFilterField MaxContextLength => new(this, "max_context_length");

    /// <summary><c>preset_type</c>.</summary>
    public EnumFilterField<TestDeploymentShapePresetType> PresetType => new(this, "preset_type");

    /// <inheritdoc/>
    public override IReadOnlyList<FilterField> NestedFields =>
    [
        Name, DisplayName, Description, CreateTime, UpdateTime, BaseModel, ModelType, ParameterCount, AcceleratorCount,
        AcceleratorType, Precision, DisableDeploymentSizeValidation, EnableAddons, DraftTokenCount, DraftModel,
        NgramSpeculationLength, DisableSpeculativeDecoding, EnableSessionAffinity, NumLoraDeviceCached,
        MaxContextLength, PresetType,
    ];

    /// <inheritdoc/>
    protected override string MessageName => "DeploymentShape";
}

// ---------------------------------------------------------------------------------------------------------------
// Emitted once per resource whose List operation takes `filter` / `orderBy` (here: gatewayDeploymentShapeVersion).
// ---------------------------------------------------------------------------------------------------------------

/// <summary>Typed fields of <c>DeploymentShapeVersion</c> for filters, order_by and field masks.</summary>
public static class DeploymentShapeVersionFields
{
    /// <summary><c>name</c>.</summary>
    public static StringFilterField Name { get; } = new("name");

    /// <summary><c>create_time</c>.</summary>
    public static TimestampFilterField CreateTime { get; } = new("create_time");

    /// <summary><c>snapshot</c>.</summary>
    public static DeploymentShapeFilterFields Snapshot { get; } = new("snapshot");

    /// <summary><c>validated</c>.</summary>
    public static BoolFilterField Validated { get; } = new("validated");

    /// <summary><c>public</c>.</summary>
    public static BoolFilterField Public { get; } = new("public");

    /// <summary><c>latest_validated</c>.</summary>
    public static BoolFilterField LatestValidated { get; } = new("latest_validated");

    /// <summary>Declarations for validating raw filter, order_by and field mask strings. Declared last.</summary>
    public static FilterDeclarations Declarations { get; } =
        FilterDeclarations.FromFields(Name, CreateTime, Snapshot, Validated, Public, LatestValidated);
}

// ---------------------------------------------------------------------------------------------------------------
// gatewayAutoscalingPolicy (nested in Deployment): durations and a map of floats.
// ---------------------------------------------------------------------------------------------------------------

/// <summary>Filter fields of <c>AutoscalingPolicy</c>.</summary>
public sealed class AutoscalingPolicyFilterFields : MessageFilterField
{
    /// <summary>Creates the message field at the top level of a resource.</summary>
    /// <param name="name">The proto field name.</param>
    public AutoscalingPolicyFilterFields(string name)
        : base(name)
    {
    }

    /// <summary>Creates the message field nested in another message field.</summary>
    /// <param name="parent">The containing message field.</param>
    /// <param name="name">The proto field name.</param>
    public AutoscalingPolicyFilterFields(MessageFilterField parent, string name)
        : base(parent, name)
    {
    }

    /// <summary>Creates the message field at a path (repeated elements, map values).</summary>
    /// <param name="path">The path.</param>
    public AutoscalingPolicyFilterFields(FieldPath path)
        : base(path)
    {
    }

    /// <summary><c>scale_up_window</c> (google.protobuf.Duration).</summary>
    public DurationFilterField ScaleUpWindow => new(this, "scale_up_window");

    /// <summary><c>scale_down_window</c> (google.protobuf.Duration).</summary>
    public DurationFilterField ScaleDownWindow => new(this, "scale_down_window");

    /// <summary><c>scale_to_zero_window</c> (google.protobuf.Duration).</summary>
    public DurationFilterField ScaleToZeroWindow => new(this, "scale_to_zero_window");

    /// <summary><c>load_targets</c> (map&lt;string, float&gt;).</summary>
    public MapFilterField<FloatFilterField> LoadTargets => new(this, "load_targets", static p => new FloatFilterField(p));

    /// <inheritdoc/>
    public override IReadOnlyList<FilterField> NestedFields => [ScaleUpWindow, ScaleDownWindow, ScaleToZeroWindow, LoadTargets];

    /// <inheritdoc/>
    protected override string MessageName => "AutoscalingPolicy";
}

/// <summary>Typed fields of <c>Deployment</c> (trimmed to one field of each kind; the generator emits all).</summary>
public static class DeploymentFields
{
    /// <summary><c>name</c>.</summary>
    public static StringFilterField Name { get; } = new("name");

    /// <summary><c>display_name</c>.</summary>
    public static StringFilterField DisplayName { get; } = new("display_name");

    /// <summary><c>create_time</c>.</summary>
    public static TimestampFilterField CreateTime { get; } = new("create_time");

    /// <summary><c>state</c>.</summary>
    public static EnumFilterField<TestDeploymentState> State { get; } = new("state");

    /// <summary><c>annotations</c> (map&lt;string, string&gt;).</summary>
    public static MapFilterField<StringFilterField> Annotations { get; } = new("annotations", static p => new StringFilterField(p));

    /// <summary><c>min_replica_count</c>.</summary>
    public static IntFilterField MinReplicaCount { get; } = new("min_replica_count");

    /// <summary><c>max_replica_count</c>.</summary>
    public static IntFilterField MaxReplicaCount { get; } = new("max_replica_count");

    /// <summary><c>autoscaling_policy</c>.</summary>
    public static AutoscalingPolicyFilterFields AutoscalingPolicy { get; } = new("autoscaling_policy");

    /// <summary><c>base_model</c>.</summary>
    public static StringFilterField BaseModel { get; } = new("base_model");

    /// <summary><c>accelerator_type</c>.</summary>
    public static EnumFilterField<TestAccelerator> AcceleratorType { get; } = new("accelerator_type");

    /// <summary><c>direct_route_api_keys</c> (repeated string).</summary>
    public static RepeatedFilterField<StringFilterField> DirectRouteApiKeys { get; } = new("direct_route_api_keys", static p => new StringFilterField(p));

    /// <summary><c>enable_hot_load</c>.</summary>
    public static BoolFilterField EnableHotLoad { get; } = new("enable_hot_load");

    /// <summary>Declarations for validating raw filter, order_by and field mask strings. Declared last.</summary>
    public static FilterDeclarations Declarations { get; } = FilterDeclarations.FromFields(
        Name, DisplayName, CreateTime, State, Annotations, MinReplicaCount, MaxReplicaCount, AutoscalingPolicy,
        BaseModel, AcceleratorType, DirectRouteApiKeys, EnableHotLoad);
}
