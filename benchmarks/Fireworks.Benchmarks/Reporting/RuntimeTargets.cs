namespace Fireworks.Benchmarks.Reporting;

/// <summary>
/// The targets the generation, deserialization and call-overhead rows are judged against, each with the issue that set
/// it; the report's table, its explanations and the allocation breakdown all read them from here.
/// </summary>
public static class RuntimeTargets
{
    /// <summary>Full-spec generation must be at least this many times faster than NSwag in-process (issues 8 and 16).</summary>
    public const double GenerationSpeedup = 3.0;

    /// <summary>A warm re-run after an unrelated edit must take at most this many nanoseconds (issue 8).</summary>
    public const double WarmRerunNanoseconds = 10_000_000;

    /// <summary>Deserializing must be at least this many times faster than NSwag's DTOs (issues 8 and 16).</summary>
    public const double DeserializeSpeedup = 1.5;

    /// <summary>Deserializing may allocate at most this fraction of NSwag's bytes (issue 16).</summary>
    public const double DeserializeAllocations = 0.8;

    /// <summary>The allocation fraction issue 8 first asked for, which issue 16 replaced with <see cref="DeserializeAllocations"/>.</summary>
    public const double Issue8DeserializeAllocations = 0.7;

    /// <summary>A call may cost at most this multiple of raw <c>HttpClient</c> + System.Text.Json (issue 8).</summary>
    public const double CallOverhead = 1.15;

    /// <summary>The largest time ratio to NSwag that meets <see cref="DeserializeSpeedup"/>.</summary>
    public const double DeserializeTimeRatio = 1 / DeserializeSpeedup;
}
