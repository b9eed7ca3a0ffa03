namespace Fireworks.Benchmarks.Infrastructure;

/// <summary>
/// Marks a benchmark class that the full run measures inside the host process instead of a child process
/// built by BenchmarkDotNet. Needed where the child's package graph cannot be corrected, as for NSwag's
/// generator and its Fluid/Parlot pair; harmless for operations that take hundreds of milliseconds.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RunsInProcessAttribute : Attribute;
