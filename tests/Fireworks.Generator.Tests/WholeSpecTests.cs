using Microsoft.CodeAnalysis;
using Xunit;

namespace Fireworks.Generator.Tests;

/// <summary>The whole 4.259.0 spec generates without a diagnostic and produces a file for every schema and group.</summary>
public sealed class WholeSpecTests
{
    [Fact]
    public void The_real_spec_generates_without_diagnostics()
    {
        var result = GeneratorHarness.Real;
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Every_schema_becomes_a_type_and_every_operation_is_in_the_manifest()
    {
        var result = GeneratorHarness.Real;
        var models = result.GeneratedSources.Count(s => s.HintName.StartsWith("Fireworks.Models.", StringComparison.Ordinal));
        var enumSources = result.GeneratedSources.Count(s => s.SourceText.ToString().Contains("public enum ", StringComparison.Ordinal));

        // 301 component schemas (249 objects + 52 enums) plus the inline bodies/responses/enums given names.
        Assert.Equal(52, enumSources); // the inline usageType query enums reuse the identical component enums
        Assert.True(models >= 301, $"only {models} model/enum files");

        var manifest = result.Source("Fireworks.FireworksOperations.g.cs");
        var operationCount = manifest.Split("OperationId: \"", StringSplitOptions.None).Length - 1;
        Assert.Equal(198, operationCount);
    }

    [Fact]
    public void Inline_bodies_get_real_names()
    {
        var names = GeneratorHarness.Real.GeneratedSources.Select(s => s.HintName).ToHashSet();
        Assert.Contains("Fireworks.Models.UpdateDeploymentRequest.g.cs", names);
        Assert.DoesNotContain(names, n => System.Text.RegularExpressions.Regex.IsMatch(n, @"Body\d+"));
    }
}
