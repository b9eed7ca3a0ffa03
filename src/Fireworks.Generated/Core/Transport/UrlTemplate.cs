using System.Buffers;
using System.Collections;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Kiota.Abstractions;

namespace Fireworks;

/// <summary>
/// A URL template of generated code, parsed once: its path variables (for validation) and a compiled form that
/// expands a <see cref="RequestInformation"/>'s parameters into the same string Kiota's
/// <see cref="RequestInformation.URI"/> produces through Std.UriTemplate, without re-parsing the template or
/// building a substitution dictionary on every call.
/// </summary>
/// <remarks>
/// The compiled form covers what the generator emits: literals, simple <c>{name}</c>, reserved <c>{+name}</c> and
/// form-style <c>{?a,b*}</c> / <c>{&amp;a}</c> expressions over strings, booleans, numbers and lists of strings.
/// Anything else (another operator, a prefix modifier, a value of another type, a value whose encoding
/// Std.UriTemplate treats specially) makes <see cref="TryExpand"/> return false, and the caller falls back to
/// Kiota's own expansion, so the resulting URI is always the one Kiota would build.
/// </remarks>
internal sealed class UrlTemplate
{
    private const int InlineSlots = 8;

    // A UTF-16 char is at most 3 UTF-8 bytes, each escaped as %XX.
    private const int MaxEscapedCharsPerChar = 9;

    // RFC 3986 unreserved characters: the only ones Std.UriTemplate leaves unescaped outside {+…}.
    private static readonly SearchValues<char> Unreserved =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~");

    // Templates are string literals of generated code, so the cache stays small.
    private static readonly ConcurrentDictionary<string, UrlTemplate> Cache = new(StringComparer.Ordinal);

    private readonly Part[]? _parts;
    private readonly string[] _variables;

    private UrlTemplate(string text)
    {
        PathVariables = FireworksPipeline.ParsePathVariables(text);
        (_parts, _variables) = Compile(text);
    }

    /// <summary>The variables of simple <c>{name}</c> expressions: the path parameters a request must set.</summary>
    internal string[] PathVariables { get; }

    /// <summary>Whether the template compiled; when false every expansion goes through Kiota (generated templates always compile).</summary>
    internal bool IsCompiled => _parts is not null;

    /// <summary>The parsed template for <paramref name="text"/>, from the process-wide cache.</summary>
    internal static UrlTemplate Get(string text) => Cache.GetOrAdd(text, static t => new UrlTemplate(t));

    /// <summary>
    /// Expands the request's path and query parameters into this template, as Kiota's
    /// <see cref="RequestInformation.URI"/> would.
    /// </summary>
    /// <param name="request">The request; its <see cref="RequestInformation.UrlTemplate"/> is this template.</param>
    /// <param name="uri">The expanded URI string.</param>
    /// <returns>False when the template or a value is outside the compiled subset; the caller then uses Kiota.</returns>
    internal bool TryExpand(RequestInformation request, out string uri)
    {
        uri = string.Empty;
        if (_parts is null)
        {
            return false;
        }

        // Kiota gathers every path and then every non-null query parameter into one dictionary: values are
        // looked up by exact (ordinal) name, and a name set in both places makes it throw. Leave those to Kiota.
        var slots = new Slots();
        var values = _variables.Length <= InlineSlots ? (Span<object?>)slots : new object?[_variables.Length];
        if (!Collect(request.PathParameters, values, otherParameters: null) || !Collect(request.QueryParameters, values, request.PathParameters))
        {
            return false;
        }

        var builder = new DefaultInterpolatedStringHandler(0, 0, provider: null, stackalloc char[256]);
        foreach (var part in _parts)
        {
            if (part.Literal is not null)
            {
                builder.AppendLiteral(part.Literal);
                continue;
            }

            var first = true;
            foreach (var variable in part.Variables!)
            {
                var value = values[variable.Slot];
                if (value is null || value is IList { Count: 0 })
                {
                    continue;
                }

                builder.AppendLiteral(first ? Prefix(part.Operator) : Separator(part.Operator));
                first = false;
                if (value is string text)
                {
                    if (!AppendValue(ref builder, part.Operator, variable.Name, text))
                    {
                        builder.ToStringAndClear();
                        return false;
                    }

                    continue;
                }

                var list = (IList)value;
                for (var i = 0; i < list.Count; i++)
                {
                    // Std.UriTemplate: explode repeats the name after the operator's separator, otherwise items follow a comma.
                    if (i > 0)
                    {
                        builder.AppendLiteral(variable.Explode ? Separator(part.Operator) : ",");
                    }

                    var appended = i == 0 || variable.Explode
                        ? AppendValue(ref builder, part.Operator, variable.Name, (string)list[i]!)
                        : AppendElement(ref builder, part.Operator, (string)list[i]!);
                    if (!appended)
                    {
                        builder.ToStringAndClear();
                        return false;
                    }
                }
            }
        }

        uri = builder.ToStringAndClear();
        return true;
    }

    private bool Collect(IDictionary<string, object> parameters, Span<object?> values, IDictionary<string, object>? otherParameters)
    {
        if (parameters is Dictionary<string, object> dictionary)
        {
            foreach (var (name, value) in dictionary)
            {
                if (!CollectOne(name, value, values, otherParameters))
                {
                    return false;
                }
            }

            return true;
        }

        foreach (var (name, value) in parameters)
        {
            if (!CollectOne(name, value, values, otherParameters))
            {
                return false;
            }
        }

        return true;
    }

    private bool CollectOne(string name, object? value, Span<object?> values, IDictionary<string, object>? otherParameters)
    {
        if (otherParameters is not null)
        {
            // Query parameters: Kiota skips null values and fails on a name the path parameters already hold.
            if (value is null)
            {
                return true;
            }

            if (otherParameters.ContainsKey(name))
            {
                return false;
            }
        }

        // Kiota sanitizes every parameter (even one the template does not use), and some values make it throw.
        if (!TrySanitize(value, out var sanitized))
        {
            return false;
        }

        var slot = Array.IndexOf(_variables, name);
        if (slot >= 0)
        {
            values[slot] = sanitized;
        }

        return true;
    }

    /// <summary>Kiota's <c>GetSanitizedValues</c> followed by Std.UriTemplate's scalar conversion, for the supported types.</summary>
    private static bool TrySanitize(object? value, out object? sanitized)
    {
        switch (value)
        {
            case null:
            case string:
                sanitized = value;
                return true;
            case bool boolean:
                sanitized = boolean ? "true" : "false";
                return true;
            case int or long or float or double:
                // Exactly Std.UriTemplate's conversion (current culture, lower-cased).
                sanitized = value.ToString()!.ToLower();
                return true;
            case string[] strings:
                sanitized = strings;
                return Array.IndexOf(strings, null) < 0;
            case Array array:
                return TrySanitizeArray(array, out sanitized);
            case IList list when list is not Array:
                sanitized = list;
                foreach (var item in list)
                {
                    if (item is not string)
                    {
                        return false;
                    }
                }

                return true;
            default:
                sanitized = null;
                return false;
        }
    }

    private static bool TrySanitizeArray(Array array, out object? sanitized)
    {
        sanitized = null;
        var items = new object[array.Length];
        for (var i = 0; i < items.Length; i++)
        {
            switch (array.GetValue(i))
            {
                case string text:
                    items[i] = text;
                    break;
                case bool boolean:
                    items[i] = boolean ? "true" : "false";
                    break;
                default:
                    return false;
            }
        }

        sanitized = items;
        return true;
    }

    private static bool AppendValue(ref DefaultInterpolatedStringHandler builder, char op, string name, string value)
    {
        if (op is '?' or '&')
        {
            builder.AppendLiteral(name);
            builder.AppendLiteral("=");
        }

        return AppendElement(ref builder, op, value);
    }

    private static bool AppendElement(ref DefaultInterpolatedStringHandler builder, char op, string value)
    {
        // Std.UriTemplate encodes one char at a time, and Uri then treats surrogates its own way: leave them to Kiota.
        if (value.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return false;
        }

        return op == '+' ? AppendReserved(ref builder, value) : AppendUnreserved(ref builder, value);
    }

    /// <summary>Std.UriTemplate's encoding outside <c>{+…}</c>: every character but RFC 3986's unreserved ones is percent-encoded as UTF-8.</summary>
    private static bool AppendUnreserved(ref DefaultInterpolatedStringHandler builder, string value)
    {
        // Ids are usually unreserved already: copy them as they are.
        var firstToEscape = value.AsSpan().IndexOfAnyExcept(Unreserved);
        if (firstToEscape < 0)
        {
            builder.AppendLiteral(value);
            return true;
        }

        // Std.UriTemplate escapes one char at a time; without surrogates that equals escaping the whole string.
        const int MaxStackChars = 512;
        var rest = value.AsSpan(firstToEscape);
        if (rest.Length * MaxEscapedCharsPerChar <= MaxStackChars)
        {
            Span<char> escaped = stackalloc char[MaxStackChars];
            if (Uri.TryEscapeDataString(rest, escaped, out var written))
            {
                builder.AppendFormatted(value.AsSpan(0, firstToEscape));
                builder.AppendFormatted(escaped[..written]);
                return true;
            }
        }

        builder.AppendLiteral(Uri.EscapeDataString(value));
        return true;
    }

    /// <summary>
    /// Std.UriTemplate's encoding inside <c>{+…}</c>: a space becomes <c>%20</c>, other ASCII is copied (the
    /// <see cref="Uri"/> constructor escapes what it must), and non-ASCII characters are percent-encoded as UTF-8,
    /// except the C1 controls and the noncharacters U+FDD0–U+FDEF and U+FFF0–U+FFFF, which it copies.
    /// </summary>
    private static bool AppendReserved(ref DefaultInterpolatedStringHandler builder, string value)
    {
        // Std.UriTemplate keeps valid %XX triplets and re-encodes the others with rules of its own: leave those to it.
        if (value.Contains('%', StringComparison.Ordinal))
        {
            return false;
        }

        Span<char> escaped = stackalloc char[MaxEscapedCharsPerChar];
        var span = value.AsSpan();
        var copyFrom = 0;
        for (var i = 0; i < span.Length; i++)
        {
            var c = span[i];
            if (c is not ' ' && (c < '\u00A0' || c is >= '\uFDD0' and <= '\uFDEF' || c >= '\uFFF0'))
            {
                continue;
            }

            builder.AppendFormatted(span[copyFrom..i]);
            copyFrom = i + 1;
            if (c == ' ')
            {
                builder.AppendLiteral("%20");
            }
            else if (Uri.TryEscapeDataString(span.Slice(i, 1), escaped, out var written))
            {
                builder.AppendFormatted(escaped[..written]);
            }
            else
            {
                return false;
            }
        }

        builder.AppendFormatted(span[copyFrom..]);
        return true;
    }

    private static string Prefix(char op) => op switch
    {
        '?' => "?",
        '&' => "&",
        _ => string.Empty,
    };

    private static string Separator(char op) => op is '?' or '&' ? "&" : ",";

    /// <summary>
    /// Splits the template into literals and expressions the way Std.UriTemplate reads it; returns no parts when
    /// the template uses anything outside the compiled subset (or is malformed, which Kiota then reports).
    /// </summary>
    private static (Part[]? Parts, string[] Variables) Compile(string template)
    {
        var parts = new List<Part>();
        var variables = new List<string>();
        var index = 0;
        while (index < template.Length)
        {
            var open = template.IndexOf('{', index);
            var literalEnd = open < 0 ? template.Length : open;
            if (literalEnd > index)
            {
                var literal = template[index..literalEnd];
                if (literal.Contains('}', StringComparison.Ordinal))
                {
                    return (null, []);
                }

                parts.Add(new Part(literal, default, null));
            }

            if (open < 0)
            {
                break;
            }

            var close = template.IndexOf('}', open);
            if (close < 0)
            {
                return (null, []);
            }

            var expression = template.AsSpan(open + 1, close - open - 1);
            var op = expression.Length > 0 && expression[0] is '+' or '?' or '&' ? expression[0] : '\0';
            var names = op == '\0' ? expression : expression[1..];
            var specs = new List<Variable>();
            foreach (var range in names.Split(','))
            {
                var spec = names[range];
                var explode = spec.EndsWith('*');
                var name = explode ? spec[..^1] : spec;
                if (name.IsEmpty || !IsVariableName(name))
                {
                    return (null, []);
                }

                var text = name.ToString();
                var slot = variables.IndexOf(text);
                if (slot < 0)
                {
                    slot = variables.Count;
                    variables.Add(text);
                }

                specs.Add(new Variable(text, slot, explode));
            }

            parts.Add(new Part(null, op, [.. specs]));
            index = close + 1;
        }

        return ([.. parts], [.. variables]);
    }

    // Letters, digits, '_', '.' and '%' (pct-encoded names such as %24filter); Std.UriTemplate rejects or treats the rest specially.
    private static bool IsVariableName(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '%'))
            {
                return false;
            }
        }

        return name[0] != '.' && name[^1] != '.';
    }

    private sealed record Variable(string Name, int Slot, bool Explode);

    private sealed record Part(string? Literal, char Operator, Variable[]? Variables);

    [InlineArray(InlineSlots)]
    private struct Slots
    {
        private object? _first;
    }
}
