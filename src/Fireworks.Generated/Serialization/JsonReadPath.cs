using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Fireworks.Serialization;

/// <summary>
/// Where in the document a read failed (<c>$.deployments[3].state</c>). The generated converters read nested values
/// themselves rather than through the serializer, which would track the path; so each level a failure unwinds through
/// puts its property name or index in front, and only a failure pays for it. The result is a plain
/// <see cref="JsonException"/> whose <see cref="JsonException.Path"/> is the path and whose message ends with it.
/// </summary>
internal static class JsonReadPath
{
    private const string Marker = " Path: ";

    private static readonly SearchValues<char> PlainNameCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");

    /// <summary><paramref name="exception"/> with property or map key <paramref name="name"/> in front of its path.</summary>
    internal static JsonException AtMember(JsonException exception, string name) => Prefix(exception, MemberSegment(name));

    /// <summary><paramref name="exception"/> with array index <paramref name="index"/> in front of its path.</summary>
    internal static JsonException AtIndex(JsonException exception, int index) =>
        Prefix(exception, "[" + index.ToString(CultureInfo.InvariantCulture) + "]");

    private static JsonException Prefix(JsonException exception, string segment)
    {
        // A failure already placed by an inner level carries its path at the end of its message and its cause inside.
        var suffix = exception.Path is { } placed ? Marker + placed + "." : null;
        var located = suffix is not null && exception.InnerException is JsonException && exception.Message.EndsWith(suffix, StringComparison.Ordinal);
        var problem = located ? exception.Message[..^suffix!.Length] : exception.Message;
        var path = "$" + segment + (located ? exception.Path![1..] : string.Empty);
        return new JsonException(problem + Marker + path + ".", path, exception.LineNumber, exception.BytePositionInLine, located ? exception.InnerException : exception);
    }

    /// <summary><c>.name</c> for a plain name, <c>['…']</c> otherwise, as System.Text.Json writes paths.</summary>
    private static string MemberSegment(string name) =>
        name.Length > 0 && name.AsSpan().IndexOfAnyExcept(PlainNameCharacters) < 0
            ? "." + name
            : "['" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "']";
}
