using System.Text;

namespace Fireworks.OpenApi.Model;

/// <summary>
/// The one place where text from a spec is made safe for the C# context it lands in. The model carries
/// render-ready values built with these functions, so templates never escape anything themselves.
/// </summary>
public static class CSharpText
{
    /// <summary>
    /// A regular C# string literal, quotes included: <c>"</c>, <c>\</c>, control characters, the C# line terminators
    /// (U+0085, U+2028, U+2029) and unpaired surrogates are written as escapes; everything else is kept as is.
    /// </summary>
    public static string Literal(string value)
    {
        if (IsPlain(value, literal: true)) return "\"" + value + "\"";
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\0': sb.Append("\\0"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        sb.Append(c).Append(value[++i]);
                    }
                    else if (char.IsControl(c) || char.IsSurrogate(c) || IsLineTerminator(c))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("X4"));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>
    /// Whether <paramref name="value"/> can be a UTF-8 literal (<c>"…"u8</c>): it must be well-formed UTF-16,
    /// since an unpaired surrogate has no UTF-8 encoding.
    /// </summary>
    public static bool IsWellFormed(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) i++;
            else if (char.IsSurrogate(value[i])) return false;
        }
        return true;
    }

    /// <summary>
    /// Text for one line of an XML doc comment (<c>/// …</c>): <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> become entities
    /// (so <c>&lt;summary&gt;</c> and <c>]]&gt;</c> stay text), and every character that would end the comment line or
    /// that XML 1.0 cannot carry (line terminators, control characters, unpaired surrogates) becomes a space.
    /// </summary>
    public static string XmlDoc(string value)
    {
        if (IsPlain(value, literal: false)) return value;
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) sb.Append(c).Append(value[++i]);
                    else if (char.IsControl(c) || char.IsSurrogate(c) || IsLineTerminator(c) || c is '\uFFFE' or '\uFFFF') sb.Append(' ');
                    else sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Text for a <c>//</c> comment: every character that would end the line (or is a control character) becomes a space.</summary>
    public static string Comment(string value)
    {
        if (IsPlain(value, literal: false)) return value;
        var sb = new StringBuilder(value.Length);
        foreach (var c in value) sb.Append(char.IsControl(c) || IsLineTerminator(c) || char.IsSurrogate(c) ? ' ' : c);
        return sb.ToString();
    }

    /// <summary>Splits text into lines at every line terminator C# or YAML knows (<c>\r\n</c>, <c>\r</c>, <c>\n</c>, U+0085, U+2028, U+2029).</summary>
    public static string[] Lines(string value) =>
        value.Replace("\r\n", "\n").Replace('\r', '\n').Replace('\u0085', '\n').Replace('\u2028', '\n').Replace('\u2029', '\n').Split('\n');

    /// <summary>The length in bytes of the UTF-8 literal (<c>"…"u8</c>) of <paramref name="value"/>.</summary>
    public static int Utf8Length(string value) => Encoding.UTF8.GetByteCount(value);

    /// <summary>Whether <paramref name="name"/> is a valid C# identifier (no '@' needed).</summary>
    public static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_')) return false;
        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_')) return false;
        }
        return !Naming.IsKeyword(name);
    }

    // Most spec text needs no escaping: the escapers above return it as it is (or quoted) instead of copying it
    // character by character; a build runs them tens of thousands of times.
    private static bool IsPlain(string value, bool literal)
    {
        foreach (var c in value)
        {
            if (c < ' ' || c is '&' or '<' or '>' or '\u007F' || (c >= '\u0080' && !IsPlainNonAscii(c))) return false;
            if (literal && c is '"' or '\\') return false;
        }
        return true;
    }

    // Non-ASCII letters etc. pass through every escaper unchanged; C1 controls, line terminators, surrogates and
    // the XML non-characters do not.
    private static bool IsPlainNonAscii(char c) => !(char.IsControl(c) || char.IsSurrogate(c) || IsLineTerminator(c) || c is '\uFFFE' or '\uFFFF');

    private static bool IsLineTerminator(char c) => c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029';
}
