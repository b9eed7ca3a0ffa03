using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using Fireworks.Benchmarks.Payloads;

namespace Fireworks.Benchmarks.Runtime;

/// <summary>
/// Where one deserialization's allocated bytes go: the strings our models hold, the model objects themselves, and
/// everything else (the lists, arrays and maps the result holds, and short-lived buffers), beside NSwag's total for
/// the same payload. Allocated bytes do not depend on machine
/// load, so one call of each contender measures them exactly; this shows how much of an allocation target is left
/// once the strings, which every DTO with <see cref="string"/> properties must allocate, are paid for.
/// </summary>
/// <param name="Kind">The payload.</param>
/// <param name="NSwagBytes">Bytes one NSwag deserialization allocates.</param>
/// <param name="OurBytes">Bytes one deserialization with our models allocates.</param>
/// <param name="StringBytes">Of <paramref name="OurBytes"/>: the strings the result holds (not literals, which are never allocated per call).</param>
/// <param name="ModelBytes">Of <paramref name="OurBytes"/>: the generated model objects of the result.</param>
public sealed record AllocationBreakdown(PayloadKind Kind, long NSwagBytes, long OurBytes, long StringBytes, long ModelBytes)
{
    private const BindingFlags InstanceFields = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>Of <see cref="OurBytes"/>: everything that is neither a string nor a model (collections the result holds, short-lived buffers).</summary>
    public long OtherBytes => OurBytes - StringBytes - ModelBytes;

    /// <summary>What our deserialization may allocate beside its strings to stay within <paramref name="ratioOfNSwag"/> of NSwag's bytes.</summary>
    /// <param name="ratioOfNSwag">The allocation target as a fraction of NSwag's bytes (0.8 for at most 0.8×).</param>
    /// <returns>The bytes left; negative when the strings alone exceed the target.</returns>
    public long BudgetBesideStrings(double ratioOfNSwag) => (long)(ratioOfNSwag * NSwagBytes) - StringBytes;

    /// <summary>Deserializes <paramref name="kind"/> with both contenders and splits our allocations.</summary>
    /// <param name="kind">The payload.</param>
    /// <returns>The breakdown.</returns>
    /// <exception cref="PlatformNotSupportedException">The process is not 64-bit (the string sizes assume 64-bit objects).</exception>
    public static AllocationBreakdown Measure(PayloadKind kind)
    {
        if (!Environment.Is64BitProcess) throw new PlatformNotSupportedException("The allocation breakdown sizes objects as a 64-bit runtime lays them out.");
        var json = SamplePayloads.Get(kind);
        var ours = MinAllocated(() => FireworksJson.Deserialize(kind, json));
        var nswag = MinAllocated(() => NSwagJson.Deserialize(kind, json));

        var walk = new GraphWalk();
        walk.Visit(FireworksJson.Deserialize(kind, json));
        return new AllocationBreakdown(kind, nswag, ours, walk.StringBytes, walk.ModelBytes);
    }

    // The first calls JIT and fill caches; the minimum of a few later calls is what a call allocates.
    private static long MinAllocated(Func<object> deserialize)
    {
        for (var i = 0; i < 3; i++) deserialize();
        var min = long.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            GC.KeepAlive(deserialize());
            min = Math.Min(min, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return min;
    }

    /// <summary>Walks a result's object graph once, summing its strings and model objects.</summary>
    private sealed class GraphWalk
    {
        private static readonly Dictionary<Type, long> ObjectSizes = [];
        private static readonly string ModelNamespace = typeof(Fireworks.Models.Deployment).Namespace!;
        private readonly HashSet<object> _seen = new(ReferenceEqualityComparer.Instance);

        public long StringBytes { get; private set; }

        public long ModelBytes { get; private set; }

        public void Visit(object? value)
        {
            if (value is null || value.GetType().IsPrimitive || value.GetType().IsEnum || !_seen.Add(value)) return;
            switch (value)
            {
                case string text:
                    // Literals (known enum values, the empty string) are interned once per process, not allocated per call.
                    if (!ReferenceEquals(string.IsInterned(text), text)) StringBytes += StringSize(text.Length);
                    return;
                case IEnumerable items when value.GetType().Namespace != ModelNamespace:
                    foreach (var item in items) VisitItem(item);
                    return;
            }

            var type = value.GetType();
            if (type.Namespace == ModelNamespace && !type.IsValueType) ModelBytes += ObjectSize(type);
            if (type.Namespace != ModelNamespace) return;
            foreach (var field in type.GetFields(InstanceFields)) Visit(field.GetValue(value));
        }

        private void VisitItem(object? item)
        {
            if (item is not null && item.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(KeyValuePair<,>))
            {
                Visit(type.GetProperty(nameof(KeyValuePair<int, int>.Key))!.GetValue(item));
                Visit(type.GetProperty(nameof(KeyValuePair<int, int>.Value))!.GetValue(item));
                return;
            }

            Visit(item);
        }

        // 64-bit: header and method table (16), length (4), the UTF-16 characters and a terminator, rounded up to 8.
        private static long StringSize(int length) => (22 + (2L * length) + 7) / 8 * 8;

        // Measured, not computed from the fields: the runtime lays the fields out and pads them.
        private static long ObjectSize(Type type)
        {
            if (ObjectSizes.TryGetValue(type, out var size)) return size;
            RuntimeHelpers.GetUninitializedObject(type);
            const int Samples = 64;
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < Samples; i++) GC.KeepAlive(RuntimeHelpers.GetUninitializedObject(type));
            size = (GC.GetAllocatedBytesForCurrentThread() - before) / Samples;
            ObjectSizes[type] = size;
            return size;
        }
    }
}
