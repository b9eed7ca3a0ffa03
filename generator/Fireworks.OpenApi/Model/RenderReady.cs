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

    /// <summary>The properties by the UTF-8 length of their JSON names: the reader switches on a name's length, then on one distinguishing byte, then compares bytes.</summary>
    public EquatableArray<PropertyNameGroup> PropertiesByNameLength => Properties
        .GroupBy(p => CSharpText.Utf8Length(p.JsonName))
        .OrderBy(g => g.Key)
        .Select(g => new PropertyNameGroup(g.Key, g.ToEquatableArray()))
        .ToEquatableArray();

    /// <summary>How the writer writes each property, in spec order.</summary>
    public EquatableArray<PropertyWrite> PropertyWrites => Properties.Select((p, i) => new PropertyWrite(p, i)).ToEquatableArray();
}

/// <summary>How a model's writer writes one property.</summary>
public sealed record PropertyWrite
{
    /// <summary>Describes the write of <paramref name="property"/>, the <paramref name="index"/>th of its model.</summary>
    public PropertyWrite(PropertyModel property, int index)
    {
        Property = property;
        if (property.IsRequiredValue)
        {
            // A required value type has no null to test: whether it holds a value to write is its own test (PresenceTest).
            Value = "value." + property.Name;
            Condition = property.PresenceTestOn("value.");
        }
        else
        {
            Value = "v" + index;
            Condition = "value." + property.Name + " is { } " + Value;
        }
    }

    /// <summary>The property.</summary>
    public PropertyModel Property { get; }

    /// <summary>
    /// The C# condition under which the writer writes the property: it holds a value (for an optional or reference
    /// property, it is not null, and the test binds <see cref="Value"/>). Nothing is written for a property that holds
    /// none, so a value absent on the wire stays absent and none is made up.
    /// </summary>
    public string Condition { get; }

    /// <summary>The C# expression holding the value to write: the property, or the pattern variable of <see cref="Condition"/>.</summary>
    public string Value { get; }

    /// <summary>The statement writing <see cref="Value"/>.</summary>
    public string Statement => Property.Type.WriteStatementOf(Value);
}

/// <summary>Properties whose JSON names have the same UTF-8 length.</summary>
/// <remarks>
/// The dispatch is computed once, when the group is made: templates read it twice per group. Every member is get-only,
/// so a <c>with</c> copy cannot pair new properties with an old dispatch.
/// </remarks>
public sealed record PropertyNameGroup
{
    /// <summary>Groups properties whose JSON names are <paramref name="utf8Length"/> UTF-8 bytes long.</summary>
    public PropertyNameGroup(int utf8Length, EquatableArray<PropertyModel> properties)
    {
        Utf8Length = utf8Length;
        Properties = properties;
        (DispatchIndex, Branches) = Utf8Dispatch.Split(properties, p => p.JsonName);
    }

    /// <summary>The UTF-8 length of every name in the group.</summary>
    public int Utf8Length { get; }

    /// <summary>The properties, in spec order.</summary>
    public EquatableArray<PropertyModel> Properties { get; }

    /// <summary>The byte of the name the reader switches on: the one that tells most of these names apart.</summary>
    public int DispatchIndex { get; }

    /// <summary>The properties by their name's byte at <see cref="DispatchIndex"/>.</summary>
    public EquatableArray<Utf8Branch<PropertyModel>> Branches { get; }
}

/// <summary>Enum members whose wire values have the same UTF-8 length.</summary>
/// <remarks>As <see cref="PropertyNameGroup"/>: the dispatch is computed once and every member is get-only.</remarks>
public sealed record EnumWireGroup
{
    /// <summary>Groups enum members whose wire values are <paramref name="utf8Length"/> UTF-8 bytes long.</summary>
    public EnumWireGroup(int utf8Length, EquatableArray<EnumMember> members)
    {
        Utf8Length = utf8Length;
        Members = members;
        (DispatchIndex, Branches) = Utf8Dispatch.Split(members, m => m.WireValue);
    }

    /// <summary>The UTF-8 length of every wire value in the group.</summary>
    public int Utf8Length { get; }

    /// <summary>The members, in spec order.</summary>
    public EquatableArray<EnumMember> Members { get; }

    /// <summary>The byte of the wire value the reader switches on: the one that tells most of these values apart.</summary>
    public int DispatchIndex { get; }

    /// <summary>The members by their wire value's byte at <see cref="DispatchIndex"/>.</summary>
    public EquatableArray<Utf8Branch<EnumMember>> Branches { get; }
}

public sealed partial record PropertyModel
{
    /// <summary>The JSON name as a C# string literal (templates append <c>u8</c>).</summary>
    public string JsonNameLiteral => CSharpText.Literal(JsonName);

    /// <summary>The JSON name for XML docs.</summary>
    public string JsonNameXml => CSharpText.XmlDoc(JsonName);

    /// <summary>The proto (snake_case) name as a C# string literal.</summary>
    public string ProtoNameLiteral => CSharpText.Literal(ProtoName);

    /// <summary>
    /// What the property reads as for JSON <c>null</c>: the typed null of an optional value type (a bare <c>default</c> in
    /// <c>cond ? default : ReadInt32(…)</c> would take the non-nullable type and read as 0, <c>false</c> or the first
    /// enum value), a bare <c>default</c> otherwise, with <c>!</c> for a required reference.
    /// </summary>
    public string NullReadValue => Type.IsValueType ? (Required ? "default" : "default(" + DeclaredType + ")") : Required ? "default!" : "default";

    /// <summary>
    /// Whether the model keeps the text this property was read from, to write it back unchanged: timestamps, whose
    /// <c>DateTimeOffset</c> holds neither proto3's nanoseconds nor how the text spelled the value (the digits, the offset).
    /// Only a property has a place to keep it; timestamps in arrays, maps and unions are written in proto3's form.
    /// </summary>
    public bool KeepsWireText => Type.Kind == WireKind.Timestamp;

    /// <summary>
    /// The internal field that keeps the text (<c>_createTimeWireText</c>): <c>_</c>, the property name in camelCase,
    /// <c>WireText</c>. No property is named like it: property names never start with <c>_</c> and a letter.
    /// </summary>
    public string WireTextField => FieldName("WireText");

    /// <summary>
    /// Whether the property is declared with a non-nullable value type: required (so the caller must set it) and of a
    /// value type (int, bool, enum, timestamp, JSON value). Such a property has no null to say it holds no value, so
    /// whether it holds one is told by <see cref="TracksPresence"/>'s flag or, for a JSON value, by
    /// <see cref="IsUndefinedWhenAbsent"/>.
    /// </summary>
    public bool IsRequiredValue => Required && Type.IsValueType;

    /// <summary>
    /// Whether the property is a required <c>JsonElement</c>, whose default (<c>ValueKind</c> <c>Undefined</c>) is no JSON
    /// value at all: it says by itself that it holds none, so it needs no <see cref="TracksPresence"/> flag.
    /// </summary>
    public bool IsUndefinedWhenAbsent => IsRequiredValue && Type.Kind == WireKind.Json;

    /// <summary>
    /// Whether the model keeps a flag saying the property holds a value: every <see cref="IsRequiredValue"/> property
    /// but a JSON value (<see cref="IsUndefinedWhenAbsent"/>). Without the flag, a model read without the property would
    /// write back a value nobody sent (0, <c>false</c>, the first enum value, year one). The setter raises it, so a
    /// value the caller sets or the reader reads is written; JSON <c>null</c> clears it.
    /// </summary>
    public bool TracksPresence => IsRequiredValue && !IsUndefinedWhenAbsent;

    /// <summary>The private field behind a property that <see cref="TracksPresence"/> (<c>_startTime</c>).</summary>
    public string BackingField => FieldName("");

    /// <summary>The internal flag of a property that <see cref="TracksPresence"/> (<c>_startTimeIsSet</c>), read and cleared by the converter.</summary>
    public string PresenceField => FieldName("IsSet");

    /// <summary>The C# test, inside the model, that the property holds a value (see <see cref="PresenceTestOn"/>).</summary>
    public string PresenceTest => PresenceTestOn("");

    /// <summary>
    /// The C# test that the property of <paramref name="owner"/> (<c>value.</c>, or empty inside the model) holds a
    /// value: its <see cref="PresenceField"/>, a <c>JsonElement</c> that is not <c>Undefined</c>, or not null.
    /// </summary>
    // IsRequiredValue is exactly TracksPresence or IsUndefinedWhenAbsent, so only a property that may be null gets the null test.
    public string PresenceTestOn(string owner) =>
        TracksPresence ? owner + PresenceField
        : IsUndefinedWhenAbsent ? owner + Name + ".ValueKind != global::System.Text.Json.JsonValueKind.Undefined"
        : owner + Name + " is not null";

    /// <summary>
    /// The C# expression reading the property's value from <c>reader</c> (not on JSON <c>null</c>); a timestamp's also
    /// keeps the text read in <see cref="WireTextField"/> of <c>value</c>.
    /// </summary>
    public string ReadValueExpression => KeepsWireText
        ? Type.ReadFunction + "(ref reader, options, out value." + WireTextField + ")"
        : Type.ReadExpression;

    /// <summary>
    /// The call of the runtime's <c>SecretValues</c>, inside the model, that adds the secrets this property holds to
    /// <c>secrets</c>: its value or each string of its list or map (<see cref="IsSecret"/>), or what the models it holds
    /// report (<see cref="HoldsSecrets"/>); empty when it holds none.
    /// </summary>
    public string CollectSecretsCall
    {
        get
        {
            var target = Type.Kind == WireKind.Map ? Name + "?.Values" : Name;
            var method = IsSecret ? (Type.IsCollection ? "AddAll" : "Add") : HoldsSecrets ? (Type.IsCollection ? "AddFromAll" : "AddFrom") : null;
            return method is null ? "" : method + "(secrets, " + target + ")";
        }
    }

    // _, the property name in camelCase, then the suffix. Property names are PascalCase, so two properties never share one.
    private string FieldName(string suffix) => "_" + char.ToLowerInvariant(Name[0]) + Name.Substring(1) + suffix;
}

public sealed partial record EnumType
{
    /// <summary>The schema name for a <c>//</c> comment.</summary>
    public string SchemaNameComment => CSharpText.Comment(SchemaName);

    /// <summary>The schema name for XML docs.</summary>
    public string SchemaNameXml => CSharpText.XmlDoc(SchemaName);

    /// <summary>The members by the UTF-8 length of their wire values: the reader switches on a value's length, then on one distinguishing byte, then compares bytes.</summary>
    public EquatableArray<EnumWireGroup> MembersByWireLength => Members
        .GroupBy(m => CSharpText.Utf8Length(m.WireValue))
        .OrderBy(g => g.Key)
        .Select(g => new EnumWireGroup(g.Key, g.ToEquatableArray()))
        .ToEquatableArray();
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

    /// <summary>The C# name as an XML doc <c>param</c> name (without a verbatim <c>@</c>).</summary>
    public string DocName => Name.Replace("@", "");

    /// <summary>The XML doc text of the parameter: the spec's description, or what the parameter is (the account has its own text in the templates).</summary>
    public string XmlDocText => Doc.IsEmpty ? "The <c>" + WireNameXml + "</c> " + LocationName.ToLowerInvariant() + " parameter." : string.Join(" ", Doc);

    /// <summary><see cref="XmlDocText"/> ending as a sentence, for docs that go on after it ("The Deployment Id." rather than "The Deployment Id An id…").</summary>
    public string XmlDocSentence
    {
        get
        {
            var text = XmlDocText.TrimEnd();
            return text.Length > 0 && text[text.Length - 1] is '.' or '!' or '?' ? text : text + ".";
        }
    }
}

public sealed partial record OperationModel
{
    /// <summary>The operationId as a C# string literal.</summary>
    public string OperationIdLiteral => CSharpText.Literal(OperationId);

    /// <summary>The path as a C# string literal.</summary>
    public string PathLiteral => CSharpText.Literal(Path);

    /// <summary>The RFC 6570 URL template as a C# string literal.</summary>
    public string UrlTemplateLiteral => CSharpText.Literal(UrlTemplate);

    /// <summary>The HTTP method as the name of its <c>System.Net.Http.HttpMethod</c> property (<c>Get</c>, <c>Post</c>, …).</summary>
    public string HttpMethodProperty => HttpMethod.Length == 0 ? HttpMethod : char.ToUpperInvariant(HttpMethod[0]) + HttpMethod.Substring(1).ToLowerInvariant();

    /// <summary>The query parameters in the order of the URL template (the spec's), which is the order they are sent in.</summary>
    public EquatableArray<ParameterModel> QueryParametersInOrder
    {
        get
        {
            var open = UrlTemplate.IndexOf("{?", System.StringComparison.Ordinal);
            var names = open < 0 ? new string[0] : UrlTemplate.Substring(open + 2).TrimEnd('}').Split(',');
            return names
                .Select(name => Parameters.FirstOrDefault(p => p.Location == ParameterLocation.Query && p.TemplateName == name))
                .Where(p => p is not null)
                .Select(p => p!)
                .ToEquatableArray();
        }
    }

    /// <summary>The header parameters, in spec order.</summary>
    public EquatableArray<ParameterModel> HeaderParameters => Parameters.Where(p => p.Location == ParameterLocation.Header).ToEquatableArray();

    /// <summary>The wire names of the path parameters, as C# string literals.</summary>
    public EquatableArray<string> PathParameterLiterals => WireNameLiterals(p => p.Location == ParameterLocation.Path);

    /// <summary>The wire names of the query parameters as C# string literals, with <c>updateMask</c> when the operation sends one.</summary>
    public EquatableArray<string> QueryParameterLiterals => SendsUpdateMask
        ? WireNameLiterals(p => p.Location == ParameterLocation.Query).Concat(new[] { "\"updateMask\"" }).ToEquatableArray()
        : WireNameLiterals(p => p.Location == ParameterLocation.Query);

    /// <summary>The wire names of the required query parameters, as C# string literals.</summary>
    public EquatableArray<string> RequiredQueryParameterLiterals => WireNameLiterals(p => p.Location == ParameterLocation.Query && p.Required);

    /// <summary>The wire names of the header parameters, as C# string literals.</summary>
    public EquatableArray<string> HeaderParameterLiterals => WireNameLiterals(p => p.Location == ParameterLocation.Header);

    private EquatableArray<string> WireNameLiterals(System.Func<ParameterModel, bool> which) => Parameters.Where(which).Select(p => p.WireNameLiteral).ToEquatableArray();

    /// <summary>
    /// The request path as a C# expression: its one literal, or <c>string.Concat</c> of its literal runs, path parameters and
    /// <c>resolvedAccountId</c> (the client's account when the caller passes none).
    /// </summary>
    public string PathExpression
    {
        get
        {
            var parts = PathPieces.Select(piece => piece.IsAccountId ? "resolvedAccountId" : piece.IsParameter ? piece.ParameterName : piece.Literal).ToArray();
            return parts.Length == 1 ? parts[0] : "string.Concat(" + string.Join(", ", parts) + ")";
        }
    }

    /// <summary>
    /// The path split into its literal runs and its <c>{variables}</c>, in order: generated code concatenates them into the
    /// request path (every variable is a validated path segment, so nothing needs escaping at run time).
    /// </summary>
    public EquatableArray<PathPiece> PathPieces
    {
        get
        {
            var pieces = new System.Collections.Generic.List<PathPiece>();
            var index = 0;
            while (index < Path.Length)
            {
                var open = Path.IndexOf('{', index);
                if (open < 0)
                {
                    pieces.Add(PathPiece.OfLiteral(Path.Substring(index)));
                    break;
                }

                if (open > index) pieces.Add(PathPiece.OfLiteral(Path.Substring(index, open - index)));
                var close = Path.IndexOf('}', open);
                if (close < 0)
                {
                    pieces.Add(PathPiece.OfLiteral(Path.Substring(open)));
                    break;
                }

                var name = Path.Substring(open + 1, close - open - 1);
                var parameter = Parameters.FirstOrDefault(p => p.Location == ParameterLocation.Path && p.WireName == name);
                pieces.Add(parameter is null ? PathPiece.OfLiteral(Path.Substring(open, close - open + 1)) : new PathPiece("", parameter.Name, parameter.IsAccountId));
                index = close + 1;
            }

            return pieces.ToEquatableArray();
        }
    }
}

/// <summary>One run of a request path: a literal (as a C# string literal) or a path parameter (its C# name).</summary>
/// <param name="Literal">The literal text as a C# string literal, or empty for a parameter.</param>
/// <param name="ParameterName">The C# parameter name, or empty for a literal.</param>
/// <param name="IsAccountId">Whether the parameter is the account (the client resolves it from its default).</param>
public sealed record PathPiece(string Literal, string ParameterName, bool IsAccountId)
{
    /// <summary>A literal run.</summary>
    public static PathPiece OfLiteral(string text) => new(CSharpText.Literal(text), "", false);

    /// <summary>Whether this piece is a parameter.</summary>
    public bool IsParameter => ParameterName.Length > 0;
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

    /// <summary>The immutable JSON names as C# string literals.</summary>
    public EquatableArray<string> ImmutableJsonNameLiterals => ImmutableJsonNames.Select(CSharpText.Literal).ToEquatableArray();
}

public sealed partial record WaitableResource
{
    /// <summary>The name pattern as a C# string literal.</summary>
    public string NamePatternLiteral => CSharpText.Literal(NamePattern);

    /// <summary>Whether the ids may also be given as full names (the name pattern is known).</summary>
    public bool TakesNames => NamePattern.Length > 0;

    /// <summary>The Get's ids, outermost first, each with the full name it may be given as.</summary>
    public EquatableArray<WaitId> Ids
    {
        get
        {
            var ids = Get.IdParameters;
            var pattern = NamePattern.Split('/');
            return ids.Select((p, i) => new WaitId(
                p,
                TakesNames ? CSharpText.XmlDoc(string.Join("/", pattern.Take(4 + (2 * i)))) : "",
                string.Concat(ids.Take(i).Select(parent => ", " + parent.Name)))).ToEquatableArray();
        }
    }
}

/// <summary>One id of a wait.</summary>
/// <param name="Parameter">The id's parameter.</param>
/// <param name="NameXml">The full name the id may be given as (the name pattern up to this id), for XML docs; empty when ids are ids only.</param>
/// <param name="ParentArguments">The ids of its parents as further arguments (<c>, trainingSessionJobId</c>), or empty.</param>
public sealed record WaitId(ParameterModel Parameter, string NameXml, string ParentArguments);
