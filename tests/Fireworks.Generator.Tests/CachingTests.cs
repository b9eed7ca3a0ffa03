using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Fireworks.Generator.Tests;

/// <summary>Incrementality: what an edit re-renders.</summary>
public sealed class CachingTests
{
    private static readonly IncrementalStepRunReason[] Reused = { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged };

    [Fact]
    public void An_unrelated_edit_leaves_every_output_cached()
    {
        var compilation = GeneratorHarness.EmptyCompilation();
        var driver = GeneratorHarness.CreateDriver(GeneratorHarness.RealInputs()).RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace User { public class Another { } }", new CSharpParseOptions(LanguageVersion.Preview)));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var outputs = result.TrackedSteps[FireworksGenerator.Steps.Rendered].SelectMany(run => run.Outputs).ToList();
        Assert.True(outputs.Count > 600, $"{outputs.Count} rendered outputs tracked");
        Assert.All(outputs, output => Assert.Contains(output.Reason, Reused));
        Assert.All(result.TrackedSteps[FireworksGenerator.Steps.Models].SelectMany(r => r.Outputs), o => Assert.Contains(o.Reason, Reused));
    }

    [Fact]
    public void Re_reading_the_same_spec_text_gives_an_equal_model()
    {
        // csc hands the generator new AdditionalText objects every build: equal text must give a cached model.
        var compilation = GeneratorHarness.EmptyCompilation();
        var driver = GeneratorHarness.CreateDriver(GeneratorHarness.RealInputs()).RunGenerators(compilation);
        var fresh = GeneratorHarness.RealInputs();
        driver = driver.ReplaceAdditionalTexts(fresh.ToImmutableArray());
        var result = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        Assert.All(result.TrackedSteps[FireworksGenerator.Steps.Models].SelectMany(r => r.Outputs), o => Assert.Contains(o.Reason, Reused));
        Assert.All(result.TrackedSteps[FireworksGenerator.Steps.Rendered].SelectMany(r => r.Outputs), o => Assert.Contains(o.Reason, Reused));
    }

    [Fact]
    public void Editing_one_template_re_renders_only_its_outputs()
    {
        var compilation = GeneratorHarness.EmptyCompilation();
        var inputs = GeneratorHarness.RealInputs();
        var driver = GeneratorHarness.CreateDriver(inputs).RunGenerators(compilation);
        var before = driver.GetRunResult().Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

        var enumTemplate = inputs.Single(t => t.Path.EndsWith("enum.scriban", StringComparison.Ordinal));
        var editedText = enumTemplate.GetText()!.ToString().Replace("#nullable enable", "#nullable enable\n// edited", StringComparison.Ordinal);
        driver = driver.ReplaceAdditionalText(enumTemplate, new InMemoryAdditionalText(enumTemplate.Path, editedText));
        var result = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        var changed = result.GeneratedSources.Where(s => before[s.HintName] != s.SourceText.ToString()).Select(s => s.HintName).ToList();
        Assert.Equal(52, changed.Count);
        Assert.All(changed, hint => Assert.Contains("public readonly partial struct ", result.Source(hint), StringComparison.Ordinal));

        var rendered = result.TrackedSteps[FireworksGenerator.Steps.Rendered].SelectMany(r => r.Outputs).ToList();
        Assert.Equal(52, rendered.Count(o => o.Reason == IncrementalStepRunReason.Modified));
        Assert.Equal(rendered.Count - 52, rendered.Count(o => Reused.Contains(o.Reason)));
    }
}
