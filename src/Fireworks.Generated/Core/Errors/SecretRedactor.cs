using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Fireworks;

/// <summary>
/// The one place that decides whether text reveals a secret, and removes it. Every text that leaves the SDK
/// through an exception (message, properties, inner exceptions, <see cref="Exception.Data"/>) or a log event
/// (message, values, scopes) passes through it, as does every error text a signed URL's storage sends back.
/// </summary>
/// <remarks>
/// <para>
/// What counts as a secret: the API key (or another known value, such as a signed URL's signature) in any letter
/// case, and any run of <see cref="MinFragmentLength"/> or more of its consecutive characters (a server that echoes
/// a truncated key still leaks most of it), also after undoing JSON escapes (<c>\u0066w_…</c>, <c>\/</c>),
/// percent-encoding (<c>fw%5F…</c>) and XML/HTML character references (<c>&amp;amp;</c>, <c>&amp;#43;</c>), even
/// nested. A masked key showing only a few characters (<c>fw_…6789</c>) is not a fragment and is kept.
/// </para>
/// <para>
/// Whatever the secrets, the value of every signature-, credential- or token-bearing query parameter of a signed or
/// session URL (<see cref="CredentialParameters"/>) counts too, in any of those encodings: a server may quote a URL
/// that the SDK never saw.
/// </para>
/// </remarks>
internal sealed class SecretRedactor
{
    /// <summary>What replaces the key.</summary>
    internal const string Redacted = "[REDACTED]";

    /// <summary>The shortest run of the key's characters treated as the key (the whole key when it is shorter).</summary>
    internal const int MinFragmentLength = 16;

    /// <summary>
    /// A query value shorter than this is redacted only where its parameter's name precedes it: matched on its own,
    /// a short value (<c>sv=2024</c>) would cut unrelated text.
    /// </summary>
    internal const int MinQueryValueLength = 8;

    /// <summary>
    /// Query parameters whose value lets its holder act as the signer: signatures (GCS V4 and V2, S3 SigV4 and V2,
    /// CloudFront, Azure SAS <c>sig</c>), the credentials they name, security and access tokens, and the id of a
    /// GCS resumable upload session (the session URL is itself the bearer credential).
    /// </summary>
    internal static readonly IReadOnlyList<string> CredentialParameters =
    [
        "X-Goog-Signature", "X-Goog-Credential", "X-Amz-Signature", "X-Amz-Credential", "X-Amz-Security-Token",
        "Signature", "sig", "GoogleAccessId", "AWSAccessKeyId", "access_token", "token", "upload_id",
    ];

    private const int MaxDecodingRounds = 3;

    private static readonly JsonWriterOptions JsonWriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly HashSet<string> CredentialParameterNames = new(CredentialParameters, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// <c>name=value</c> for a name in <see cref="CredentialParameters"/> (not inside a longer name: <c>pageToken=</c>
    /// is not <c>token=</c>). The value runs up to what ends a query value in a URL quoted in text, XML or JSON; it
    /// may hold <see cref="Redacted"/> already (a fragment cut out of it), and is a secret unless that is all it is.
    /// </summary>
    private static readonly Regex CredentialParameter = new(
        "(?<![A-Za-z0-9_.-])(?<name>" + string.Join('|', CredentialParameters.Select(Regex.Escape)) + ")=(?<value>(?:" + Regex.Escape(Redacted) + "|[^&\\s\"'<>#\\\\,;)\\[\\]}])+)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Compiled);

    private readonly string[] _fragments;

    /// <summary>Creates a redactor for <paramref name="secret"/>; null or empty redacts only credential query parameters.</summary>
    internal SecretRedactor(string? secret)
        : this(string.IsNullOrEmpty(secret) ? [] : Fragments(secret))
    {
    }

    private SecretRedactor(string[] fragments) => _fragments = fragments;

    /// <summary>
    /// This redactor, and also for each of <paramref name="secrets"/> (the secrets a request body sends, such as a
    /// W&amp;B API key), by the same rules as the API key.
    /// </summary>
    internal SecretRedactor With(IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        return new SecretRedactor(_fragments.Concat(secrets.Where(s => s.Length > 0).SelectMany(Fragments)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray());
    }

    /// <summary>A redactor with no secret of its own (it still redacts credential query parameters).</summary>
    internal static SecretRedactor None { get; } = new(secret: null);

    /// <summary>
    /// A redactor for what a signed or session URL's storage sends back: besides the credential parameters by name,
    /// the value of each of them on its own and any run of <see cref="MinFragmentLength"/> of its characters (S3
    /// quotes the bare signature in <c>&lt;SignatureProvided&gt;</c>), and the URL's whole query as it is (so a
    /// parameter of a scheme not listed in <see cref="CredentialParameters"/> is not quoted with it either).
    /// </summary>
    internal static SecretRedactor ForSignedUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var query = url.IsAbsoluteUri ? url.Query.TrimStart('?') : string.Empty;

        // The whole query only as a whole: its harmless parts (an algorithm name, an expiry date) also appear in
        // storage errors on their own, where cutting them would hide what went wrong.
        var fragments = new List<string>();
        foreach (var whole in new[] { query, Unescape(query) })
        {
            if (whole.Length >= MinQueryValueLength)
            {
                fragments.Add(whole);
            }
        }

        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && CredentialParameterNames.Contains(Unescape(pair[..equals])) && Unescape(pair[(equals + 1)..]) is { Length: >= MinQueryValueLength } value)
            {
                fragments.AddRange(Fragments(value));
            }
        }

        return new SecretRedactor(fragments.Distinct(StringComparer.OrdinalIgnoreCase).ToArray());
    }

    /// <summary>Whether <paramref name="text"/> reveals a secret, verbatim or encoded.</summary>
    internal bool Reveals(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        return ContainsSecret(text) || (Decode(text) is { } decoded && ContainsSecret(decoded));
    }

    /// <summary>
    /// <paramref name="text"/> with every appearance of a secret replaced by <see cref="Redacted"/>. When a secret
    /// still appears encoded once the plain appearances are cut, the text is returned decoded (then redacted), since
    /// its encoded form cannot be cut without decoding it.
    /// </summary>
    internal string Redact(string text)
    {
        if (!Reveals(text))
        {
            return text;
        }

        var redacted = ReplaceSecrets(text);
        return Reveals(redacted) && Decode(redacted) is { } decoded ? ReplaceSecrets(decoded) : redacted;
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

    private static string[] Fragments(string secret)
    {
        var length = Math.Min(MinFragmentLength, secret.Length);
        var fragments = new string[secret.Length - length + 1];
        for (var i = 0; i < fragments.Length; i++)
        {
            fragments[i] = secret.Substring(i, length);
        }

        return fragments;
    }

    private static string Unescape(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            return text;
        }
    }

    private static bool IsRedacted(Match parameter) => parameter.Groups["value"].ValueSpan.SequenceEqual(Redacted);

    private bool ContainsSecret(string text)
    {
        if (ContainsFragment(text))
        {
            return true;
        }

        if (text.Contains('=', StringComparison.Ordinal))
        {
            foreach (Match parameter in CredentialParameter.Matches(text))
            {
                if (!IsRedacted(parameter))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // Parameters first, so a value is cut whole rather than around the fragments found in it.
    private string ReplaceSecrets(string text) => ReplaceFragments(text.Contains('=', StringComparison.Ordinal)
        ? CredentialParameter.Replace(text, parameter => IsRedacted(parameter) ? parameter.Value : parameter.Groups["name"].Value + "=" + Redacted)
        : text);

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
    /// The text with ASCII JSON escapes (<c>\u00XX</c>, <c>\/</c>, <c>\\</c>, <c>\"</c>), percent-escapes
    /// (<c>%XX</c>) and XML/HTML character references (<c>&amp;amp;</c>, <c>&amp;#NN;</c>, <c>&amp;#xHH;</c>) undone,
    /// repeatedly for nested encodings; null when it has none. Secrets are ASCII, so other escapes are left as they are.
    /// </summary>
    private static string? Decode(string text)
    {
        string? decoded = null;
        var current = text;
        for (var round = 0; round < MaxDecodingRounds && current.AsSpan().IndexOfAny('\\', '%', '&') >= 0; round++)
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
            else if (c == '&' && TryCharacterReference(text.AsSpan(i), out var referenced, out var length))
            {
                builder.Append(referenced);
                i += length - 1;
                continue;
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

    /// <summary>Whether an XML/HTML character reference for an ASCII character starts <paramref name="text"/>.</summary>
    private static bool TryCharacterReference(ReadOnlySpan<char> text, out char value, out int length)
    {
        value = default;
        length = 0;
        var end = text[..Math.Min(text.Length, 10)].IndexOf(';');
        if (end < 2)
        {
            return false;
        }

        var name = text[1..end];
        int code;
        if (name[0] == '#')
        {
            var hex = name.Length > 1 && name[1] is 'x' or 'X';
            if (!int.TryParse(hex ? name[2..] : name[1..], hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out code))
            {
                return false;
            }
        }
        else
        {
            code = name switch { "amp" => '&', "lt" => '<', "gt" => '>', "quot" => '"', "apos" => '\'', _ => -1 };
        }

        if (code is < 0 or >= 0x80)
        {
            return false;
        }

        value = (char)code;
        length = end + 1;
        return true;
    }
}
