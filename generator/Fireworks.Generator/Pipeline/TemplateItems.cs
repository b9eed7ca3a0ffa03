using Fireworks.OpenApi.Collections;
using Fireworks.OpenApi.Model;

namespace Fireworks.Generator.Pipeline;

// The values each template renders. Small, value-equatable records: an item whose inputs did not change
// compares equal, so its output is reused without rendering.

/// <summary>One model class (<c>model.scriban</c>) or its JSON converter (<c>model-json.scriban</c>).</summary>
internal sealed record ModelItem(string Namespace, string SpecFileName, ModelType Model);

/// <summary>One union type and its converter (<c>union.scriban</c>).</summary>
internal sealed record UnionItem(string Namespace, string SpecFileName, UnionType Union);

/// <summary>One class of typed AIP-160 fields (<c>fields.scriban</c>).</summary>
internal sealed record FieldsItem(string Namespace, FilterFieldsClass Class);

/// <summary>One enum with its wire names and converter (<c>enum.scriban</c>).</summary>
internal sealed record EnumItem(string Namespace, string SpecFileName, EnumType Enum);

/// <summary>One resource-group client (<c>client.scriban</c>).</summary>
internal sealed record ClientItem(string Namespace, string SpecFileName, string SpecVersion, ResourceGroup Group);

/// <summary>Everything that spans all specs: the root client, the JSON context and the operation manifest.</summary>
internal sealed record SurfaceItem(string Namespace, EquatableArray<SurfaceSpec> Specs);

/// <summary>One spec's share of the surface.</summary>
internal sealed record SurfaceSpec(
    string SpecFileName,
    string Title,
    string Version,
    EquatableArray<ResourceGroup> Groups,
    EquatableArray<ResourceGroup> RootGroups,
    EquatableArray<GroupContainer> Containers,
    string ServerUrl,
    EquatableArray<string> ModelNames,
    EquatableArray<string> EnumNames,
    EquatableArray<SchemaTypeName> Schemas,
    EquatableArray<StateTable> StateTables)
{
    public string SpecFileNameLiteral => CSharpText.Literal(SpecFileName);

    public string SpecFileNameComment => CSharpText.Comment(SpecFileName);

    public string TitleXml => CSharpText.XmlDoc(Title);

    public string VersionXml => CSharpText.XmlDoc(Version);
}

/// <summary>A component schema and the C# type generated for it.</summary>
internal sealed record SchemaTypeName(string SpecFileName, string SchemaName, string TypeName)
{
    /// <summary>The manifest key <c>spec#schema</c> as a C# string literal.</summary>
    public string KeyLiteral => CSharpText.Literal(SpecFileName + "#" + SchemaName);
}
