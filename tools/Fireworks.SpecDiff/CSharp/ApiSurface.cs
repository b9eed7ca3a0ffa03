using Fireworks.OpenApi.Model;

namespace Fireworks.SpecDiff.CSharp;

/// <summary>The kind of a public generated type.</summary>
public enum ApiTypeKind
{
    /// <summary>A class: a model, a client, or <c>FireworksClient</c>.</summary>
    Class,

    /// <summary>An enum.</summary>
    Enum,
}

/// <summary>The kind of a public member of a generated type.</summary>
public enum ApiMemberKind
{
    /// <summary>A property.</summary>
    Property,

    /// <summary>An enum member.</summary>
    EnumMember,

    /// <summary>A method.</summary>
    Method,
}

/// <summary>A parameter of a generated method.</summary>
/// <param name="Name">The C# parameter name.</param>
/// <param name="Type">The fully qualified C# type (<c>global::…</c>, with <c>?</c> when nullable).</param>
/// <param name="IsOptional">Whether the parameter has a default value.</param>
/// <param name="IsValueType">Whether the type without <c>?</c> is a value type (so <c>T?</c> → <c>T</c> rejects nullable arguments).</param>
public sealed record ApiParameter(string Name, string Type, bool IsOptional, bool IsValueType = false);

/// <summary>A public member of a generated type.</summary>
/// <param name="Kind">Property, enum member or method.</param>
/// <param name="Name">The C# name.</param>
/// <param name="MatchKey">What the member stands for in the spec (JSON name, wire value, operation), used to recognise renames.</param>
/// <param name="Type">Property type or method return type (fully qualified); empty for enum members.</param>
/// <param name="IsRequired">Whether a property has the <c>required</c> modifier.</param>
/// <param name="IsValueType">Whether a property's type is a value type (so <c>T</c> and <c>T?</c> are different types).</param>
/// <param name="Parameters">The parameters of a method; empty otherwise.</param>
/// <param name="WireValue">The wire string of an enum member.</param>
/// <param name="HasSetter">Whether a property has a setter (model properties do; client accessors do not).</param>
/// <param name="Overload">Empty for the member a name stands for; for another overload of a method, what it is (<c>read-modify-write</c>).</param>
public sealed record ApiMember(
    ApiMemberKind Kind,
    string Name,
    string MatchKey,
    string Type,
    bool IsRequired,
    bool IsValueType,
    IReadOnlyList<ApiParameter> Parameters,
    string WireValue,
    bool HasSetter = true,
    string Overload = "")
{
    /// <summary>The member's key in <see cref="ApiType.Members"/>: its name, and which overload when it is not the first.</summary>
    public string Key => Overload.Length == 0 ? Name : $"{Name}({Overload})";

    /// <summary>The member as C# source would declare it (shortened type names).</summary>
    public string Signature => Kind switch
    {
        ApiMemberKind.Property => $"{(IsRequired ? "required " : "")}{CSharpNames.Display(Type)} {Name} {{ {(HasSetter ? "get; set; " : "get; ")}}}",
        ApiMemberKind.EnumMember => $"{Name} = \"{WireValue}\"",
        _ => $"{CSharpNames.Display(Type)} {Name}({string.Join(", ", Parameters.Select(p => $"{CSharpNames.Display(p.Type)} {p.Name}{(p.IsOptional ? " = " + (p.Type.EndsWith('?') ? "null" : "default") : "")}"))})",
    };
}

/// <summary>A public generated type and its members.</summary>
/// <param name="FullName">The namespace-qualified name, e.g. <c>Fireworks.Models.RlorTrainerJob</c>.</param>
/// <param name="Kind">Class or enum.</param>
/// <param name="MatchKey">What the type stands for in the spec (schema or inline-schema origin, resource group), used to recognise renames.</param>
/// <param name="ConstructedByCallers">Whether callers build instances of it (a model reachable from a request body), so new <c>required</c> members break them.</param>
/// <param name="Members">The members by <see cref="ApiMember.Key"/> (the C# name, and the overload when a name has several).</param>
public sealed record ApiType(string FullName, ApiTypeKind Kind, string MatchKey, bool ConstructedByCallers, IReadOnlyDictionary<string, ApiMember> Members);

/// <summary>
/// The public API the generator produces from an <see cref="ApiModel"/>, member by member: it mirrors
/// templates/model.scriban, enum.scriban, client.scriban and fireworks-client.scriban. Companion types that follow
/// a model or enum one-to-one (JSON converters, <c>…Extensions</c>, JSON context properties) and members every
/// generated type has (<c>AdditionalProperties</c>; an extensible enum's <c>WireValues</c>, <c>KnownValues</c>, <c>IsKnown</c>, operators) are left out: they change only when their
/// owner does.
/// </summary>
public sealed class ApiSurface
{
    private ApiSurface(IReadOnlyDictionary<string, ApiType> types, IReadOnlyDictionary<string, string> whyAbsent)
    {
        Types = types;
        WhyAbsent = whyAbsent;
    }

    /// <summary>Every public generated type by full name.</summary>
    public IReadOnlyDictionary<string, ApiType> Types { get; }

    /// <summary>
    /// Why a member the spec could have had is not generated, by <see cref="ApiMember.MatchKey"/>: an update's
    /// read-modify-write overload when the update body has properties the resource lacks. A report that lists the
    /// member as removed says why.
    /// </summary>
    public IReadOnlyDictionary<string, string> WhyAbsent { get; }

    /// <summary>Builds the public API of the SDK generated from <paramref name="model"/>.</summary>
    /// <param name="model">The model the shared builder produced.</param>
    /// <returns>The surface.</returns>
    public static ApiSurface From(ApiModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var ns = model.Namespace;
        var types = new Dictionary<string, ApiType>(StringComparer.Ordinal);
        var constructed = ModelsReachableFromRequestBodies(model);

        foreach (var type in model.Models)
        {
            var members = new Dictionary<string, ApiMember>(StringComparer.Ordinal);
            foreach (var property in type.Properties)
            {
                members[property.Name] = new ApiMember(ApiMemberKind.Property, property.Name, "json:" + property.JsonName, property.DeclaredType, property.Required, property.Type.IsValueType, [], "");
            }
            if (type.IsUpdateBody)
            {
                members["GetUpdateMaskPaths"] = new ApiMember(ApiMemberKind.Method, "GetUpdateMaskPaths", "update-mask", "global::System.Collections.Generic.List<string>", false, false, [], "");
            }
            // The origin (component pointer, or "POST /v1/x requestBody" for an inline body) survives operationId renames.
            Add(types, new ApiType($"{ns}.Models.{type.Name}", ApiTypeKind.Class, "origin:" + type.Origin, constructed.Contains(type.Name), members));
        }

        foreach (var type in model.Enums)
        {
            var members = type.Members.ToDictionary(
                m => m.Name,
                m => new ApiMember(ApiMemberKind.EnumMember, m.Name, "wire:" + m.WireValue, "", false, false, [], m.WireValue),
                StringComparer.Ordinal);
            Add(types, new ApiType($"{ns}.Models.{type.Name}", ApiTypeKind.Enum, "schema:" + type.SchemaName, false, members));
        }

        var clientProperties = new Dictionary<string, ApiMember>(StringComparer.Ordinal);
        var whyAbsent = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in model.Groups)
        {
            var members = new Dictionary<string, ApiMember>(StringComparer.Ordinal);
            foreach (var operation in group.Operations)
            {
                foreach (var method in Methods(operation, ns)) members[method.Key] = method;
                if (ReadModifyWrite(operation, ns) is { } overload) members[overload.Key] = overload;
                else if (WhyNoReadModifyWrite(operation, model) is { } why) whyAbsent[ReadModifyWriteKey(operation)] = why;
            }
            Add(types, new ApiType($"{ns}.{group.ClientName}", ApiTypeKind.Class, "group:" + group.Name, false, members));
            clientProperties[group.PropertyName] = new ApiMember(ApiMemberKind.Property, group.PropertyName, "group:" + group.Name, $"global::{ns}.{group.ClientName}", false, false, [], "", HasSetter: false);
        }
        if (clientProperties.Count > 0)
        {
            Add(types, new ApiType($"{ns}.FireworksClient", ApiTypeKind.Class, "client", false, clientProperties));
        }
        return new ApiSurface(types, whyAbsent);
    }

    private static void Add(Dictionary<string, ApiType> types, ApiType type) => types[type.FullName] = type;

    /// <summary>The methods client.scriban writes for one operation: <c>XAsync</c>, plus <c>XPageAsync</c> for paged lists.</summary>
    private static IEnumerable<ApiMember> Methods(OperationModel operation, string ns)
    {
        var passes = operation.Paging is null ? new[] { "single" } : ["page", "items"];
        foreach (var pass in passes)
        {
            var parameters = new List<ApiParameter>();
            parameters.AddRange(operation.IdParameters.Select(p => new ApiParameter(p.Name, p.ParameterType, false, IsValueType(p))));
            if (operation.Body is { } body)
            {
                parameters.Add(new ApiParameter(body.ParameterName, body.Type.TypeName + (body.Required ? "" : "?"), !body.Required));
            }
            parameters.AddRange(operation.RequiredParameters.Select(p => new ApiParameter(p.Name, p.ParameterType, false, IsValueType(p))));
            foreach (var optional in operation.OptionalParameters)
            {
                if (pass == "items" && optional.Name == operation.Paging!.PageTokenParameter) continue;
                parameters.Add(new ApiParameter(optional.Name, optional.ParameterType, true, IsValueType(optional)));
            }
            if (operation.SendsUpdateMask) parameters.Add(new ApiParameter("updateMask", "string?", true));
            if (operation.HasAccountId) parameters.Add(new ApiParameter("accountId", "string?", true));
            parameters.Add(new ApiParameter("options", $"global::{ns}.RequestOptions?", true));
            parameters.Add(new ApiParameter("cancellationToken", "global::System.Threading.CancellationToken", true, true));

            var returnType = pass == "items"
                ? $"global::{ns}.AsyncPageable<{operation.Paging!.ItemType.TypeName}>"
                : operation.Response is { } response ? $"global::System.Threading.Tasks.Task<{response.TypeName}>" : "global::System.Threading.Tasks.Task";
            var name = operation.MethodName + (pass == "page" ? "Page" : "") + "Async";
            yield return new ApiMember(ApiMemberKind.Method, name, $"operation:{operation.HttpMethod.ToUpperInvariant()} {operation.Path}:{pass}", returnType, false, false, parameters, "");
        }
    }

    /// <summary>
    /// The read-modify-write overload client.scriban writes next to an update that takes a field mask:
    /// <c>XAsync(ids…, TResource current, Action&lt;TResource&gt; change, …)</c>.
    /// </summary>
    private static ApiMember? ReadModifyWrite(OperationModel operation, string ns)
    {
        if (operation.UpdateFrom is null || operation.Response is not { } resource) return null;
        var parameters = new List<ApiParameter>();
        parameters.AddRange(operation.IdParameters.Select(p => new ApiParameter(p.Name, p.ParameterType, false, IsValueType(p))));
        parameters.Add(new ApiParameter("current", resource.TypeName, false));
        parameters.Add(new ApiParameter("change", $"global::System.Action<{resource.TypeName}>", false));
        parameters.AddRange(operation.RequiredParameters.Select(p => new ApiParameter(p.Name, p.ParameterType, false, IsValueType(p))));
        parameters.AddRange(operation.OptionalParameters.Select(p => new ApiParameter(p.Name, p.ParameterType, true, IsValueType(p))));
        if (operation.HasAccountId) parameters.Add(new ApiParameter("accountId", "string?", true));
        parameters.Add(new ApiParameter("options", $"global::{ns}.RequestOptions?", true));
        parameters.Add(new ApiParameter("cancellationToken", "global::System.Threading.CancellationToken", true, true));
        return new ApiMember(ApiMemberKind.Method, operation.MethodName + "Async", ReadModifyWriteKey(operation),
            $"global::System.Threading.Tasks.Task<{resource.TypeName}>", false, false, parameters, "", Overload: "read-modify-write");
    }

    private static string ReadModifyWriteKey(OperationModel operation) =>
        $"operation:{operation.HttpMethod.ToUpperInvariant()} {operation.Path}:read-modify-write";

    /// <summary>Why an update with a field mask has no read-modify-write overload: its body has properties the resource lacks.</summary>
    private static string? WhyNoReadModifyWrite(OperationModel operation, ApiModel model)
    {
        if (operation.UpdateFrom is not null || !operation.SendsUpdateMask || operation.Body is null || operation.Response is not { Kind: WireKind.Model } response) return null;
        var body = model.Models.FirstOrDefault(m => m.Name == operation.Body.Type.ShortName);
        var resource = model.Models.FirstOrDefault(m => m.Name == response.ShortName);
        if (body is null || resource is null || body.Name == resource.Name) return null;
        var resourceProperties = new HashSet<string>(resource.Properties.Select(p => p.JsonName), StringComparer.Ordinal);
        var extra = body.Properties.Select(p => p.JsonName).Where(p => !resourceProperties.Contains(p)).ToList();
        return extra.Count == 0
            ? null
            : $"the read-modify-write overload exists only while every property of the update body is one of the resource's: {body.Name} has {string.Join(", ", extra)}, which {resource.Name} lacks";
    }

    private static bool IsValueType(ParameterModel parameter) => parameter.Type.Kind != WireKind.Array && parameter.Type.IsValueType;

    /// <summary>Models a caller builds to send: request bodies and every model they contain.</summary>
    private static HashSet<string> ModelsReachableFromRequestBodies(ApiModel model)
    {
        var byName = model.Models.ToDictionary(m => m.Name, StringComparer.Ordinal);
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        foreach (var operation in model.Groups.SelectMany(g => g.Operations))
        {
            if (operation.Body?.Type is { IsModel: true } body) pending.Push(body.ShortName);
        }
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (!reached.Add(name) || !byName.TryGetValue(name, out var type)) continue;
            foreach (var property in type.Properties)
            {
                var propertyType = property.Type.Element ?? property.Type;
                if (propertyType.IsModel) pending.Push(propertyType.ShortName);
            }
        }
        return reached;
    }
}
