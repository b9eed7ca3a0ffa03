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
/// proto3 JSON wire rules shared by the generated converters: int64 as strings, tolerant number reading, RFC 3339
/// timestamps written in proto3's form (or as they were read), unknown properties kept. Public because generated code
/// in other assemblies (a user's own generated client) calls it; not meant to be called directly.
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

    /// <summary>
    /// <paramref name="exception"/>, thrown while reading the value of property <paramref name="utf8Name"/>, with the
    /// property in front of its JSON path (<c>$.status.code</c>), so the message says where the document is wrong.
    /// </summary>
    /// <param name="exception">The failure.</param>
    /// <param name="utf8Name">The property's name as UTF-8.</param>
    /// <returns>The exception to throw.</returns>
    public static JsonException AtProperty(JsonException exception, ReadOnlySpan<byte> utf8Name) =>
        JsonReadPath.AtMember(exception, System.Text.Encoding.UTF8.GetString(utf8Name));

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
        reader.TokenType == JsonTokenType.String ? StringOf(ref reader) : throw Unexpected(ref reader, "a string");

    /// <summary>The text of the string value or property name the reader is on, as <see cref="Utf8JsonReader.GetString"/> gives it.</summary>
    /// <param name="reader">The reader, on a string or a property name.</param>
    /// <returns>The text.</returns>
    private static string StringOf(ref Utf8JsonReader reader)
    {
        // Most strings on the wire (names, ids, map keys, URLs) are plain ASCII: checked, then widened straight into the
        // new string, which is cheaper than the general UTF-8 path's count-then-transcode. Anything else (escapes, other
        // UTF-8, a value split across buffers) is the reader's, with its checks.
        if (!reader.HasValueSequence && !reader.ValueIsEscaped && System.Text.Ascii.IsValid(reader.ValueSpan))
        {
            return string.Create(reader.ValueSpan.Length, reader.ValueSpan, static (chars, ascii) => System.Text.Ascii.ToUtf16(ascii, chars, out _));
        }

        return reader.GetString()!;
    }

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

    /// <summary>
    /// Reads a timestamp: RFC 3339 as proto3 accepts it (<c>yyyy-MM-ddTHH:mm:ss</c>, 0 to 9 fractional digits, <c>Z</c> or
    /// a <c>±hh:mm</c> offset; nanoseconds are truncated to the 100 ns ticks a <see cref="DateTimeOffset"/> holds). Values
    /// in collections and unions use this overload; model properties keep the text with
    /// <see cref="ReadTimestamp(ref Utf8JsonReader, JsonSerializerOptions, out string?)"/>.
    /// </summary>
    /// <param name="reader">The reader.</param>
    /// <param name="options">The options.</param>
    /// <returns>The value, with the offset it was sent with.</returns>
    /// <exception cref="JsonException">The token is not a string, or the text is not such a timestamp (the message says why).</exception>
    public static DateTimeOffset ReadTimestamp(ref Utf8JsonReader reader, JsonSerializerOptions options) => ReadTimestamp(ref reader, options, out _);

    /// <summary>
    /// Reads a timestamp like <see cref="ReadTimestamp(ref Utf8JsonReader, JsonSerializerOptions)"/>, and returns its text
    /// when <see cref="WriteTimestamp(Utf8JsonWriter, DateTimeOffset, JsonSerializerOptions)"/> would write the value
    /// differently (9 digits below 100 ns, an offset, 1, 2, 4, 5, 7 or 8 digits, a lowercase <c>t</c> or <c>z</c>, …), so
    /// that the text can be written back unchanged. In the common case, the text proto3 itself writes, nothing is allocated.
    /// </summary>
    /// <param name="reader">The reader.</param>
    /// <param name="options">The options.</param>
    /// <param name="wireText">The text as read (unescaped), or null when writing the value reproduces it.</param>
    /// <returns>The value, with the offset it was sent with.</returns>
    /// <exception cref="JsonException">The token is not a string, or the text is not such a timestamp (the message says why).</exception>
    public static DateTimeOffset ReadTimestamp(ref Utf8JsonReader reader, JsonSerializerOptions options, out string? wireText)
    {
        if (reader.TokenType != JsonTokenType.String) throw Unexpected(ref reader, "an RFC 3339 timestamp");
        return reader.HasValueSequence || reader.ValueIsEscaped
            ? ReadEscapedOrSplitTimestamp(ref reader, out wireText)
            : ParseTimestampText(reader.ValueSpan, out wireText);
    }

    // An escaped or split string is unescaped on the stack (a buffer only this rare path pays for); one that long
    // escaped cannot be a timestamp.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static DateTimeOffset ReadEscapedOrSplitTimestamp(ref Utf8JsonReader reader, out string? wireText)
    {
        if ((reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length) > MaxEscapedTimestampLength)
        {
            throw NotATimestamp(reader.GetString()!, "it is longer than any timestamp");
        }

        Span<byte> unescaped = stackalloc byte[MaxEscapedTimestampLength];
        return ParseTimestampText(unescaped[..reader.CopyString(unescaped)], out wireText);
    }

    private static DateTimeOffset ParseTimestampText(ReadOnlySpan<byte> text, out string? wireText)
    {
        var problem = TryParseTimestamp(text, out var value, out var proto3Form);
        if (problem is not null) throw NotATimestamp(System.Text.Encoding.UTF8.GetString(text), problem);
        wireText = proto3Form ? null : System.Text.Encoding.ASCII.GetString(text);
        return value;
    }

    /// <summary>Parses a timestamp as <see cref="ReadTimestamp(ref Utf8JsonReader, JsonSerializerOptions)"/> reads it.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The value (with the offset of the text), or null when the text is not such a timestamp.</returns>
    public static DateTimeOffset? ParseTimestamp(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxTimestampLength || !System.Text.Ascii.IsValid(text)) return null;
        Span<byte> bytes = stackalloc byte[MaxTimestampLength];
        var length = System.Text.Encoding.ASCII.GetBytes(text, bytes);
        return TryParseTimestamp(bytes[..length], out var value, out _) is null ? value : null;
    }

    // The longest text proto3 accepts: yyyy-MM-ddTHH:mm:ss.fffffffff+hh:mm.
    private const int MaxTimestampLength = 35;

    // An escape (\u0030) is 6 bytes for one: the longest escaped text worth unescaping.
    private const int MaxEscapedTimestampLength = 6 * MaxTimestampLength;

    private static JsonException NotATimestamp(string text, string problem) => new(
        $"'{(text.Length > 64 ? string.Concat(text.AsSpan(0, 64), "…") : text)}' is not an RFC 3339 timestamp as proto3 sends them "
        + $"(yyyy-MM-ddTHH:mm:ss, up to 9 fractional digits, then Z or ±hh:mm): {problem}.");

    /// <summary>
    /// Parses proto3's RFC 3339 profile: <c>yyyy-MM-dd</c>, <c>T</c> (or <c>t</c>), <c>HH:mm:ss</c>, an optional <c>.</c> with
    /// 1 to 9 digits, then <c>Z</c> (or <c>z</c>) or <c>±hh:mm</c>; no leap second, years 0001 to 9999 in UTC.
    /// </summary>
    /// <param name="s">The text, ASCII.</param>
    /// <param name="value">The value; its offset is the text's, or zero for an offset beyond ±14:00 (which a <see cref="DateTimeOffset"/> cannot hold).</param>
    /// <param name="proto3Form">Whether <see cref="FormatTimestamp(DateTimeOffset, Span{byte})"/> writes exactly this text for the value.</param>
    /// <returns>Null, or what is wrong with the text.</returns>
    private static string? TryParseTimestamp(ReadOnlySpan<byte> s, out DateTimeOffset value, out bool proto3Form)
    {
        value = default;
        proto3Form = false;
        if (s.Length < 10 || !TryNumber(s, 0, 4, out var year) || s[4] != '-' || !TryNumber(s, 5, 2, out var month) || s[7] != '-' || !TryNumber(s, 8, 2, out var day)) return "it does not start with a date yyyy-MM-dd";
        if (s.Length < 11 || s[10] is not ((byte)'T' or (byte)'t')) return "the date must be followed by 'T' and the time";
        if (s.Length < 19 || !TryNumber(s, 11, 2, out var hour) || s[13] != ':' || !TryNumber(s, 14, 2, out var minute) || s[16] != ':' || !TryNumber(s, 17, 2, out var second)) return "the time is not HH:mm:ss";

        var position = 19;
        var fractionDigits = 0;
        var nanos = 0;
        if (position < s.Length && s[position] == '.')
        {
            position++;
            while (position + fractionDigits < s.Length && (uint)(s[position + fractionDigits] - '0') <= 9) fractionDigits++;
            if (fractionDigits == 0) return "there is no digit after the '.'";
            if (fractionDigits > 9) return "it has more than 9 fractional digits (proto3 timestamps hold nanoseconds)";
            TryNumber(s, position, fractionDigits, out nanos);
            for (var i = fractionDigits; i < 9; i++) nanos *= 10;
            position += fractionDigits;
        }

        if (position == s.Length) return "it has no UTC offset (Z or ±hh:mm)";
        long offsetMinutes = 0;
        var zulu = s[position] is (byte)'Z' or (byte)'z';
        if (zulu)
        {
            position++;
        }
        else if (s[position] is (byte)'+' or (byte)'-' && s.Length - position >= 6 && TryNumber(s, position + 1, 2, out var offsetHours) && s[position + 3] == ':' && TryNumber(s, position + 4, 2, out var offsetMinutesPart))
        {
            if (offsetHours > 23 || offsetMinutesPart > 59) return OutOfRange("the UTC offset {0:00}:{1:00} is out of range", offsetHours, offsetMinutesPart);
            offsetMinutes = (s[position] == '-' ? -1 : 1) * ((offsetHours * 60) + offsetMinutesPart);
            position += 6;
        }
        else
        {
            return "the time must be followed by a UTC offset, Z or ±hh:mm";
        }

        if (position != s.Length) return "there is text after the offset";

        if (year == 0) return "year 0 is before 0001, the first year proto3 timestamps hold";
        if (month is < 1 or > 12) return OutOfRange("month {0} does not exist", month);
        if (day < 1 || day > DateTime.DaysInMonth(year, month)) return OutOfRange("day {0} does not exist in {1:0000}-{2:00}", day, year, month);
        if (hour > 23) return OutOfRange("hour {0} is out of range (00 to 23)", hour);
        if (minute > 59) return OutOfRange("minute {0} is out of range (00 to 59)", minute);
        if (second > 59) return OutOfRange("second {0} is out of range (00 to 59: proto3 timestamps have no leap seconds)", second);

        var localTicks = new DateTime(year, month, day, hour, minute, second).Ticks + (nanos / 100);
        var offsetTicks = offsetMinutes * TimeSpan.TicksPerMinute;
        var utcTicks = localTicks - offsetTicks;
        if (utcTicks < 0) return "it is before 0001-01-01T00:00:00Z";
        if (utcTicks > DateTime.MaxValue.Ticks) return "it is after 9999-12-31T23:59:59.9999999Z";

        value = Math.Abs(offsetMinutes) <= 14 * 60
            ? new DateTimeOffset(localTicks, TimeSpan.FromTicks(offsetTicks))
            : new DateTimeOffset(utcTicks, TimeSpan.Zero);
        proto3Form = s[10] == 'T' && zulu && s[position - 1] == 'Z' && nanos % 100 == 0 && fractionDigits == Proto3FractionDigits(nanos);
        return null;

        // Digits only (no sign, no space), as the fixed-width fields of the profile are.
        static bool TryNumber(ReadOnlySpan<byte> s, int start, int count, out int number)
        {
            number = 0;
            if ((uint)(start + count) > (uint)s.Length) return false;
            foreach (var b in s.Slice(start, count))
            {
                var digit = (uint)(b - '0');
                if (digit > 9) return false;
                number = (number * 10) + (int)digit;
            }

            return true;
        }

        // Formatting the rare messages out of line keeps the parser's frame free of interpolation handlers, which the
        // runtime would otherwise zero on every call.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        static string OutOfRange(string format, int first, int second = 0, int third = 0) =>
            string.Format(CultureInfo.InvariantCulture, format, first, second, third);
    }

    /// <summary>
    /// The fractional digits proto3 writes for <paramref name="nanos"/>: "Generated output will always be Z-normalized with
    /// 0, 3, 6 or 9 fractional digits" (ProtoJSON format, Well-Known Types, Timestamp:
    /// https://protobuf.dev/programming-guides/json/), the fewest of those that hold the value exactly, as protojson,
    /// and so grpc-gateway, writes them.
    /// </summary>
    private static int Proto3FractionDigits(int nanos) =>
        nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;

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

            head[count] = ReadElement(ref reader, options, readElement, count);
            count++;
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

                buffer[count] = ReadElement(ref reader, options, readElement, count);
                count++;
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

    // Out of the loops above, so that only a failure pays for naming the element.
    private static T ReadElement<T>(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonReadFunc<T> readElement, int index)
    {
        try
        {
            return readElement(ref reader, options);
        }
        catch (JsonException exception)
        {
            throw JsonReadPath.AtIndex(exception, index);
        }
    }

    private static T ReadMapValue<T>(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonReadFunc<T> readValue, string key)
    {
        try
        {
            return readValue(ref reader, options);
        }
        catch (JsonException exception)
        {
            throw JsonReadPath.AtMember(exception, key);
        }
    }

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
            var key = StringOf(ref reader);
            reader.Read();
            var value = ReadMapValue(ref reader, options, readValue, key);
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
            key = StringOf(ref reader);
            reader.Read();
            map[key] = ReadMapValue(ref reader, options, readValue, key);
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

    /// <summary>
    /// Writes a timestamp in proto3's form: UTC with <c>Z</c>, and 0, 3, 6 or 9 fractional digits, the fewest that are
    /// exact (<c>2024-01-02T03:04:05Z</c>, <c>2024-01-02T03:04:05.500Z</c>, <c>2024-01-02T03:04:05.123456700Z</c>).
    /// </summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="options">The options.</param>
    public static void WriteTimestamp(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<byte> buffer = stackalloc byte[MaxTimestampLength];
        writer.WriteStringValue(buffer[..FormatTimestamp(value, buffer)]);
    }

    /// <summary>
    /// Writes a timestamp read with <see cref="ReadTimestamp(ref Utf8JsonReader, JsonSerializerOptions, out string?)"/>:
    /// its text as read while <paramref name="value"/> is still the value read from it (the same instant and offset),
    /// otherwise proto3's form (<see cref="WriteTimestamp(Utf8JsonWriter, DateTimeOffset, JsonSerializerOptions)"/>).
    /// </summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="wireText">The text the value was read from, or null.</param>
    /// <param name="options">The options.</param>
    public static void WriteTimestamp(Utf8JsonWriter writer, DateTimeOffset value, string? wireText, JsonSerializerOptions options)
    {
        if (wireText is not null && wireText.Length <= MaxTimestampLength && System.Text.Ascii.IsValid(wireText))
        {
            // The text is written as it was sent, quotes included: parsed, it holds only digits, '-', ':', '.', '+', T and Z,
            // none of which JSON escapes, while the writer's default encoder would escape '+' (\u002B).
            Span<byte> quoted = stackalloc byte[MaxTimestampLength + 2];
            var text = quoted.Slice(1, wireText.Length);
            System.Text.Encoding.ASCII.GetBytes(wireText, text);
            if (TryParseTimestamp(text, out var read, out _) is null && read.EqualsExact(value))
            {
                quoted[0] = (byte)'"';
                quoted[wireText.Length + 1] = (byte)'"';
                writer.WriteRawValue(quoted[..(wireText.Length + 2)], skipInputValidation: true);
                return;
            }
        }

        WriteTimestamp(writer, value, options);
    }

    /// <summary>Formats a timestamp in proto3's form (see <see cref="WriteTimestamp(Utf8JsonWriter, DateTimeOffset, JsonSerializerOptions)"/>).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string FormatTimestamp(DateTimeOffset value)
    {
        Span<byte> buffer = stackalloc byte[MaxTimestampLength];
        return System.Text.Encoding.ASCII.GetString(buffer[..FormatTimestamp(value, buffer)]);
    }

    private static int FormatTimestamp(DateTimeOffset value, Span<byte> buffer)
    {
        var utc = value.UtcDateTime;
        utc.TryFormat(buffer, out var written, "s", CultureInfo.InvariantCulture);   // yyyy-MM-ddTHH:mm:ss
        var nanos = (int)(utc.Ticks % TimeSpan.TicksPerSecond) * 100;
        var digits = Proto3FractionDigits(nanos);
        if (digits > 0)
        {
            buffer[written++] = (byte)'.';
            var fraction = nanos;
            for (var i = digits; i < 9; i++) fraction /= 10;
            for (var i = digits; i > 0; i--)
            {
                buffer[written + i - 1] = (byte)('0' + (fraction % 10));
                fraction /= 10;
            }

            written += digits;
        }

        buffer[written++] = (byte)'Z';
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

    /// <summary>Formats a query value as a timestamp in proto3's form (<see cref="FormatTimestamp(DateTimeOffset)"/>).</summary>
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
