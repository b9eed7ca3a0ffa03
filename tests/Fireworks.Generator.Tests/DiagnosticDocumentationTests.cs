using System.Reflection;
using System.Text.RegularExpressions;
using Fireworks.OpenApi.Diagnostics;
using Xunit;

namespace Fireworks.Generator.Tests;

/// <summary>
/// Every diagnostic links to its entry in docs/diagnostics.md (<c>#fwg001</c>): the page has exactly one entry per id
/// in the generator's table, so an id cannot be added, or an entry kept for a removed id, without the other.
/// </summary>
public sealed partial class DiagnosticDocumentationTests
{
    private static readonly string DocumentPath = Path.Combine(GeneratorHarness.RepoRoot, "docs", "diagnostics.md");

    [Fact]
    public void Every_generator_diagnostic_id_has_exactly_one_entry_and_there_are_no_others()
    {
        var defined = typeof(SpecDiagnostics)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(v => IdPattern().IsMatch(v))
            .Order(StringComparer.Ordinal)
            .ToList();
        var documented = EntryHeading().Matches(File.ReadAllText(DocumentPath)).Select(m => m.Groups["id"].Value).ToList();

        Assert.NotEmpty(defined);
        Assert.Equal(documented.Distinct().Count(), documented.Count);
        Assert.Equal(defined, documented.Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void A_reported_diagnostic_links_to_its_entry()
    {
        var result = GeneratorHarness.Run(new[] { new InMemoryAdditionalText("/specs/broken.openapi.yaml", "openapi: 3.0.0\npaths: [unclosed\n") }.Concat(GeneratorHarness.Templates()));
        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == SpecDiagnostics.MalformedYamlId);

        var link = diagnostic.Descriptor.HelpLinkUri;
        Assert.EndsWith("/docs/diagnostics.md#fwg001", link, StringComparison.Ordinal);
        Assert.Contains("\n## FWG001\n", File.ReadAllText(DocumentPath).ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [GeneratedRegex("^FWG[0-9]{3}$")]
    private static partial Regex IdPattern();

    // "## FWG001" alone on its line, so GitHub's anchor is exactly the lowercased id the help link uses.
    [GeneratedRegex("^## (?<id>FWG[0-9]{3})\\r?$", RegexOptions.Multiline)]
    private static partial Regex EntryHeading();
}
