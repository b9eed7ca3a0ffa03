using System.Globalization;
using System.Text;

namespace Fireworks.Aip;

internal enum TokenKind
{
    End,
    Error,
    Text,
    String,
    Number,
    Duration,
    Timestamp,
    And,
    Or,
    Not,
    Minus,
    Dot,
    Comma,
    LeftParen,
    RightParen,
    Equal,
    NotEqual,
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
    Has,
}

/// <summary>
/// One lexed token. Literal payloads are decoded here so the parser never re-reads characters; they are boxed in
/// <see cref="Value"/> so that the common punctuation and name tokens stay small.
/// </summary>
internal readonly record struct Token(TokenKind Kind, SourcePosition Position, bool SpaceBefore, string Text, object? Value = null)
{
    public string? StringValue => (Value as StringPayload)?.Value;

    public int[]? Wildcards => (Value as StringPayload)?.Wildcards;

    public bool IsInteger => Value is NumberPayload { IsInteger: true };

    public long IntegerValue => Value is NumberPayload number ? number.IntegerValue : 0;

    public double DoubleValue => Value is NumberPayload number ? number.DoubleValue : 0;

    public DateTimeOffset TimestampValue => Value is DateTimeOffset timestamp ? timestamp : default;

    public TimeSpan DurationValue => Value is TimeSpan duration ? duration : default;

    public string? Error => Kind == TokenKind.Error ? Value as string : null;
}

/// <summary>The decoded value of a string token and the indexes of its unescaped (wildcard) stars.</summary>
internal sealed record StringPayload(string Value, int[]? Wildcards);

/// <summary>The value of a number token.</summary>
internal sealed record NumberPayload(bool IsInteger, long IntegerValue, double DoubleValue);

/// <summary>
/// Splits a filter into tokens. Whitespace is not a token: each token records whether whitespace preceded it.
/// A lexical problem becomes an <see cref="TokenKind.Error"/> token (the last one), so the parser reports problems
/// in source order.
/// </summary>
internal sealed class FilterLexer
{
    private readonly string text;
    private readonly List<Token> tokens;
    private readonly StringBuilder scratch = new();
    private int positionOffset;
    private int positionLine = 1;
    private int positionLineStart;

    private FilterLexer(string text)
    {
        this.text = text;
        tokens = new List<Token>(Math.Max(8, text.Length / 6));
    }

    public static List<Token> Tokenize(string text)
    {
        var lexer = new FilterLexer(text);
        lexer.Run();
        return lexer.tokens;
    }

    private void Run()
    {
        var i = 0;
        var n = text.Length;
        while (true)
        {
            var spaceBefore = false;
            while (i < n && char.IsWhiteSpace(text[i]))
            {
                i++;
                spaceBefore = true;
            }

            if (i >= n)
            {
                Add(TokenKind.End, i, spaceBefore);
                return;
            }

            var start = i;
            var c = text[i];
            var afterDot = !spaceBefore && tokens.Count > 0 && tokens[^1].Kind == TokenKind.Dot;
            switch (c)
            {
                case '(':
                    Add(TokenKind.LeftParen, start, spaceBefore);
                    i++;
                    continue;
                case ')':
                    Add(TokenKind.RightParen, start, spaceBefore);
                    i++;
                    continue;
                case ',':
                    Add(TokenKind.Comma, start, spaceBefore);
                    i++;
                    continue;
                case '.':
                    Add(TokenKind.Dot, start, spaceBefore);
                    i++;
                    continue;
                case '=':
                    Add(TokenKind.Equal, start, spaceBefore);
                    i++;
                    continue;
                case ':':
                    Add(TokenKind.Has, start, spaceBefore);
                    i++;
                    continue;
                case '-':
                    Add(TokenKind.Minus, start, spaceBefore);
                    i++;
                    continue;
                case '<':
                case '>':
                    {
                        var orEqual = i + 1 < n && text[i + 1] == '=';
                        var kind = c == '<'
                            ? orEqual ? TokenKind.LessThanOrEqual : TokenKind.LessThan
                            : orEqual ? TokenKind.GreaterThanOrEqual : TokenKind.GreaterThan;
                        var length = orEqual ? 2 : 1;
                        Add(kind, start, spaceBefore);
                        i += length;
                        continue;
                    }

                case '!':
                    if (i + 1 < n && text[i + 1] == '=')
                    {
                        Add(TokenKind.NotEqual, start, spaceBefore);
                        i += 2;
                        continue;
                    }

                    AddError(start, spaceBefore, "'!' is not an operator; use 'NOT' or '-' to negate, or '!=' to compare");
                    return;
                case '"':
                case '\'':
                    if (!LexString(ref i, spaceBefore))
                    {
                        return;
                    }

                    continue;
            }

            if (char.IsAsciiDigit(c) && !afterDot)
            {
                var result = LexNumeric(ref i, spaceBefore);
                if (result == NumericResult.Error)
                {
                    return;
                }

                if (result == NumericResult.Lexed)
                {
                    continue;
                }
            }

            if (char.IsLowSurrogate(c) || (char.IsHighSurrogate(c) && (i + 1 >= n || !char.IsLowSurrogate(text[i + 1]))))
            {
                AddError(start, spaceBefore, "invalid UTF-16: unpaired surrogate character");
                return;
            }

            while (i < n && FilterSyntax.IsTextChar(text[i]))
            {
                if (char.IsLowSurrogate(text[i]) || (char.IsHighSurrogate(text[i]) && (i + 1 >= n || !char.IsLowSurrogate(text[i + 1]))))
                {
                    break;
                }

                i += char.IsHighSurrogate(text[i]) ? 2 : 1;
            }

            var word = text[start..i];
            var wordKind = afterDot ? TokenKind.Text : word switch
            {
                "AND" => TokenKind.And,
                "OR" => TokenKind.Or,
                "NOT" => TokenKind.Not,
                _ => TokenKind.Text,
            };
            tokens.Add(new Token(wordKind, PositionAt(start), spaceBefore, word));
        }
    }

    private enum NumericResult
    {
        NotNumeric,
        Lexed,
        Error,
    }

    /// <summary>
    /// Lexes a timestamp, duration or number starting at a digit. The literal must end at a token boundary; otherwise
    /// the characters are TEXT (for example <c>2abc</c>) and <see cref="NumericResult.NotNumeric"/> is returned.
    /// </summary>
    private NumericResult LexNumeric(ref int i, bool spaceBefore)
    {
        var start = i;
        var end = MatchTimestamp(start);
        if (end > 0 && IsBoundary(end))
        {
            var literal = text[start..end];
            if (!TryParseTimestamp(literal, out var timestamp, out var problem))
            {
                AddError(start, spaceBefore, $"invalid timestamp '{literal}': {problem}");
                return NumericResult.Error;
            }

            tokens.Add(new Token(TokenKind.Timestamp, PositionAt(start), spaceBefore, literal, timestamp));
            i = end;
            return NumericResult.Lexed;
        }

        // Hexadecimal integer.
        if (text[start] == '0' && start + 2 < text.Length && (text[start + 1] is 'x' or 'X') && char.IsAsciiHexDigit(text[start + 2]))
        {
            end = start + 2;
            while (end < text.Length && char.IsAsciiHexDigit(text[end]))
            {
                end++;
            }

            if (IsBoundary(end))
            {
                var literal = text[start..end];
                if (!long.TryParse(literal.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) || hex < 0)
                {
                    AddError(start, spaceBefore, $"integer literal '{literal}' is out of range for a 64-bit signed integer");
                    return NumericResult.Error;
                }

                tokens.Add(new Token(TokenKind.Number, PositionAt(start), spaceBefore, literal, new NumberPayload(true, hex, hex)));
                i = end;
                return NumericResult.Lexed;
            }
        }

        end = SkipDigits(start);
        var isInteger = true;
        if (end + 1 < text.Length && text[end] == '.' && char.IsAsciiDigit(text[end + 1]))
        {
            end = SkipDigits(end + 1);
            isInteger = false;
        }

        var mantissaEnd = end;
        if (end < text.Length && text[end] is 'e' or 'E')
        {
            var exponent = end + 1;
            if (exponent < text.Length && text[exponent] is '+' or '-')
            {
                exponent++;
            }

            if (exponent < text.Length && char.IsAsciiDigit(text[exponent]))
            {
                end = SkipDigits(exponent);
                isInteger = false;
            }
        }

        if (end == mantissaEnd && end < text.Length && text[end] == 's' && IsBoundary(end + 1))
        {
            var literal = text[start..(end + 1)];
            if (!TryParseSeconds(text.AsSpan(start, end - start), out var duration))
            {
                AddError(start, spaceBefore, $"duration '{literal}' is out of range");
                return NumericResult.Error;
            }

            tokens.Add(new Token(TokenKind.Duration, PositionAt(start), spaceBefore, literal, duration));
            i = end + 1;
            return NumericResult.Lexed;
        }

        if (!IsBoundary(end))
        {
            return NumericResult.NotNumeric;
        }

        var number = text[start..end];
        if (isInteger)
        {
            // Up to 2^63 is admitted (stored as long.MinValue) so that a leading minus can make long.MinValue;
            // the parser refuses it without the minus.
            if (!ulong.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var magnitude) || magnitude > 1UL << 63)
            {
                AddError(start, spaceBefore, $"integer literal '{number}' is out of range for a 64-bit signed integer");
                return NumericResult.Error;
            }

            tokens.Add(new Token(TokenKind.Number, PositionAt(start), spaceBefore, number, new NumberPayload(true, unchecked((long)magnitude), magnitude)));
        }
        else
        {
            var value = double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (!double.IsFinite(value))
            {
                AddError(start, spaceBefore, $"number literal '{number}' is out of range for a double");
                return NumericResult.Error;
            }

            tokens.Add(new Token(TokenKind.Number, PositionAt(start), spaceBefore, number, new NumberPayload(false, 0, value)));
        }

        i = end;
        return NumericResult.Lexed;
    }

    private int SkipDigits(int i)
    {
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i;
    }

    private bool IsBoundary(int i) => i >= text.Length || !FilterSyntax.IsTextChar(text[i]);

    /// <summary>Returns the end of an RFC 3339 date-time starting at <paramref name="i"/>, or 0 when there is none.</summary>
    private int MatchTimestamp(int i)
    {
        var length = MatchTimestampLength(text.AsSpan(i));
        return length == 0 ? 0 : i + length;
    }

    /// <summary>The length of the RFC 3339 date-time at the start of <paramref name="s"/>, or 0 when there is none.</summary>
    internal static int MatchTimestampLength(ReadOnlySpan<char> s)
    {
        // yyyy-mm-ddThh:mm:ss[.f+](Z|+hh:mm|-hh:mm)
        static bool Digits(ReadOnlySpan<char> s, int at, int count)
        {
            if (at + count > s.Length)
            {
                return false;
            }

            foreach (var c in s.Slice(at, count))
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }
            }

            return true;
        }

        static bool At(ReadOnlySpan<char> s, int at, char expected) => at < s.Length && s[at] == expected;

        if (!(Digits(s, 0, 4) && At(s, 4, '-') && Digits(s, 5, 2) && At(s, 7, '-') && Digits(s, 8, 2)
              && s.Length > 10 && s[10] is 'T' or 't'
              && Digits(s, 11, 2) && At(s, 13, ':') && Digits(s, 14, 2) && At(s, 16, ':') && Digits(s, 17, 2)))
        {
            return 0;
        }

        var end = 19;
        if (At(s, end, '.') && Digits(s, end + 1, 1))
        {
            end += 2;
            while (end < s.Length && char.IsAsciiDigit(s[end]))
            {
                end++;
            }
        }

        if (end < s.Length && s[end] is 'Z' or 'z')
        {
            return end + 1;
        }

        if (end < s.Length && s[end] is '+' or '-' && Digits(s, end + 1, 2) && At(s, end + 3, ':') && Digits(s, end + 4, 2))
        {
            return end + 6;
        }

        return 0;
    }

    internal static bool TryParseTimestamp(string literal, out DateTimeOffset value, out string problem)
    {
        value = default;
        var s = literal.AsSpan();
        var matched = MatchTimestampLength(s);
        if (matched == 0 || matched != s.Length)
        {
            problem = "not an RFC 3339 date-time such as 2024-05-01T12:00:00Z";
            return false;
        }

        static int Int(ReadOnlySpan<char> span) => int.Parse(span, NumberStyles.None, CultureInfo.InvariantCulture);
        try
        {
            var year = Int(s[..4]);
            var month = Int(s[5..7]);
            var day = Int(s[8..10]);
            var hour = Int(s[11..13]);
            var minute = Int(s[14..16]);
            var second = Int(s[17..19]);
            var rest = s[19..];
            long fractionTicks = 0;
            if (rest.Length > 0 && rest[0] == '.')
            {
                var digits = 1;
                while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
                {
                    digits++;
                }

                var fraction = rest[1..digits];
                for (var k = 0; k < 7; k++)
                {
                    fractionTicks = (fractionTicks * 10) + (k < fraction.Length ? fraction[k] - '0' : 0);
                }

                rest = rest[digits..];
            }

            var offset = TimeSpan.Zero;
            if (rest.Length == 6)
            {
                var sign = rest[0] == '-' ? -1 : 1;
                offset = new TimeSpan(sign * Int(rest[1..3]), sign * Int(rest[4..6]), 0);
            }

            value = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(fractionTicks);
            problem = string.Empty;
            return true;
        }
        catch (ArgumentException exception)
        {
            problem = exception is ArgumentOutOfRangeException
                ? "a date or time component is out of range"
                : exception.Message;
            return false;
        }
    }

    /// <summary>Parses <c>digits[.digits]</c> seconds into a <see cref="TimeSpan"/>, truncating below 100 ns.</summary>
    internal static bool TryParseSeconds(ReadOnlySpan<char> seconds, out TimeSpan value)
    {
        value = default;
        var dot = seconds.IndexOf('.');
        var whole = dot < 0 ? seconds : seconds[..dot];
        if (!long.TryParse(whole, NumberStyles.None, CultureInfo.InvariantCulture, out var wholeSeconds)
            || wholeSeconds > TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerSecond)
        {
            return false;
        }

        long fractionTicks = 0;
        if (dot >= 0)
        {
            var fraction = seconds[(dot + 1)..];
            for (var k = 0; k < 7; k++)
            {
                fractionTicks = (fractionTicks * 10) + (k < fraction.Length ? fraction[k] - '0' : 0);
            }
        }

        var ticks = (wholeSeconds * TimeSpan.TicksPerSecond) + fractionTicks;
        if (ticks < 0)
        {
            return false;
        }

        value = TimeSpan.FromTicks(ticks);
        return true;
    }

    /// <summary>Lexes a quoted string with backslash escapes; returns false after adding an error token.</summary>
    private bool LexString(ref int i, bool spaceBefore)
    {
        var start = i;
        var quote = text[i];
        i++;
        scratch.Clear();
        List<int>? wildcards = null;
        while (true)
        {
            if (i >= text.Length)
            {
                AddError(start, spaceBefore, $"unterminated string literal: missing closing {quote}");
                return false;
            }

            var c = text[i];
            if (c == quote)
            {
                i++;
                break;
            }

            if (c == '\\')
            {
                if (!LexEscape(ref i, spaceBefore))
                {
                    return false;
                }

                continue;
            }

            if (char.IsLowSurrogate(c) || (char.IsHighSurrogate(c) && (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))))
            {
                AddError(i, spaceBefore, "invalid UTF-16 in string literal: unpaired surrogate character");
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                scratch.Append(c).Append(text[i + 1]);
                i += 2;
                continue;
            }

            if (c == '*')
            {
                (wildcards ??= []).Add(scratch.Length);
            }

            scratch.Append(c);
            i++;
        }

        tokens.Add(new Token(
            TokenKind.String,
            PositionAt(start),
            spaceBefore,
            text[start..i],
            new StringPayload(scratch.ToString(), wildcards?.ToArray())));
        return true;
    }

    private bool LexEscape(ref int i, bool spaceBefore)
    {
        var escapeStart = i;
        if (i + 1 >= text.Length)
        {
            AddError(escapeStart, spaceBefore, "backslash at the end of the filter: unterminated escape sequence");
            return false;
        }

        var e = text[i + 1];
        i += 2;
        switch (e)
        {
            case '\\': scratch.Append('\\'); return true;
            case '"': scratch.Append('"'); return true;
            case '\'': scratch.Append('\''); return true;
            case '`': scratch.Append('`'); return true;
            case '?': scratch.Append('?'); return true;
            case '*': scratch.Append('*'); return true;
            case 'a': scratch.Append('\a'); return true;
            case 'b': scratch.Append('\b'); return true;
            case 'f': scratch.Append('\f'); return true;
            case 'n': scratch.Append('\n'); return true;
            case 'r': scratch.Append('\r'); return true;
            case 't': scratch.Append('\t'); return true;
            case 'v': scratch.Append('\v'); return true;
            case 'x':
            case 'X':
                return AppendCodePoint(ref i, 2, 16, escapeStart, spaceBefore, $"\\{e}");
            case 'u':
                return AppendCodePoint(ref i, 4, 16, escapeStart, spaceBefore, "\\u");
            case 'U':
                return AppendCodePoint(ref i, 8, 16, escapeStart, spaceBefore, "\\U");
            case >= '0' and <= '3':
                i--;
                return AppendCodePoint(ref i, 3, 8, escapeStart, spaceBefore, "octal");
            default:
                var shown = char.IsControl(e) || char.IsWhiteSpace(e) ? $"U+{(int)e:X4}" : e.ToString();
                AddError(escapeStart, spaceBefore, $"invalid escape sequence '\\{shown}' in string literal (quote '\\' as '\\\\')");
                return false;
        }
    }

    private bool AppendCodePoint(ref int i, int digits, int radix, int escapeStart, bool spaceBefore, string name)
    {
        var value = 0;
        for (var k = 0; k < digits; k++)
        {
            var at = i + k;
            var digit = at < text.Length ? HexValue(text[at]) : -1;
            if (digit < 0 || digit >= radix)
            {
                var what = radix == 8 ? "an octal escape needs 3 octal digits" : $"'{name}' needs {digits} hexadecimal digits";
                AddError(escapeStart, spaceBefore, $"invalid escape sequence in string literal: {what}");
                return false;
            }

            value = (value * radix) + digit;
        }

        i += digits;
        if (value is >= 0xD800 and <= 0xDBFF && i + 6 <= text.Length && text[i] == '\\' && text[i + 1] == 'u')
        {
            // A UTF-16 pair written as two \u escapes.
            var low = 0;
            var ok = true;
            for (var k = 0; k < 4; k++)
            {
                var digit = HexValue(text[i + 2 + k]);
                ok &= digit >= 0;
                low = (low * 16) + Math.Max(digit, 0);
            }

            if (ok && low is >= 0xDC00 and <= 0xDFFF)
            {
                scratch.Append((char)value).Append((char)low);
                i += 6;
                return true;
            }
        }

        if (value is >= 0xD800 and <= 0xDFFF || value > 0x10FFFF)
        {
            AddError(escapeStart, spaceBefore, $"invalid escape sequence in string literal: U+{value:X} is not a Unicode scalar value");
            return false;
        }

        scratch.Append(char.ConvertFromUtf32(value));
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private void Add(TokenKind kind, int start, bool spaceBefore) =>
        tokens.Add(new Token(kind, PositionAt(start), spaceBefore, OperatorText(kind)));

    /// <summary>The fixed text of punctuation tokens (interned constants, so lexing them allocates nothing).</summary>
    private static string OperatorText(TokenKind kind) => kind switch
    {
        TokenKind.LeftParen => "(",
        TokenKind.RightParen => ")",
        TokenKind.Comma => ",",
        TokenKind.Dot => ".",
        TokenKind.Equal => "=",
        TokenKind.Has => ":",
        TokenKind.Minus => "-",
        TokenKind.LessThan => "<",
        TokenKind.LessThanOrEqual => "<=",
        TokenKind.GreaterThan => ">",
        TokenKind.GreaterThanOrEqual => ">=",
        TokenKind.NotEqual => "!=",
        _ => string.Empty,
    };

    private void AddError(int start, bool spaceBefore, string message)
    {
        tokens.Add(new Token(TokenKind.Error, PositionAt(start), spaceBefore, string.Empty, message));
    }

    /// <summary>Offsets are requested in increasing order, so the line count advances incrementally.</summary>
    private SourcePosition PositionAt(int offset)
    {
        for (var k = positionOffset; k < offset; k++)
        {
            if (text[k] == '\n')
            {
                positionLine++;
                positionLineStart = k + 1;
            }
        }

        positionOffset = Math.Max(positionOffset, offset);
        return new SourcePosition(offset, positionLine, offset - positionLineStart + 1);
    }
}
