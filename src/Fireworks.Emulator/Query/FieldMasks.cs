using System.Text.Json.Nodes;
using Fireworks.Aip;

namespace Fireworks.Emulator;

/// <summary>AIP-161 field masks: <c>updateMask</c> of updates and <c>readMask</c> of reads, applied to the JSON form.</summary>
internal static class FieldMasks
{
    /// <summary>Parses a mask given as snake_case paths (or lowerCamelCase, as protobuf's JSON form of a FieldMask writes them).</summary>
    /// <exception cref="ApiException">INVALID_ARGUMENT with the parser's positioned message.</exception>
    public static FieldMask Parse(string text, string parameterName)
    {
        if (FieldMask.TryParse(text, out var mask, out var error))
        {
            return mask;
        }

        var snake = string.Join(',', text.Split(',').Select(p => string.Join('.', p.Split('.').Select(s => JsonNames.ToProtoName(s.Trim())))));
        if (snake != text && FieldMask.TryParse(snake, out mask, out _))
        {
            return mask;
        }

        throw ApiException.InvalidArgument($"{parameterName}: {error.Message}");
    }

    /// <summary>The JSON property names of a path (map keys kept verbatim).</summary>
    public static string[] JsonPath(FieldPath path) =>
        path.Segments.Select(s => s.IsMapKey ? s.Name : JsonNames.ToJsonName(s.Name)).ToArray();

    /// <summary>The value at <paramref name="path"/>, or null when it (or an object on the way) is absent.</summary>
    public static JsonNode? ValueAt(JsonObject source, IReadOnlyList<string> path)
    {
        JsonNode? value = source;
        for (var i = 0; i < path.Count && value is not null; i++)
        {
            value = value is JsonObject obj && obj.TryGetPropertyValue(path[i], out var child) ? child : null;
        }

        return value;
    }

    /// <summary>Copies the value at <paramref name="path"/> from <paramref name="source"/> into <paramref name="target"/>; a value absent from the source is cleared in the target.</summary>
    public static void CopyPath(JsonObject source, JsonObject target, IReadOnlyList<string> path)
    {
        var from = ValueAt(source, path);

        var parent = target;
        for (var i = 0; i < path.Count - 1; i++)
        {
            if (parent[path[i]] is not JsonObject child)
            {
                if (from is null)
                {
                    return;
                }

                child = new JsonObject();
                parent[path[i]] = child;
            }

            parent = child;
        }

        if (from is null)
        {
            parent.Remove(path[^1]);
        }
        else
        {
            parent[path[^1]] = from.DeepClone();
        }
    }

    /// <summary>The parts of <paramref name="source"/> a read mask selects.</summary>
    public static JsonObject Project(JsonObject source, FieldMask mask)
    {
        if (mask.IsEmpty || mask.Paths.Any(p => p.IsWildcard))
        {
            return (JsonObject)source.DeepClone();
        }

        var result = new JsonObject();
        foreach (var path in mask.Paths)
        {
            var jsonPath = JsonPath(path);
            JsonNode? value = source;
            foreach (var name in jsonPath)
            {
                value = value is JsonObject obj && obj.TryGetPropertyValue(name, out var child) ? child : null;
            }

            if (value is not null)
            {
                CopyPath(source, result, jsonPath);
            }
        }

        return result;
    }
}
