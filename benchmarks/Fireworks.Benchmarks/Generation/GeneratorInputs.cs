using System.Collections.Immutable;
using Fireworks.Benchmarks.Infrastructure;
using Fireworks.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Fireworks.Benchmarks.Generation;

/// <summary>An additional file held in memory, so that the generator runs measure generation, not disk I/O.</summary>
/// <param name="path">The file's path (the generator classifies inputs by name).</param>
/// <param name="text">The file's content.</param>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    /// <inheritdoc />
    public override string Path { get; } = path;

    /// <inheritdoc />
    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>
/// What a <c>dotnet build</c> of the SDK hands our generator: the gateway spec, its overlay and the templates,
/// and a consumer compilation to attach the output to.
/// </summary>
internal static class GeneratorInputs
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>The spec, overlay and templates as the compiler passes them (AdditionalFiles).</summary>
    /// <returns>The inputs, read from disk once.</returns>
    public static ImmutableArray<AdditionalText> Read() =>
    [
        new InMemoryAdditionalText(SpecFile.Path, File.ReadAllText(SpecFile.Path)),
        new InMemoryAdditionalText(SpecFile.OverlayPath, File.ReadAllText(SpecFile.OverlayPath)),
        .. SpecFile.TemplatePaths.Select(p => new InMemoryAdditionalText(p, File.ReadAllText(p))),
    ];

    /// <summary>A small consumer compilation; the generator reads only additional files, so its content does not matter.</summary>
    /// <param name="source">The consumer's source.</param>
    /// <returns>The compilation.</returns>
    public static CSharpCompilation Compilation(string source) =>
        CSharpCompilation.Create(
            "Consumer",
            [CSharpSyntaxTree.ParseText(source, ParseOptions)],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    /// <summary>A fresh driver, as the compiler creates for a project it has not built yet.</summary>
    /// <param name="inputs">The additional files.</param>
    /// <param name="trackSteps">Record per-step reasons (only for the setup checks; a build does not track).</param>
    /// <returns>The driver.</returns>
    public static GeneratorDriver CreateDriver(ImmutableArray<AdditionalText> inputs, bool trackSteps) =>
        CSharpGeneratorDriver.Create(
            [new FireworksGenerator().AsSourceGenerator()],
            inputs,
            ParseOptions,
            optionsProvider: null,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));
}
