using System.Text;
using System.Text.Json;

namespace Fireworks.Emulator;

/// <summary>
/// One pass over a request body before it is bound: well-formed JSON, no duplicate keys (protobuf's JSON mapping
/// refuses them; a binder would silently keep the last), and every string, array, object and nesting level within
/// <see cref="RequestLimits"/>. Each problem is INVALID_ARGUMENT naming the JSON path.
/// </summary>
internal static class JsonBodyCheck
{
    /// <exception cref="ApiException">INVALID_ARGUMENT naming the offending path.</exception>
    public static void Check(ReadOnlySpan<byte> body, string operationId)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = RequestLimits.MaxDepth });
        var path = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        Count(path, operationId);
                        path.Add(new Frame(reader.TokenType == JsonTokenType.StartObject));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        var frame = path[^1];
                        if (!frame.Keys!.Add(name))
                        {
                            throw ApiException.InvalidArgument($"Invalid JSON body for {operationId}: duplicate field \"{name}\" at {Describe(path)}.");
                        }

                        frame.Property = name;
                        break;
                    case JsonTokenType.String:
                        Count(path, operationId);
                        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
                        var property = path.Count > 0 ? path[^1].Property : null;
                        var limit = property == "displayName" ? RequestLimits.MaxDisplayNameLength : RequestLimits.MaxStringLength;
                        // The escaped length bounds the text length from above; decode only when it could be over.
                        if (length > limit && reader.GetString()!.Length > limit)
                        {
                            throw ApiException.InvalidArgument(
                                $"Invalid JSON body for {operationId}: {Describe(path)} is {reader.GetString()!.Length} characters long; the limit is {limit}.");
                        }

                        break;
                    default:
                        Count(path, operationId);
                        break;
                }
            }
        }
        catch (JsonException exception)
        {
            throw ApiException.InvalidArgument($"Invalid JSON body for {operationId}: {exception.Message}");
        }
    }

    // A value is one more item of the array or object that holds it.
    private static void Count(List<Frame> path, string operationId)
    {
        if (path.Count > 0 && ++path[^1].Items > RequestLimits.MaxCollectionItems)
        {
            throw ApiException.InvalidArgument(
                $"Invalid JSON body for {operationId}: {Describe(path, withProperty: false)} has more than {RequestLimits.MaxCollectionItems} {(path[^1].Keys is null ? "elements" : "fields")}.");
        }
    }

    private static string Describe(List<Frame> path, bool withProperty = true)
    {
        var text = new StringBuilder("$");
        for (var i = 0; i < path.Count; i++)
        {
            var frame = path[i];
            var last = i == path.Count - 1;
            if (last && !withProperty)
            {
                // The container itself is the subject: its own position is where its parent's entry points.
                break;
            }

            if (frame.Keys is null)
            {
                text.Append('[').Append(Math.Max(frame.Items - 1, 0)).Append(']');
            }
            else if (frame.Property is not null)
            {
                text.Append('.').Append(frame.Property);
            }
        }

        return text.ToString();
    }

    private sealed class Frame(bool isObject)
    {
        public HashSet<string>? Keys { get; } = isObject ? new HashSet<string>(StringComparer.Ordinal) : null;

        public string? Property { get; set; }

        public int Items { get; set; }
    }
}
