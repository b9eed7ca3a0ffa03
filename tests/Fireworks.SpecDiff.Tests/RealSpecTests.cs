using Fireworks.SpecDiff.CSharp;
using Fireworks.SpecDiff.Loading;
using Fireworks.SpecDiff.OpenApi;
using Fireworks.SpecDiff.Reporting;
using Xunit;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace Fireworks.SpecDiff.Tests;

/// <summary>The vendor spec in spec/: against itself, and against an evolution of it built here.</summary>
public sealed class RealSpecTests(ITestOutputHelper output)
{
    private const string ListJobsPath = "/v1/accounts/{account_id}/rlorTrainerJobs";

    [Fact]
    public void The_real_spec_against_itself_reports_nothing()
    {
        var report = SpecDiffRunner.Run(TestPaths.RealSpecPath, TestPaths.RealSpecPath, TestPaths.OverlayPath);

        Assert.Empty(report.Findings);
        Assert.Empty(report.CSharpChanges);
        Assert.Empty(report.NewGeneratorDiagnostics);
        Assert.True(report.IsEmpty);
        Assert.Contains("No changes", MarkdownReportWriter.Write(report), StringComparison.Ordinal);
    }

    [Fact]
    public void A_real_looking_evolution_reports_each_change_once_with_its_severity_and_csharp_impact()
    {
        var oldSpec = SpecLoader.Load(TestPaths.RealSpecPath);
        var newSpec = SpecLoader.Parse("gateway-4.260.0.openapi.yaml", Evolve(File.ReadAllText(TestPaths.RealSpecPath)));

        var report = SpecDiffRunner.Run(oldSpec, newSpec, SpecDiffRunner.LoadOverlay(TestPaths.OverlayPath));
        output.WriteLine(MarkdownReportWriter.Write(report));

        Assert.Equal(
            new[]
            {
                "csharp breaking member-changed Fireworks.RlorTrainerJobsClient.ListAsync",
                "csharp breaking member-changed Fireworks.RlorTrainerJobsClient.ListPageAsync",
                "csharp breaking member-removed Fireworks.Models.Accelerator.NvidiaA10G_24Gb",
                "csharp breaking member-removed Fireworks.Models.RlorTrainerJob.EvaluationDataset",
                "csharp non-breaking member-added Fireworks.Models.Accelerator.NvidiaGb300_288Gb",
                "openapi breaking new-required-request-parameter GET " + ListJobsPath + "#parameters/query/region",
                "openapi breaking request-property-enum-value-removed #/components/schemas/gatewayAcceleratorType",
                "openapi info api-version-changed info.version",
                "openapi warning request-property-removed #/components/schemas/gatewayRlorTrainerJob/properties/evaluationDataset",
                "openapi warning response-property-enum-value-added #/components/schemas/gatewayAcceleratorType",
            },
            ReportLines.Of(report));

        // The shared enum is sent by deployment writes and received by every deployment read.
        var removedValue = report.Findings.Single(f => f.RuleId == "request-property-enum-value-removed");
        Assert.Equal(Directions.Both, removedValue.Via);
        Assert.Contains(removedValue.Operations, o => o.OperationId == "Gateway_CreateDeployment" && o.Via == Directions.Both);
        Assert.Contains(removedValue.Operations, o => o.OperationId == "Gateway_GetDeployment" && o.Via == Directions.Response);
        Assert.Contains("NVIDIA_A10G_24GB", removedValue.Message, StringComparison.Ordinal);

        // The trainer job is sent only by Create; Get, List and Resume return it.
        var removedProperty = report.Findings.Single(f => f.RuleId == "request-property-removed");
        Assert.Contains(removedProperty.Operations, o => o.OperationId == "Gateway_CreateRlorTrainerJob" && o.Via == Directions.Both);
        Assert.Contains(removedProperty.Operations, o => o.OperationId == "Gateway_GetRlorTrainerJob" && o.Via == Directions.Response);

        // Extensible enums have no numbers: retiring a value in the middle changes no other member.
        Assert.DoesNotContain(report.CSharpChanges, c => c.Api.StartsWith("Fireworks.Models.Accelerator", StringComparison.Ordinal)
            && c.Kind is not (CSharpChangeKind.MemberAdded or CSharpChangeKind.MemberRemoved));
        var retired = report.CSharpChanges.Single(c => c.Api == "Fireworks.Models.Accelerator.NvidiaA10G_24Gb");
        Assert.Equal("NvidiaA10G_24Gb = \"NVIDIA_A10G_24GB\"", retired.Before);

        var listAsync = report.CSharpChanges.Single(c => c.Api == "Fireworks.RlorTrainerJobsClient.ListAsync");
        Assert.Contains("required parameter string region added", listAsync.Reason, StringComparison.Ordinal);
        Assert.True(report.Fails(FailOn.Breaking));
    }

    [Fact]
    public void A_real_spec_copy_with_one_max_length_added_reports_one_breaking_constraint_finding_and_no_csharp_change()
    {
        // The description already says "Must be fewer than 64 characters long"; a release could start enforcing it.
        var newSpec = SpecLoader.Parse("gateway-4.259.0.openapi.yaml", Mutate(File.ReadAllText(TestPaths.RealSpecPath), root =>
        {
            var displayName = (YamlMappingNode)Properties(root, "gatewayDeployment")["displayName"];
            displayName.Children.Add(new YamlScalarNode("maxLength"), new YamlScalarNode("63"));
        }));

        var report = SpecDiffRunner.Run(SpecLoader.Load(TestPaths.RealSpecPath), newSpec, SpecDiffRunner.LoadOverlay(TestPaths.OverlayPath));
        output.WriteLine(MarkdownReportWriter.Write(report));

        Assert.Equal(["openapi breaking request-property-constraint-tightened #/components/schemas/gatewayDeployment/properties/displayName"], ReportLines.Of(report));
        var finding = report.Findings.Single();
        Assert.Equal(Directions.Both, finding.Via);
        Assert.Contains(finding.Operations, o => o.OperationId == "Gateway_CreateDeployment" && o.Via == Directions.Both);
        Assert.Equal("`maxLength` of the property `displayName` changed from `(none)` to `63`", finding.Message);
        Assert.True(report.Fails(FailOn.Breaking));
    }

    [Fact]
    public void A_real_spec_copy_with_one_parameter_default_changed_reports_one_warning()
    {
        var newSpec = SpecLoader.Parse("gateway-4.259.0.openapi.yaml", Mutate(File.ReadAllText(TestPaths.RealSpecPath), root =>
        {
            var get = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)root["paths"])["/v1/accounts/{account_id}/accountUsageFilterOptions"])["get"];
            var usageType = ((YamlSequenceNode)get["parameters"]).Children.Cast<YamlMappingNode>().Single(p => ((YamlScalarNode)p["name"]).Value == "usageType");
            var schema = (YamlMappingNode)usageType["schema"];
            Assert.Equal("USAGE_TYPE_UNSPECIFIED", ((YamlScalarNode)schema["default"]).Value);
            schema.Children[new YamlScalarNode("default")] = new YamlScalarNode("SERVERLESS");
        }));

        var report = SpecDiffRunner.Run(SpecLoader.Load(TestPaths.RealSpecPath), newSpec, SpecDiffRunner.LoadOverlay(TestPaths.OverlayPath));

        Assert.Equal(["openapi warning request-parameter-default-changed GET /v1/accounts/{account_id}/accountUsageFilterOptions#parameters/query/usageType"], ReportLines.Of(report));
        Assert.Contains("from `USAGE_TYPE_UNSPECIFIED` to `SERVERLESS`", report.Findings.Single().Message, StringComparison.Ordinal);
        Assert.False(report.Fails(FailOn.Breaking));
        Assert.True(report.Fails(FailOn.Warning));
    }

    [Fact]
    public void A_property_removed_from_a_resource_but_not_its_update_body_reports_the_lost_read_modify_write_overload()
    {
        // DatasetsClient.UpdateAsync(datasetId, current, change) exists only while every property of the PATCH body is
        // one of the resource's: the vendor removing a field from one but not the other drops a public method.
        var newSpec = SpecLoader.Parse("gateway-4.259.0.openapi.yaml", Mutate(File.ReadAllText(TestPaths.RealSpecPath), root =>
            Assert.True(Properties(root, "gatewayDataset").Children.Remove(new YamlScalarNode("sourceJobName")))));

        var report = SpecDiffRunner.Run(SpecLoader.Load(TestPaths.RealSpecPath), newSpec, SpecDiffRunner.LoadOverlay(TestPaths.OverlayPath));
        output.WriteLine(MarkdownReportWriter.Write(report));

        var lost = report.CSharpChanges.Single(c => c.Api == "Fireworks.DatasetsClient.UpdateAsync");
        Assert.Equal(CSharpChangeKind.MemberRemoved, lost.Kind);
        Assert.True(lost.IsBreaking);
        Assert.StartsWith("Task<Dataset> UpdateAsync(string datasetId, Dataset current, Action<Dataset> change,", lost.Before, StringComparison.Ordinal);
        Assert.Contains("sourceJobName", lost.Reason, StringComparison.Ordinal);
        Assert.Contains(report.CSharpChanges, c => c.Api == "Fireworks.Models.Dataset.SourceJobName" && c.Kind == CSharpChangeKind.MemberRemoved);
        Assert.Contains("UpdateAsync(string datasetId, Dataset current, Action<Dataset> change,", MarkdownReportWriter.Write(report), StringComparison.Ordinal);
    }

    [Fact]
    public void A_property_removed_from_a_resource_and_its_update_body_keeps_the_read_modify_write_overload()
    {
        var newSpec = SpecLoader.Parse("gateway-4.259.0.openapi.yaml", Mutate(File.ReadAllText(TestPaths.RealSpecPath), root =>
        {
            Assert.True(Properties(root, "gatewayDataset").Children.Remove(new YamlScalarNode("sourceJobName")));
            var patch = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)root["paths"])["/v1/accounts/{account_id}/datasets/{dataset_id}"])["patch"];
            var body = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)patch["requestBody"])["content"])["application/json"])["schema"];
            Assert.True(((YamlMappingNode)body["properties"]).Children.Remove(new YamlScalarNode("sourceJobName")));
        }));

        var report = SpecDiffRunner.Run(SpecLoader.Load(TestPaths.RealSpecPath), newSpec, SpecDiffRunner.LoadOverlay(TestPaths.OverlayPath));

        Assert.DoesNotContain(report.CSharpChanges, c => c.Api.StartsWith("Fireworks.DatasetsClient.", StringComparison.Ordinal));
        Assert.Contains(report.CSharpChanges, c => c.Api == "Fireworks.Models.Dataset.SourceJobName" && c.Kind == CSharpChangeKind.MemberRemoved);
        Assert.Contains(report.CSharpChanges, c => c.Api == "Fireworks.Models.UpdateDatasetRequest.SourceJobName" && c.Kind == CSharpChangeKind.MemberRemoved);
    }

    private static YamlMappingNode Properties(YamlMappingNode root, string schema) =>
        (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)root["components"])["schemas"])[schema])["properties"];

    private static string Mutate(string specText, Action<YamlMappingNode> change)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(specText));
        change((YamlMappingNode)stream.Documents[0].RootNode);
        var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    /// <summary>
    /// The change a vendor release could plausibly make: version bump, a property removed from a shared resource,
    /// an accelerator retired and another added, and a new required query parameter on a list.
    /// </summary>
    private static string Evolve(string specText)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(specText));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        ((YamlMappingNode)root["info"]).Children[new YamlScalarNode("version")] = new YamlScalarNode("4.260.0");

        var schemas = (YamlMappingNode)((YamlMappingNode)root["components"])["schemas"];
        var jobProperties = (YamlMappingNode)((YamlMappingNode)schemas["gatewayRlorTrainerJob"])["properties"];
        Assert.True(jobProperties.Children.Remove(new YamlScalarNode("evaluationDataset")), "the spec no longer has gatewayRlorTrainerJob.evaluationDataset");

        var accelerators = (YamlSequenceNode)((YamlMappingNode)schemas["gatewayAcceleratorType"])["enum"];
        var retired = accelerators.Children.Single(n => ((YamlScalarNode)n).Value == "NVIDIA_A10G_24GB");
        accelerators.Children.Remove(retired);
        accelerators.Children.Add(new YamlScalarNode("NVIDIA_GB300_288GB"));

        var list = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)root["paths"])[ListJobsPath])["get"];
        Assert.Equal("Gateway_ListRlorTrainerJobs", ((YamlScalarNode)list["operationId"]).Value);
        ((YamlSequenceNode)list["parameters"]).Children.Add(new YamlMappingNode(
            new YamlScalarNode("name"), new YamlScalarNode("region"),
            new YamlScalarNode("in"), new YamlScalarNode("query"),
            new YamlScalarNode("required"), new YamlScalarNode("true"),
            new YamlScalarNode("schema"), new YamlMappingNode(new YamlScalarNode("type"), new YamlScalarNode("string"))));

        var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
