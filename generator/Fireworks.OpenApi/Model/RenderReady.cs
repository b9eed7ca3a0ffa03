using System.Linq;
using Fireworks.OpenApi.Collections;

namespace Fireworks.OpenApi.Model;

// Render-ready forms of the spec text each record carries, one per C# context it lands in (see CSharpText).
// Computed, so they take no part in equality and cost nothing in the incremental pipeline's caches.

public sealed partial record ModelType
{
    /// <summary>Where the model comes from, for a <c>//</c> comment.</summary>
    public string OriginComment => CSharpText.Comment(Origin);

    /// <summary>The schema name for XML docs.</summary>
    public string SchemaNameXml => CSharpText.XmlDoc(SchemaName);
}

public sealed partial record PropertyModel
{
    /// <summary>The JSON name as a C# string literal (templates append <c>u8</c>).</summary>
    public string JsonNameLiteral => CSharpText.Literal(JsonName);

    /// <summary>The JSON name for XML docs.</summary>
    public string JsonNameXml => CSharpText.XmlDoc(JsonName);

    /// <summary>The proto (snake_case) name as a C# string literal.</summary>
    public string ProtoNameLiteral => CSharpText.Literal(ProtoName);
}

public sealed partial record EnumType
{
    /// <summary>The schema name for a <c>//</c> comment.</summary>
    public string SchemaNameComment => CSharpText.Comment(SchemaName);

    /// <summary>The schema name for XML docs.</summary>
    public string SchemaNameXml => CSharpText.XmlDoc(SchemaName);
}

public sealed partial record EnumMember
{
    /// <summary>The wire value as a C# string literal (templates append <c>u8</c>).</summary>
    public string WireLiteral => CSharpText.Literal(WireValue);

    /// <summary>The wire value for XML docs.</summary>
    public string WireXml => CSharpText.XmlDoc(WireValue);
}

public sealed partial record ParameterModel
{
    /// <summary>The wire name as a C# string literal.</summary>
    public string WireNameLiteral => CSharpText.Literal(WireName);

    /// <summary>The wire name for XML docs.</summary>
    public string WireNameXml => CSharpText.XmlDoc(WireName);
}

public sealed partial record OperationModel
{
    /// <summary>The operationId as a C# string literal.</summary>
    public string OperationIdLiteral => CSharpText.Literal(OperationId);

    /// <summary>The path as a C# string literal.</summary>
    public string PathLiteral => CSharpText.Literal(Path);

    /// <summary>The RFC 6570 URL template as a C# string literal.</summary>
    public string UrlTemplateLiteral => CSharpText.Literal(UrlTemplate);
}

public sealed partial record FilterField
{
    /// <summary>The proto name as a C# string literal.</summary>
    public string ProtoNameLiteral => CSharpText.Literal(ProtoName);

    /// <summary>The proto name for XML docs.</summary>
    public string ProtoNameXml => CSharpText.XmlDoc(ProtoName);

    /// <summary>The JSON name for XML docs.</summary>
    public string JsonNameXml => CSharpText.XmlDoc(JsonName);
}

public sealed partial record FilterFieldsClass
{
    /// <summary>The output-only JSON names as C# string literals.</summary>
    public EquatableArray<string> OutputOnlyJsonNameLiterals => OutputOnlyJsonNames.Select(CSharpText.Literal).ToEquatableArray();
}
