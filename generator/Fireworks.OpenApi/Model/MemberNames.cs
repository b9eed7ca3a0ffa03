using System;
using System.Collections.Generic;

namespace Fireworks.OpenApi.Model;

/// <summary>
/// C# names the templates already use inside a generated type or method, so a name from the spec must step aside:
/// one list per place, next to the rule that applies it.
/// </summary>
internal static class MemberNames
{
    /// <summary>Members every generated model has (or inherits) besides its properties.</summary>
    private static readonly HashSet<string> ModelMembers = new(StringComparer.Ordinal)
    {
        "AdditionalProperties", "GetUpdateMaskPaths", "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize",
    };

    /// <summary>Parameters and locals of every generated client method (templates/client.scriban).</summary>
    private static readonly HashSet<string> ClientMethodNames = new(StringComparer.Ordinal)
    {
        "options", "cancellationToken", "accountId", "updateMask", "requestInfo", "page", "linked", "enumerationToken",
    };

    /// <summary>Members of the generated JSON context (templates/json-context.scriban), which has one property per type name.</summary>
    private static readonly HashSet<string> ContextMembers = new(StringComparer.Ordinal)
    {
        "Default", "Options", "GetTypeInfo", "Create", "GeneratedSerializerOptions", "FireworksJsonContext",
        "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize",
    };

    /// <summary>A property name that clashes with neither its class nor a generated member.</summary>
    public static string Property(string wanted, string typeName) =>
        wanted == typeName || ModelMembers.Contains(wanted) ? wanted + "Value" : wanted;

    /// <summary>An enum member name that clashes with neither its enum nor the members every extensible enum has.</summary>
    public static string EnumMember(string wanted, string enumName) =>
        wanted == enumName || Naming.IsExtensibleEnumMember(wanted) ? wanted + "Value" : wanted;

    /// <summary>Whether a client method parameter name is taken by the template.</summary>
    public static bool IsClientMethodName(string name) => ClientMethodNames.Contains(name.TrimStart('@'));

    /// <summary>Whether a type name would clash with a member of the generated JSON context.</summary>
    public static bool IsContextMember(string typeName) => ContextMembers.Contains(typeName);
}
