using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;

namespace Fireworks.Serialization;

/// <summary>Reads one JSON value (the reader is on its first token).</summary>
/// <typeparam name="T">The value type.</typeparam>
/// <param name="reader">The reader.</param>
/// <param name="options">The serializer options.</param>
/// <returns>The value.</returns>
public delegate T JsonReadFunc<T>(ref Utf8JsonReader reader, JsonSerializerOptions options);

/// <summary>Writes one JSON value.</summary>
/// <typeparam name="T">The value type.</typeparam>
/// <param name="writer">The writer.</param>
/// <param name="value">The value.</param>
/// <param name="options">The serializer options.</param>
public delegate void JsonWriteFunc<in T>(Utf8JsonWriter writer, T value, JsonSerializerOptions options);

/// <summary>
/// proto3 JSON wire rules shared by the generated converters: int64 as strings, tolerant number and timestamp
/// reading, RFC 3339 timestamps, unknown properties kept. Public because generated code in other assemblies
/// (a user's own generated client) calls it; not meant to be called directly.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class JsonWire
{
    /// <summary>Fails unless the reader is on <c>{</c>.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="typeName">The type being read, for the message.</param>
    public static void ExpectStartObject(ref Utf8JsonReader reader, string typeName)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw Unexpected(ref reader, typeName);
    }

    /// <summary>The exception for a token that cannot start a value of <paramref name="typeName"/>.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="typeName">The expected type.</param>
    /// <returns>The exception to throw.</returns>
    public static JsonException Unexpected(ref Utf8JsonReader reader, string typeName) =>
        new($"Expected {typeName} but found a JSON {reader.TokenType} at byte {reader.TokenStartIndex}.");

    /// <summary>The JSON text of the number the reader is on, exactly as it was sent (for values that must round-trip byte-identically).</summary>
    /// <param name="reader">The reader, on a number.</param>
    /// <returns>The number's text.</returns>
    public static string RawNumber(ref Utf8JsonReader reader) => reader.HasValueSequence
        ? System.Text.EncodingExtensions.GetString(System.Text.Encoding.UTF8, reader.ValueSequence)
        : System.Text.Encoding.UTF8.GetString(reader.ValueSpan);

    /// <summary>The exception for JSON that ends inside an object.</summary>
    /// <param name="typeName">The type being read.</param>
    /// <returns>The exception to throw.</returns>
    public static JsonException Truncated(string typeName) => new($"The JSON ended inside a {typeName} object.");

    /// <summary>Keeps a property this SDK version does not know; the reader is on its name.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="into">Where unknown properties are kept.</param>
    public static void ReadUnknownProperty(ref Utf8JsonReader reader, IDictionary<string, JsonElement> into)
    {
        var name = reader.GetString()!;
        reader.Read();
        into[name] = JsonElement.ParseValue(ref reader);
    }

    /// <summary>
    /// The current property name or string value as unescaped UTF-8, for the generated readers' switch on its length:
    /// the reader's own bytes, or a copy when the JSON escapes the text or splits it across buffers.
    /// </summary>
    /// <param name="reader">The reader, on a property name or string.</param>
    /// <returns>The bytes.</returns>
    public static ReadOnlySpan<byte> Utf8Text(ref Utf8JsonReader reader) =>
        reader.HasValueSequence || reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;

    /// <summary>Writes the kept unknown properties back.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="properties">The properties.</param>
    public static void WriteAdditionalProperties(Utf8JsonWriter writer, IDictionary<string, JsonElement> properties)
    {
        foreach (var pair in properties)
        {
            writer.WritePropertyName(pair.Key);
            pair.Value.WriteTo(writer);
        }
    }

    // ------------------------------------------------------------------ scalars

    /// <summary>Reads a string.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="options">The options.</param>
    /// <returns>The value.</returns>
    public static string ReadString(ref Utf8JsonReader reader, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw Unexpected(ref reader, "a string");

    /// <summary>Reads an int32 (a JSON number, or a numeric string as proto3 JSON allows).</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="options">The options.</param>
    /// <returns>The value.</returns>
    public static int ReadInt32(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number)) return number;
        if (reader.TokenType == JsonTokenType.String && Utf8Parser.TryParse(reader.ValueSpan, out int parsed, out var used) && used == reader.ValueSpan.Length) return parsed;
        throw Unexpected(ref reader, "an int32");
    }

    /// <summary>Reads an int64 (proto3 JSON sends it as a string; a number is accepted too).</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="options">The options.</param>
    /// <returns>The value.</returns>
    public static long ReadInt64(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && Utf8Parser.TryParse(reader.ValueSpan, out long parsed, out var used) && used == reader.ValueSpan.Length) return parsed;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number)) return number;
        if (reader.TokenType == JsonTokenType.String && long.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var slow)) return slow;
        throw Unexpected(ref reader, "an int64 (a decimal string)");
    }

    /// <summary>Reads a uint64 (a string on the wire; a number is accepted too).</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="options">The options.</param>
    /// <returns>The value.</returns>
    public static ulong ReadUInt64(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && Utf8Parser.TryParse(reader.ValueSpan, out ulong parsed, out var used) && used == reader.ValueSpan.Length) return parsed;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out var number)) return number;
        throw Unexpected(ref reader, "a uint64 (a decimal string)");
    }

    /// <summary>Reads a float (a number, or "NaN", "Infinity", "-Infinity" or a numeric string).</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="options">The options.</param>
    /// <returns>The value.</returns>
    public static float ReadFloat(ref Utf8JsonReader reader, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetSingle(out var value) ? value : (float)ReadSpecialDouble(ref reader, "a float");

    /// <summary>Reads a double (a number, or "NaN", "Infinity", "-Infinity" or a numeric string).</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="options">The options.</param>
    /// <returns>The value.</returns>
    public static double ReadDouble(ref Utf8JsonReader reader, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) ? value : ReadSpecialDouble(ref reader, "a double");

    private static double ReadSpecialDouble(ref Utf8JsonReader reader, string expected)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString();
            switch (text)
            {
                case "NaN": return double.NaN;
                case "Infinity": return double.PositiveInfinity;
                case "-Infinity": return double.NegativeInfinity;
            }
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)) return parsed;
        }
        throw Unexpected(ref reader, expected);
    }

    /// <summary>Reads a boolean.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="options">The options.</param>
    /// <returns>The value.</returns>
    public static bool ReadBool(ref Utf8JsonReader reader, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw Unexpected(ref reader, "a boolean"),
    };

    /// <summary>Reads an RFC 3339 timestamp, including proto3's nanosecond precision (truncated to 100 ns ticks).</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="options">The options.</param>
    /// <returns>The value.</returns>
    public static DateTimeOffset ReadTimestamp(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw Unexpected(ref reader, "an RFC 3339 timestamp");
        if (reader.TryGetDateTimeOffset(out var fast)) return fast;
        var text = reader.GetString()!;
        return ParseTimestamp(text) ?? throw new JsonException($"'{text}' is not an RFC 3339 timestamp.");
    }

    /// <summary>Parses an RFC 3339 timestamp with any number of fractional digits.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The value, or null when it is not a timestamp.</returns>
    public static DateTimeOffset? ParseTimestamp(string text)
    {
        // .NET parses at most 7 fractional digits; proto3 sends up to 9.
        var dot = text.IndexOf('.');
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
            if (end - dot - 1 > 7) text = string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value) ? value : null;
    }

    /// <summary>Reads any JSON value as a detached <see cref="JsonElement"/>.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="options">The options.</param>
    /// <returns>The value.</returns>
    public static JsonElement ReadJson(ref Utf8JsonReader reader, JsonSerializerOptions options) => JsonElement.ParseValue(ref reader);

    /// <summary>Reads a JSON array.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="reader">The reader, on <c>[</c>.</param>
    /// <param name="options">The options.</param>
    /// <param name="readElement">Reads one element.</param>
    /// <returns>The elements.</returns>
    public static List<T> ReadArray<T>(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonReadFunc<T> readElement)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw Unexpected(ref reader, "an array");

        // Most arrays on the wire are short (a chunk's choices, a token's bytes and top logprobs): they are collected on
        // the stack and the list gets an array of their exact size, instead of growing 4 → 8 and leaving the old ones
        // to the GC. A longer array continues in a list that starts with room for twice the stack's elements.
        var head = default(ShortArray<T>);
        var count = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                var exact = new List<T>(count);
                exact.AddRange(((ReadOnlySpan<T>)head)[..count]);
                return exact;
            }

            if (count == ShortArrayLength)
            {
                return ReadLongArray(ref reader, options, readElement, head);
            }

            head[count++] = readElement(ref reader, options);
        }
        throw Truncated("array");
    }

    // A long array (a list page's items) grows in pooled buffers and the list gets an array of its exact size once.
    private static List<T> ReadLongArray<T>(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonReadFunc<T> readElement, ShortArray<T> head)
    {
        var buffer = ArrayPool<T>.Shared.Rent(4 * ShortArrayLength);
        try
        {
            ((ReadOnlySpan<T>)head).CopyTo(buffer);
            var count = ShortArrayLength;
            do
            {
                if (count == buffer.Length)
                {
                    var larger = ArrayPool<T>.Shared.Rent(2 * count);
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<T>.Shared.Return(buffer, System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>());
                    buffer = larger;
                }

                buffer[count++] = readElement(ref reader, options);
            }
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray);

            if (reader.TokenType != JsonTokenType.EndArray) throw Truncated("array");
            var list = new List<T>(count);
            list.AddRange(new ReadOnlySpan<T>(buffer, 0, count));
            return list;
        }
        finally
        {
            ArrayPool<T>.Shared.Return(buffer, System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        }
    }

    private const int ShortArrayLength = 8;

    /// <summary>The first elements of an array being read, on the stack.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    [System.Runtime.CompilerServices.InlineArray(ShortArrayLength)]
    private struct ShortArray<T>
    {
        private T _first;
    }

    /// <summary>Reads a JSON object as a map; a repeated key keeps its last value.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="reader">The reader, on <c>{</c>.</param>
    /// <param name="options">The options.</param>
    /// <param name="readValue">Reads one value.</param>
    /// <returns>The map, in the order the keys were read.</returns>
    public static IDictionary<string, T> ReadMap<T>(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonReadFunc<T> readValue)
    {
        ExpectStartObject(ref reader, "a map");

        // Maps on the wire are small (labels, annotations, per-accelerator counters): their entries are collected on the
        // stack and kept in one exact-size array (SmallMap); a longer map continues in a Dictionary.
        var head = default(ShortMap<T>);
        var count = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject) return new SmallMap<T>(((ReadOnlySpan<KeyValuePair<string, T>>)head)[..count]);
            var key = reader.GetString()!;
            reader.Read();
            var value = readValue(ref reader, options);
            var index = SmallMap<T>.IndexOf(((ReadOnlySpan<KeyValuePair<string, T>>)head)[..count], key);
            if (index >= 0)
            {
                head[index] = new(key, value);
            }
            else if (count < SmallMap<T>.Capacity)
            {
                head[count++] = new(key, value);
            }
            else
            {
                return ReadLargeMap(ref reader, options, readValue, head, key, value);
            }
        }
        throw Truncated("map");
    }

    private static Dictionary<string, T> ReadLargeMap<T>(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonReadFunc<T> readValue, ShortMap<T> head, string key, T value)
    {
        var map = new Dictionary<string, T>(2 * SmallMap<T>.Capacity, StringComparer.Ordinal);
        foreach (var entry in (ReadOnlySpan<KeyValuePair<string, T>>)head) map.Add(entry.Key, entry.Value);
        map[key] = value;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject) return map;
            key = reader.GetString()!;
            reader.Read();
            map[key] = readValue(ref reader, options);
        }
        throw Truncated("map");
    }

    /// <summary>The entries of a map being read, on the stack.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    [System.Runtime.CompilerServices.InlineArray(SmallMap<object>.Capacity)]
    private struct ShortMap<T>
    {
        private KeyValuePair<string, T> _first;
    }

    // ------------------------------------------------------------------ writing

    /// <summary>Writes a string.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="options">The options.</param>
    public static void WriteString(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    /// <summary>Writes an int32 as a number.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="options">The options.</param>
    public static void WriteInt32(Utf8JsonWriter writer, int value, JsonSerializerOptions options) => writer.WriteNumberValue(value);

    /// <summary>Writes an int64 as a decimal string (proto3 JSON).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="options">The options.</param>
    public static void WriteInt64(Utf8JsonWriter writer, long value, JsonSerializerOptions options)
    {
        Span<byte> buffer = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, buffer, out var written);
        writer.WriteStringValue(buffer[..written]);
    }

    /// <summary>Writes a uint64 as a decimal string (proto3 JSON).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="options">The options.</param>
    public static void WriteUInt64(Utf8JsonWriter writer, ulong value, JsonSerializerOptions options)
    {
        Span<byte> buffer = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, buffer, out var written);
        writer.WriteStringValue(buffer[..written]);
    }

    /// <summary>Writes a float (NaN and infinities as proto3 strings).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="options">The options.</param>
    public static void WriteFloat(Utf8JsonWriter writer, float value, JsonSerializerOptions options)
    {
        if (float.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteStringValue(float.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }

    /// <summary>Writes a double (NaN and infinities as proto3 strings).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="options">The options.</param>
    public static void WriteDouble(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }

    /// <summary>Writes a boolean.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="options">The options.</param>
    public static void WriteBool(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteBooleanValue(value);

    /// <summary>Writes an RFC 3339 timestamp in UTC (<c>2024-01-02T03:04:05.5Z</c>).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="options">The options.</param>
    public static void WriteTimestamp(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<char> buffer = stackalloc char[40];
        writer.WriteStringValue(buffer[..FormatTimestamp(value, buffer)]);
    }

    /// <summary>Formats an RFC 3339 timestamp in UTC with only the fractional digits it needs.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string FormatTimestamp(DateTimeOffset value)
    {
        Span<char> buffer = stackalloc char[40];
        return new string(buffer[..FormatTimestamp(value, buffer)]);
    }

    private static int FormatTimestamp(DateTimeOffset value, Span<char> buffer)
    {
        value.UtcDateTime.TryFormat(buffer, out var written, "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
        return written;
    }

    /// <summary>Writes a <see cref="JsonElement"/> as it is.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="options">The options.</param>
    public static void WriteJson(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) => value.WriteTo(writer);

    /// <summary>Writes a JSON array.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="writer">The writer.</param>
    /// <param name="values">The elements.</param>
    /// <param name="options">The options.</param>
    /// <param name="writeElement">Writes one element.</param>
    public static void WriteArray<T>(Utf8JsonWriter writer, IList<T> values, JsonSerializerOptions options, JsonWriteFunc<T> writeElement)
    {
        writer.WriteStartArray();
        if (values is List<T> list)
        {
            foreach (var item in list) writeElement(writer, item, options);
        }
        else
        {
            foreach (var item in values) writeElement(writer, item, options);
        }
        writer.WriteEndArray();
    }

    /// <summary>Writes a map as a JSON object.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="writer">The writer.</param>
    /// <param name="values">The map.</param>
    /// <param name="options">The options.</param>
    /// <param name="writeValue">Writes one value.</param>
    public static void WriteMap<T>(Utf8JsonWriter writer, IDictionary<string, T> values, JsonSerializerOptions options, JsonWriteFunc<T> writeValue)
    {
        writer.WriteStartObject();
        foreach (var pair in values)
        {
            writer.WritePropertyName(pair.Key);
            writeValue(writer, pair.Value, options);
        }
        writer.WriteEndObject();
    }

    // ------------------------------------------------------------------ requests

    /// <summary>Formats a query value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string FormatQuery(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats a query value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string FormatQuery(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats a query value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string FormatQuery(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats a query value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string FormatQuery(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Formats a query value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string FormatQuery(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Formats a query value (<c>true</c>/<c>false</c>).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string FormatQuery(bool value) => value ? "true" : "false";

    /// <summary>Formats a query value as an RFC 3339 timestamp.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string FormatQuery(DateTimeOffset value) => FormatTimestamp(value);

    /// <summary>A repeated query parameter's values (the URL template explodes them).</summary>
    /// <param name="values">The values.</param>
    /// <returns>The values as an array.</returns>
    public static string[] FormatQueryArray(IEnumerable<string> values) => values.ToArray();

    /// <summary>Joins update-mask paths; an empty mask is refused because the server would replace every field.</summary>
    /// <param name="paths">The snake_case paths.</param>
    /// <param name="bodyName">The body parameter, for the message.</param>
    /// <returns>The comma-separated mask.</returns>
    public static string UpdateMask(IReadOnlyCollection<string> paths, string bodyName)
    {
        if (paths.Count == 0)
        {
            throw new ArgumentException(
                "Nothing to update: no field is set on the request body, and an empty update mask would make the server replace every field. Set the fields to change, or pass updateMask explicitly.",
                bodyName);
        }
        return string.Join(',', paths);
    }

    /// <summary>A page's items as a read-only list without copying when possible.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">The items (null for an empty page).</param>
    /// <returns>The list.</returns>
    public static IReadOnlyList<T> AsReadOnlyList<T>(IList<T>? items) => items switch
    {
        null => Array.Empty<T>(),
        IReadOnlyList<T> list => list,
        _ => items.ToArray(),
    };
}
