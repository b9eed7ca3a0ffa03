using System.Text.Json;
using Fireworks.Aip;

namespace Fireworks.Emulator;

/// <summary>
/// Checks request strings and bodies against a resource's generated field declarations (names, types, enum values):
/// a filter comparing an enum with a value it does not have or a number with <c>"abc"</c>, an <c>order_by</c> on a
/// message, a mask path through a scalar (<c>display_name.x</c>), an enum field set to an unknown name. Each problem
/// is INVALID_ARGUMENT naming the field and, for strings, its position.
/// </summary>
internal static class DeclaredFields
{
    /// <exception cref="ApiException">INVALID_ARGUMENT with the checker's positioned diagnostics.</exception>
    public static void CheckFilter(FilterDeclarations declarations, Filter filter) =>
        ThrowIfAny("filter", declarations.Check(filter));

    /// <exception cref="ApiException">INVALID_ARGUMENT with the checker's positioned diagnostics.</exception>
    public static void CheckOrderBy(FilterDeclarations declarations, OrderBy orderBy) =>
        ThrowIfAny("order_by", declarations.Check(orderBy));

    /// <summary>
    /// Every path must resolve through declared fields. A top-level field the converter knows but the declarations
    /// leave out (a free-form <c>Any</c> or JSON value) may be named whole, not into.
    /// </summary>
    /// <exception cref="ApiException">INVALID_ARGUMENT naming the path and its position.</exception>
    public static void CheckMask(FilterDeclarations declarations, Func<string, bool> isKnownJsonField, FieldMask mask, string parameterName)
    {
        for (var i = 0; i < mask.Paths.Count; i++)
        {
            var path = mask.Paths[i];
            if (path.IsWildcard)
            {
                continue;
            }

            var first = path.Segments[0].Name;
            if (!declarations.TryGetField(first, out _) && path.Segments.Count == 1 && isKnownJsonField(JsonNames.ToJsonName(first)))
            {
                continue;
            }

            var diagnostics = declarations.Check(FieldMask.Of(path));
            if (diagnostics.Count > 0)
            {
                var position = mask.GetPosition(i);
                throw ApiException.InvalidArgument(
                    $"Invalid {parameterName} at {position} (offset {position.Offset}): path '{path}': {diagnostics[0].Message}.");
            }
        }
    }

    /// <summary>
    /// Every enum field of <paramref name="resource"/> (nested messages, repeated fields and maps included) holds one
    /// of its wire names: protobuf's JSON parser, which the service runs before anything else, refuses any other.
    /// </summary>
    /// <exception cref="ApiException">INVALID_ARGUMENT naming the field, the value and the allowed values.</exception>
    public static void CheckEnumValues(FilterDeclarations declarations, JsonElement resource, string path)
    {
        if (resource.ValueKind == JsonValueKind.Object)
        {
            CheckMessage(fieldName => declarations.TryGetField(fieldName, out var field) ? field : null, resource, path);
        }
    }

    private static void CheckMessage(Func<string, FilterFieldDeclaration?> lookup, JsonElement message, string path)
    {
        foreach (var property in message.EnumerateObject())
        {
            if (lookup(JsonNames.ToProtoName(property.Name)) is { } field)
            {
                CheckValue(field.Type, property.Value, $"{path}.{property.Name}");
            }
        }
    }

    private static void CheckValue(FilterType type, JsonElement value, string path)
    {
        switch (type)
        {
            case EnumFilterType enumType when value.ValueKind == JsonValueKind.String && !enumType.Contains(value.GetString()!):
                var allowed = enumType.Values.Count <= 16 ? $" (allowed: {string.Join(", ", enumType.Values)})" : string.Empty;
                throw ApiException.InvalidArgument($"Invalid value for enum field {path}: \"{value.GetString()}\" is not a value of {enumType.Name}{allowed}.");
            case MessageFilterType messageType when value.ValueKind == JsonValueKind.Object:
                CheckMessage(name => messageType.TryGetField(name, out var field) ? field : null, value, path);
                break;
            case RepeatedFilterType repeated when value.ValueKind == JsonValueKind.Array:
                var index = 0;
                foreach (var element in value.EnumerateArray())
                {
                    CheckValue(repeated.Element, element, $"{path}[{index++}]");
                }

                break;
            case MapFilterType map when value.ValueKind == JsonValueKind.Object:
                foreach (var entry in value.EnumerateObject())
                {
                    CheckValue(map.Value, entry.Value, $"{path}[\"{entry.Name}\"]");
                }

                break;
        }
    }

    /// <summary>A request message's fields that its converter did not know (kept in <c>AdditionalProperties</c>) are refused.</summary>
    /// <exception cref="ApiException">INVALID_ARGUMENT naming them.</exception>
    public static void RejectUnknown(IDictionary<string, JsonElement>? unknownFields, string messageName)
    {
        if (unknownFields is { Count: > 0 })
        {
            throw ApiException.InvalidArgument(
                $"Unknown field{(unknownFields.Count > 1 ? "s" : string.Empty)} {string.Join(", ", unknownFields.Keys.Select(n => $"'{n}'"))} in {messageName}; the emulator serves the fields of the SDK's spec and stores nothing else.");
        }
    }

    private static void ThrowIfAny(string kind, IReadOnlyList<AipDiagnostic> diagnostics)
    {
        if (diagnostics.Count > 0)
        {
            var first = diagnostics[0];
            throw ApiException.InvalidArgument(first.Position.IsKnown
                ? $"Invalid {kind} at {first.Position} (offset {first.Position.Offset}): {first.Message}"
                : $"Invalid {kind}: {first.Message}");
        }
    }
}
