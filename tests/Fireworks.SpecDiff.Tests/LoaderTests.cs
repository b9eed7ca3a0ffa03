using Fireworks.SpecDiff.Loading;
using Xunit;

namespace Fireworks.SpecDiff.Tests;

/// <summary>Reading YAML, JSON and Markdown inputs, and the errors for everything else.</summary>
public sealed class LoaderTests
{
    private static string PetsYaml => Path.Combine(TestPaths.RuleCases, "api-version-changed", "old.yaml");

    [Fact]
    public void Json_and_yaml_forms_of_a_spec_are_the_same_spec()
    {
        var report = SpecDiffRunner.Run(PetsYaml, Path.Combine(TestPaths.Formats, "pets.json"), null);

        Assert.True(report.IsEmpty, string.Join("\n", ReportLines.Of(report)));
    }

    [Fact]
    public void A_markdown_page_is_read_from_its_first_yaml_block()
    {
        var page = SpecLoader.Load(Path.Combine(TestPaths.Formats, "pets-page.md"));
        var report = SpecDiffRunner.Run(PetsYaml, Path.Combine(TestPaths.Formats, "pets-page.md"), null);

        Assert.Equal("3.1.0", page.OpenApiVersion);
        Assert.Equal("Pet Store", page.Title);
        Assert.True(report.IsEmpty, string.Join("\n", ReportLines.Of(report)));
    }

    [Fact]
    public void A_page_level_cut_is_compared_as_a_document_with_fewer_operations()
    {
        var full = SpecLoader.Load(PetsYaml);
        var cut = SpecLoader.Parse("cut.yaml", full.Text.Replace("  /v1/pets/{pet_id}:\n    get:\n", "  /v1/pets/{pet_id}:\n    x-hidden:\n", StringComparison.Ordinal));

        var report = SpecDiffRunner.Run(full, cut, null);

        Assert.Equal(
            ["csharp breaking member-removed Fireworks.PetsClient.GetAsync", "openapi breaking endpoint-removed GET /v1/pets/{pet_id}"],
            ReportLines.Of(report));
    }

    [Fact]
    public void Markdown_fences_of_any_length_and_tildes_are_recognised()
    {
        var block = MarkdownSpecExtractor.Extract("page.md", "intro\n\n~~~~json\n{\"openapi\": \"3.0.3\"}\n~~~~\n");

        Assert.True(block.IsJson);
        Assert.Equal("{\"openapi\": \"3.0.3\"}", block.Content);
        Assert.Equal(4, block.FirstLine);
    }

    [Theory]
    [InlineData("broken.yaml", "openapi: 3.1.0\ninfo:\n  title: x\n   version: 1\npaths: {}\n", "broken.yaml(4,", "invalid YAML")]
    [InlineData("broken.json", "{\n  \"openapi\": \"3.1.0\",\n  \"info\": {\n}\n", "broken.json(5,", "invalid JSON")]
    [InlineData("duplicate.json", "{\"openapi\": \"3.1.0\", \"openapi\": \"3.0.0\"}", "duplicate.json:", "appears twice")]
    [InlineData("empty.yaml", "  \n", "empty.yaml:", "empty")]
    [InlineData("list.yaml", "- a\n- b\n", "list.yaml:", "not a YAML mapping")]
    [InlineData("config.yaml", "name: not a spec\nversion: 3\n", "config.yaml:", "no 'openapi' field")]
    [InlineData("swagger.yaml", "swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n", "swagger.yaml:", "Swagger 2.0")]
    [InlineData("future.yaml", "openapi: 4.0.0\npaths: {}\n", "future.yaml(1,", "only OpenAPI 3.0 and 3.1")]
    [InlineData("paths.yaml", "openapi: 3.0.3\npaths: [a, b]\n", "paths.yaml(2,", "'paths' must be a mapping")]
    [InlineData("page.md", "# Title\n\n```bash\necho hi\n```\n", "page.md:", "no fenced ```yaml")]
    [InlineData("open.md", "# Title\n\n```yaml\nopenapi: 3.1.0\n", "open.md(3,", "never closed")]
    public void Malformed_input_is_rejected_with_the_file_position_and_problem(string fileName, string content, string expectedPrefix, string expectedProblem)
    {
        var error = Assert.Throws<SpecInputException>(() => SpecLoader.Parse(fileName, content));

        Assert.StartsWith(expectedPrefix, error.Message, StringComparison.Ordinal);
        Assert.Contains(expectedProblem, error.Message, StringComparison.Ordinal);
        Assert.Equal(fileName, error.FilePath);
    }

    [Fact]
    public void A_yaml_error_inside_a_markdown_block_reports_the_line_of_the_markdown_file()
    {
        var error = Assert.Throws<SpecInputException>(() => SpecLoader.Parse("page.md", "# Title\n\n```yaml\nopenapi: 3.1.0\ninfo:\n  title: x\n   version: 1\n```\n"));

        Assert.Equal(7, error.Line);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(TestPaths.TestData, "does-not-exist.yaml");

        var error = Assert.Throws<SpecInputException>(() => SpecLoader.Load(path));

        Assert.Equal(path + ": file not found", error.Message);
    }
}
