using Microsoft.CodeAnalysis;
using Xunit;

namespace Fireworks.Generator.Tests;

/// <summary>The whole vendor spec generates without a diagnostic and produces a file for every schema and group.</summary>
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
        // Counted from the vendor file itself (4.259.0: 198 operations, 301 schemas of which 52 enums).
        var yaml = new YamlDotNet.RepresentationModel.YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(GeneratorHarness.SpecPath)));
        var root = (YamlDotNet.RepresentationModel.YamlMappingNode)yaml.Documents[0].RootNode;
        var paths = (YamlDotNet.RepresentationModel.YamlMappingNode)root["paths"];
        var specOperations = paths.Children.Values.Cast<YamlDotNet.RepresentationModel.YamlMappingNode>()
            .SelectMany(item => item.Children.Keys.Select(k => k.ToString()))
            .Count(method => method is "get" or "post" or "put" or "patch" or "delete");
        var schemas = (YamlDotNet.RepresentationModel.YamlMappingNode)((YamlDotNet.RepresentationModel.YamlMappingNode)root["components"])["schemas"];
        var specEnums = schemas.Children.Values.Cast<YamlDotNet.RepresentationModel.YamlMappingNode>().Count(s => s.Children.ContainsKey("enum"));

        var result = GeneratorHarness.Real;
        var enumSources = result.GeneratedSources.Count(s => s.SourceText.ToString().Contains("public readonly partial struct ", StringComparison.Ordinal));
        var models = result.GeneratedSources.Count(s => s.HintName.StartsWith("Fireworks.Models.", StringComparison.Ordinal));
        Assert.Equal(specEnums, enumSources); // inline query enums reuse the identical component enums
        Assert.True(models >= schemas.Children.Count, $"only {models} model/enum files for {schemas.Children.Count} schemas");

        var manifest = result.Source("Fireworks.FireworksOperations.g.cs");
        var operationCount = manifest.Split("OperationId: \"", StringSplitOptions.None).Length - 1;
        Assert.Equal(specOperations, operationCount);
        Assert.Equal(schemas.Children.Count, manifest.Split("] = typeof(", StringSplitOptions.None).Length - 1);
    }

    [Fact]
    public void Inline_bodies_get_real_names()
    {
        var names = GeneratorHarness.Real.GeneratedSources.Select(s => s.HintName).ToHashSet();
        Assert.Contains("Fireworks.Models.UpdateDeploymentRequest.g.cs", names);
        Assert.DoesNotContain(names, n => System.Text.RegularExpressions.Regex.IsMatch(n, @"Body\d+"));
    }

    [Fact]
    public void Parameter_docs_that_go_on_after_the_spec_description_end_its_sentence_first()
    {
        // The wait methods add "An id, or exactly the full name …" after the id's description ("The Deployment Id").
        var waitParams = GeneratorHarness.Real.GeneratedSources
            .Where(s => s.HintName.EndsWith(".Wait.g.cs", StringComparison.Ordinal))
            .SelectMany(s => s.SourceText.ToString().Split('\n'))
            .Where(line => line.Contains("An id, or exactly the full name", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(waitParams);
        Assert.All(waitParams, line => Assert.Matches(@"<param name=""\w+"">.*\S[.!?] An id, or", line));
    }
}
