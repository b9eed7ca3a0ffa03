using BenchmarkDotNet.Attributes;

namespace Fireworks.Benchmarks.Aip;

/// <summary>Parse, print, build and check a realistic 10-clause deployment filter.</summary>
[MemoryDiagnoser]
public class FilterBenchmarks
{
    /// <summary>The filter, in canonical form, that every benchmark works on (10 restrictions).</summary>
    public const string TenClauseFilter =
        "base_model=\"accounts/fireworks/models/llama-v3p1-70b-instruct\" AND state=READY"
        + " AND (accelerator_type=NVIDIA_H100_80GB OR accelerator_type=NVIDIA_H200_141GB)"
        + " AND min_replica_count>=1 AND max_replica_count<=8 AND create_time>2024-01-01T00:00:00Z"
        + " AND display_name=\"prod-*\" AND NOT annotations:team AND autoscaling_policy.scale_to_zero_window<=300s";

    private FilterExpression parsed = null!;
    private Filter built = null!;

    /// <summary>Parses the filter once for the print and check benchmarks.</summary>
    [GlobalSetup]
    public void Setup()
    {
        parsed = Filter.Parse(TenClauseFilter).Expression!;
        built = Build();
        if (built.ToString() != TenClauseFilter || parsed.ToString() != TenClauseFilter)
        {
            throw new InvalidOperationException($"The benchmark filters disagree:\n{built}\n{parsed}");
        }

        if (BenchmarkFields.Declarations.Check(built).Count != 0)
        {
            throw new InvalidOperationException("The benchmark filter does not type-check.");
        }
    }

    /// <summary>Lex and parse the text into a tree with positions.</summary>
    /// <returns>The filter.</returns>
    [Benchmark]
    public Filter Parse() => Filter.Parse(TenClauseFilter);

    /// <summary>Print the parsed tree canonically (no cached text).</summary>
    /// <returns>The text.</returns>
    [Benchmark]
    public string Print() => parsed.ToString();

    /// <summary>Build the filter from typed fields (tree only).</summary>
    /// <returns>The filter.</returns>
    [Benchmark]
    public Filter BuildTree() => Build();

    /// <summary>Build the filter from typed fields and print it: what a list call does.</summary>
    /// <returns>The text.</returns>
    [Benchmark]
    public string BuildAndPrint() => Build().ToString();

    /// <summary>Parse and type-check raw text against the resource's declarations.</summary>
    /// <returns>The filter.</returns>
    [Benchmark]
    public Filter ParseAndValidate() => BenchmarkFields.Declarations.Validate(TenClauseFilter);

    private static Filter Build() => Filter.Where(
        BenchmarkFields.BaseModel == "accounts/fireworks/models/llama-v3p1-70b-instruct",
        BenchmarkFields.State == DeploymentState.Ready,
        BenchmarkFields.AcceleratorType.In(Accelerator.NvidiaH100_80Gb, Accelerator.NvidiaH200_141Gb),
        BenchmarkFields.MinReplicaCount >= 1,
        BenchmarkFields.MaxReplicaCount <= 8,
        BenchmarkFields.CreateTime > new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
        BenchmarkFields.DisplayName.StartsWith("prod-"),
        !BenchmarkFields.Annotations.HasKey("team"),
        BenchmarkFields.AutoscalingPolicy.ScaleToZeroWindow <= TimeSpan.FromMinutes(5));
}
