using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Fireworks.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Fireworks.Generator.Tests;

/// <summary>An additional file for the driver.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>Runs <see cref="FireworksGenerator"/> in a <see cref="CSharpGeneratorDriver"/> over the repository's spec and templates.</summary>
internal static class GeneratorHarness
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The vendor gateway spec (one <c>gateway-*.openapi.yaml</c>; its version changes with each update).</summary>
    public static string SpecPath => Directory.GetFiles(Path.Combine(RepoRoot, "spec"), "gateway-*.openapi.yaml").Single();

    public static string OverlayPath => Path.Combine(RepoRoot, "spec", "gateway.overlay.yaml");

    public static IReadOnlyList<AdditionalText> Templates() =>
        Directory.GetFiles(Path.Combine(RepoRoot, "templates"), "*.scriban")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (AdditionalText)new InMemoryAdditionalText(p, File.ReadAllText(p)))
            .ToList();

    public static IReadOnlyList<AdditionalText> RealInputs() =>
        new AdditionalText[]
        {
            new InMemoryAdditionalText(SpecPath, File.ReadAllText(SpecPath)),
            new InMemoryAdditionalText(OverlayPath, File.ReadAllText(OverlayPath)),
        }.Concat(Templates()).ToList();

    public static CSharpCompilation EmptyCompilation(string source = "namespace User { public class Unrelated { } }") =>
        CSharpCompilation.Create(
            "Consumer",
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview)) },
            new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) },
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> inputs) =>
        CSharpGeneratorDriver.Create(
            new[] { new FireworksGenerator().AsSourceGenerator() },
            inputs,
            new CSharpParseOptions(LanguageVersion.Preview),
            optionsProvider: null,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorRunResult Run(IEnumerable<AdditionalText> inputs) =>
        CreateDriver(inputs).RunGenerators(EmptyCompilation()).GetRunResult().Results.Single();

    private static readonly Lazy<GeneratorRunResult> RealRun = new(() => Run(RealInputs()));

    /// <summary>The generator's output for the real vendor spec (computed once per test run).</summary>
    public static GeneratorRunResult Real => RealRun.Value;

    public static string Source(this GeneratorRunResult result, string hintName) =>
        result.GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();

    private static string FindRepoRoot([CallerFilePath] string thisFile = "")
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Fireworks.Generated.sln")) && !Directory.Exists(Path.Combine(dir.FullName, "spec")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));
    }
}
