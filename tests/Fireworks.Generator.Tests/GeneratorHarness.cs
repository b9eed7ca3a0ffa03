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

    /// <summary>The generator's output for one spec and the overlay that applies to it (with the repository's templates).</summary>
    public static GeneratorRunResult RunWithOverlay(string specPath, string spec, string overlayPath, string overlay) => Run(
        new AdditionalText[] { new InMemoryAdditionalText(specPath, spec), new InMemoryAdditionalText(overlayPath, overlay) }.Concat(Templates()));

    /// <summary>The 1-based line a diagnostic points at.</summary>
    public static int Line(this Diagnostic diagnostic) => diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1;

    /// <summary>
    /// Asserts that the run reported exactly one FWG005 (an overlay entry the generator cannot place), at
    /// <paramref name="line"/> of <paramref name="overlayPath"/>, saying <paramref name="message"/>, and still emitted
    /// code that compiles.
    /// </summary>
    public static void AssertSingleOverlayProblem(GeneratorRunResult result, string overlayPath, int line, string message)
    {
        Xunit.Assert.Null(result.Exception);
        var diagnostic = Xunit.Assert.Single(result.Diagnostics, d => d.Id == "FWG005");
        Xunit.Assert.Equal(overlayPath, diagnostic.Location.GetLineSpan().Path);
        Xunit.Assert.Equal(line, diagnostic.Line());
        Xunit.Assert.Contains(message, diagnostic.GetMessage(), StringComparison.Ordinal);
        Xunit.Assert.Empty(GeneratedCompiler.Errors(result));
    }

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
