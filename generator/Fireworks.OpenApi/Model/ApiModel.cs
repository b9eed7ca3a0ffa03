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

    /// <summary>The union types (<c>anyOf</c>/<c>oneOf</c> of several schemas) this spec uses.</summary>
    public EquatableArray<UnionType> Unions { get; init; }

    /// <summary>The first <c>servers</c> URL of the spec, or empty.</summary>
    public string ServerUrl { get; init; } = "";

    /// <summary>Groups reached directly from the root client (<c>client.Deployments</c>).</summary>
    public EquatableArray<ResourceGroup> RootGroups => Groups.Where(g => g.Parent.Length == 0).ToEquatableArray();

    /// <summary>Container clients of nested groups (<c>client.Chat</c> holding <c>client.Chat.Completions</c>).</summary>
    public EquatableArray<GroupContainer> Containers => Groups
        .Where(g => g.Parent.Length > 0)
        .GroupBy(g => g.Parent, System.StringComparer.Ordinal)
        .OrderBy(g => g.Key, System.StringComparer.Ordinal)
        .Select(g => new GroupContainer(g.Key, g.Key + "Client", g.ToEquatableArray()))
        .ToEquatableArray();

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
    Union,
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

    /// <summary>Whether the value is a 64-bit integer, which proto3 JSON sends as a string.</summary>
    public bool IsInt64 => Kind is WireKind.Int64 or WireKind.UInt64;

    public bool IsModel => Kind == WireKind.Model;

    /// <summary>Lower-case kind name for templates (<c>string</c>, <c>int64</c>, <c>enum</c>, …).</summary>
    public string KindName => Kind.ToString().ToLowerInvariant();

    /// <summary>The C# expression that reads a value of this type from <c>reader</c> with <c>options</c> (render-ready).</summary>
    public string ReadExpression => TypeExpressions.Read(this, "reader", "options", 0);

    /// <summary>The statement writing <paramref name="value"/> (a C# expression) with <c>writer</c> and <c>options</c>.</summary>
    public string WriteStatementOf(string value) => TypeExpressions.Write(this, "writer", value, "options", 0) + ";";
}

/// <summary>A model (object schema, named or an inline body/response given a name).</summary>
public sealed partial record ModelType(
    string SchemaName,
    string Name,
    EquatableArray<string> Doc,
    EquatableArray<PropertyModel> Properties,
    bool IsUpdateBody,
    string Origin)
{
    /// <summary>
    /// Whether the model holds a secret (overlay <c>secrets</c>), itself or in a model it holds: it then reports the
    /// secrets it carries to the pipeline, which redacts them from that call's error and log text.
    /// </summary>
    public bool HoldsSecrets { get; init; }

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
public sealed partial record PropertyModel(
    string JsonName,
    string Name,
    string ProtoName,
    TypeRef Type,
    bool ReadOnly,
    bool Required,
    EquatableArray<string> Doc)
{
    /// <summary>The JSON Schema <c>const</c> of a string property (the C# property starts with it), or null.</summary>
    public string? ConstValue { get; init; }

    /// <summary>Whether the value (a string, or each string of a list or map) is a secret (overlay <c>secrets</c>).</summary>
    public bool IsSecret { get; init; }

    /// <summary>Whether the value is a model (or a list or map of models) that holds a secret.</summary>
    public bool HoldsSecrets { get; init; }

    /// <summary>The property's declared type: required value types and references are not nullable.</summary>
    public string DeclaredType => Required ? Type.TypeName : Type.NullableTypeName;

    /// <summary>The C# initializer after the accessors (<c> = "function";</c>, <c> = default!;</c>) or empty.</summary>
    public string Initializer => ConstValue is not null
        ? " = " + CSharpLiteral(ConstValue) + ";"
        : Required && !Type.IsValueType ? " = default!;" : "";

    /// <summary>A C# string literal.</summary>
    public static string CSharpLiteral(string value) => CSharpText.Literal(value);
}

/// <summary>
/// An enum schema (named, or an inline enum given a name). It is generated as an extensible enum: a
/// <c>readonly struct</c> whose identity is its wire string, so values newer than the spec survive a round-trip and
/// no spec update can change what compiled code means.
/// </summary>
public sealed partial record EnumType(
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
public sealed partial record EnumMember(string Name, string WireValue, int? Number, EquatableArray<string> Doc);

/// <summary>One client class: the operations on one resource collection (<c>client.RlorTrainerJobs</c>).</summary>
public sealed record ResourceGroup(string Name, string ClientName, string PropertyName, EquatableArray<OperationModel> Operations)
{
    /// <summary>The container group for a nested group (<c>Chat</c> for <c>Chat.Completions</c>), or empty.</summary>
    public string Parent { get; init; } = "";

    /// <summary>The path from the root client (<c>Deployments</c>, <c>Chat.Completions</c>).</summary>
    public string AccessPath => Parent.Length == 0 ? PropertyName : Parent + "." + PropertyName;

    /// <summary>Which configured base URL the group's requests go to (a <c>FireworksServer</c> member: <c>Gateway</c>, <c>Inference</c>).</summary>
    public string Server { get; init; } = "Gateway";

    /// <summary>Title and version of the spec the group comes from (for docs).</summary>
    public string SpecTitle { get; init; } = "";

    /// <summary>Set when the group's Get returns a resource with a classified <c>state</c>: the generator adds WaitFor methods.</summary>
    public WaitableResource? Waitable { get; init; }
}

/// <summary>A resource whose <c>state</c> can be waited on with its Get operation.</summary>
public sealed partial record WaitableResource(
    TypeRef Resource,
    TypeRef StateEnum,
    bool HasStatus,
    bool HasJobProgress,
    OperationModel Get)
{
    /// <summary>
    /// The resource's full name as its <c>name</c> holds it: the Get path from <c>accounts</c> on
    /// (<c>accounts/{account_id}/datasets/{dataset_id}</c>), or empty when that path is not of the form
    /// <c>…/accounts/{account}/{collection}/{id}[/{collection}/{id}…]</c> with the Get's ids in order; then its ids
    /// are taken as ids only.
    /// </summary>
    public string NamePattern { get; init; } = "";
}

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
public sealed partial record ParameterModel(
    string WireName,
    string Name,
    TypeRef Type,
    ParameterLocation Location,
    bool Required,
    bool IsAccountId,
    EquatableArray<string> Doc,
    string ValueText)
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
public sealed partial record OperationModel(
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
    /// <summary>The request method as sent on the wire, upper case (GET, POST, …).</summary>
    public string HttpMethodName => HttpMethod.ToUpperInvariant();

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

    /// <summary>The chunk type of a <c>text/event-stream</c> success response, or null.</summary>
    public TypeRef? StreamResponse { get; init; }

    /// <summary>The body's boolean property that asks for a stream (<c>Stream</c> for <c>"stream"</c>), or empty.</summary>
    public string StreamFlagProperty { get; init; } = "";

    /// <summary>The name of the streaming method (without Async): <c>Stream</c> for <c>Create</c>, else <c>{Method}Stream</c>.</summary>
    public string StreamMethodName => MethodName == "Create" ? "Stream" : MethodName + "Stream";

    /// <summary>The methods the client renders for this operation: <c>page</c>+<c>items</c>, <c>single</c>, or none (stream only).</summary>
    public EquatableArray<string> Passes => Paging is not null
        ? new[] { "page", "items" }.ToEquatableArray()
        : Response is null && StreamResponse is not null ? default : new[] { "single" }.ToEquatableArray();
}

/// <summary>A container client for nested groups (<c>ChatClient</c> with <c>Completions</c>).</summary>
public sealed record GroupContainer(string PropertyName, string ClientName, EquatableArray<ResourceGroup> Children);

/// <summary>
/// A union of several schemas (<c>anyOf</c>/<c>oneOf</c>): one C# class with a constructor, an implicit conversion and
/// <c>Is…</c>/<c>As…</c>/<c>TryGet…</c> accessors per variant; a JSON value no variant accepts is kept as raw JSON.
/// </summary>
public sealed record UnionType(
    string Name,
    EquatableArray<string> Doc,
    EquatableArray<UnionVariant> Variants,
    string Origin)
{
    /// <summary>The origin as comment text.</summary>
    public string OriginComment => CSharpText.Comment(Origin);

    public EquatableArray<UnionVariant> StringVariants => Variants.Where(v => v.Token == "String").ToEquatableArray();
    public EquatableArray<UnionVariant> NumberVariants => Variants.Where(v => v.Token == "Number").OrderBy(v => v.Type.Kind == WireKind.Int32 || v.Type.Kind == WireKind.Int64 ? 0 : 1).ToEquatableArray();
    public EquatableArray<UnionVariant> BoolVariants => Variants.Where(v => v.Token == "Bool").ToEquatableArray();
    public EquatableArray<UnionVariant> ArrayVariants => Variants.Where(v => v.Token == "Array").ToEquatableArray();
    public EquatableArray<UnionVariant> ObjectVariants => Variants.Where(v => v.Token == "Object").ToEquatableArray();

    /// <summary>The object variant taken when no discriminator or marker property decides (at most one), or null.</summary>
    public UnionVariant? FallbackObjectVariant => ObjectVariants.Count == 1 ? ObjectVariants[0] : ObjectVariants.FirstOrDefault(v => v.IsFallback);

    /// <summary>The property whose value picks the object variant, or empty.</summary>
    public string DiscriminatorProperty => ObjectVariants.Select(v => v.DiscriminatorProperty).FirstOrDefault(p => p.Length > 0) ?? "";

    public string DiscriminatorPropertyLiteral => PropertyModel.CSharpLiteral(DiscriminatorProperty);

    /// <summary>The array variant taken for an empty array (the first declared).</summary>
    public UnionVariant? FallbackArrayVariant => ArrayVariants.Count == 0 ? null : ArrayVariants[0];
}

/// <summary>One variant of a <see cref="UnionType"/>.</summary>
/// <param name="Name">The accessor stem: <c>String</c>, <c>StringList</c>, <c>FunctionSelection</c>.</param>
/// <param name="Index">1-based tag (0 is raw JSON).</param>
/// <param name="Type">The variant's C# type.</param>
/// <param name="Token">The JSON token that starts it: <c>String</c>, <c>Number</c>, <c>Bool</c>, <c>Array</c>, <c>Object</c>.</param>
/// <param name="ImplicitFrom">Types with an implicit conversion to the union (interfaces cannot have one: <c>IList&lt;T&gt;</c> gets <c>T[]</c> and <c>List&lt;T&gt;</c>).</param>
public sealed record UnionVariant(string Name, int Index, TypeRef Type, string Token, EquatableArray<string> ImplicitFrom)
{
    /// <summary>For arrays: the JSON token of the first element that selects this variant (<c>String</c>, <c>Number</c>, <c>Bool</c>, <c>Array</c>, <c>Object</c>).</summary>
    public string ElementToken { get; init; } = "";

    /// <summary>For objects: the property whose value tells the variants apart (empty when none).</summary>
    public string DiscriminatorProperty { get; init; } = "";

    /// <summary>For objects: the discriminator value that selects this variant.</summary>
    public string DiscriminatorValue { get; init; } = "";

    /// <summary>For objects without a discriminator: property names only this variant has; any of them selects it.</summary>
    public EquatableArray<string> MarkerProperties { get; init; }

    /// <summary>The object variant taken when nothing else decides.</summary>
    public bool IsFallback { get; init; }

    /// <summary>The C# field name that holds the variant.</summary>
    public string FieldName => "_" + char.ToLowerInvariant(Name[0]) + Name.Substring(1);

    /// <summary>The union's method that returns this variant (<c>AsText</c>).</summary>
    public string AccessorName => "As" + Name;

    /// <summary>The statement the union's converter writes this variant of <c>value</c> with.</summary>
    public string WriteStatement => Type.WriteStatementOf("value." + AccessorName + "()");

    /// <summary>The declared type of <see cref="FieldName"/>.</summary>
    public string FieldType => Type.IsValueType ? Type.TypeName : Type.NullableTypeName;

    /// <summary>A UTF-8 literal of <see cref="DiscriminatorProperty"/>.</summary>
    public string DiscriminatorPropertyLiteral => PropertyModel.CSharpLiteral(DiscriminatorProperty);

    public string DiscriminatorValueLiteral => PropertyModel.CSharpLiteral(DiscriminatorValue);

    public EquatableArray<string> MarkerLiterals => MarkerProperties.Select(PropertyModel.CSharpLiteral).ToEquatableArray();

    /// <summary>The JsonTokenType name(s) of the first element of an array variant.</summary>
    public string ElementTokenCheck => ElementToken switch
    {
        "String" => "first == global::System.Text.Json.JsonTokenType.String",
        "Number" => "first == global::System.Text.Json.JsonTokenType.Number",
        "Bool" => "first is global::System.Text.Json.JsonTokenType.True or global::System.Text.Json.JsonTokenType.False",
        "Array" => "first == global::System.Text.Json.JsonTokenType.StartArray",
        "Object" => "first == global::System.Text.Json.JsonTokenType.StartObject",
        _ => "true",
    };
}

/// <summary>How a read-modify-write update turns the resource into its body.</summary>
/// <param name="ResourceOnlyProperties">JSON properties of the resource the body does not take (the name: the path carries it).</param>
/// <param name="FieldsClassName">The resource's field class (<c>DeploymentFields</c>), whose <c>ImmutableJsonNames</c> the update refuses to change.</param>
public sealed record UpdateFromResource(EquatableArray<string> ResourceOnlyProperties, string FieldsClassName)
{
    /// <summary><see cref="ResourceOnlyProperties"/> as C# string literals.</summary>
    public EquatableArray<string> ResourceOnlyPropertyLiterals => ResourceOnlyProperties.Select(CSharpText.Literal).ToEquatableArray();
}

/// <summary>A generated class of typed AIP-160 fields (see docs/aip160.md, "Contract for generated field classes").</summary>
/// <param name="ClassName"><c>DeploymentFields</c> (resource) or <c>DeploymentShapeFilterFields</c> (message).</param>
/// <param name="ModelName">The model the fields describe.</param>
/// <param name="IsResource">A static resource class (true) or a message field class (false).</param>
/// <param name="Fields">One field per filterable property.</param>
/// <param name="OutputOnlyJsonNames">JSON names of every property the spec marks <c>readOnly</c> (resource classes list them).</param>
/// <param name="ImmutableJsonNames">JSON names of the properties the overlay marks <c>immutable</c>, in spec order (resource classes only).</param>
public sealed partial record FilterFieldsClass(
    string ClassName, string ModelName, bool IsResource, EquatableArray<FilterField> Fields, EquatableArray<string> OutputOnlyJsonNames, EquatableArray<string> ImmutableJsonNames);

/// <summary>One typed field.</summary>
/// <param name="Name">The C# property name.</param>
/// <param name="ProtoName">The snake_case proto name.</param>
/// <param name="FieldType">The field's C# type (e.g. <c>StringFilterField</c>, <c>EnumFilterField&lt;global::Fireworks.Models.DeploymentState&gt;</c>).</param>
/// <param name="ExtraArgument">The constructor's extra argument (the element factory of a repeated or map field), or empty.</param>
/// <param name="JsonName">The JSON name (for docs).</param>
public sealed partial record FilterField(string Name, string ProtoName, string FieldType, string ExtraArgument, string JsonName);
