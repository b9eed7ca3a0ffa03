using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Fireworks;

/// <summary>
/// The one place that decides whether text reveals the API key, and removes it. Every text that leaves the SDK
/// through an exception (message, properties, inner exceptions, <see cref="Exception.Data"/>) or a log event
/// (message, values, scopes) passes through it.
/// </summary>
/// <remarks>
/// What counts as the key: the key itself in any letter case, and any run of <see cref="MinFragmentLength"/>
/// or more of its consecutive characters (a server that echoes a truncated key still leaks most of it), also
/// after undoing JSON escapes (<c>\u0066w_…</c>, <c>\/</c>) and percent-encoding (<c>fw%5F…</c>), even
/// nested. A masked key showing only a few characters (<c>fw_…6789</c>) is not a fragment and is kept.
/// </remarks>
internal sealed class SecretRedactor
{
    /// <summary>What replaces the key.</summary>
    internal const string Redacted = "[REDACTED]";

    /// <summary>The shortest run of the key's characters treated as the key (the whole key when it is shorter).</summary>
    internal const int MinFragmentLength = 16;

    private const int MaxDecodingRounds = 3;

    private static readonly JsonWriterOptions JsonWriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string[] _fragments;

    /// <summary>Creates a redactor for <paramref name="secret"/>; null or empty redacts nothing.</summary>
    internal SecretRedactor(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            _fragments = [];
            return;
        }

        var length = Math.Min(MinFragmentLength, secret.Length);
        _fragments = new string[secret.Length - length + 1];
        for (var i = 0; i < _fragments.Length; i++)
        {
            _fragments[i] = secret.Substring(i, length);
        }
    }

    /// <summary>A redactor with no secret.</summary>
    internal static SecretRedactor None { get; } = new(null);

    /// <summary>Whether <paramref name="text"/> reveals the key, verbatim or encoded.</summary>
    internal bool Reveals(string? text)
    {
        if (_fragments.Length == 0 || string.IsNullOrEmpty(text))
        {
            return false;
        }

        return ContainsFragment(text) || (Decode(text) is { } decoded && ContainsFragment(decoded));
    }

    /// <summary>
    /// <paramref name="text"/> with every appearance of the key replaced by <see cref="Redacted"/>. When the key
    /// only appears encoded, the text is returned decoded (then redacted), since its encoded form cannot be cut
    /// without decoding it.
    /// </summary>
    internal string Redact(string text)
    {
        if (!Reveals(text))
        {
            return text;
        }

        return ReplaceFragments(Decode(text) is { } decoded && ContainsFragment(decoded) ? decoded : text);
    }

    /// <summary><see cref="Redact"/> for an optional text.</summary>
    internal string? RedactOrNull(string? text) => text is null ? null : Redact(text);

    /// <summary>
    /// A response body with the key removed. A JSON body stays JSON: each string and property name is redacted
    /// after JSON unescaping, and the document is written back (compact); anything else is redacted as text.
    /// </summary>
    internal string RedactBody(string body)
    {
        if (!Reveals(body))
        {
            return body;
        }

        try
        {
            var buffer = new ArrayBufferWriter<byte>(body.Length);
            using (var writer = new Utf8JsonWriter(buffer, JsonWriterOptions))
            {
                var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(body));
                while (reader.Read())
                {
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.StartObject: writer.WriteStartObject(); break;
                        case JsonTokenType.EndObject: writer.WriteEndObject(); break;
                        case JsonTokenType.StartArray: writer.WriteStartArray(); break;
                        case JsonTokenType.EndArray: writer.WriteEndArray(); break;
                        case JsonTokenType.PropertyName: writer.WritePropertyName(Redact(reader.GetString()!)); break;
                        case JsonTokenType.String: writer.WriteStringValue(Redact(reader.GetString()!)); break;
                        case JsonTokenType.Number: writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true); break;
                        case JsonTokenType.True: writer.WriteBooleanValue(true); break;
                        case JsonTokenType.False: writer.WriteBooleanValue(false); break;
                        case JsonTokenType.Null: writer.WriteNullValue(); break;
                    }
                }
            }

            var json = Encoding.UTF8.GetString(buffer.WrittenSpan);
            return Reveals(json) ? Redact(json) : json;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return Redact(body);
        }
    }

    /// <summary>
    /// <paramref name="exception"/> itself when nothing in it — message, stack, inner exceptions, <c>Data</c> —
    /// reveals the key; otherwise a <see cref="RedactedException"/> copy with the key removed everywhere.
    /// </summary>
    internal Exception Sanitize(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return RevealedBy(exception) ? new RedactedException(exception, this) : exception;
    }

    /// <summary><see cref="Sanitize"/> for an optional exception.</summary>
    internal Exception? SanitizeOrNull(Exception? exception) => exception is null ? null : Sanitize(exception);

    /// <summary>Copies the entries of <paramref name="source"/> into <paramref name="target"/> as strings, redacted.</summary>
    internal void CopyData(IDictionary source, IDictionary target)
    {
        foreach (DictionaryEntry entry in source)
        {
            var key = Redact(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty);
            if (!target.Contains(key))
            {
                target[key] = RedactOrNull(Convert.ToString(entry.Value, CultureInfo.InvariantCulture));
            }
        }
    }

    private bool RevealedBy(Exception exception)
    {
        if (_fragments.Length == 0)
        {
            return false;
        }

        if (Reveals(exception.ToString()))
        {
            return true;
        }

        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (DataReveals(current.Data))
            {
                return true;
            }

            if (current is AggregateException aggregate && aggregate.InnerExceptions.Any(RevealedBy))
            {
                return true;
            }
        }

        return false;
    }

    private bool DataReveals(IDictionary data)
    {
        foreach (DictionaryEntry entry in data)
        {
            if (Reveals(Convert.ToString(entry.Key, CultureInfo.InvariantCulture)) || Reveals(Convert.ToString(entry.Value, CultureInfo.InvariantCulture)))
            {
                return true;
            }
        }

        return false;
    }

    private bool ContainsFragment(string text)
    {
        foreach (var fragment in _fragments)
        {
            if (text.Contains(fragment, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private string ReplaceFragments(string text)
    {
        var covered = new bool[text.Length];
        foreach (var fragment in _fragments)
        {
            var index = 0;
            while ((index = text.IndexOf(fragment, index, StringComparison.OrdinalIgnoreCase)) >= 0)
            {
                Array.Fill(covered, true, index, fragment.Length);
                index++;
            }
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (!covered[i])
            {
                builder.Append(text[i]);
            }
            else if (i == 0 || !covered[i - 1])
            {
                builder.Append(Redacted);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The text with ASCII JSON escapes (<c>\u00XX</c>, <c>\/</c>, <c>\\</c>, <c>\"</c>) and percent-escapes
    /// (<c>%XX</c>) undone, repeatedly for nested encodings; null when it has none. The key is ASCII, so other
    /// escapes are left as they are.
    /// </summary>
    private static string? Decode(string text)
    {
        string? decoded = null;
        var current = text;
        for (var round = 0; round < MaxDecodingRounds && current.AsSpan().IndexOfAny('\\', '%') >= 0; round++)
        {
            var next = DecodeOnce(current);
            if (next == current)
            {
                break;
            }

            decoded = current = next;
        }

        return decoded;
    }

    private static string DecodeOnce(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                var next = text[i + 1];
                if (next is '/' or '\\' or '"')
                {
                    builder.Append(next);
                    i++;
                    continue;
                }

                if (next is 'u' or 'U' && i + 5 < text.Length
                    && int.TryParse(text.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                    && code < 0x80)
                {
                    builder.Append((char)code);
                    i += 5;
                    continue;
                }
            }
            else if (c == '%' && i + 2 < text.Length
                && byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
                && value < 0x80)
            {
                builder.Append((char)value);
                i += 2;
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
