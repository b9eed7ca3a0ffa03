using Fireworks.Aip.Tests.Generated;

namespace Fireworks.Aip.Tests;

/// <summary>AIP-161 field masks: build from typed paths, parse, validate, union and normalise.</summary>
public class FieldMaskTests
{
    [Fact]
    public void BuildsFromTypedFieldsInOrderWithoutDuplicates()
    {
        var mask = FieldMask.Of(DeploymentFields.DisplayName, DeploymentFields.MinReplicaCount, DeploymentFields.AutoscalingPolicy.ScaleUpWindow, DeploymentFields.DisplayName);
        Assert.Equal("display_name,min_replica_count,autoscaling_policy.scale_up_window", mask.ToString());
        string text = mask;
        Assert.Equal(mask.ToString(), text);
        Assert.Equal("annotations.team,annotations.`image-tag-reason`,annotations.`a``b`",
            FieldMask.Of(DeploymentFields.Annotations["team"], DeploymentFields.Annotations["image-tag-reason"], DeploymentFields.Annotations["a`b"]).ToString());
    }

    [Theory]
    [InlineData("display_name,min_replica_count", "display_name,min_replica_count")]
    [InlineData(" display_name , snapshot.base_model ", "display_name,snapshot.base_model")]
    [InlineData("labels.`my-key`,labels.`a``b`", "labels.`my-key`,labels.`a``b`")]
    [InlineData("*", "*")]
    [InlineData("", "")]
    public void ParsesAndPrintsCanonically(string text, string canonical)
    {
        var mask = FieldMask.Parse(text);
        Assert.Equal(canonical, mask.ToString());
        Assert.Equal(mask, FieldMask.Parse(mask.ToString()));
    }

    [Fact]
    public void BacktickedKeysDecode()
    {
        var mask = FieldMask.Parse("labels.`a``b.c`");
        var path = Assert.Single(mask.Paths);
        Assert.Equal([new FieldPathSegment("labels", false), new FieldPathSegment("a`b.c", true)], path.Segments);
        Assert.Equal(FieldPath.Of("labels").Key("a`b.c"), path);
    }

    [Theory]
    [InlineData("displayName", 0, "'displayName' is not a proto snake_case field name; use 'display_name'")]
    [InlineData("a,,b", 2, "expected a field name after ','")]
    [InlineData("a.", 2, "expected a field name after '.'")]
    [InlineData("a b", 2, "expected ',' or the end after path 'a' but found 'b'")]
    [InlineData("a,a", 2, "path 'a' appears twice")]
    [InlineData("a,*", 2, "the wildcard path '*' must be the only path")]
    [InlineData("labels.`open", 7, "unterminated backtick-quoted map key")]
    [InlineData("`k`", 0, "must start with a field name")]
    [InlineData("labels.``", 7, "a map key cannot be empty")]
    public void MalformedMasksReportPosition(string text, int offset, string reason)
    {
        var exception = Assert.Throws<FieldMaskParseException>(() => FieldMask.Parse(text));
        Assert.Equal(offset, exception.Position.Offset);
        Assert.Contains(reason, exception.Reason, StringComparison.Ordinal);
        Assert.False(FieldMask.TryParse(text, out _, out _));
    }

    [Fact]
    public void NormalizeSortsDeduplicatesAndDropsCoveredPaths()
    {
        var mask = FieldMask.Parse("snapshot.base_model,display_name,snapshot,annotations.b,annotations.a");
        Assert.Equal("annotations.a,annotations.b,display_name,snapshot", mask.Normalize().ToString());
        Assert.Equal("*", FieldMask.Parse("a").Union(FieldMask.All).ToString());
        Assert.Equal("", FieldMask.Empty.Normalize().ToString());
    }

    [Fact]
    public void UnionNormalizes()
    {
        var a = FieldMask.Of(DeploymentFields.MinReplicaCount, DeploymentFields.AutoscalingPolicy.ScaleUpWindow);
        var b = FieldMask.Of(DeploymentFields.AutoscalingPolicy, DeploymentFields.DisplayName);
        Assert.Equal("autoscaling_policy,display_name,min_replica_count", (a | b).ToString());
        Assert.Equal(a.Union(b), b.Union(a));
    }

    [Fact]
    public void CoversAncestorsAndWildcard()
    {
        var mask = FieldMask.Of(DeploymentFields.AutoscalingPolicy);
        Assert.True(mask.Covers(DeploymentFields.AutoscalingPolicy.ScaleUpWindow));
        Assert.False(mask.Covers(DeploymentFields.MinReplicaCount));
        Assert.True(FieldMask.All.Covers(DeploymentFields.MinReplicaCount));
        Assert.False(FieldMask.Parse("auto").Covers(DeploymentFields.AutoscalingPolicy));
    }

    [Fact]
    public void WildcardCannotBeMixedWithPaths()
    {
        Assert.Throws<ArgumentException>(() => FieldMask.Of(FieldPath.Wildcard, FieldPath.Of("a")));
        Assert.Throws<InvalidOperationException>(() => FieldPath.Wildcard.Field("a"));
    }

    [Fact]
    public void ValidatesAgainstDeclarations()
    {
        var declarations = DeploymentFields.Declarations;
        Assert.Equal("display_name,annotations.`x-y`,autoscaling_policy.load_targets.gpu",
            declarations.ValidateFieldMask("display_name, annotations.`x-y`, autoscaling_policy.load_targets.gpu").ToString());
        Assert.Equal("*", declarations.ValidateFieldMask("*").ToString());
        var exception = Assert.Throws<AipValidationException>(() => declarations.ValidateFieldMask("display_name,min_replica_cnt"));
        var diagnostic = Assert.Single(exception.Diagnostics);
        Assert.Equal(13, diagnostic.Position.Offset);
        Assert.Contains("did you mean 'min_replica_count'?", diagnostic.Message, StringComparison.Ordinal);

        var repeated = new FilterDeclarations([new FilterFieldDeclaration("items", FilterType.Repeated(FilterType.Message("Item", [new FilterFieldDeclaration("id", FilterType.String)])))]);
        Assert.Contains("goes through a repeated field", Assert.Throws<AipValidationException>(() => repeated.ValidateFieldMask("items.id")).Message, StringComparison.Ordinal);
        Assert.Empty(repeated.Check(FieldMask.Parse("items")));
        var built = Assert.Single(declarations.Check(FieldMask.Of(DeploymentFields.Name, new IntFilterField("nope"))));
        Assert.Equal(5, built.Position.Offset);
    }
}
