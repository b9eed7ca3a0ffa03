using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;

namespace Fireworks;

/// <summary>
/// The one check every header the SDK sends goes through (client defaults, the environment's custom headers, per-call
/// headers, generated header parameters, the API key): what <c>HttpHeaders.TryAddWithoutValidation</c> would otherwise pass
/// to the wire as is, or silently refuse.
/// </summary>
/// <remarks>
/// <para>A name must be an RFC 7230 token. A value may hold visible ASCII, spaces and tabs only:</para>
/// <list type="bullet">
/// <item>CR and LF would end the header line and start another one (header injection), NUL is refused by servers and
/// proxies alike, and the other control characters (and DEL) are not <c>field-content</c> in RFC 7230;</item>
/// <item>non-ASCII is refused too. RFC 7230 tolerates it as <c>obs-text</c> but gives it no encoding, and HttpClient's
/// <c>SocketsHttpHandler</c>, unless given a <c>RequestHeaderEncodingSelector</c>, throws for it only while sending:
/// the call would fail as a transport error, possibly after retries. A caller who has configured an encoding can still
/// set such a header on <see cref="FireworksMessage.Request"/> from a <see cref="FireworksPolicy"/>.</item>
/// </list>
/// <para>
/// A few names are refused whatever their value, because the HTTP stack, not the caller, decides them:
/// <c>Content-Length</c> and <c>Transfer-Encoding</c> frame the body, which the SDK sends and measures itself (a length
/// of the caller's would disagree with the bytes sent, and a retry, whose fresh body computes its own, would send another
/// one); <c>Connection</c>, <c>Keep-Alive</c>, <c>Proxy-Connection</c>, <c>Upgrade</c> and <c>TE</c> are about the
/// connection, and HTTP/2 forbids them (RFC 9113 section 8.2.2), so HttpClient would send them or not depending on the
/// protocol it negotiated. <c>Host</c> and <c>Expect</c> stay allowed: neither changes how a message is framed,
/// HttpClient honours both (as <c>:authority</c> on HTTP/2; by waiting for <c>100 Continue</c>), and every attempt
/// copies them.
/// </para>
/// <para>Errors name the header and where it came from, never the value: header values are often secrets.</para>
/// </remarks>
internal static class HeaderRules
{
    private const string FramingReason =
        "it frames the request body, and the SDK frames the body itself (a value of the caller's would disagree with the bytes sent, or differ between attempts).";

    private const string ConnectionReason =
        "it manages the connection, which HttpClient owns; HTTP/2 forbids it (RFC 9113 section 8.2.2), so it would be sent or not depending on the protocol negotiated.";

    // RFC 7230 section 3.2.6: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    // HTAB, SP and VCHAR (0x21-0x7E).
    private static readonly SearchValues<char> ValueChars =
        SearchValues.Create("\t !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    // Value: why the caller may not set the header. Keys compare like header names, ignoring case.
    private static readonly FrozenDictionary<string, string> Reserved = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Content-Length"] = FramingReason,
        ["Transfer-Encoding"] = FramingReason,
        ["Connection"] = ConnectionReason,
        ["Keep-Alive"] = ConnectionReason,
        ["Proxy-Connection"] = ConnectionReason,
        ["Upgrade"] = ConnectionReason,
        ["TE"] = ConnectionReason,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Throws unless <paramref name="name"/> and <paramref name="value"/> can be sent as one header line.</summary>
    /// <param name="name">The header name.</param>
    /// <param name="value">The header value (never quoted in the error).</param>
    /// <param name="source">Where the header came from, for the message, e.g. <c>RequestOptions.Headers</c>.</param>
    /// <param name="paramName">The argument to blame in the <see cref="ArgumentException"/>.</param>
    /// <exception cref="ArgumentException">The header cannot be sent: see <see cref="Problem"/>.</exception>
    internal static void Validate(string? name, string? value, string source, string? paramName) =>
        Validate(name, value, source, string.Empty, paramName);

    /// <summary>
    /// Throws unless <paramref name="name"/> and <paramref name="value"/> can be sent as one header line; the source is
    /// given in two parts, joined only for the error, so a call that passes pays for no text.
    /// </summary>
    /// <param name="name">The header name.</param>
    /// <param name="value">The header value (never quoted in the error).</param>
    /// <param name="source">Where the header came from, e.g. an operation id.</param>
    /// <param name="sourceSuffix">Appended to <paramref name="source"/> in the message, e.g. <c>" header parameter"</c>.</param>
    /// <param name="paramName">The argument to blame in the <see cref="ArgumentException"/>.</param>
    /// <exception cref="ArgumentException">The header cannot be sent: see <see cref="Problem"/>.</exception>
    internal static void Validate(string? name, string? value, string source, string sourceSuffix, string? paramName)
    {
        if (Problem(name, value) is { } problem)
        {
            throw new ArgumentException($"{source}{sourceSuffix}: {problem}", paramName);
        }
    }

    /// <summary>Why <paramref name="name"/> and <paramref name="value"/> cannot be sent as a header, or null when they can.</summary>
    /// <param name="name">The header name.</param>
    /// <param name="value">The header value (never quoted).</param>
    /// <returns>A sentence naming the header and the problem.</returns>
    internal static string? Problem(string? name, string? value) =>
        NameProblem(name) ?? (ValueProblem(value) is { } valueProblem ? $"the value of header '{name}' {valueProblem}" : null);

    /// <summary>Why <paramref name="name"/> cannot be a header name the caller sets, or null when it can.</summary>
    /// <param name="name">The name.</param>
    /// <returns>
    /// A sentence naming the header. A name that is no token is quoted only up to its first character that is not a token
    /// character: a name such as <c>Authorization: Bearer …</c>, <c>Authorization Bearer …</c> or <c>X-Key=…</c> (a
    /// whole header line, or a name and value, put where the name goes) holds a secret after it.
    /// </returns>
    internal static string? NameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "a header name is empty.";
        }

        var bad = name.AsSpan().IndexOfAnyExcept(TokenChars);
        if (bad < 0)
        {
            return Reserved.TryGetValue(name, out var reason) ? $"header '{name}' cannot be set: {reason}" : null;
        }

        // name[..bad] is token characters only, so it needs no escaping to be printed either.
        return $"header name '{name[..bad]}…' is not an HTTP token (RFC 7230): {Describe(name[bad])} at index {bad.ToString(CultureInfo.InvariantCulture)} is not allowed in a name.";
    }

    /// <summary>Why <paramref name="value"/> cannot be a header value, or null when it can.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The end of a sentence that starts with the header, saying which kind of character and where, never what the value holds.</returns>
    internal static string? ValueProblem(string? value)
    {
        if (value is null)
        {
            return "is null.";
        }

        var bad = value.AsSpan().IndexOfAnyExcept(ValueChars);
        if (bad < 0)
        {
            return null;
        }

        var index = bad.ToString(CultureInfo.InvariantCulture);
        return value[bad] switch
        {
            '\r' or '\n' => $"contains a line break ({Describe(value[bad])}) at index {index}: it would end the header and start another one.",
            < ' ' or '\u007f' => $"contains the control character {Describe(value[bad])} at index {index}; header values may hold visible ASCII, spaces and tabs only.",
            _ => $"contains a non-ASCII character at index {index}; header values may hold visible ASCII, spaces and tabs only (HttpClient sends no other by default).",
        };
    }

    // Only ever called for characters that are not secret material: a name's, or one of a value's that the rules refuse.
    private static string Describe(char c) =>
        c is > ' ' and < '\u007f' ? $"'{c}'" : "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
}
