using System.Collections;
using System.Reflection;
using Baseline.NSwag;
using Fireworks.Benchmarks.Payloads;

namespace Fireworks.Benchmarks.Runtime;

/// <summary>
/// Guards the fairness of the runtime benchmarks: a DTO that silently skipped part of a payload would
/// do less work than its competitors, so every payload must land in typed properties.
/// </summary>
public static class PayloadChecks
{
    // protobufAny declares free-form members (additionalProperties: {}); extension data is its design.
    private static readonly HashSet<Type> FreeFormTypes = [typeof(ProtobufAny)];

    /// <summary>
    /// Deserializes a payload with NSwag's DTOs and fails when a member found no typed property (it would sit
    /// in NSwag's <c>AdditionalProperties</c> extension data) or the list page lost items.
    /// </summary>
    /// <param name="kind">The payload.</param>
    /// <param name="utf8Json">The body.</param>
    /// <exception cref="InvalidDataException">NSwag's DTOs do not represent the whole payload.</exception>
    public static void EnsureNSwagReadsEverything(PayloadKind kind, byte[] utf8Json)
    {
        var dto = NSwagJson.Deserialize(kind, utf8Json);
        var unmapped = new List<string>();
        CollectExtensionData(dto, "$", unmapped, new HashSet<object>(ReferenceEqualityComparer.Instance));
        if (unmapped.Count > 0)
        {
            throw new InvalidDataException($"NSwag's DTOs left members of the {kind} payload untyped: {string.Join(", ", unmapped.Take(10))}.");
        }

        if (dto is GatewayListRlorTrainerJobsResponse page && page.RlorTrainerJobs.Count != SamplePayloads.ListPageSize)
        {
            throw new InvalidDataException($"The list page deserialized to {page.RlorTrainerJobs.Count} items instead of {SamplePayloads.ListPageSize}.");
        }
    }

    private static void CollectExtensionData(object? value, string path, List<string> unmapped, HashSet<object> visited)
    {
        if (value is null or string || value.GetType().IsPrimitive || value.GetType().IsEnum || !visited.Add(value))
        {
            return;
        }

        if (value is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                CollectExtensionData(entry.Value, $"{path}.{entry.Key}", unmapped, visited);
            }

            return;
        }

        if (value is IEnumerable sequence)
        {
            var index = 0;
            foreach (var item in sequence)
            {
                CollectExtensionData(item, $"{path}[{index++}]", unmapped, visited);
            }

            return;
        }

        var type = value.GetType();
        if (type.Namespace != typeof(GatewayDeployment).Namespace)
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
            if (property.Name == "AdditionalProperties" && !FreeFormTypes.Contains(type))
            {
                if (propertyValue is IDictionary { Count: > 0 } extensionData)
                {
                    unmapped.AddRange(extensionData.Keys.Cast<object>().Select(key => $"{path}.{key}"));
                }

                continue;
            }

            CollectExtensionData(propertyValue, $"{path}.{property.Name}", unmapped, visited);
        }
    }
}
