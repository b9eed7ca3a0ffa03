using System.Text;
using System.Text.Json;
using Fireworks.Aip;

namespace Fireworks.Emulator;

/// <summary>
/// A filter's member path with its names converted and UTF-8 encoded once: message fields are lowerCamelCase on the
/// wire, map keys are used verbatim, so each segment is looked up by its JSON name, then by its name as written.
/// </summary>
internal sealed class MemberPath
{
    private readonly byte[][] jsonNames;
    private readonly byte[][] names;

    public MemberPath(IReadOnlyList<MemberSegment> segments)
    {
        jsonNames = segments.Select(s => Encoding.UTF8.GetBytes(JsonNames.ToJsonName(s.Name))).ToArray();
        names = segments.Select(s => Encoding.UTF8.GetBytes(s.Name)).ToArray();
    }

    /// <summary>
    /// Whether any value the path reaches in <paramref name="resource"/> passes <paramref name="test"/>: a repeated field
    /// fans out to its elements, along the path and at its end. <paramref name="found"/> says whether the path reached any
    /// value at all (an absent field, or an empty repeated one, reaches none).
    /// </summary>
    public bool AnyValue(JsonElement resource, Func<JsonElement, bool> test, out bool found)
    {
        found = false;
        return Visit(resource, 0, test, ref found);
    }

    private bool Visit(JsonElement value, int segment, Func<JsonElement, bool> test, ref bool found)
    {
        if (segment == jsonNames.Length)
        {
            if (value.ValueKind != JsonValueKind.Array)
            {
                found = true;
                return test(value);
            }

            foreach (var element in value.EnumerateArray())
            {
                found = true;
                if (test(element))
                {
                    return true;
                }
            }

            return false;
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                if (Step(item, segment, test, ref found))
                {
                    return true;
                }
            }

            return false;
        }

        return Step(value, segment, test, ref found);
    }

    private bool Step(JsonElement item, int segment, Func<JsonElement, bool> test, ref bool found) =>
        item.ValueKind == JsonValueKind.Object &&
        (item.TryGetProperty(jsonNames[segment], out var child) || item.TryGetProperty(names[segment], out child)) &&
        Visit(child, segment + 1, test, ref found);
}
