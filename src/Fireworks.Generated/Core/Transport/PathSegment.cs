using System.Globalization;
using System.Text;

namespace Fireworks;

/// <summary>
/// The one rule for a value that fills a path variable (<c>{dataset_id}</c>, <c>{account_id}</c>, a segment of a
/// resource name): it must reach the server as exactly that one path segment, whatever escaping, decoding or
/// normalisation happens on the way.
/// </summary>
/// <remarks>
/// <para>
/// The API documents resource ids as 1–63 characters of <c>a-z</c>, <c>0-9</c> and <c>-</c>, starting with a
/// letter and not ending with <c>-</c> (AIP-122). Ids it accepts go beyond that rule (server-made ids starting
/// with a digit such as <c>12345678</c>, the <c>-</c> wildcard of AIP-159, model ids with a dot such as
/// <c>kimi-k2.6</c>), so those limits stay the server's to enforce. What is refused here is what can never be
/// an id and could change the URL: empty values, the dot segments <c>.</c> and <c>..</c> (which URL
/// normalisation turns into the parent resource), and any character outside the RFC 3986 unreserved set
/// (<c>A-Z a-z 0-9 - . _ ~</c>) — <c>/</c> and <c>\</c> split segments, <c>%</c> invites double decoding,
/// <c>:</c> <c>;</c> <c>?</c> <c>#</c> route elsewhere on some servers, control characters and whitespace
/// are never ids, and non-ASCII look-alikes (<c>．</c>, <c>／</c>) normalise into dots and slashes. An
/// accepted id is therefore sent byte for byte, unescaped.
/// </para>
/// </remarks>
internal static class PathSegment
{
    private const int MaxEchoedChars = 80;

    /// <summary>Throws unless <paramref name="value"/> is a valid path id.</summary>
    /// <param name="value">The value the caller passed.</param>
    /// <param name="parameterName">The C# parameter name (the exception's <see cref="ArgumentException.ParamName"/>).</param>
    /// <param name="label">How the message names the value; defaults to <paramref name="parameterName"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not one path segment; the message says why.</exception>
    internal static void Validate(string? value, string parameterName, string? label = null)
    {
        if (value is null)
        {
            throw new ArgumentNullException(parameterName, $"{label ?? parameterName} must not be null.");
        }

        if (Problem(value) is { } problem)
        {
            throw new ArgumentException($"{label ?? parameterName} {Echo(value)} is not a valid resource id: {problem}.", parameterName);
        }
    }

    /// <summary>Like <see cref="Validate"/>, but null (meaning "use the default") is accepted.</summary>
    internal static void ValidateOptional(string? value, string parameterName, string? label = null)
    {
        if (value is not null)
        {
            Validate(value, parameterName, label);
        }
    }

    /// <summary>Why <paramref name="value"/> is not a valid path id, or null when it is.</summary>
    internal static string? Problem(string value)
    {
        if (value.Length == 0)
        {
            return "it is empty";
        }

        if (value is "." or "..")
        {
            return $"'{value}' is a dot segment, which the URL would resolve to {(value == "." ? "the collection" : "the parent resource")} instead of this id";
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')
            {
                continue;
            }

            return c switch
            {
                '/' or '\\' => $"'{c}' would split it into several path segments (pass the id, the last segment of a resource name such as 'accounts/a/datasets/my-id')",
                '%' => "'%' is not an id character (ids are sent unescaped; percent-escapes could be decoded into '/' or '..')",
                _ when char.IsControl(c) => $"it contains the control character {Describe(c)}",
                _ when char.IsWhiteSpace(c) => $"it contains whitespace ({Describe(c)})",
                _ when c > '\u007f' => $"it contains the non-ASCII character {Describe(c)} (ids are ASCII: a-z, 0-9 and '-' as documented)",
                _ => $"'{c}' is not an id character (ids are ASCII letters, digits, '-', '.', '_' and '~'; the API documents a-z, 0-9 and '-')",
            };
        }

        return null;
    }

    private static string Describe(char c) => string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}");

    // The value as the message quotes it: control characters escaped, long values cut.
    internal static string Echo(string value)
    {
        var builder = new StringBuilder(Math.Min(value.Length, MaxEchoedChars) + 8).Append('\'');
        foreach (var c in value.Length > MaxEchoedChars ? value.AsSpan(0, MaxEchoedChars) : value.AsSpan())
        {
            if (char.IsControl(c) || (char.IsWhiteSpace(c) && c != ' '))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append(value.Length > MaxEchoedChars ? "…'" : "'").ToString();
    }
}
