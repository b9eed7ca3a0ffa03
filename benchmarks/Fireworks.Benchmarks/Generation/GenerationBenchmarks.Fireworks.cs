using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Fireworks.Benchmarks.Infrastructure;
using Fireworks.Generator;
using Fireworks.OpenApi.Diagnostics;
using Fireworks.OpenApi.Model;
using Fireworks.OpenApi.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Fireworks.Benchmarks.Generation;

/// <summary>Our source generator over the same spec, through Roslyn's <see cref="CSharpGeneratorDriver"/>.</summary>
public partial class GenerationBenchmarks
{
    // The SDK's generated file count is ~760; far fewer means the inputs were not found and nothing is compared.
    private const int MinimumGeneratedFiles = 600;

    private static readonly IncrementalStepRunReason[] Reused = [IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged];

    private ImmutableArray<AdditionalText> _generatorInputs;
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _editedCompilation = null!;
    private GeneratorDriver _generatedDriver = null!;
    private string _fireworksSpecText = string.Empty;
    private string _overlayText = string.Empty;

    // The checks cost two generator runs; in-process, both benchmarks share one process, so check once.
    private static bool _sdkChecked;

    /// <summary>
    /// Cold: a new driver and generator instance (nothing cached by Roslyn), so the whole pipeline runs: YAML parse,
    /// overlay, API model, and rendering every model, converter, enum, client and the JSON context.
    /// </summary>
    /// <returns>The driver holding the generated sources.</returns>
    [Benchmark(Description = "Fireworks generator, cold (new driver)")]
    [BenchmarkCategory(Contenders.Fireworks)]
    public GeneratorDriver FireworksCold() =>
        GeneratorInputs.CreateDriver(_generatorInputs, trackSteps: false).RunGenerators(_compilation);

    /// <summary>
    /// Warm: the driver of a previous build re-runs after an edit to unrelated user code (another class added), as
    /// the IDE and incremental builds do on every keystroke or build. Nothing the generator depends on changed.
    /// </summary>
    /// <returns>The updated driver.</returns>
    [Benchmark(Description = "Fireworks generator, warm re-run after an unrelated edit")]
    [BenchmarkCategory(Contenders.Fireworks)]
    public GeneratorDriver FireworksWarm() => _generatedDriver.RunGenerators(_editedCompilation);

    /// <summary>
    /// The first stage of the cold run alone: parse the YAML spec and the overlay and build the API model the
    /// templates render, without rendering anything. The difference to the cold run is the rendering.
    /// </summary>
    /// <returns>The model.</returns>
    [Benchmark(Description = "Fireworks generator, spec + overlay to API model only (no rendering)")]
    [BenchmarkCategory(Contenders.Fireworks)]
    public ApiModel FireworksModelOnly()
    {
        var diagnostics = new List<SpecDiagnostic>();
        var overlay = Overlay.Parse(SpecFile.OverlayPath, _overlayText, diagnostics);
        return ApiModelBuilder.Build(SpecFile.Path, _fireworksSpecText, overlay, "Fireworks");
    }

    /// <summary>Reads the spec and overlay text for <see cref="FireworksModelOnly"/>.</summary>
    [GlobalSetup(Target = nameof(FireworksModelOnly))]
    public void SetupFireworksModel()
    {
        _fireworksSpecText = File.ReadAllText(SpecFile.Path);
        _overlayText = File.ReadAllText(SpecFile.OverlayPath);
    }

    /// <summary>Reads the generator's inputs, builds the warm driver and (once per process) checks both runs are what they claim.</summary>
    [GlobalSetup(Targets = [nameof(FireworksCold), nameof(FireworksWarm)])]
    public void SetupFireworks()
    {
        _generatorInputs = GeneratorInputs.Read();
        _compilation = GeneratorInputs.Compilation("namespace User { public class Unrelated { } }");
        _editedCompilation = _compilation.AddSyntaxTrees(
            CSharpSyntaxTree.ParseText("namespace User { public class Another { } }", (CSharpParseOptions)_compilation.SyntaxTrees[0].Options));
        _generatedDriver = GeneratorInputs.CreateDriver(_generatorInputs, trackSteps: false).RunGenerators(_compilation);
        if (!_sdkChecked)
        {
            EnsureOursGeneratesTheSdk();
            _sdkChecked = true;
        }
    }

    /// <summary>
    /// Checks that the cold run produces the whole SDK without errors and that the warm run really is an
    /// incremental re-run (every rendered output reused), so neither number measures a broken run.
    /// </summary>
    private void EnsureOursGeneratesTheSdk()
    {
        var tracked = GeneratorInputs.CreateDriver(_generatorInputs, trackSteps: true).RunGenerators(_compilation);
        var cold = tracked.GetRunResult().Results.Single();
        var errors = cold.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (cold.Exception is not null || errors.Count > 0 || cold.GeneratedSources.Length < MinimumGeneratedFiles)
        {
            throw new InvalidOperationException(
                $"Our generator did not produce the SDK: {cold.GeneratedSources.Length} files, exception {cold.Exception?.Message ?? "none"}, " +
                $"errors: {string.Join("; ", errors.Take(5))}.");
        }

        var warm = tracked.RunGenerators(_editedCompilation).GetRunResult().Results.Single();
        var rerendered = warm.TrackedSteps[FireworksGenerator.Steps.Rendered]
            .SelectMany(run => run.Outputs)
            .Count(output => !Reused.Contains(output.Reason));
        if (rerendered > 0 || warm.GeneratedSources.Length != cold.GeneratedSources.Length)
        {
            throw new InvalidOperationException($"The warm re-run is not incremental: {rerendered} outputs were rendered again after an unrelated edit.");
        }

        Console.WriteLine($"// Our generator: {cold.GeneratedSources.Length} files, {cold.GeneratedSources.Sum(s => s.SourceText.Length):N0} characters.");
    }
}
