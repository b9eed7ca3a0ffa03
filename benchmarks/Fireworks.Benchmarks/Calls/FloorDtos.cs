using System.Text.Json.Serialization;

namespace Fireworks.Benchmarks.Calls;

/// <summary>
/// Hand-written DTOs for <c>gatewayUser</c>: what a careful developer writes for the two calls the
/// call-overhead benchmarks make, with a System.Text.Json source-generated context. The practical floor.
/// </summary>
public sealed class FloorUser
{
    /// <summary>The resource name, <c>accounts/{account}/users/{user}</c>.</summary>
    public string? Name { get; set; }

    /// <summary>The human-readable name.</summary>
    public string? DisplayName { get; set; }

    /// <summary>Whether the user is a service account.</summary>
    public bool? ServiceAccount { get; set; }

    /// <summary>When the user was created.</summary>
    public DateTimeOffset? CreateTime { get; set; }

    /// <summary>The user's role.</summary>
    public string? Role { get; set; }

    /// <summary>The user's email address.</summary>
    public string? Email { get; set; }

    /// <summary>The lifecycle state.</summary>
    public FloorUserState? State { get; set; }

    /// <summary>Details of the state.</summary>
    public FloorStatus? Status { get; set; }

    /// <summary>When the user was last updated.</summary>
    public DateTimeOffset? UpdateTime { get; set; }

    /// <summary>The permission preset.</summary>
    public string? PermissionPreset { get; set; }
}

/// <summary>A <c>gatewayStatus</c>: a canonical code and a message.</summary>
public sealed class FloorStatus
{
    /// <summary>The canonical status code.</summary>
    public FloorCode? Code { get; set; }

    /// <summary>The developer-facing message.</summary>
    public string? Message { get; set; }
}

/// <summary>The <c>gatewayUserState</c> values.</summary>
public enum FloorUserState
{
    /// <summary>Not specified.</summary>
    [JsonStringEnumMemberName("STATE_UNSPECIFIED")] Unspecified,

    /// <summary>Being created.</summary>
    [JsonStringEnumMemberName("CREATING")] Creating,

    /// <summary>Ready for use.</summary>
    [JsonStringEnumMemberName("READY")] Ready,

    /// <summary>Being updated.</summary>
    [JsonStringEnumMemberName("UPDATING")] Updating,

    /// <summary>Being deleted.</summary>
    [JsonStringEnumMemberName("DELETING")] Deleting,
}

/// <summary>The <c>gatewayCode</c> values (the gRPC canonical codes).</summary>
public enum FloorCode
{
    /// <summary>Not an error.</summary>
    [JsonStringEnumMemberName("OK")] Ok,

    /// <summary>The operation was cancelled.</summary>
    [JsonStringEnumMemberName("CANCELLED")] Cancelled,

    /// <summary>Unknown error.</summary>
    [JsonStringEnumMemberName("UNKNOWN")] Unknown,

    /// <summary>The client specified an invalid argument.</summary>
    [JsonStringEnumMemberName("INVALID_ARGUMENT")] InvalidArgument,

    /// <summary>The deadline expired.</summary>
    [JsonStringEnumMemberName("DEADLINE_EXCEEDED")] DeadlineExceeded,

    /// <summary>An entity was not found.</summary>
    [JsonStringEnumMemberName("NOT_FOUND")] NotFound,

    /// <summary>The entity already exists.</summary>
    [JsonStringEnumMemberName("ALREADY_EXISTS")] AlreadyExists,

    /// <summary>The caller lacks permission.</summary>
    [JsonStringEnumMemberName("PERMISSION_DENIED")] PermissionDenied,

    /// <summary>The caller is not authenticated.</summary>
    [JsonStringEnumMemberName("UNAUTHENTICATED")] Unauthenticated,

    /// <summary>A resource was exhausted.</summary>
    [JsonStringEnumMemberName("RESOURCE_EXHAUSTED")] ResourceExhausted,

    /// <summary>The system is not in the required state.</summary>
    [JsonStringEnumMemberName("FAILED_PRECONDITION")] FailedPrecondition,

    /// <summary>The operation was aborted.</summary>
    [JsonStringEnumMemberName("ABORTED")] Aborted,

    /// <summary>Out of the valid range.</summary>
    [JsonStringEnumMemberName("OUT_OF_RANGE")] OutOfRange,

    /// <summary>Not implemented.</summary>
    [JsonStringEnumMemberName("UNIMPLEMENTED")] Unimplemented,

    /// <summary>Internal error.</summary>
    [JsonStringEnumMemberName("INTERNAL")] Internal,

    /// <summary>The service is unavailable.</summary>
    [JsonStringEnumMemberName("UNAVAILABLE")] Unavailable,

    /// <summary>Unrecoverable data loss.</summary>
    [JsonStringEnumMemberName("DATA_LOSS")] DataLoss,
}

/// <summary>The source-generated System.Text.Json metadata for the floor DTOs.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(FloorUser))]
public sealed partial class FloorJsonContext : JsonSerializerContext;
