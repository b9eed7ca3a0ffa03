using Fireworks.Aip;

namespace Fireworks.Emulator;

/// <summary>
/// Maps the proto (snake_case) field names used by filters, order_by and field masks to the lowerCamelCase JSON
/// names of the wire format with the SDK's rule (<see cref="ProtoNames"/>, which the generator uses too), cached.
/// </summary>
internal static class JsonNames
{
    // Requests convert the same few names again and again. Bounded, because the names come from requests; counted
    // apart, because ConcurrentDictionary.Count takes every one of its locks.
    private const int MaxConverted = 4096;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Converted = new(StringComparer.Ordinal);
    private static int convertedCount;

    /// <summary><c>min_replica_count</c> → <c>minReplicaCount</c>; camelCase input is returned unchanged.</summary>
    public static string ToJsonName(string protoName)
    {
        if (!protoName.Contains('_', StringComparison.Ordinal))
        {
            return protoName;
        }

        if (Converted.TryGetValue(protoName, out var known))
        {
            return known;
        }

        var converted = ProtoNames.ToJsonName(protoName);
        if (Volatile.Read(ref convertedCount) < MaxConverted && Converted.TryAdd(protoName, converted))
        {
            Interlocked.Increment(ref convertedCount);
        }

        return converted;
    }

    /// <summary><c>minReplicaCount</c> → <c>min_replica_count</c> (for messages that name the proto path).</summary>
    public static string ToProtoName(string jsonName) => ProtoNames.ToProtoName(jsonName);
}
