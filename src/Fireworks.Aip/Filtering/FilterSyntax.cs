using System.Globalization;
using System.Text;

namespace Fireworks.Aip;

/// <summary>Character classes, quoting and literal formatting shared by the lexer, printer and builders.</summary>
internal static class FilterSyntax
{
    private const long TicksPerSecond = TimeSpan.TicksPerSecond;

    /// <summary>Characters that may appear in an unquoted TEXT token (AIP-160 lexer).</summary>
    public static bool IsTextChar(char c) =>
        !char.IsWhiteSpace(c) && c is not ('(' or ')' or '-' or '.' or '=' or ':' or '<' or '>' or '!' or ',' or '"' or '\'');

    public static bool IsKeyword(string text) => text is "AND" or "OR" or "NOT";

    public static bool IsAsciiLetterOrUnderscore(char c) => char.IsAsciiLetter(c) || c == '_';

    public static bool IsAsciiIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>
    /// A name that can be printed bare as the first name of a member: an ASCII identifier that is not a keyword and,
    /// when it stands alone, not a boolean literal.
    /// </summary>
    public static bool IsBareRootName(string name, bool single)
    {
        if (name.Length == 0 || !IsAsciiLetterOrUnderscore(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsAsciiIdentifierChar(c))
            {
                return false;
            }
        }

        return !IsKeyword(name) && !(single && name is "true" or "false");
    }

    /// <summary>A name that can be printed bare after a dot: ASCII letters, digits and underscores.</summary>
    public static bool IsBareFieldName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsAsciiIdentifierChar(c))
            {
                return false;
            }
        }

        return true;
    }

    public static void ThrowIfInvalidUtf16(string value, string parameterName)
    {
        var index = IndexOfUnpairedSurrogate(value);
        if (index >= 0)
        {
            throw new ArgumentException(
                $"The value has an unpaired UTF-16 surrogate at index {index}; it cannot be encoded as UTF-8.",
                parameterName);
        }
    }

    public static int IndexOfUnpairedSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                    continue;
                }

                return i;
            }

            if (char.IsLowSurrogate(c))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Prints <paramref name="value"/> as a double-quoted AIP-160 string. Quotes, backslashes and control characters
    /// are escaped, so no value can end the string early; a <c>*</c> is escaped as <c>\*</c> unless its index is in
    /// <paramref name="wildcardIndexes"/>.
    /// </summary>
    public static string QuoteString(string value, IReadOnlyList<int>? wildcardIndexes)
    {
        var builder = new StringBuilder(value.Length + 2);
        AppendQuoted(builder, value, wildcardIndexes);
        return builder.ToString();
    }

    public static void AppendQuoted(StringBuilder builder, string value, IReadOnlyList<int>? wildcardIndexes)
    {
        builder.Append('"');
        var nextWildcard = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '*':
                    if (wildcardIndexes is not null && nextWildcard < wildcardIndexes.Count && wildcardIndexes[nextWildcard] == i)
                    {
                        nextWildcard++;
                        builder.Append('*');
                    }
                    else
                    {
                        builder.Append("\\*");
                    }

                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }

    public static string FormatDouble(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "AIP-160 has no literal for NaN or infinity.");
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.AsSpan().IndexOfAny('.', 'E', 'e') >= 0 ? text : text + ".0";
    }

    /// <summary>RFC 3339 in UTC with the <c>Z</c> suffix and only as many fractional digits as needed.</summary>
    public static string FormatTimestamp(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        var text = utc.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture);
        var fraction = utc.Ticks % TicksPerSecond;
        return fraction == 0 ? text + "Z" : text + "." + FormatFraction(fraction) + "Z";
    }

    /// <summary>Seconds with an <c>s</c> suffix: <c>20s</c>, <c>1.5s</c>, <c>-0.25s</c>.</summary>
    public static string FormatDuration(TimeSpan value)
    {
        var ticks = value.Ticks;
        var negative = ticks < 0;
        var magnitude = negative ? (ulong)(-(ticks + 1)) + 1 : (ulong)ticks;
        var seconds = magnitude / TicksPerSecond;
        var fraction = (long)(magnitude % TicksPerSecond);
        var text = (negative ? "-" : string.Empty) + seconds.ToString(CultureInfo.InvariantCulture);
        return fraction == 0 ? text + "s" : text + "." + FormatFraction(fraction) + "s";
    }

    private static string FormatFraction(long ticksBelowOneSecond) =>
        ticksBelowOneSecond.ToString("D7", CultureInfo.InvariantCulture).TrimEnd('0');
}
