namespace Fireworks.Benchmarks.Infrastructure;

/// <summary>
/// Marks a benchmark class whose full run starts several processes per case and summarises over all of them.
/// Needed where one process's result depends on the process (code layout, tiering): a single launch of the
/// microsecond-scale call benchmarks came out 1.75× the floor in one run and 1.04× in the next.
/// </summary>
/// <param name="count">Processes per case.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class LaunchesAttribute(int count) : Attribute
{
    /// <summary>Processes per case.</summary>
    public int Count { get; } = count;
}
