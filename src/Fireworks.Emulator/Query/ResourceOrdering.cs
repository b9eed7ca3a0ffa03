using System.Globalization;
using System.Text.Json;
using Fireworks.Aip;

namespace Fireworks.Emulator;

/// <summary>
/// Sorts resources by an AIP-132 <c>order_by</c> evaluated on their JSON: numbers (and int64 strings) numerically,
/// RFC 3339 timestamps as instants, other strings ordinally, false before true; a missing field sorts first.
/// Ties keep creation order, so paging is stable.
/// </summary>
internal sealed class ResourceOrdering
{
    private readonly IReadOnlyList<OrderByField> fields;

    private ResourceOrdering(IReadOnlyList<OrderByField> fields, OrderBy? parsed)
    {
        this.fields = fields;
        Parsed = parsed;
    }

    /// <summary>The parsed order, for type checks; null when none was requested.</summary>
    public OrderBy? Parsed { get; }

    /// <summary>Parses and checks <paramref name="orderByText"/>.</summary>
    /// <exception cref="ApiException">INVALID_ARGUMENT: a syntax error or an unknown field, with its position.</exception>
    public static ResourceOrdering Create(string? orderByText, Func<string, bool> isKnownField, string resourceLabel)
    {
        if (string.IsNullOrWhiteSpace(orderByText))
        {
            return new ResourceOrdering([], null);
        }

        OrderBy orderBy;
        try
        {
            orderBy = OrderBy.Parse(orderByText);
        }
        catch (OrderByParseException exception)
        {
            throw ApiException.InvalidArgument(exception.Message);
        }

        for (var i = 0; i < orderBy.Fields.Count; i++)
        {
            var first = orderBy.Fields[i].Path.Segments[0].Name;
            if (!isKnownField(JsonNames.ToJsonName(first)))
            {
                var position = orderBy.GetPosition(i);
                throw ApiException.InvalidArgument(
                    $"Invalid order_by at {position} (offset {position.Offset}): unknown field '{first}' of {resourceLabel}");
            }
        }

        return new ResourceOrdering(orderBy.Fields, orderBy);
    }

    /// <summary>Whether an order was requested.</summary>
    public bool IsEmpty => fields.Count == 0;

    /// <summary>Compares two resources (JSON form) by the requested fields.</summary>
    public int Compare(JsonElement left, JsonElement right) => CompareKeys(KeyOf(left), KeyOf(right));

    /// <summary>
    /// The values a resource sorts by, as a JSON array with one entry per order_by field (<c>null</c> when absent):
    /// what a page token keeps of the last item, so the next page starts after it even if it is gone by then.
    /// </summary>
    public JsonElement KeyOf(JsonElement resource)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var field in fields)
            {
                if (Resolve(resource, field.Path) is { } value)
                {
                    value.WriteTo(writer);
                }
                else
                {
                    writer.WriteNullValue();
                }
            }

            writer.WriteEndArray();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>Compares two keys made by <see cref="KeyOf"/>.</summary>
    public int CompareKeys(JsonElement left, JsonElement right)
    {
        var leftValues = left.EnumerateArray().ToList();
        var rightValues = right.EnumerateArray().ToList();
        for (var i = 0; i < fields.Count; i++)
        {
            var comparison = CompareValues(AsValue(leftValues.ElementAtOrDefault(i)), AsValue(rightValues.ElementAtOrDefault(i)));
            if (comparison != 0)
            {
                return fields[i].Descending ? -comparison : comparison;
            }
        }

        return 0;
    }

    private static JsonElement? AsValue(JsonElement element) =>
        element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : element;

    private static JsonElement? Resolve(JsonElement element, FieldPath path)
    {
        var current = element;
        foreach (var segment in path.Segments)
        {
            if (current.ValueKind != JsonValueKind.Object ||
                !(current.TryGetProperty(JsonNames.ToJsonName(segment.Name), out var child) || current.TryGetProperty(segment.Name, out child)))
            {
                return null;
            }

            current = child;
        }

        return current;
    }

    private static int CompareValues(JsonElement? left, JsonElement? right)
    {
        if (left is null || right is null)
        {
            return (left is null).CompareTo(right is null) * -1;
        }

        var a = left.Value;
        var b = right.Value;
        if (TryNumber(a, out var x) && TryNumber(b, out var y))
        {
            return x.CompareTo(y);
        }

        if (a.ValueKind is JsonValueKind.True or JsonValueKind.False && b.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return (a.ValueKind == JsonValueKind.True).CompareTo(b.ValueKind == JsonValueKind.True);
        }

        if (a.ValueKind == JsonValueKind.String && b.ValueKind == JsonValueKind.String)
        {
            var s = a.GetString()!;
            var t = b.GetString()!;
            if (Fireworks.Serialization.JsonWire.ParseTimestamp(s) is { } d1 && Fireworks.Serialization.JsonWire.ParseTimestamp(t) is { } d2)
            {
                return d1.CompareTo(d2);
            }

            return string.CompareOrdinal(s, t);
        }

        return string.CompareOrdinal(a.GetRawText(), b.GetRawText());
    }

    private static bool TryNumber(JsonElement value, out double number)
    {
        // int64 fields travel as JSON strings.
        if (value.ValueKind == JsonValueKind.String &&
            long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            number = integer;
            return true;
        }

        number = 0;
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out number);
    }
}
