using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Fireworks.OpenApi.Collections;
using Fireworks.OpenApi.Diagnostics;
using Fireworks.OpenApi.Reading;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Fireworks.OpenApi.Model;

/// <summary>
/// Builds the <see cref="ApiModel"/> of one OpenAPI 3.0/3.1 document (YAML or JSON) and its overlay.
/// Never throws for a bad document: everything it cannot map becomes a <see cref="SpecDiagnostic"/>.
/// </summary>
public static partial class ApiModelBuilder
{
    /// <summary>Reads <paramref name="specText"/> (from <paramref name="specPath"/>) into a model.</summary>
    public static ApiModel Build(string specPath, string specText, Overlay? overlay = null, string rootNamespace = "Fireworks")
    {
        var diagnostics = new List<SpecDiagnostic>();
        YamlMappingNode? root = null;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(DuplicateKeys.Remove(specPath, specText, diagnostics)));
            root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode as YamlMappingNode;
            if (root is null) diagnostics.Add(SpecDiagnostics.MalformedYaml(SpecLocation.None(specPath), "the document is empty or not a mapping"));
        }
        catch (YamlException ex)
        {
            diagnostics.Add(SpecDiagnostics.MalformedYaml(new SpecLocation(specPath, (int)ex.Start.Line, (int)ex.Start.Column, (int)ex.Start.Index, 0), ex.Message));
        }

        var fileName = Path.GetFileName(specPath);
        if (root is null)
        {
            return new ApiModel(fileName, "", "", rootNamespace, default, default, default, diagnostics.ToEquatableArray());
        }
        if (root.Str("openapi") is null)
        {
            diagnostics.Add(SpecDiagnostics.MalformedYaml(root.At(specPath), "no 'openapi' version field: this is not an OpenAPI 3.x document"));
        }

        var builder = new Builder(specPath, root, overlay ?? Overlay.Empty, rootNamespace, diagnostics);
        return builder.Build(fileName);
    }

    private sealed partial class Builder
    {
        private const string SchemaRefPrefix = "#/components/schemas/";
        private static readonly string[] HttpMethods = { "get", "put", "post", "delete", "patch", "head", "options" };

        private readonly string _file;
        private readonly YamlMappingNode _root;
        private readonly Overlay _overlay;
        private readonly string _ns;
        private readonly List<SpecDiagnostic> _diagnostics;
        private readonly YamlMappingNode? _schemas;
        private readonly Dictionary<string, string> _typeNames = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _nameOwners = new(StringComparer.Ordinal);
        private readonly Dictionary<string, YamlNode> _nameOwnerNodes = new(StringComparer.Ordinal);
        private readonly HashSet<string> _updateBodies = new(StringComparer.Ordinal);
        private readonly List<ModelType> _models = new();
        private readonly List<EnumType> _enums = new();
        private readonly Dictionary<string, TypeRef> _componentEnumRefs = new(StringComparer.Ordinal);
        private readonly HashSet<string> _reportedDangling = new(StringComparer.Ordinal);
        private readonly List<string> _aliasChain = new();
        private readonly Dictionary<string, YamlNode> _operationNodes = new(StringComparer.Ordinal);
        private readonly HashSet<string> _reportedCycles = new(StringComparer.Ordinal);

        public Builder(string file, YamlMappingNode root, Overlay overlay, string ns, List<SpecDiagnostic> diagnostics)
        {
            _file = file;
            _root = root;
            _overlay = overlay;
            _ns = ns;
            _diagnostics = diagnostics;
            _schemas = root.Map("components").Map("schemas");
        }

        public ApiModel Build(string fileName)
        {
            NameComponentSchemas();
            var groups = BuildOperations();
            BuildComponentTypes();
            groups = KeepConsistent(groups);
            CheckOverlayTargets();
            var stateTables = BuildStateTables();
            groups = groups.Select(g => g with
            {
                Operations = g.Operations.Select(o => o with { UpdateFrom = UpdateFromFor(o) }).ToEquatableArray(),
            }).ToEquatableArray();
            groups = groups.Select(g => g with { Waitable = WaitableFor(g, stateTables) }).ToEquatableArray();

            var info = _root.Map("info");
            return new ApiModel(
                fileName,
                info.Str("title") ?? "",
                info.Str("version") ?? "",
                _ns,
                _models.OrderBy(m => m.Name, StringComparer.Ordinal).ToEquatableArray(),
                _enums.OrderBy(e => e.Name, StringComparer.Ordinal).ToEquatableArray(),
                groups,
                _diagnostics.ToEquatableArray())
            {
                StateTables = stateTables,
                FilterClasses = FilterFieldsBuilder.Build(_models, groups, _overlay, _ns, _diagnostics),
                Unions = _unions.OrderBy(u => u.Name, StringComparer.Ordinal).ToEquatableArray(),
                ServerUrl = (_root.Seq("servers")?.Children.FirstOrDefault() as YamlMappingNode).Str("url") ?? "",
            };
        }

        // ---------------------------------------------------------------- waiting

        /// <summary>Checks the overlay's state tables against the enums: every member of a state enum must be classified.</summary>
        private EquatableArray<StateTable> BuildStateTables()
        {
            var tables = new List<StateTable>();
            var stateEnums = new HashSet<string>(StringComparer.Ordinal);
            foreach (var model in _models)
            {
                foreach (var property in model.Properties)
                {
                    if (property.JsonName == "state" && property.Type.Kind == WireKind.Enum) stateEnums.Add(property.Type.ShortName);
                }
            }

            foreach (var table in _overlay.States.Values.OrderBy(t => t.EnumName, StringComparer.Ordinal))
            {
                var enumType = _enums.FirstOrDefault(e => e.Name == table.EnumName);
                if (enumType is null)
                {
                    _diagnostics.Add(SpecDiagnostics.Overlay(table.At, $"The overlay classifies the states of '{table.EnumName}', which this spec does not define"));
                    continue;
                }
                foreach (var member in table.Members)
                {
                    if (!enumType.Members.Any(m => m.Name == member.Key))
                    {
                        _diagnostics.Add(SpecDiagnostics.Overlay(member.Value.At, $"'{table.EnumName}' has no member '{member.Key}' (members: {string.Join(", ", enumType.Members.Select(m => m.Name))})"));
                    }
                }
                var missing = enumType.Members.Where(m => !table.Members.ContainsKey(m.Name)).Select(m => $"{m.Name} ({m.WireValue})").ToList();
                if (missing.Count > 0)
                {
                    _diagnostics.Add(SpecDiagnostics.UnclassifiedState(table.At,
                        $"'{table.EnumName}' has states the overlay does not classify: {string.Join(", ", missing)}. Add each to success, failure, parked or transient, or waits on it could hang"));
                }
                tables.Add(new StateTable(table.EnumName, enumType.Members
                    .Where(m => table.Members.ContainsKey(m.Name))
                    .Select(m => new StateEntry(m.Name, table.Members[m.Name].Class))
                    .ToEquatableArray()));
            }

            foreach (var stateEnum in stateEnums.Where(e => !_overlay.States.ContainsKey(e)).OrderBy(e => e, StringComparer.Ordinal))
            {
                if (_overlay.States.Count == 0) break; // a spec without state hints generates no waits at all
                _diagnostics.Add(SpecDiagnostics.UnclassifiedState(SpecLocation.None(_overlay.FilePath),
                    $"'{stateEnum}' is the state of a resource but the overlay has no state table for it; add one under 'states'"));
            }
            return tables.ToEquatableArray();
        }

        private WaitableResource? WaitableFor(ResourceGroup group, EquatableArray<StateTable> tables)
        {
            var get = group.Operations.FirstOrDefault(o => o.MethodName == "Get" && o.HttpMethod == "get" && o.Response is not null);
            if (get is null) return null;
            var resource = _models.FirstOrDefault(m => m.Name == get.Response!.ShortName);
            var state = resource?.Properties.FirstOrDefault(p => p.JsonName == "state" && p.Type.Kind == WireKind.Enum);
            if (resource is null || state is null || !tables.Any(t => t.EnumName == state.Type.ShortName)) return null;
            return new WaitableResource(
                get.Response!,
                state.Type,
                resource.Properties.Any(p => p.JsonName == "status" && p.Type.Kind == WireKind.Model),
                resource.Properties.Any(p => p.JsonName == "jobProgress" && p.Type.Kind == WireKind.Model),
                get);
        }

        /// <summary>A read-modify-write overload fits when the update body takes only properties of the resource it returns.</summary>
        private UpdateFromResource? UpdateFromFor(OperationModel operation)
        {
            if (!operation.SendsUpdateMask || operation.Body is null || operation.Response is not { Kind: WireKind.Model } response) return null;
            var body = _models.FirstOrDefault(m => m.Name == operation.Body.Type.ShortName);
            var resource = _models.FirstOrDefault(m => m.Name == response.ShortName);
            if (body is null || resource is null || body.Name == resource.Name) return null;
            var resourceProperties = new HashSet<string>(resource.Properties.Select(p => p.JsonName), StringComparer.Ordinal);
            if (!body.Properties.All(p => resourceProperties.Contains(p.JsonName))) return null;
            var bodyProperties = new HashSet<string>(body.Properties.Select(p => p.JsonName), StringComparer.Ordinal);
            return new UpdateFromResource(resource.Properties.Select(p => p.JsonName).Where(p => !bodyProperties.Contains(p)).ToEquatableArray());
        }

        // ---------------------------------------------------------------- names

        private void NameComponentSchemas()
        {
            foreach (var entry in _schemas.Entries())
            {
                if (entry.Value is not YamlMappingNode schema) continue;
                if (ClassifyComponent(schema) == ComponentKind.Alias) continue;
                var name = _overlay.Types.TryGetValue(entry.Key, out var renamed) ? renamed.Value : TypeNameFor(entry.Key);
                if (MemberNames.IsContextMember(name))
                {
                    _diagnostics.Add(SpecDiagnostics.Renamed(entry.Value.At(_file), $"Schema '{entry.Key}'", name, name + "Model", "is a member of the generated FireworksJsonContext"));
                    name += "Model";
                }
                if (Claim(name, $"schema '{entry.Key}'", schema)) _typeNames[entry.Key] = name;
            }
        }

        private string TypeNameFor(string schemaName)
        {
            foreach (var prefix in _overlay.StripTypePrefixes)
            {
                if (schemaName.Length > prefix.Length && schemaName.StartsWith(prefix, StringComparison.Ordinal) && char.IsUpper(schemaName[prefix.Length]))
                {
                    return Naming.Pascal(schemaName.Substring(prefix.Length));
                }
            }
            return Naming.Pascal(schemaName);
        }

        /// <summary>Reserves a C# type name; a second claimant is a name clash (reported with both locations).</summary>
        private bool Claim(string name, string owner, YamlNode at)
        {
            if (_nameOwners.TryGetValue(name, out var first))
            {
                _diagnostics.Add(SpecDiagnostics.Duplicate(at.At(_file), _nameOwnerNodes[name].At(_file), $"Two schemas map to the C# type '{name}'", first, owner,
                    "the second is not generated and what uses it keeps the value as JsonElement; rename one in the overlay"));
                return false;
            }
            _nameOwners[name] = owner;
            _nameOwnerNodes[name] = at;
            return true;
        }

        private enum ComponentKind { Model, Enum, Alias }

        private static ComponentKind ClassifyComponent(YamlMappingNode schema)
        {
            if (schema.Has("enum")) return ComponentKind.Enum;
            if (schema.Has("$ref") || schema.Has("anyOf") || schema.Has("oneOf")) return ComponentKind.Alias;
            var type = TypeOf(schema);
            if (schema.Has("properties")) return ComponentKind.Model;
            if (type == "object" || type is null)
            {
                // An object that is only a map (additionalProperties, no properties) is a dictionary, not a class.
                var ap = schema.Get("additionalProperties");
                var isMapOnly = ap is YamlMappingNode apMap && apMap.Children.Count > 0;
                return isMapOnly ? ComponentKind.Alias : ComponentKind.Model;
            }
            return ComponentKind.Alias;
        }

        private static string? TypeOf(YamlMappingNode schema)
        {
            var node = schema.Get("type");
            if (node is YamlScalarNode scalar) return scalar.Value;
            if (node is YamlSequenceNode seq) return seq.Strings().FirstOrDefault(t => t != "null");
            return null;
        }

        // ---------------------------------------------------------------- types

        private void BuildComponentTypes()
        {
            foreach (var entry in _schemas.Entries())
            {
                if (entry.Value is not YamlMappingNode schema || !_typeNames.TryGetValue(entry.Key, out var name)) continue;
                if (ClassifyComponent(schema) == ComponentKind.Enum)
                {
                    BuildEnum(entry.Key, name, schema);
                }
                else
                {
                    BuildModel(entry.Key, name, schema, _updateBodies.Contains(entry.Key), $"#/components/schemas/{entry.Key}");
                }
            }
        }

        private TypeRef BuildModel(string schemaName, string name, YamlMappingNode schema, bool isUpdateBody, string origin)
        {
            var (declared, required) = MergedProperties(schema, origin);
            if (_overlay.NotRequired.TryGetValue(schemaName, out var relaxed))
            {
                foreach (var entry in relaxed.Where(e => !required.Remove(e.Key)))
                {
                    _diagnostics.Add(SpecDiagnostics.Overlay(entry.Value, $"The overlay relaxes '{schemaName}.{entry.Key}', which the spec does not mark required"));
                }
            }
            var properties = new List<PropertyModel>();
            var propertyNames = new Dictionary<string, string>(StringComparer.Ordinal);
            var propertyNodes = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var entry in declared)
            {
                if (entry.Value is not YamlMappingNode propertySchema)
                {
                    _diagnostics.Add(SpecDiagnostics.Unsupported(entry.Value.At(_file), "A property schema that is not a mapping", $"{origin}/properties/{entry.Key}"));
                    continue;
                }
                var propertyName = MemberNames.Property(Naming.Pascal(entry.Key), name);
                if (propertyNames.TryGetValue(propertyName, out var other))
                {
                    _diagnostics.Add(SpecDiagnostics.Duplicate(entry.Value.At(_file), propertyNodes[propertyName].At(_file), $"Two properties of {origin} map to the C# property {name}.{propertyName}", other, entry.Key,
                        $"'{entry.Key}' is not generated (its value is kept in AdditionalProperties); rename one in the spec"));
                    continue;
                }
                var inlineName = _overlay.Names.TryGetValue(schemaName + "." + entry.Key, out var overlayName) ? overlayName.Value : name + Naming.Pascal(entry.Key);
                var type = Resolve(propertySchema, inlineName, $"{origin}/properties/{entry.Key}");
                if (type is null)
                {
                    // Leaving the property out would break what uses it (a list's NextPageToken, a wait's State):
                    // keep its value as JSON instead, losslessly, and say so.
                    _diagnostics.Add(SpecDiagnostics.KeptAsJson(entry.Value.At(_file), $"{origin}/properties/{entry.Key}"));
                    type = Primitive(WireKind.Json, "global::System.Text.Json.JsonElement", true);
                }
                propertyNames[propertyName] = entry.Key;
                propertyNodes[propertyName] = entry.Value;
                var constant = StringConst(propertySchema);
                properties.Add(new PropertyModel(
                    entry.Key,
                    propertyName,
                    Naming.Snake(entry.Key),
                    type,
                    propertySchema.Bool("readOnly"),
                    // A required property that may be null, or that has a const, needs nothing from the caller.
                    required.Contains(entry.Key) && !IsNullable(propertySchema) && constant is null,
                    Doc(propertySchema).Concat(ConstraintDocs(propertySchema, constant)).ToEquatableArray())
                {
                    ConstValue = constant,
                });
            }
            foreach (var missing in required.Where(r => !propertyNames.ContainsValue(r)))
            {
                _diagnostics.Add(SpecDiagnostics.Unsupported(schema.At(_file), $"Required property '{missing}' that is not declared in 'properties'", origin));
            }

            _models.Add(new ModelType(schemaName, name, Doc(schema), properties.ToEquatableArray(), isUpdateBody, origin));
            return ModelRef(name);
        }

        private TypeRef BuildEnum(string schemaName, string name, YamlMappingNode schema)
        {
            var values = schema.Seq("enum").Strings().ToList();
            var docs = EnumValueDocs(schema.Str("description"));
            // JOB_STATE_RUNNING in JobState → Running; STATE_UNSPECIFIED in AccountState → Unspecified.
            var prefixes = new List<string> { CommonPrefix(values) };
            foreach (var typeName in new[] { TypeNameFor(schemaName), name })
            {
                var words = Naming.Words(typeName).Select(w => w.ToUpperInvariant()).ToList();
                for (var skip = 0; skip < words.Count; skip++) prefixes.Add(string.Join("_", words.Skip(skip)) + "_");
            }
            var members = new List<EnumMember>();
            var used = new HashSet<string>(StringComparer.Ordinal);
            _overlay.EnumNumbers.TryGetValue(name, out var numbers);
            foreach (var unknown in numbers?.Where(n => !values.Contains(n.Key)) ?? Enumerable.Empty<KeyValuePair<string, (int Number, SpecLocation At)>>())
            {
                _diagnostics.Add(SpecDiagnostics.Overlay(unknown.Value.At, $"'{name}' has no wire value '{unknown.Key}'"));
            }
            var valueNodes = schema.Seq("enum")?.Children.OfType<YamlScalarNode>().Where(n => n.Value is not null).ToList() ?? new List<YamlScalarNode>();
            var seenValues = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < values.Count; i++)
            {
                var value = values[i];
                var valueAt = (i < valueNodes.Count ? valueNodes[i] : (YamlNode)schema).At(_file);
                if (!seenValues.Add(value))
                {
                    // FORMAT_UNSPECIFIED listed twice: one member, one wire value; a second member would not compile.
                    _diagnostics.Add(SpecDiagnostics.DuplicateEnumValue(valueAt, name, value));
                    continue;
                }
                var stripped = value;
                foreach (var prefix in prefixes.Where(p => p.Length > 1).OrderByDescending(p => p.Length))
                {
                    if (value.Length > prefix.Length && value.StartsWith(prefix, StringComparison.Ordinal) && !char.IsDigit(value[prefix.Length]))
                    {
                        stripped = value.Substring(prefix.Length);
                        break;
                    }
                }
                var wanted = MemberNames.EnumMember(Naming.Pascal(stripped), name);
                var memberName = wanted;
                // The unstripped value is unambiguous (JOB_STATE_X vs STATE_X): no need to mention it.
                if (used.Contains(memberName)) memberName = MemberNames.EnumMember(Naming.Pascal(value), name);
                if (used.Contains(memberName))
                {
                    var taken = $"another value of '{name}' already has";
                    var numbered = memberName;
                    for (var n = 2; used.Contains(numbered); n++) numbered = memberName + "_" + n;
                    _diagnostics.Add(SpecDiagnostics.Renamed(valueAt, $"The value '{value}' of '{name}'", memberName, numbered, taken));
                    memberName = numbered;
                }
                used.Add(memberName);
                docs.TryGetValue(value, out var memberDoc);
                int? number = numbers is not null && numbers.TryGetValue(value, out var declared) ? declared.Number : null;
                members.Add(new EnumMember(memberName, value, number, (memberDoc is null ? new[] { $"<c>{XmlEscape(value)}</c>" } : new[] { $"<c>{XmlEscape(value)}</c>: {memberDoc}" }).ToEquatableArray()));
            }
            _enums.Add(new EnumType(schemaName, name, Doc(schema, stripEnumList: true), members.ToEquatableArray()));
            return EnumRef(name);
        }

        /// <summary>Maps a schema to a C# type; null (with a diagnostic) when it cannot.</summary>
        private TypeRef? Resolve(YamlMappingNode schema, string inlineName, string where)
        {
            if (TryResolveComposite(schema, inlineName, where, out var composed)) return composed;
            foreach (var composite in new[] { "not" })
            {
                if (schema.Has(composite))
                {
                    _diagnostics.Add(SpecDiagnostics.Unsupported(schema.Get(composite).At(_file), $"'{composite}'", where));
                    return null;
                }
            }

            var reference = schema.Str("$ref");
            if (reference is not null) return ResolveReference(reference, schema, where);

            if (schema.Has("enum"))
            {
                var values = schema.Seq("enum").Strings().ToList();
                foreach (var entry in _schemas.Entries())
                {
                    if (entry.Value is YamlMappingNode candidate && candidate.Has("enum") && _typeNames.TryGetValue(entry.Key, out var existing)
                        && candidate.Seq("enum").Strings().SequenceEqual(values))
                    {
                        return EnumRef(existing);
                    }
                }
                return Shared(inlineName, "enum:" + Canonical(schema.Get("enum")!), schema, () => Claim(inlineName, where, schema) ? BuildEnum(inlineName, inlineName, schema) : null);
            }

            var type = TypeOf(schema) ?? (schema.Get("const") is YamlScalarNode ? "string" : null);
            var format = schema.Str("format");
            switch (type)
            {
                case "string":
                    return format switch
                    {
                        "date-time" => Primitive(WireKind.Timestamp, "global::System.DateTimeOffset", true),
                        "int64" => Primitive(WireKind.Int64, "long", true),
                        "uint64" => Primitive(WireKind.UInt64, "ulong", true),
                        _ => Primitive(WireKind.String, "string", false),
                    };
                case "integer":
                    return format switch
                    {
                        "int64" => Primitive(WireKind.Int64, "long", true),
                        "uint64" => Primitive(WireKind.UInt64, "ulong", true),
                        _ => Primitive(WireKind.Int32, "int", true),
                    };
                case "number":
                    return format == "float" ? Primitive(WireKind.Float, "float", true) : Primitive(WireKind.Double, "double", true);
                case "boolean":
                    return Primitive(WireKind.Bool, "bool", true);
                case "array":
                {
                    if (schema.Get("items") is not YamlMappingNode items)
                    {
                        _diagnostics.Add(SpecDiagnostics.Unsupported(schema.At(_file), "An array without an 'items' schema", where));
                        return null;
                    }
                    var element = Resolve(items, inlineName + "Item", where + "/items");
                    if (element is null) return null;
                    return Collection(WireKind.Array, $"global::System.Collections.Generic.IList<{element.TypeName}>", element);
                }
                case "object":
                case null:
                {
                    if (schema.Map("properties") is { Children.Count: > 0 })
                    {
                        return Claim(inlineName, where, schema) ? BuildModel(inlineName, inlineName, schema, false, where) : null;
                    }
                    var additional = schema.Get("additionalProperties");
                    if (additional is YamlMappingNode valueSchema)
                    {
                        var value = valueSchema.Children.Count == 0
                            ? Primitive(WireKind.Json, "global::System.Text.Json.JsonElement", true)
                            : Resolve(valueSchema, inlineName + "Value", where + "/additionalProperties");
                        if (value is null) return null;
                        return Collection(WireKind.Map, $"global::System.Collections.Generic.IDictionary<string, {value.TypeName}>", value);
                    }
                    // A bare object (free-form JSON) stays JSON: nothing is lost, nothing is guessed.
                    return Primitive(WireKind.Json, "global::System.Text.Json.JsonElement", true);
                }
                default:
                    _diagnostics.Add(SpecDiagnostics.Unsupported(schema.Get("type").At(_file), $"Schema type '{type}'", where));
                    return null;
            }
        }

        private TypeRef? ResolveReference(string reference, YamlMappingNode at, string where)
        {
            if (!reference.StartsWith(SchemaRefPrefix, StringComparison.Ordinal))
            {
                _diagnostics.Add(SpecDiagnostics.Unsupported(at.Get("$ref").At(_file), $"The reference '{reference}' (only local '#/components/schemas/…' references are supported)", where));
                return null;
            }
            var target = reference.Substring(SchemaRefPrefix.Length).Replace("~1", "/").Replace("~0", "~");
            if (_schemas.Get(target) is not YamlMappingNode targetSchema)
            {
                if (_reportedDangling.Add(reference + "|" + where))
                {
                    _diagnostics.Add(SpecDiagnostics.DanglingReference(at.Get("$ref").At(_file), reference, where));
                }
                return null;
            }
            switch (ClassifyComponent(targetSchema))
            {
                case ComponentKind.Enum:
                    return _typeNames.TryGetValue(target, out var enumName) ? EnumRef(enumName) : null;
                case ComponentKind.Model:
                    return _typeNames.TryGetValue(target, out var modelName) ? ModelRef(modelName) : null;
                default:
                    // A primitive, array or map alias is inlined. Going round a cycle of aliases (A: $ref A;
                    // A: array of A) never reaches an object that could carry a name, so it has no C# shape.
                    var cycleStart = _aliasChain.IndexOf(target);
                    if (cycleStart >= 0)
                    {
                        var cycle = _aliasChain.Skip(cycleStart).Concat(new[] { target }).ToList();
                        if (_reportedCycles.Add(string.Join(">", cycle.Skip(1).OrderBy(c => c, StringComparer.Ordinal))))
                        {
                            _diagnostics.Add(SpecDiagnostics.ReferenceCycle(targetSchema.At(_file), string.Join(" → ", cycle.Select(c => $"'{c}'"))));
                        }
                        return null;
                    }
                    _aliasChain.Add(target);
                    try
                    {
                        return Resolve(targetSchema, TypeNameFor(target), where + ">" + target);
                    }
                    finally
                    {
                        _aliasChain.RemoveAt(_aliasChain.Count - 1);
                    }
            }
        }

        private TypeRef Primitive(WireKind kind, string typeName, bool isValueType) => new(
            kind, typeName, isValueType, null, "",
            $"global::{_ns}.Serialization.JsonWire.Read{kind}",
            $"global::{_ns}.Serialization.JsonWire.Write{kind}");

        private TypeRef Collection(WireKind kind, string typeName, TypeRef element) => new(
            kind, typeName, false, element, "",
            $"global::{_ns}.Serialization.JsonWire.Read{(kind == WireKind.Array ? "Array" : "Map")}",
            $"global::{_ns}.Serialization.JsonWire.Write{(kind == WireKind.Array ? "Array" : "Map")}");

        private TypeRef ModelRef(string name) => new(
            WireKind.Model, $"global::{_ns}.Models.{name}", false, null, name,
            $"global::{_ns}.Serialization.{name}JsonConverter.ReadValue",
            $"global::{_ns}.Serialization.{name}JsonConverter.WriteValue");

        private TypeRef EnumRef(string name)
        {
            if (_componentEnumRefs.TryGetValue(name, out var existing)) return existing;
            var created = new TypeRef(
                WireKind.Enum, $"global::{_ns}.Models.{name}", true, null, name,
                $"global::{_ns}.Serialization.{name}JsonConverter.ReadValue",
                $"global::{_ns}.Serialization.{name}JsonConverter.WriteValue");
            _componentEnumRefs[name] = created;
            return created;
        }

        // ---------------------------------------------------------------- operations

        private EquatableArray<ResourceGroup> BuildOperations()
        {
            var paths = _root.Map("paths");
            var collections = CollectionSegments(paths);
            var groups = new Dictionary<string, List<OperationModel>>(StringComparer.Ordinal);
            var methodOwners = new Dictionary<string, string>(StringComparer.Ordinal);
            var methodNodes = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            var operationIdNodes = new Dictionary<string, YamlNode>(StringComparer.Ordinal);

            foreach (var pathEntry in paths.Entries())
            {
                if (pathEntry.Value is not YamlMappingNode pathItem) continue;
                var sharedParameters = pathItem.Seq("parameters");
                foreach (var methodEntry in pathItem.Entries())
                {
                    var method = methodEntry.Key.ToLowerInvariant();
                    if (Array.IndexOf(HttpMethods, method) < 0) continue;
                    if (methodEntry.Value is not YamlMappingNode operation) continue;
                    var where = $"{method.ToUpperInvariant()} {pathEntry.Key}";
                    var operationId = operation.Str("operationId");
                    if (string.IsNullOrEmpty(operationId))
                    {
                        _diagnostics.Add(SpecDiagnostics.InvalidOperation(operation.At(_file), $"{where} has no operationId, so it has no method name; add one to the spec or an entry to the overlay"));
                        continue;
                    }
                    var idNode = operation.Get("operationId")!;
                    if (operationIdNodes.TryGetValue(operationId!, out var firstIdNode))
                    {
                        _diagnostics.Add(SpecDiagnostics.Duplicate(idNode.At(_file), firstIdNode.At(_file), "Two operations have one operationId", operationId!, $"{where} {operationId}",
                            $"{where} is not generated; operationIds must be unique"));
                        continue;
                    }
                    operationIdNodes[operationId!] = idNode;
                    _operationNodes[operationId!] = operation;
                    var model = BuildOperation(pathEntry.Key, method, operationId!, operation, sharedParameters, collections, out var group);
                    if (model is null) continue;
                    var key = group + "." + model.MethodName;
                    if (methodOwners.TryGetValue(key, out var firstId))
                    {
                        _diagnostics.Add(SpecDiagnostics.Duplicate(idNode.At(_file), methodNodes[key].At(_file), $"Two operations map to the C# method {key}Async", firstId, operationId!,
                            $"{operationId} is not generated; name one in the overlay's 'methods'"));
                        continue;
                    }
                    methodOwners[key] = operationId!;
                    methodNodes[key] = idNode;
                    if (!groups.TryGetValue(group, out var list)) groups[group] = list = new List<OperationModel>();
                    list.Add(model);
                }
            }

            return groups
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => GroupOf(g.Key, g.Value))
                .ToEquatableArray();
        }

        /// <summary>A group; a dotted overlay name (<c>Chat.Completions</c>) nests it under a container client (<c>client.Chat</c>).</summary>
        private ResourceGroup GroupOf(string name, List<OperationModel> operations)
        {
            var dot = name.LastIndexOf('.');
            var title = _root.Map("info").Str("title") ?? "";
            return new ResourceGroup(name, name.Replace(".", "") + "Client", dot < 0 ? name : name.Substring(dot + 1), operations.ToEquatableArray())
            {
                Parent = dot < 0 ? "" : name.Substring(0, dot),
                Server = _overlay.Server,
                SpecTitle = title,
            };
        }

        /// <summary>Literal path segments followed by a parameter somewhere in the spec: the resource collections.</summary>
        private static HashSet<string> CollectionSegments(YamlMappingNode? paths)
        {
            var result = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in paths.Entries())
            {
                var segments = Segments(entry.Key, out _);
                for (var i = 0; i + 1 < segments.Count; i++)
                {
                    if (!IsParameter(segments[i]) && IsParameter(segments[i + 1])) result.Add(segments[i]);
                }
            }
            return result;
        }

        private static List<string> Segments(string path, out string? customVerb)
        {
            var segments = path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).ToList();
            customVerb = null;
            if (segments.Count > 0 && segments[0] == "v1") segments.RemoveAt(0);
            if (segments.Count > 0)
            {
                var last = segments[segments.Count - 1];
                var colon = last.LastIndexOf(':');
                if (colon > 0 && colon > last.LastIndexOf('}'))
                {
                    customVerb = last.Substring(colon + 1);
                    segments[segments.Count - 1] = last.Substring(0, colon);
                }
            }
            return segments;
        }

        private static bool IsParameter(string segment) => segment.StartsWith("{", StringComparison.Ordinal) && segment.EndsWith("}", StringComparison.Ordinal);

        private string GroupFor(string path, string operationId, HashSet<string> collections)
        {
            var segments = Segments(path, out _);
            var start = 0;
            if (segments.Count >= 2 && segments[0] == "accounts" && IsParameter(segments[1])) start = 2;
            if (start >= segments.Count) return "Accounts";
            var group = Naming.Pascal(segments[start]);
            var i = start;
            while (i + 2 < segments.Count && IsParameter(segments[i + 1]) && !IsParameter(segments[i + 2]))
            {
                var child = segments[i + 2];
                var isLast = i + 3 >= segments.Count;
                var isCollection = collections.Contains(child) || (isLast && StripServicePrefix(operationId).StartsWith("List", StringComparison.Ordinal));
                if (!isCollection) break;
                group = Naming.Singular(group) + Naming.Pascal(child);
                i += 2;
            }
            return group;
        }

        /// <summary>
        /// The operation's own name: <c>Gateway_ListDeployments</c> → <c>ListDeployments</c> (proto service prefix);
        /// FastAPI's generated <c>create_completion_v1_completions_post</c> (function, path, method) → <c>create_completion</c>.
        /// </summary>
        private static string OperationNameOf(string operationId, string path, string method)
        {
            var fastApiSuffix = System.Text.RegularExpressions.Regex.Replace(path, @"\W", "_") + "_" + method;
            return operationId.Length > fastApiSuffix.Length && operationId.EndsWith(fastApiSuffix, StringComparison.Ordinal)
                ? operationId.Substring(0, operationId.Length - fastApiSuffix.Length)
                : StripServicePrefix(operationId);
        }

        private static string StripServicePrefix(string operationId)
        {
            var underscore = operationId.IndexOf('_');
            return underscore >= 0 ? operationId.Substring(underscore + 1) : operationId;
        }

        private static string MethodNameFor(string operationName, string group)
        {
            foreach (var noun in new[] { group, Naming.Singular(group) })
            {
                var index = operationName.IndexOf(noun, StringComparison.Ordinal);
                if (index < 0) continue;
                var candidate = operationName.Remove(index, noun.Length);
                if (candidate.Length > 0) return candidate;
            }
            return operationName;
        }

        private OperationModel? BuildOperation(
            string path, string method, string operationId, YamlMappingNode operation, YamlSequenceNode? sharedParameters,
            HashSet<string> collections, out string group)
        {
            var where = $"{method.ToUpperInvariant()} {path}";
            var operationName = Naming.Pascal(OperationNameOf(operationId, path, method));
            var derivedGroup = GroupFor(path, operationId, collections);
            if (_overlay.GroupNames.TryGetValue(derivedGroup, out var renamedGroup)) derivedGroup = renamedGroup.Value;
            group = _overlay.Groups.TryGetValue(operationId, out var overlayGroup) ? overlayGroup.Value : derivedGroup;
            var methodName = _overlay.Methods.TryGetValue(operationId, out var overlayMethod) ? overlayMethod.Value : MethodNameFor(operationName, group);

            // Parameters: path-level first, operation-level override by (name, in).
            var rawParameters = new List<YamlMappingNode>();
            foreach (var list in new[] { sharedParameters, operation.Seq("parameters") })
            {
                if (list is null) continue;
                foreach (var item in list.Children)
                {
                    if (item is not YamlMappingNode declared) continue;
                    var parameter = declared;
                    if (parameter.Str("$ref") is { } parameterRef)
                    {
                        const string parameterPrefix = "#/components/parameters/";
                        if (!parameterRef.StartsWith(parameterPrefix, StringComparison.Ordinal))
                        {
                            _diagnostics.Add(SpecDiagnostics.Unsupported(parameter.At(_file), $"The parameter reference '{parameterRef}' (only '#/components/parameters/…')", where));
                            return null;
                        }
                        if (_root.Map("components").Map("parameters").Get(parameterRef.Substring(parameterPrefix.Length)) is not YamlMappingNode resolved)
                        {
                            _diagnostics.Add(SpecDiagnostics.DanglingReference(parameter.Get("$ref").At(_file), parameterRef, where));
                            return null;
                        }
                        parameter = resolved;
                    }
                    rawParameters.RemoveAll(p => p.Str("name") == parameter.Str("name") && p.Str("in") == parameter.Str("in"));
                    rawParameters.Add(parameter);
                }
            }

            var parameters = new List<ParameterModel>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var parameter in rawParameters)
            {
                var wireName = parameter.Str("name") ?? "";
                var location = parameter.Str("in");
                ParameterLocation kind;
                switch (location)
                {
                    case "path": kind = ParameterLocation.Path; break;
                    case "query": kind = ParameterLocation.Query; break;
                    case "header": kind = ParameterLocation.Header; break;
                    default:
                        _diagnostics.Add(SpecDiagnostics.Unsupported(parameter.At(_file), $"A parameter in '{location}'", $"{where} parameter '{wireName}'"));
                        return null;
                }
                if (!seen.Add(location + ":" + wireName)) continue; // the same path variable twice in one template is expanded twice
                if (parameter.Get("schema") is not YamlMappingNode schema)
                {
                    _diagnostics.Add(SpecDiagnostics.Unsupported(parameter.At(_file), "A parameter without a schema", $"{where} parameter '{wireName}'"));
                    return null;
                }
                var type = Resolve(schema, operationName + Naming.Pascal(wireName), $"{where} parameter '{wireName}'");
                if (type is null) return null;
                if (type.Kind is WireKind.Map or WireKind.Model or WireKind.Json || (type.Kind == WireKind.Array && type.Element!.IsCollection))
                {
                    _diagnostics.Add(SpecDiagnostics.Unsupported(parameter.At(_file), $"A {type.Kind.ToString().ToLowerInvariant()} parameter", $"{where} parameter '{wireName}'"));
                    return null;
                }
                var isAccount = kind == ParameterLocation.Path && wireName == "account_id";
                var parameterName = isAccount ? "accountId" : ParameterName(wireName, parameter, parameters, where);
                parameters.Add(new ParameterModel(
                    wireName,
                    parameterName,
                    type,
                    kind,
                    kind == ParameterLocation.Path || parameter.Bool("required"),
                    isAccount,
                    Doc(parameter)));
            }

            foreach (var variable in PathVariables(path))
            {
                if (!parameters.Any(p => p.Location == ParameterLocation.Path && p.WireName == variable))
                {
                    _diagnostics.Add(SpecDiagnostics.InvalidOperation(operation.At(_file), $"{where} uses the path variable '{{{variable}}}' but declares no path parameter for it"));
                    return null;
                }
            }

            BodyModel? body = null;
            if (operation.Get("requestBody") is YamlMappingNode requestBody)
            {
                var content = requestBody.Map("content");
                var json = content.Map("application/json");
                if (json is null)
                {
                    var types = string.Join(", ", content.Entries().Select(e => e.Key));
                    _diagnostics.Add(SpecDiagnostics.Unsupported(requestBody.At(_file), $"A request body of type '{types}' (only application/json)", where));
                    return null;
                }
                if (json.Get("schema") is not YamlMappingNode bodySchema)
                {
                    _diagnostics.Add(SpecDiagnostics.Unsupported(json.At(_file), "A request body without a schema", where));
                    return null;
                }
                TypeRef? bodyType;
                var bodyRef = bodySchema.Str("$ref");
                if (bodyRef is null && (TypeOf(bodySchema) is "object" or null) && !bodySchema.Has("additionalProperties"))
                {
                    var name = operationName + "Request";
                    bodyType = Claim(name, where + " request body", bodySchema) ? BuildModel(name, name, bodySchema, method == "patch", where + " requestBody") : null;
                }
                else
                {
                    bodyType = Resolve(bodySchema, operationName + "Request", where + " requestBody");
                    if (bodyType is not null && method == "patch" && bodyRef is not null) _updateBodies.Add(bodyRef.Substring(SchemaRefPrefix.Length));
                }
                if (bodyType is null) return null;
                if (bodyType.Kind != WireKind.Model)
                {
                    _diagnostics.Add(SpecDiagnostics.Unsupported(bodySchema.At(_file), $"A {bodyType.Kind.ToString().ToLowerInvariant()} request body (only objects)", where));
                    return null;
                }
                var parameterName = bodyType.ShortName.EndsWith("Body", StringComparison.Ordinal) || bodyType.ShortName.EndsWith("Request", StringComparison.Ordinal)
                    ? "request"
                    : Naming.Camel(bodyType.ShortName);
                if (parameters.Any(p => p.Name == parameterName) || MemberNames.IsClientMethodName(parameterName)) parameterName += "Body";
                // An empty body (Cancel, Resume, Undelete …) is optional: callers should not have to write `new XBody()`.
                var bodyTarget = bodyRef is null ? bodySchema : _schemas.Get(bodyRef.Substring(SchemaRefPrefix.Length)) as YamlMappingNode;
                var emptyBody = bodyTarget.Map("properties") is null or { Children.Count: 0 };
                body = new BodyModel(bodyType, parameterName, !emptyBody && (requestBody.Bool("required") || method != "get"));
            }

            TypeRef? response = null;
            TypeRef? streamResponse = null;
            var streamFlag = "";
            PagingModel? paging = null;
            var responses = operation.Map("responses");
            var success = responses.Entries().FirstOrDefault(e => e.Key.Length == 3 && e.Key[0] == '2');
            if (success.Value is YamlMappingNode successResponse)
            {
                var schema = successResponse.Map("content").Map("application/json").Map("schema");
                if (schema is not null)
                {
                    var responseRef = schema.Str("$ref");
                    var isEmptyInline = responseRef is null && schema.Map("properties") is null or { Children.Count: 0 } && !schema.Has("additionalProperties") && !schema.Has("items");
                    if (!isEmptyInline)
                    {
                        response = responseRef is null && schema.Map("properties") is { Children.Count: > 0 }
                            ? (Claim(operationName + "Response", where + " response", schema) ? BuildModel(operationName + "Response", operationName + "Response", schema, false, where + " response") : null)
                            : Resolve(schema, operationName + "Response", where + " response");
                        if (response is null) return null;
                        if (response.Kind != WireKind.Model)
                        {
                            _diagnostics.Add(SpecDiagnostics.Unsupported(schema.At(_file), $"A {response.Kind.ToString().ToLowerInvariant()} response (only objects)", where));
                            return null;
                        }
                        paging = PagingFor(schema, parameters);
                    }
                }
                if (successResponse.Map("content").Map("text/event-stream").Map("schema") is { } streamSchema)
                {
                    streamResponse = Resolve(streamSchema, operationName + "StreamResponse", where + " event stream");
                    if (streamResponse is null) return null;
                    if (streamResponse.Kind != WireKind.Model)
                    {
                        _diagnostics.Add(SpecDiagnostics.Unsupported(streamSchema.At(_file), $"A {streamResponse.KindName} event-stream chunk (only objects)", where));
                        return null;
                    }
                    streamFlag = StreamFlagOf(operation);
                }
            }
            else
            {
                _diagnostics.Add(SpecDiagnostics.InvalidOperation(operation.At(_file), $"{where} declares no 2xx response"));
                return null;
            }

            var sendsUpdateMask = method == "patch" && body is not null && !parameters.Any(p => p.WireName == "updateMask");
            var queryNames = parameters.Where(p => p.Location == ParameterLocation.Query).Select(p => p.TemplateName).ToList();
            if (sendsUpdateMask) queryNames.Add("updateMask");
            var template = "{+baseurl}" + path + (queryNames.Count > 0 ? "{?" + string.Join(",", queryNames) + "}" : "");

            // Order: path ids, body, required query, optional query — account id, options and the token come last,
            // except where the account is the subject (GET /v1/accounts/{account_id}): there it is the first optional one,
            // so Accounts.GetAsync("my-account") means that account, not a read mask.
            var accountIsSubject = path.EndsWith("{account_id}", StringComparison.Ordinal) || path.Contains("{account_id}:");
            var accountParameter = parameters.Where(p => p.IsAccountId).ToList();
            var ordered = parameters.Where(p => p.Location == ParameterLocation.Path && !p.IsAccountId)
                .Concat(parameters.Where(p => p.Location != ParameterLocation.Path && p.Required))
                .Concat(accountIsSubject ? accountParameter : Enumerable.Empty<ParameterModel>())
                .Concat(parameters.Where(p => p.Location != ParameterLocation.Path && !p.Required))
                .Concat(accountIsSubject ? Enumerable.Empty<ParameterModel>() : accountParameter)
                .ToEquatableArray();

            var doc = new List<string>();
            doc.AddRange(Doc(operation, summaryFirst: true));
            return new OperationModel(operationId, methodName, method, path, template, doc.ToEquatableArray(), ordered, body, response, paging, sendsUpdateMask)
            {
                AccountFirst = accountIsSubject,
                StreamResponse = streamResponse,
                StreamFlagProperty = streamFlag,
            };
        }

        /// <summary>The C# name of the body's boolean <c>stream</c> property (OpenAI-style APIs stream when it is true), or empty.</summary>
        private string StreamFlagOf(YamlMappingNode operation)
        {
            var bodySchema = operation.Map("requestBody").Map("content").Map("application/json").Map("schema");
            var reference = bodySchema.Str("$ref");
            var target = reference is not null && reference.StartsWith(SchemaRefPrefix, StringComparison.Ordinal)
                ? _schemas.Get(reference.Substring(SchemaRefPrefix.Length)) as YamlMappingNode
                : bodySchema;
            var stream = target.Map("properties").Map("stream");
            if (stream is null) return "";
            var types = new[] { stream }.Concat(stream.Seq("anyOf")?.Children.OfType<YamlMappingNode>() ?? Enumerable.Empty<YamlMappingNode>()).Select(TypeOf);
            return types.Contains("boolean") ? Naming.Pascal("stream") : "";
        }

        /// <summary>The C# name of a parameter: camelCase, clear of the template's own names and of the other parameters.</summary>
        private string ParameterName(string wireName, YamlMappingNode parameter, List<ParameterModel> taken, string where)
        {
            var wanted = Naming.Camel(wireName);
            var name = MemberNames.IsClientMethodName(wanted) ? wanted.TrimStart('@') + "Value" : wanted;
            for (var n = 2; taken.Any(p => p.Name == name); n++) name = wanted.TrimStart('@') + n;
            if (name != wanted)
            {
                var reason = MemberNames.IsClientMethodName(wanted) ? "every generated method already uses" : "another parameter already has";
                _diagnostics.Add(SpecDiagnostics.Renamed(parameter.At(_file), $"The parameter '{wireName}' of {where}", wanted, name, reason));
            }
            return name;
        }

        private PagingModel? PagingFor(YamlMappingNode responseSchema, List<ParameterModel> parameters)
        {
            var pageToken = parameters.FirstOrDefault(p => p.Location == ParameterLocation.Query && p.WireName == "pageToken");
            if (pageToken is null) return null;
            var schema = responseSchema;
            var reference = responseSchema.Str("$ref");
            if (reference is not null && _schemas.Get(reference.Substring(SchemaRefPrefix.Length)) is YamlMappingNode target) schema = target;
            var properties = schema.Map("properties").Entries().ToList();
            if (!properties.Any(p => p.Key == "nextPageToken")) return null;
            var arrays = properties.Where(p => p.Value is YamlMappingNode s && TypeOf(s) == "array").ToList();
            if (arrays.Count != 1) return null;
            var itemType = Resolve((YamlMappingNode)arrays[0].Value, "Item", "paging");
            return itemType?.Element is null ? null : new PagingModel(Naming.Pascal(arrays[0].Key), itemType.Element, pageToken.Name);
        }

        private static IEnumerable<string> PathVariables(string path)
        {
            var start = path.IndexOf('{');
            while (start >= 0)
            {
                var end = path.IndexOf('}', start);
                if (end < 0) yield break;
                yield return path.Substring(start + 1, end - start - 1);
                start = path.IndexOf('{', end);
            }
        }

        // ---------------------------------------------------------------- overlay

        private void CheckOverlayTargets()
        {
            foreach (var entry in _overlay.Types)
            {
                if (_schemas.Get(entry.Key) is null)
                {
                    _diagnostics.Add(SpecDiagnostics.Overlay(entry.Value.At, $"The overlay renames schema '{entry.Key}', which this spec does not define"));
                }
            }
            foreach (var entry in _overlay.Names)
            {
                var dot = entry.Key.IndexOf('.');
                if (dot < 0 || (_schemas.Get(entry.Key.Substring(0, dot)) as YamlMappingNode).Map("properties").Get(entry.Key.Substring(dot + 1)) is null)
                {
                    _diagnostics.Add(SpecDiagnostics.Overlay(entry.Value.At, $"The overlay names the inline type at '{entry.Key}', which is not a 'Schema.property' of this spec"));
                }
            }
            foreach (var entry in _overlay.NotRequired.Where(e => !_models.Any(m => m.SchemaName == e.Key)))
            {
                foreach (var property in entry.Value)
                {
                    _diagnostics.Add(SpecDiagnostics.Overlay(property.Value, $"The overlay relaxes a property of '{entry.Key}', which this spec does not define"));
                }
            }
            var operationIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var pathItem in _root.Map("paths").Entries())
            {
                foreach (var op in (pathItem.Value as YamlMappingNode).Entries())
                {
                    if (op.Value is YamlMappingNode operation && operation.Str("operationId") is { } id) operationIds.Add(id);
                }
            }
            foreach (var map in new[] { _overlay.Groups, _overlay.Methods })
            {
                foreach (var entry in map)
                {
                    if (!operationIds.Contains(entry.Key))
                    {
                        _diagnostics.Add(SpecDiagnostics.Overlay(entry.Value.At, $"The overlay names operation '{entry.Key}', which this spec does not define"));
                    }
                }
            }
        }

        // ---------------------------------------------------------------- docs

        private static EquatableArray<string> Doc(YamlMappingNode? node, bool summaryFirst = false, bool stripEnumList = false)
        {
            var parts = new List<string>();
            var summary = node.Str("summary");
            var title = node.Str("title");
            var description = node.Str("description");
            if (summaryFirst && !string.IsNullOrWhiteSpace(summary)) parts.Add(summary!.Trim().TrimEnd('.') + ".");
            if (!string.IsNullOrWhiteSpace(title)) parts.Add(title!.Trim());
            if (!string.IsNullOrWhiteSpace(description))
            {
                var text = description!.Trim();
                if (stripEnumList)
                {
                    var listStart = text.IndexOf("\n - ", StringComparison.Ordinal);
                    if (text.StartsWith("- ", StringComparison.Ordinal)) text = "";
                    else if (listStart >= 0) text = text.Substring(0, listStart).Trim();
                }
                if (text.Length > 0) parts.Add(text);
            }
            var lines = new List<string>();
            foreach (var part in parts)
            {
                foreach (var line in CSharpText.Lines(part))
                {
                    var trimmed = line.TrimEnd();
                    if (trimmed.Length == 0 && (lines.Count == 0 || lines[lines.Count - 1].Length == 0)) continue;
                    lines.Add(XmlEscape(trimmed));
                }
            }
            while (lines.Count > 0 && lines[lines.Count - 1].Length == 0) lines.RemoveAt(lines.Count - 1);
            return lines.ToEquatableArray();
        }

        /// <summary>Per-value docs from a protoc-gen-openapi enum description (" - VALUE: text").</summary>
        private static Dictionary<string, string> EnumValueDocs(string? description)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            if (description is null) return result;
            string? current = null;
            var text = new StringBuilder();
            foreach (var raw in CSharpText.Lines(description))
            {
                var line = raw.Trim();
                if (line.StartsWith("- ", StringComparison.Ordinal) && line.IndexOf(':') > 2)
                {
                    Flush();
                    var colon = line.IndexOf(':');
                    current = line.Substring(2, colon - 2).Trim();
                    text.Append(line.Substring(colon + 1).Trim());
                }
                else if (current is not null && line.Length > 0)
                {
                    text.Append(' ').Append(line);
                }
            }
            Flush();
            return result;

            void Flush()
            {
                if (current is not null && text.Length > 0) result[current] = XmlEscape(text.ToString().Trim());
                current = null;
                text.Clear();
            }
        }

        private static string UpperSnake(string pascal) => string.Join("_", Naming.Words(pascal).Select(w => w.ToUpperInvariant()));

        private static string CommonPrefix(List<string> values)
        {
            if (values.Count < 2) return "";
            var prefix = values[0];
            foreach (var value in values)
            {
                var length = 0;
                while (length < prefix.Length && length < value.Length && prefix[length] == value[length]) length++;
                prefix = prefix.Substring(0, length);
            }
            var underscore = prefix.LastIndexOf('_');
            return underscore < 0 ? "" : prefix.Substring(0, underscore + 1);
        }
    }

    internal static string XmlEscape(string text) => CSharpText.XmlDoc(text);
}
