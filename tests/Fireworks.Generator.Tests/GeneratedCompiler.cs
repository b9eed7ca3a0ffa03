using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Fireworks.Generator.Tests;

/// <summary>
/// Compiles generated sources together with the hand-written SDK runtime (src/Fireworks.Generated, parsed once) and
/// returns the errors located in generated files. Errors in hand-written files are not counted: those partials name
/// types of the full vendor spec that a reduced or mutated spec does not have.
/// </summary>
internal static class GeneratedCompiler
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    private static readonly Lazy<ImmutableArray<SyntaxTree>> RuntimeTrees = new(() =>
    {
        var root = Path.Combine(GeneratorHarness.RepoRoot, "src", "Fireworks.Generated");
        var files = Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), ParseOptions, f)).ToList();
        // The SDK project has ImplicitUsings enabled.
        trees.Add(CSharpSyntaxTree.ParseText(
            "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; " +
            "global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;",
            ParseOptions, "GlobalUsings.g.cs"));
        return trees.ToImmutableArray();
    });

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        // The runtime's dependencies are copied next to the tests (the test project references the SDK project).
        var dependencies = new[] { "Microsoft.Extensions.Logging.Abstractions", "Fireworks.Aip", "Fireworks.SafeTensors" }
            .Select(name => Path.Combine(AppContext.BaseDirectory, name + ".dll"));
        return platform
            .Where(p => Path.GetFileName(p) is var n && (n.StartsWith("System.", StringComparison.Ordinal) || n is "netstandard.dll" or "mscorlib.dll" or "Microsoft.Win32.Primitives.dll"))
            .Concat(dependencies)
            .Distinct(StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    });

    private static readonly CSharpCompilationOptions Options = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        allowUnsafe: true);

    // Declarations of the runtime trees are reused by every compilation derived from this one.
    private static readonly Lazy<CSharpCompilation> Runtime = new(() =>
        CSharpCompilation.Create("Fireworks.Generated", RuntimeTrees.Value, References.Value, Options));

    /// <summary>The compilation of the runtime plus <paramref name="generated"/> (hint name → source).</summary>
    public static CSharpCompilation Compilation(IEnumerable<(string HintName, string Source)> generated) =>
        Runtime.Value.AddSyntaxTrees(generated.Select(g => CSharpSyntaxTree.ParseText(g.Source, ParseOptions, "generated/" + g.HintName)));

    /// <summary>Errors located in generated files (binding only those files and what they use).</summary>
    public static IReadOnlyList<Diagnostic> Errors(IEnumerable<(string HintName, string Source)> generated)
    {
        var compilation = Compilation(generated);
        var errors = new List<Diagnostic>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (!tree.FilePath.StartsWith("generated/", StringComparison.Ordinal)) continue;
            errors.AddRange(compilation.GetSemanticModel(tree).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        }
        return errors;
    }

    public static IReadOnlyList<Diagnostic> Errors(GeneratorRunResult result) =>
        Errors(result.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())));

    /// <summary>
    /// Emits the runtime plus <paramref name="result"/>'s sources and loads them into <paramref name="context"/>.
    /// Hand-written partials that name types of the full vendor spec the test spec does not have are left out
    /// (repeatedly, since leaving one out can orphan another); an error in a generated file fails.
    /// </summary>
    public static System.Reflection.Assembly Load(GeneratorRunResult result, System.Runtime.Loader.AssemblyLoadContext context) =>
        Load(result.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())), context);

    /// <summary>
    /// As <see cref="Load(GeneratorRunResult, System.Runtime.Loader.AssemblyLoadContext)"/>, for some of a run's sources:
    /// a test of models can leave out the clients, which need the pipeline that the hand-written partials of the full
    /// vendor spec take with them when they are left out.
    /// </summary>
    public static System.Reflection.Assembly Load(IEnumerable<(string HintName, string Source)> generated, System.Runtime.Loader.AssemblyLoadContext context)
    {
        var compilation = Compilation(generated);
        while (true)
        {
            using var image = new MemoryStream();
            var emitted = compilation.Emit(image);
            if (emitted.Success)
            {
                image.Position = 0;
                return context.LoadFromStream(image);
            }
            var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            var broken = errors.Select(d => d.Location.SourceTree).Where(t => t is not null && !t.FilePath.StartsWith("generated/", StringComparison.Ordinal)).Distinct().ToList();
            if (broken.Count == 0) throw new InvalidOperationException("Generated code does not compile:\n" + string.Join("\n", errors.Take(20)));
            compilation = compilation.RemoveSyntaxTrees(broken!);
        }
    }
}
