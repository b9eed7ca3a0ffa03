using BenchmarkDotNet.Attributes;
using Fireworks.Benchmarks.Infrastructure;
using NJsonSchema.CodeGeneration.CSharp;
using NSwag;
using NSwag.CodeGeneration.CSharp;

namespace Fireworks.Benchmarks.Generation;

/// <summary>
/// Generating a client for the full Gateway spec: NSwag in-process (parse the YAML, then emit C#) as the
/// baseline and our source generator through <c>CSharpGeneratorDriver</c>
/// (in <c>GenerationBenchmarks.Fireworks.cs</c>, next to this file).
/// </summary>
/// <remarks>
/// Each contender has its own <c>[GlobalSetup]</c> (targeted), so one's preparation never runs for another.
/// In-process even in the full run: NSwag's generator needs the Fluid/Parlot dlls this project swaps in, and
/// BenchmarkDotNet's child build would bring back the registry's incompatible pair.
/// </remarks>
[MemoryDiagnoser]
[RunsInProcess]
public partial class GenerationBenchmarks
{
    private string _specPath = string.Empty;
    private string _specText = string.Empty;

    /// <summary>Reads the spec text once, so the measurement covers parsing and generation, not disk I/O.</summary>
    [GlobalSetup(Target = nameof(NSwagInProcessAsync))]
    public void Setup()
    {
        _specPath = SpecFile.Path;
        _specText = File.ReadAllText(_specPath);
    }

    /// <summary>
    /// NSwag.CodeGeneration.CSharp with the settings the Baseline.NSwag project passes to the NSwag CLI:
    /// YAML parse plus C# client and DTO emission.
    /// </summary>
    /// <returns>The generated source.</returns>
    [Benchmark(Baseline = true, Description = "NSwag in-process")]
    [BenchmarkCategory(Contenders.NSwag)]
    public async Task<string> NSwagInProcessAsync()
    {
        var document = await OpenApiYamlDocument.FromYamlAsync(_specText, _specPath, CancellationToken.None).ConfigureAwait(false);
        var generator = new CSharpClientGenerator(document, CreateNSwagSettings());
        return generator.GenerateFile();
    }

    /// <summary>The settings equivalent to Baseline.NSwag's <c>openapi2csclient</c> command line.</summary>
    /// <returns>Fresh settings (NSwag mutates them while generating).</returns>
    public static CSharpClientGeneratorSettings CreateNSwagSettings() => new()
    {
        ClassName = "GatewayClient",
        GenerateClientInterfaces = true,
        UseBaseUrl = false,
        GenerateOptionalParameters = true,
        CSharpGeneratorSettings =
        {
            Namespace = "Baseline.NSwag",
            JsonLibrary = CSharpJsonLibrary.SystemTextJson,
        },
    };

}
