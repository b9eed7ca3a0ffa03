using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Fireworks.OpenApi.Document;

namespace Fireworks.OpenApi.Model.Building;

/// <summary>What a component schema becomes: a class, an enum, or an alias inlined where it is used.</summary>
internal enum ComponentKind
{
    Model,
    Enum,
    Alias,
}

/// <summary>Questions about one schema's JSON Schema keywords (OpenAPI 3.0 and 3.1 spellings alike).</summary>
internal static class SchemaShape
{
    public static ComponentKind Classify(SpecMapping schema)
    {
        if (schema.Has("enum")) return ComponentKind.Enum;
        if (schema.Has("$ref") || schema.Has("anyOf") || schema.Has("oneOf")) return ComponentKind.Alias;
        var type = TypeOf(schema);
        if (schema.Has("properties")) return ComponentKind.Model;
        if (type == "object" || type is null)
        {
            // An object that is only a map (additionalProperties, no properties) is a dictionary, not a class.
            var isMapOnly = schema.Get("additionalProperties") is SpecMapping { Count: > 0 };
            return isMapOnly ? ComponentKind.Alias : ComponentKind.Model;
        }
        return ComponentKind.Alias;
    }

    /// <summary>The <c>type</c>; of a 3.1 type list (<c>[X, 'null']</c>), the first that is not <c>null</c>.</summary>
    public static string? TypeOf(SpecMapping? schema) => schema.Get("type") switch
    {
        SpecScalar scalar => scalar.Value,
        SpecSequence types => types.Strings().FirstOrDefault(t => t != "null"),
        _ => null,
    };

    /// <summary><c>{type: 'null'}</c>.</summary>
    public static bool IsNullSchema(SpecMapping schema) => schema.Str("type") == "null" && !schema.Has("$ref");

    /// <summary>Whether a property schema admits JSON null (<c>anyOf</c>/<c>oneOf</c> with <c>{type: 'null'}</c>, <c>type: [X, 'null']</c>, 3.0 <c>nullable</c>).</summary>
    public static bool IsNullable(SpecMapping schema) =>
        schema.Bool("nullable")
        || schema.Seq("type").Strings().Contains("null")
        || (schema.Seq("anyOf") ?? schema.Seq("oneOf")).Mappings().Any(IsNullSchema);

    /// <summary>The string a property is fixed to by <c>const</c>, or null.</summary>
    public static string? StringConst(SpecMapping propertySchema) =>
        propertySchema.Get("const") is SpecScalar constant && TypeOf(propertySchema) is "string" or null ? constant.Value : null;

    /// <summary>The <c>const</c> (or single <c>enum</c> value) of a property, or null.</summary>
    public static string? ConstOf(SpecMapping? schema, string property)
    {
        var propertySchema = schema.Map("properties").Map(property);
        if (propertySchema.Str("const") is { } constant) return constant;
        var values = propertySchema.Seq("enum")?.Items;
        return values is { Count: 1 } && values[0] is SpecScalar single ? single.Value : null;
    }

    public static List<string> PropertyNames(SpecMapping? schema) => schema.Map("properties").Entries().Select(e => e.Key).ToList();

    /// <summary>The schema's structure without its prose (title, description, examples), for "same schema" checks.</summary>
    public static string Canonical(SpecNode node)
    {
        var text = new StringBuilder();
        Write(node);
        return text.ToString();

        void Write(SpecNode current)
        {
            switch (current)
            {
                case SpecScalar scalar:
                    text.Append('"').Append(scalar.Value).Append('"');
                    break;
                case SpecSequence sequence:
                    text.Append('[');
                    foreach (var item in sequence.Items) { Write(item); text.Append(','); }
                    text.Append(']');
                    break;
                case SpecMapping map:
                    text.Append('{');
                    foreach (var entry in map.Entries.Where(e => e.Key is not ("title" or "description" or "examples" or "example")).OrderBy(e => e.Key, StringComparer.Ordinal))
                    {
                        text.Append(entry.Key).Append(':');
                        Write(entry.Value);
                        text.Append(',');
                    }
                    text.Append('}');
                    break;
            }
        }
    }
}
