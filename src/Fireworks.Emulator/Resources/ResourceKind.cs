using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Fireworks.Aip;

namespace Fireworks.Emulator;

/// <summary>
/// What the emulator needs to know about one resource type: its collection, its wire format (the SDK's generated
/// converter), its typed fields, the fields the server owns and the fields fixed at create (all generated from the
/// spec and its overlay, never listed here),
/// and how to read its name and unknown properties.
/// </summary>
internal sealed class ResourceKind<T>
    where T : class
{
    private readonly ConcurrentDictionary<string, bool> knownFields = new(StringComparer.Ordinal);

    public ResourceKind(
        string collection,
        string label,
        JsonTypeInfo<T> typeInfo,
        Func<T, string?> getName,
        Action<T, string> setName,
        Func<T, IDictionary<string, JsonElement>?> getAdditionalProperties,
        FilterDeclarations declarations,
        IEnumerable<string> outputOnlyFields,
        IEnumerable<string> immutableFields)
    {
        Collection = collection;
        Label = label;
        TypeInfo = typeInfo;
        GetName = getName;
        SetName = setName;
        GetAdditionalProperties = getAdditionalProperties;
        Declarations = declarations;
        OutputOnlyFields = outputOnlyFields.ToHashSet(StringComparer.Ordinal);
        ImmutableFields = immutableFields.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The collection segment of the resource name, e.g. <c>deployments</c>.</summary>
    public string Collection { get; }

    /// <summary>The type's name for messages, e.g. <c>Deployment</c>.</summary>
    public string Label { get; }

    /// <summary>The SDK's reflection-free converter: the emulator reads and writes exactly the SDK's wire format.</summary>
    public JsonTypeInfo<T> TypeInfo { get; }

    public Func<T, string?> GetName { get; }

    public Action<T, string> SetName { get; }

    public Func<T, IDictionary<string, JsonElement>?> GetAdditionalProperties { get; }

    /// <summary>The generated AIP-160 declarations (<c>Fireworks.Filtering.{Resource}Fields.Declarations</c>): field names and types.</summary>
    public FilterDeclarations Declarations { get; }

    /// <summary>JSON names of the fields the spec marks output-only: the server sets them and ignores them in requests.</summary>
    public IReadOnlySet<string> OutputOnlyFields { get; }

    /// <summary>JSON names of the fields that are set at creation and cannot change (the overlay's <c>immutable</c>).</summary>
    public IReadOnlySet<string> ImmutableFields { get; }

    public string NameOf(string accountId, string id) => $"accounts/{accountId}/{Collection}/{id}";

    /// <summary>
    /// Whether <paramref name="jsonName"/> is a field of the type. Asked of the generated converter itself: a name it
    /// does not know lands in <c>AdditionalProperties</c>, so the answer always matches the SDK's spec version.
    /// </summary>
    public bool IsKnownField(string jsonName) => knownFields.GetOrAdd(jsonName, name =>
    {
        var probe = Encoding.UTF8.GetBytes("{\"" + JsonEncodedText.Encode(name).Value + "\":null}");
        var value = JsonSerializer.Deserialize(probe, TypeInfo)!;
        return GetAdditionalProperties(value) is not { } unknown || !unknown.ContainsKey(name);
    });

    public JsonElement ToElement(T value) => JsonSerializer.SerializeToElement(value, TypeInfo);

    public JsonObject ToNode(T value) => (JsonObject)JsonSerializer.SerializeToNode(value, TypeInfo)!;

    public T FromNode(JsonObject node) =>
        node.Deserialize(TypeInfo) ?? throw new InvalidOperationException($"{Label} JSON deserialized to null.");

    /// <summary>A deep copy, made through the wire format (stored values are never shared with callers).</summary>
    public T Clone(T value) => JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(value, TypeInfo), TypeInfo)!;
}
