using System.Linq;
using Fireworks.OpenApi.Collections;
using Fireworks.OpenApi.Diagnostics;

namespace Fireworks.OpenApi.Model;

/// <summary>
/// Everything the generator needs from one spec (+ its overlay), as small value-equatable records:
/// equal inputs give equal models, so the incremental pipeline can cache every output.
/// </summary>
public sealed record ApiModel(
    string SpecFileName,
    string Title,
    string Version,
    string Namespace,
    EquatableArray<ModelType> Models,
    EquatableArray<EnumType> Enums,
    EquatableArray<ResourceGroup> Groups,
    EquatableArray<SpecDiagnostic> Diagnostics)
{
    /// <summary>Typed AIP-160 field classes: one per filterable/updatable resource and per message reachable from one.</summary>
    public EquatableArray<FilterFieldsClass> FilterClasses { get; init; }

    /// <summary>How each state enum's members classify for waiting (from the overlay).</summary>
    public EquatableArray<StateTable> StateTables { get; init; }

    public int OperationCount
    {
        get
        {
            var count = 0;
            foreach (var group in Groups) count += group.Operations.Count;
            return count;
        }
    }
}

/// <summary>What a JSON value is on the wire, which decides its C# type and how it is read and written.</summary>
public enum WireKind
{
    String,
    Int32,
    Int64,
    UInt64,
    Float,
    Double,
    Bool,
    Timestamp,
    Json,
    Enum,
    Model,
    Array,
    Map,
}

/// <summary>
/// A C# type for a schema. <see cref="TypeName"/> is fully qualified and never nullable-annotated
/// (templates add '?' where a value may be absent).
/// </summary>
public sealed record TypeRef(WireKind Kind, string TypeName, bool IsValueType, TypeRef? Element, string ShortName, string ReadFunction, string WriteFunction)
{
    /// <summary>The type as a nullable property/parameter type.</summary>
    public string NullableTypeName => TypeName + "?";

    public bool IsArray => Kind == WireKind.Array;

    public bool IsMap => Kind == WireKind.Map;

    public bool IsCollection => Kind is WireKind.Array or WireKind.Map;

    public bool IsEnum => Kind == WireKind.Enum;

    public bool IsModel => Kind == WireKind.Model;

    /// <summary>Lower-case kind name for templates (<c>string</c>, <c>int64</c>, <c>enum</c>, …).</summary>
    public string KindName => Kind.ToString().ToLowerInvariant();
}

/// <summary>A model (object schema, named or an inline body/response given a name).</summary>
public sealed record ModelType(
    string SchemaName,
    string Name,
    EquatableArray<string> Doc,
    EquatableArray<PropertyModel> Properties,
    bool IsUpdateBody,
    string Origin)
{
    public bool HasRequiredProperties
    {
        get
        {
            foreach (var p in Properties) if (p.Required) return true;
            return false;
        }
    }
}

/// <summary>A property of a model.</summary>
public sealed record PropertyModel(
    string JsonName,
    string Name,
    string ProtoName,
    TypeRef Type,
    bool ReadOnly,
    bool Required,
    EquatableArray<string> Doc)
{
    /// <summary>The property's declared type: required value types and references are not nullable.</summary>
    public string DeclaredType => Required ? Type.TypeName : Type.NullableTypeName;

    /// <summary>The UTF-8 literal of the JSON name, escaped for a C# string.</summary>
    public string JsonNameLiteral => "\"" + JsonName.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}

/// <summary>
/// An enum schema (named, or an inline enum given a name). It is generated as an extensible enum: a
/// <c>readonly struct</c> whose identity is its wire string, so values newer than the spec survive a round-trip and
/// no spec update can change what compiled code means.
/// </summary>
public sealed record EnumType(
    string SchemaName,
    string Name,
    EquatableArray<string> Doc,
    EquatableArray<EnumMember> Members)
{
    /// <summary>Whether the overlay declares the proto numbers of this enum's values (<c>enumNumbers</c>).</summary>
    public bool HasNumbers => Members.Any(m => m.Number is not null);
}

/// <summary>
/// One enum value: a PascalCase C# member, its exact wire string, and its proto enum number only where the overlay
/// declares it (<c>enumNumbers</c>; never a position in the spec).
/// </summary>
public sealed record EnumMember(string Name, string WireValue, int? Number, EquatableArray<string> Doc)
{
    public string WireLiteral => "\"" + WireValue.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}

/// <summary>One client class: the operations on one resource collection (<c>client.RlorTrainerJobs</c>).</summary>
public sealed record ResourceGroup(string Name, string ClientName, string PropertyName, EquatableArray<OperationModel> Operations)
{
    /// <summary>Set when the group's Get returns a resource with a classified <c>state</c>: the generator adds WaitFor methods.</summary>
    public WaitableResource? Waitable { get; init; }
}

/// <summary>A resource whose <c>state</c> can be waited on with its Get operation.</summary>
public sealed record WaitableResource(
    TypeRef Resource,
    TypeRef StateEnum,
    bool HasStatus,
    bool HasJobProgress,
    OperationModel Get);

/// <summary>How the members of one state enum classify: success, failure, parked or transient.</summary>
public sealed record StateTable(string EnumName, EquatableArray<StateEntry> Members);

/// <summary>One classified state.</summary>
public sealed record StateEntry(string Member, string Class)
{
    /// <summary>The class as a C# <c>StateClass</c> member name.</summary>
    public string ClassName => char.ToUpperInvariant(Class[0]) + Class.Substring(1);
}

/// <summary>Where a parameter goes.</summary>
public enum ParameterLocation
{
    Path,
    Query,
    Header,
}

/// <summary>A path, query or header parameter of an operation.</summary>
public sealed record ParameterModel(
    string WireName,
    string Name,
    TypeRef Type,
    ParameterLocation Location,
    bool Required,
    bool IsAccountId,
    EquatableArray<string> Doc)
{
    /// <summary>The C# parameter type (nullable when optional).</summary>
    public string ParameterType => Type.Kind == WireKind.Array
        ? (Required ? $"global::System.Collections.Generic.IEnumerable<{Type.Element!.TypeName}>" : $"global::System.Collections.Generic.IEnumerable<{Type.Element!.TypeName}>?")
        : (Required && !IsAccountId ? Type.TypeName : Type.NullableTypeName);

    /// <summary>The location as text (<c>Path</c>, <c>Query</c>, <c>Header</c>) for templates.</summary>
    public string LocationName => Location.ToString();

    /// <summary>How the value is written into the URL template.</summary>
    public string TemplateName => Type.Kind == WireKind.Array ? WireName + "*" : WireName;
}

/// <summary>The request body of an operation.</summary>
public sealed record BodyModel(TypeRef Type, string ParameterName, bool Required);

/// <summary>Paging shape of a List operation.</summary>
public sealed record PagingModel(string ItemsProperty, TypeRef ItemType, string PageTokenParameter);

/// <summary>One HTTP operation.</summary>
public sealed record OperationModel(
    string OperationId,
    string MethodName,
    string HttpMethod,
    string Path,
    string UrlTemplate,
    EquatableArray<string> Doc,
    EquatableArray<ParameterModel> Parameters,
    BodyModel? Body,
    TypeRef? Response,
    PagingModel? Paging,
    bool SendsUpdateMask)
{
    /// <summary>The Kiota method name (GET, POST, …).</summary>
    public string KiotaMethod => HttpMethod.ToUpperInvariant();

    public bool HasResponse => Response is not null;

    public bool IsIdempotent => HttpMethod is "get" or "delete" or "put" or "head";

    /// <summary>Path ids the caller passes (every path parameter but the account).</summary>
    public EquatableArray<ParameterModel> IdParameters => Parameters.Where(p => p.Location == ParameterLocation.Path && !p.IsAccountId).ToEquatableArray();

    /// <summary>Required query and header parameters.</summary>
    public EquatableArray<ParameterModel> RequiredParameters => Parameters.Where(p => p.Location != ParameterLocation.Path && p.Required).ToEquatableArray();

    /// <summary>Optional query and header parameters.</summary>
    public EquatableArray<ParameterModel> OptionalParameters => Parameters.Where(p => p.Location != ParameterLocation.Path && !p.Required).ToEquatableArray();

    /// <summary>Whether the account is the operation's subject (<c>/v1/accounts/{account_id}</c>): its id is the first optional parameter.</summary>
    public bool AccountFirst { get; init; }

    /// <summary>
    /// Set when the update can be written from the resource as read (its body takes only properties of the resource it
    /// returns): the generator adds a read-modify-write overload (<c>UpdateAsync(id, current, change)</c>).
    /// </summary>
    public UpdateFromResource? UpdateFrom { get; init; }

    /// <summary>Whether the path has an <c>{account_id}</c> (the client fills it from its default account).</summary>
    public bool HasAccountId => Parameters.Any(p => p.IsAccountId);
}

/// <summary>How a read-modify-write update turns the resource into its body.</summary>
/// <param name="ResourceOnlyProperties">JSON properties of the resource the body does not take (the name: the path carries it).</param>
public sealed record UpdateFromResource(EquatableArray<string> ResourceOnlyProperties);

/// <summary>A generated class of typed AIP-160 fields (see docs/aip160.md, "Contract for generated field classes").</summary>
/// <param name="ClassName"><c>DeploymentFields</c> (resource) or <c>DeploymentShapeFilterFields</c> (message).</param>
/// <param name="ModelName">The model the fields describe.</param>
/// <param name="IsResource">A static resource class (true) or a message field class (false).</param>
/// <param name="Fields">One field per filterable property.</param>
/// <param name="OutputOnlyJsonNames">JSON names of every property the spec marks <c>readOnly</c> (resource classes list them).</param>
public sealed record FilterFieldsClass(string ClassName, string ModelName, bool IsResource, EquatableArray<FilterField> Fields, EquatableArray<string> OutputOnlyJsonNames);

/// <summary>One typed field.</summary>
/// <param name="Name">The C# property name.</param>
/// <param name="ProtoName">The snake_case proto name.</param>
/// <param name="FieldType">The field's C# type (e.g. <c>StringFilterField</c>, <c>EnumFilterField&lt;global::Fireworks.Models.DeploymentState&gt;</c>).</param>
/// <param name="ExtraArgument">The constructor's extra argument (the element factory of a repeated or map field), or empty.</param>
/// <param name="JsonName">The JSON name (for docs).</param>
public sealed record FilterField(string Name, string ProtoName, string FieldType, string ExtraArgument, string JsonName);
