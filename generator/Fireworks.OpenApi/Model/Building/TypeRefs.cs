using System;
using System.Collections.Generic;

namespace Fireworks.OpenApi.Model.Building;

/// <summary>Makes the <see cref="TypeRef"/>s of one root namespace: the C# type and the reader/writer functions of each kind.</summary>
internal sealed class TypeRefs
{
    private readonly string _ns;
    private readonly Dictionary<string, TypeRef> _enums = new(StringComparer.Ordinal);

    public TypeRefs(string ns) => _ns = ns;

    public TypeRef Primitive(WireKind kind, string typeName, bool isValueType) => new(
        kind, typeName, isValueType, null, "",
        $"global::{_ns}.Serialization.JsonWire.Read{kind}",
        $"global::{_ns}.Serialization.JsonWire.Write{kind}");

    public TypeRef Collection(WireKind kind, string typeName, TypeRef element) => new(
        kind, typeName, false, element, "",
        $"global::{_ns}.Serialization.JsonWire.Read{(kind == WireKind.Array ? "Array" : "Map")}",
        $"global::{_ns}.Serialization.JsonWire.Write{(kind == WireKind.Array ? "Array" : "Map")}");

    public TypeRef Array(TypeRef element) => Collection(WireKind.Array, $"global::System.Collections.Generic.IList<{element.TypeName}>", element);

    public TypeRef Map(TypeRef value) => Collection(WireKind.Map, $"global::System.Collections.Generic.IDictionary<string, {value.TypeName}>", value);

    public TypeRef Json() => Primitive(WireKind.Json, "global::System.Text.Json.JsonElement", true);

    /// <summary>A free-form object as a map of JSON values: natural to build and keeps every value.</summary>
    public TypeRef FreeFormMap() => Map(Json());

    public TypeRef Model(string name) => new(
        WireKind.Model, $"global::{_ns}.Models.{name}", false, null, name,
        $"global::{_ns}.Serialization.{name}JsonConverter.ReadValue",
        $"global::{_ns}.Serialization.{name}JsonConverter.WriteValue");

    public TypeRef Union(string name) => new(
        WireKind.Union, $"global::{_ns}.Models.{name}", false, null, name,
        $"global::{_ns}.Serialization.{name}JsonConverter.ReadValue",
        $"global::{_ns}.Serialization.{name}JsonConverter.WriteValue");

    public TypeRef Enum(string name)
    {
        if (_enums.TryGetValue(name, out var existing)) return existing;
        var created = new TypeRef(
            WireKind.Enum, $"global::{_ns}.Models.{name}", true, null, name,
            $"global::{_ns}.Serialization.{name}JsonConverter.ReadValue",
            $"global::{_ns}.Serialization.{name}JsonConverter.WriteValue");
        _enums[name] = created;
        return created;
    }
}
