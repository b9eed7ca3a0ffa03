using Fireworks.SpecDiff.OpenApi;
using Xunit;

namespace Fireworks.SpecDiff.Tests;

/// <summary>
/// One small spec pair per rule (request and response variants) and per scenario, under TestData/rules/&lt;case&gt;/:
/// old.yaml, new.yaml, an optional overlay.yaml, and expected.txt with exactly the findings and C# changes the diff
/// must report — nothing missing, nothing extra.
/// </summary>
public sealed class RuleCaseTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var directory in Directory.GetDirectories(TestPaths.RuleCases).OrderBy(d => d, StringComparer.Ordinal)) data.Add(Path.GetFileName(directory));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_reports_exactly_the_expected_changes(string caseName)
    {
        var directory = Path.Combine(TestPaths.RuleCases, caseName);
        var overlay = Path.Combine(directory, "overlay.yaml");

        var report = SpecDiffRunner.Run(Path.Combine(directory, "old.yaml"), Path.Combine(directory, "new.yaml"), File.Exists(overlay) ? overlay : null);

        Assert.Equal(ReportLines.Expected(Path.Combine(directory, "expected.txt")), ReportLines.Of(report));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reversing_a_case_still_reports_something(string caseName)
    {
        // Guards against a check that only looks one way: every change is visible from both sides.
        var directory = Path.Combine(TestPaths.RuleCases, caseName);
        var overlay = Path.Combine(directory, "overlay.yaml");

        var report = SpecDiffRunner.Run(Path.Combine(directory, "new.yaml"), Path.Combine(directory, "old.yaml"), File.Exists(overlay) ? overlay : null);

        Assert.False(report.IsEmpty);
    }

    [Fact]
    public void Every_rule_has_a_spec_pair_that_triggers_it()
    {
        var covered = Directory.GetFiles(TestPaths.RuleCases, "expected.txt", SearchOption.AllDirectories)
            .SelectMany(ReportLines.Expected)
            .Where(l => l.StartsWith("openapi ", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[2])
            .ToHashSet(StringComparer.Ordinal);

        var untested = Rules.All.Select(r => r.Id).Where(id => !covered.Contains(id)).ToList();

        Assert.Empty(untested);
    }

    [Fact]
    public void Rule_ids_are_unique_kebab_case_and_severities_match_their_names()
    {
        var ids = Rules.All.Select(r => r.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Matches("^[a-z]+(-[a-z]+)*$", id));
        Assert.True(ids.Count >= 50, $"only {ids.Count} rules");
        // The direction decides the severity of enum changes (see docs/spec-diff.md).
        Assert.Equal(Severity.Breaking, Rules.PropertyEnumValueRemoved.For(Directions.Request).Severity);
        Assert.Equal(Severity.Info, Rules.PropertyEnumValueRemoved.For(Directions.Response).Severity);
        Assert.Equal(Severity.Warning, Rules.PropertyEnumValueAdded.For(Directions.Response).Severity);
        Assert.Equal(Severity.Info, Rules.PropertyEnumValueAdded.For(Directions.Request).Severity);
        Assert.Equal(Severity.Breaking, Rules.PropertyEnumValueRemoved.For(Directions.Both).Severity);
        Assert.Equal(Severity.Warning, Rules.PropertyEnumValueAdded.For(Directions.Both).Severity);
    }

    [Fact]
    public void Every_rule_is_documented()
    {
        var documentation = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "spec-diff.md"));

        var undocumented = Rules.All.Where(r => !documentation.Contains($"`{r.Id}`", StringComparison.Ordinal)).Select(r => r.Id).ToList();

        Assert.Empty(undocumented);
    }
}
