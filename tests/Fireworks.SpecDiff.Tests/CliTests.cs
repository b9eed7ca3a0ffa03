using System.Text.Json;
using Fireworks.SpecDiff.Cli;
using Xunit;

namespace Fireworks.SpecDiff.Tests;

/// <summary>The command line: formats, output file, <c>--fail-on</c> and exit codes.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("specdiff-tests-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static string Case(string name, string file) => Path.Combine(TestPaths.RuleCases, name, file);

    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = SpecDiffCommand.Run(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public void Markdown_lists_counts_then_breaking_then_warnings_then_info_then_the_csharp_impact()
    {
        var (exitCode, output, error) = Run(Case("scenario-shared-enum-in-both-directions", "old.yaml"), Case("scenario-shared-enum-in-both-directions", "new.yaml"));

        Assert.Equal(SpecDiffCommand.Success, exitCode);
        Assert.Empty(error);
        Assert.Contains("- **OpenAPI:** 1 breaking, 1 warning, 0 info", output, StringComparison.Ordinal);
        Assert.Contains("- **C# SDK public API:** 1 source-breaking, 1 non-breaking", output, StringComparison.Ordinal);
        var breaking = output.IndexOf("### Breaking changes (1)", StringComparison.Ordinal);
        var warnings = output.IndexOf("### Warnings (1)", StringComparison.Ordinal);
        var csharp = output.IndexOf("### C# SDK impact", StringComparison.Ordinal);
        Assert.True(breaking > 0 && warnings > breaking && csharp > warnings, output);
        Assert.DoesNotContain("### Info", output, StringComparison.Ordinal);
        Assert.Contains("- **`request-property-enum-value-removed`**: removed the enum value `GREEN`", output, StringComparison.Ordinal);
        Assert.Contains("Reaches 2 operations: 1 via request, 2 via response — `Pets_CreatePet` (both), `Pets_GetPet` (response)", output, StringComparison.Ordinal);
        Assert.Contains("| **yes** | member removed | `Fireworks.Models.Color.Green` | `Green = \"GREEN\"` |", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_has_the_counts_findings_with_operations_and_csharp_changes()
    {
        var (exitCode, output, _) = Run(Case("scenario-shared-enum-in-both-directions", "old.yaml"), Case("scenario-shared-enum-in-both-directions", "new.yaml"), "--format", "json");

        Assert.Equal(SpecDiffCommand.Success, exitCode);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("summary").GetProperty("breaking").GetInt32());
        Assert.Equal(1, root.GetProperty("summary").GetProperty("csharpBreaking").GetInt32());
        var finding = root.GetProperty("findings")[0];
        Assert.Equal("request-property-enum-value-removed", finding.GetProperty("ruleId").GetString());
        Assert.Equal("breaking", finding.GetProperty("severity").GetString());
        Assert.Equal("both", finding.GetProperty("via").GetString());
        Assert.Equal("Pets_CreatePet", finding.GetProperty("operations")[0].GetProperty("operationId").GetString());
        Assert.Equal("member-removed", root.GetProperty("csharpChanges")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public void Summary_is_one_line()
    {
        var (exitCode, output, _) = Run(Case("api-version-changed", "old.yaml"), Case("api-version-changed", "new.yaml"), "-f", "summary");

        Assert.Equal(SpecDiffCommand.Success, exitCode);
        Assert.Equal("Pet Store 1.0.0 → 1.1.0: 0 breaking, 0 warnings, 1 info; C# SDK: 0 source-breaking, 0 non-breaking" + Environment.NewLine, output);
    }

    [Fact]
    public void Output_goes_to_the_file_and_not_to_standard_output()
    {
        var file = Path.Combine(_temp, "reports", "SPEC-DIFF.md");

        var (exitCode, output, _) = Run(Case("api-version-changed", "old.yaml"), Case("api-version-changed", "new.yaml"), "--output", file);

        Assert.Equal(SpecDiffCommand.Success, exitCode);
        Assert.Empty(output);
        Assert.Contains("`api-version-changed`", File.ReadAllText(file), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("request-property-enum-value-removed", "breaking", SpecDiffCommand.ThresholdReached)]
    [InlineData("request-property-enum-value-removed", "warning", SpecDiffCommand.ThresholdReached)]
    [InlineData("response-property-enum-value-added", "breaking", SpecDiffCommand.Success)]
    [InlineData("response-property-enum-value-added", "warning", SpecDiffCommand.ThresholdReached)]
    [InlineData("api-version-changed", "warning", SpecDiffCommand.Success)]
    [InlineData("scenario-read-only-property-of-sent-schema", "breaking", SpecDiffCommand.ThresholdReached)] // C# source-breaking only
    public void Fail_on_sets_the_exit_code(string caseName, string threshold, int expectedExitCode)
    {
        var (exitCode, _, error) = Run(Case(caseName, "old.yaml"), Case(caseName, "new.yaml"), "--fail-on", threshold);

        Assert.Equal(expectedExitCode, exitCode);
        Assert.Equal(expectedExitCode == SpecDiffCommand.ThresholdReached, error.Contains("--fail-on", StringComparison.Ordinal));
    }

    [Fact]
    public void Malformed_yaml_is_bad_input_naming_the_file_and_line()
    {
        var broken = Path.Combine(_temp, "broken.yaml");
        File.WriteAllText(broken, "openapi: 3.1.0\ninfo:\n  title: x\n   version: 1\n");

        var (exitCode, output, error) = Run(Case("api-version-changed", "old.yaml"), broken);

        Assert.Equal(SpecDiffCommand.BadInput, exitCode);
        Assert.Empty(output);
        Assert.StartsWith($"fireworks-specdiff: error: {broken}(4,", error, StringComparison.Ordinal);
        Assert.Contains("invalid YAML", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_bad_input()
    {
        var (exitCode, _, error) = Run("missing-old.yaml", Case("api-version-changed", "new.yaml"));

        Assert.Equal(SpecDiffCommand.BadInput, exitCode);
        Assert.Contains("missing-old.yaml: file not found", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_overlay_is_bad_input()
    {
        var overlay = Path.Combine(_temp, "overlay.yaml");
        File.WriteAllText(overlay, "renames:\n  a: b\n");

        var (exitCode, _, error) = Run(Case("api-version-changed", "old.yaml"), Case("api-version-changed", "new.yaml"), "--overlay", overlay);

        Assert.Equal(SpecDiffCommand.BadInput, exitCode);
        Assert.Contains("invalid overlay", error, StringComparison.Ordinal);
        Assert.Contains("renames", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--format", "html")]
    [InlineData("--fail-on", "never")]
    [InlineData("--colour")]
    public void Usage_errors_are_bad_input(params string[] extra)
    {
        var (exitCode, _, error) = Run([Case("api-version-changed", "old.yaml"), Case("api-version-changed", "new.yaml"), .. extra]);

        Assert.Equal(SpecDiffCommand.BadInput, exitCode);
        Assert.Contains("fireworks-specdiff: error:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_arguments_are_bad_input()
    {
        var (exitCode, _, error) = Run(Case("api-version-changed", "old.yaml"));

        Assert.Equal(SpecDiffCommand.BadInput, exitCode);
        Assert.Contains("Required argument missing", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_the_options()
    {
        var (exitCode, output, _) = Run("--help");

        Assert.Equal(SpecDiffCommand.Success, exitCode);
        Assert.Contains("--fail-on", output, StringComparison.Ordinal);
        Assert.Contains("--overlay", output, StringComparison.Ordinal);
    }
}
