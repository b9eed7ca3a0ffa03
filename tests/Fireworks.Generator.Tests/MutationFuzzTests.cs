using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace Fireworks.Generator.Tests;

/// <summary>
/// Seeded mutation fuzzing of the vendor spec: for every mutant the generator throws nothing, renders every
/// template, and what it emits compiles with the SDK runtime. Mutants are slices of the spec (a few paths and
/// the schemas they reach), so a few hundred fit in CI time; the seed makes every failure reproducible.
/// </summary>
public sealed class MutationFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261205;
    private const int Mutants = 300;

    [Fact]
    public void Mutants_of_the_vendor_spec_never_break_the_generator_or_the_build()
    {
        var watch = Stopwatch.StartNew();
        var mutator = new SpecMutator(File.ReadAllText(GeneratorHarness.SpecPath));
        var templates = GeneratorHarness.Templates();
        var withDiagnostics = 0;
        var withErrors = 0;
        var failures = new List<string>();
        var byId = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Mutants; i++)
        {
            var (kinds, text) = mutator.Mutant(Seed, i);
            var spec = new InMemoryAdditionalText("/fuzz/fuzz.openapi.yaml", text);
            var result = GeneratorHarness.Run(new[] { (AdditionalText)spec }.Concat(templates));
            if (result.Exception is not null)
            {
                failures.Add($"mutant {i} ({kinds}): generator threw {result.Exception}");
                continue;
            }
            var ours = result.Diagnostics.Where(d => d.Id.StartsWith("FWG", StringComparison.Ordinal)).ToList();
            foreach (var id in ours.Select(d => d.Id).Distinct()) byId[id] = byId.GetValueOrDefault(id) + 1;
            if (ours.Count > 0) withDiagnostics++;
            if (ours.Any(d => d.Severity == DiagnosticSeverity.Error)) withErrors++;
            // A template problem (FWG006/007) is a generator bug, not a spec problem; every spec problem points into the spec.
            foreach (var d in ours.Where(d => d.Id is "FWG006" or "FWG007" || d.Location.GetLineSpan().Path != spec.Path))
            {
                failures.Add($"mutant {i} ({kinds}): {d}");
            }
            var errors = GeneratedCompiler.Errors(result);
            if (errors.Count > 0)
            {
                failures.Add($"mutant {i} ({kinds}): {errors.Count} compile errors, first {errors[0]}; diagnostics: {string.Join(" | ", ours.Take(5))}");
            }
        }
        output.WriteLine($"seed {Seed}: {Mutants} mutants, {withDiagnostics} with FWG diagnostics ({withErrors} with errors), {failures.Count} failures, {watch.Elapsed.TotalSeconds:F1} s");
        output.WriteLine("mutants per diagnostic: " + string.Join(", ", byId.Select(e => $"{e.Key}={e.Value}")));
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.True(withDiagnostics > Mutants / 3, $"only {withDiagnostics} mutants had a diagnostic: the mutations are not biting");
    }
}
