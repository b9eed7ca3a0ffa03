namespace Fireworks.Benchmarks.Infrastructure;

/// <summary>
/// The <c>[BenchmarkCategory]</c> names that say who a benchmark measures. The report writer reads them to
/// find our rows and the floor; on the command line they select contenders (<c>--anyCategories Fireworks</c>).
/// </summary>
public static class Contenders
{
    /// <summary>The NSwag baseline (each scenario's <c>Baseline = true</c> benchmark).</summary>
    public const string NSwag = "NSwag";

    /// <summary>Our SDK and generator (Fireworks.Generated).</summary>
    public const string Fireworks = "Fireworks";

    /// <summary>The practical floor: hand-written code a careful developer would write for one call.</summary>
    public const string Floor = "Floor";
}
