using System;
using System.Collections.Generic;
using System.Linq;
using Fireworks.OpenApi.Collections;
using Fireworks.OpenApi.Diagnostics;
using Fireworks.OpenApi.Document;

namespace Fireworks.OpenApi.Model.Building;

/// <summary>Builds a <see cref="ModelType"/> from an object schema: its properties (with <c>allOf</c> parts merged), their types and docs.</summary>
internal sealed class ModelBuilder
{
    private readonly BuildContext _context;
    private readonly SchemaTypes _types;

    public ModelBuilder(BuildContext context, SchemaTypes types)
    {
        _context = context;
        _types = types;
    }

    public TypeRef Build(string schemaName, string name, SpecMapping schema, bool isUpdateBody, string origin)
    {
        var (declared, required) = MergedProperties(schema, origin);
        if (_context.Overlay.NotRequired.TryGetValue(schemaName, out var relaxed))
        {
            foreach (var entry in relaxed.Where(e => !required.Remove(e.Key)))
            {
                _context.Report(SpecDiagnostics.Overlay(entry.Value, $"The overlay relaxes '{schemaName}.{entry.Key}', which the spec does not mark required"));
            }
        }
        var properties = new List<PropertyModel>();
        var propertyNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var propertyNodes = new Dictionary<string, SpecNode>(StringComparer.Ordinal);
        foreach (var entry in declared)
        {
            var where = $"{origin}/properties/{entry.Key}";
            if (entry.Value is not SpecMapping propertySchema)
            {
                _context.Report(SpecDiagnostics.Unsupported(_context.At(entry.Value), "A property schema that is not a mapping", where));
                continue;
            }
            var propertyName = MemberNames.Property(Naming.Pascal(entry.Key), name);
            if (propertyNames.TryGetValue(propertyName, out var other))
            {
                _context.Report(SpecDiagnostics.Duplicate(_context.At(entry.Value), _context.At(propertyNodes[propertyName]), $"Two properties of {origin} map to the C# property {name}.{propertyName}", other, entry.Key,
                    $"'{entry.Key}' is not generated (its value is kept in AdditionalProperties); rename one in the spec"));
                continue;
            }
            var inlineName = _context.Overlay.Names.TryGetValue(schemaName + "." + entry.Key, out var overlayName) ? overlayName.Value : name + Naming.Pascal(entry.Key);
            var type = _types.Resolve(propertySchema, inlineName, where);
            if (type is null)
            {
                // Leaving the property out would break what uses it (a list's NextPageToken, a wait's State):
                // keep its value as JSON instead, losslessly, and say so.
                _context.Report(SpecDiagnostics.KeptAsJson(_context.At(entry.Value), where));
                type = _context.Types.Json();
            }
            propertyNames[propertyName] = entry.Key;
            propertyNodes[propertyName] = entry.Value;
            var constant = SchemaShape.StringConst(propertySchema);
            properties.Add(new PropertyModel(
                entry.Key,
                propertyName,
                Naming.Snake(entry.Key),
                type,
                propertySchema.Bool("readOnly"),
                // A required property that may be null, or that has a const, needs nothing from the caller.
                required.Contains(entry.Key) && !SchemaShape.IsNullable(propertySchema) && constant is null,
                DocText.Of(propertySchema).Concat(DocText.Constraints(propertySchema, constant)).ToEquatableArray())
            {
                ConstValue = constant,
            });
        }
        foreach (var missing in required.Where(r => !propertyNames.ContainsValue(r)))
        {
            _context.Report(SpecDiagnostics.Unsupported(_context.At(schema), $"Required property '{missing}' that is not declared in 'properties'", origin));
        }

        _context.Models.Add(new ModelType(schemaName, name, DocText.Of(schema), properties.ToEquatableArray(), isUpdateBody, origin));
        return _context.Types.Model(name);
    }

    /// <summary>
    /// The properties of an object schema and of every <c>allOf</c> part (a referenced part contributes its
    /// properties and required list), in declaration order; a later part overrides an earlier same-named property.
    /// </summary>
    private (List<KeyValuePair<string, SpecNode>> Properties, HashSet<string> Required) MergedProperties(SpecMapping schema, string origin)
    {
        var properties = new List<KeyValuePair<string, SpecNode>>();
        var required = new HashSet<string>(StringComparer.Ordinal);
        Collect(schema, 0);
        return (properties, required);

        void Collect(SpecMapping? part, int depth)
        {
            if (part is null) return;
            if (depth > 16)
            {
                _context.Report(SpecDiagnostics.Unsupported(_context.At(part), "An allOf cycle", origin));
                return;
            }
            if (part.Str("$ref") is { } reference)
            {
                if (!reference.StartsWith(OpenApiDocument.SchemaRefPrefix, StringComparison.Ordinal)
                    || _context.Schemas.Get(reference.Substring(OpenApiDocument.SchemaRefPrefix.Length)) is not SpecMapping target)
                {
                    _context.Report(SpecDiagnostics.DanglingReference(_context.At(part.Get("$ref")), reference, origin + "/allOf"));
                    return;
                }
                Collect(target, depth + 1);
                return;
            }
            foreach (var item in part.Seq("allOf").Mappings()) Collect(item, depth + 1);
            foreach (var name in part.Seq("required").Strings()) required.Add(name);
            foreach (var entry in part.Map("properties").Entries())
            {
                properties.RemoveAll(p => p.Key == entry.Key);
                properties.Add(entry);
            }
        }
    }
}
