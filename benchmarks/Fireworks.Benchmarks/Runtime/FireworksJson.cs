using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fireworks.Benchmarks.Payloads;
using Fireworks.Models;
using Fireworks.Serialization;

namespace Fireworks.Benchmarks.Runtime;

/// <summary>
/// How our SDK (de)serializes the payloads: the source-generated <see cref="FireworksJsonContext"/> metadata over
/// the generated, reflection-free converters, exactly what the SDK's transport uses for responses and bodies.
/// </summary>
public static class FireworksJson
{
    // protobufAny declares free-form members (additionalProperties: {}); extension data is its design.
    private static readonly HashSet<Type> FreeFormTypes = [typeof(ProtobufAny)];

    /// <summary>Deserializes a payload into our model type.</summary>
    /// <param name="kind">The payload.</param>
    /// <param name="utf8Json">The body.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">The body deserialized to <see langword="null"/>.</exception>
    public static object Deserialize(PayloadKind kind, ReadOnlySpan<byte> utf8Json) => kind switch
    {
        PayloadKind.RlorTrainerJobsPage200 => (object?)JsonSerializer.Deserialize(utf8Json, FireworksJsonContext.Default.ListRlorTrainerJobsResponse),
        PayloadKind.Deployment => JsonSerializer.Deserialize(utf8Json, FireworksJsonContext.Default.Deployment),
        PayloadKind.ReinforcementFineTuningJob => JsonSerializer.Deserialize(utf8Json, FireworksJsonContext.Default.ReinforcementFineTuningJob),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown payload kind."),
    } ?? throw new InvalidDataException($"The {kind} payload deserialized to null with our models.");

    /// <summary>Serializes one of our models back to UTF-8 JSON.</summary>
    /// <param name="model">A model returned by <see cref="Deserialize"/>.</param>
    /// <returns>The JSON.</returns>
    public static byte[] Serialize(object model) => model switch
    {
        ListRlorTrainerJobsResponse page => JsonSerializer.SerializeToUtf8Bytes(page, FireworksJsonContext.Default.ListRlorTrainerJobsResponse),
        Deployment deployment => JsonSerializer.SerializeToUtf8Bytes(deployment, FireworksJsonContext.Default.Deployment),
        ReinforcementFineTuningJob job => JsonSerializer.SerializeToUtf8Bytes(job, FireworksJsonContext.Default.ReinforcementFineTuningJob),
        _ => throw new ArgumentException($"No payload model of type {model?.GetType().Name ?? "null"}.", nameof(model)),
    };

    /// <summary>
    /// Fails unless our models read the whole payload into typed properties: no member may land in
    /// <c>AdditionalProperties</c> (the SDK's bucket for members a newer server adds), the page keeps all its
    /// items, and writing the model back gives the same JSON document (timestamps compared as instants), so no
    /// value was dropped or mangled.
    /// </summary>
    /// <param name="kind">The payload.</param>
    /// <param name="utf8Json">The body.</param>
    /// <exception cref="InvalidDataException">Our models do not represent the whole payload.</exception>
    public static void EnsureFireworksReadsEverything(PayloadKind kind, byte[] utf8Json)
    {
        var model = Deserialize(kind, utf8Json);
        var untyped = new List<string>();
        CollectAdditionalProperties(model, "$", untyped, new HashSet<object>(ReferenceEqualityComparer.Instance));
        if (untyped.Count > 0)
        {
            throw new InvalidDataException($"Our models left members of the {kind} payload untyped: {string.Join(", ", untyped.Take(10))}.");
        }

        if (model is ListRlorTrainerJobsResponse page && page.RlorTrainerJobs?.Count != SamplePayloads.ListPageSize)
        {
            throw new InvalidDataException($"The list page deserialized to {page.RlorTrainerJobs?.Count ?? 0} items instead of {SamplePayloads.ListPageSize}.");
        }

        var difference = FirstDifference(JsonNode.Parse(utf8Json), JsonNode.Parse(Serialize(model)), "$");
        if (difference is not null)
        {
            throw new InvalidDataException($"Our models do not write the {kind} payload back unchanged: {difference}.");
        }
    }

    /// <summary>
    /// The first place two JSON documents differ, or null when they carry the same data. Timestamps compare as
    /// instants: <c>…44.800Z</c> and <c>…44.8Z</c> are the same RFC 3339 time, written with different precision.
    /// </summary>
    private static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected, actual)
        {
            case (JsonObject expectedObject, JsonObject actualObject):
                foreach (var (name, value) in expectedObject)
                {
                    if (!actualObject.TryGetPropertyValue(name, out var actualValue))
                    {
                        return $"{path}.{name} is missing";
                    }

                    if (FirstDifference(value, actualValue, $"{path}.{name}") is { } inner)
                    {
                        return inner;
                    }
                }

                return actualObject.Select(p => p.Key).FirstOrDefault(name => !expectedObject.ContainsKey(name)) is { } extra
                    ? $"{path}.{extra} was added"
                    : null;
            case (JsonArray expectedArray, JsonArray actualArray):
                if (expectedArray.Count != actualArray.Count)
                {
                    return $"{path} has {actualArray.Count} items instead of {expectedArray.Count}";
                }

                for (var i = 0; i < expectedArray.Count; i++)
                {
                    if (FirstDifference(expectedArray[i], actualArray[i], $"{path}[{i}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case (JsonValue expectedValue, JsonValue actualValue)
                when expectedValue.TryGetValue<string>(out var expectedText) && actualValue.TryGetValue<string>(out var actualText)
                    && IsTimestamp(expectedText, out var expectedTime) && IsTimestamp(actualText, out var actualTime):
                return expectedTime == actualTime ? null : $"{path} is {actualText} instead of {expectedText}";
            default:
                return JsonNode.DeepEquals(expected, actual)
                    ? null
                    : $"{path} is {actual?.ToJsonString() ?? "null"} instead of {expected?.ToJsonString() ?? "null"}";
        }
    }

    // RFC 3339 date-times only (yyyy-MM-ddTHH:mm:ss… with Z or an offset), so no other string is compared loosely.
    private static bool IsTimestamp(string text, out DateTimeOffset instant)
    {
        instant = default;
        return text.Length >= 20 && text[4] == '-' && text[10] == 'T' && (text[^1] == 'Z' || text[^6] is '+' or '-')
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out instant);
    }

    private static void CollectAdditionalProperties(object? value, string path, List<string> untyped, HashSet<object> visited)
    {
        if (value is null or string || value.GetType().IsPrimitive || value.GetType().IsEnum || value is JsonElement || !visited.Add(value))
        {
            return;
        }

        if (value is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                CollectAdditionalProperties(entry.Value, $"{path}.{entry.Key}", untyped, visited);
            }

            return;
        }

        if (value is IEnumerable sequence)
        {
            var index = 0;
            foreach (var item in sequence)
            {
                CollectAdditionalProperties(item, $"{path}[{index++}]", untyped, visited);
            }

            return;
        }

        var type = value.GetType();
        if (type.Namespace != typeof(Deployment).Namespace)
        {
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var propertyValue = property.GetValue(value);
            if (property.Name == "AdditionalProperties")
            {
                if (!FreeFormTypes.Contains(type) && propertyValue is IDictionary { Count: > 0 } extensionData)
                {
                    untyped.AddRange(extensionData.Keys.Cast<object>().Select(key => $"{path}.{key}"));
                }

                continue;
            }

            CollectAdditionalProperties(propertyValue, $"{path}.{property.Name}", untyped, visited);
        }
    }
}
