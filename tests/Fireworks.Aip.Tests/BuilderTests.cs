using Fireworks.Aip.Tests.Generated;

namespace Fireworks.Aip.Tests;

/// <summary>The typed builder prints correct, escaped, snake_case filters.</summary>
public class BuilderTests
{
    private static readonly StringFilterField Name = new("name");
    private static readonly IntFilterField Count = new("count");
    private static readonly FloatFilterField Score = new("score");
    private static readonly TimestampFilterField CreateTime = new("create_time");
    private static readonly DurationFilterField Timeout = new("timeout");

    [Fact]
    public void NestedMessagePathsCompose()
    {
        Assert.Equal("snapshot.base_model", DeploymentShapeVersionFields.Snapshot.BaseModel.FieldPath.ToString());
        Assert.Equal("snapshot.accelerator_type=NVIDIA_H100_80GB",
            (DeploymentShapeVersionFields.Snapshot.AcceleratorType == TestAccelerator.NvidiaH100_80Gb).ToString());
        Assert.Equal("autoscaling_policy.scale_up_window>20s",
            (DeploymentFields.AutoscalingPolicy.ScaleUpWindow > TimeSpan.FromSeconds(20)).ToString());
    }

    [Theory]
    [InlineData("plain", "name=\"plain\"")]
    [InlineData("with \"quotes\"", "name=\"with \\\"quotes\\\"\"")]
    [InlineData("back\\slash", "name=\"back\\\\slash\"")]
    [InlineData("x\" OR name=\"y", "name=\"x\\\" OR name=\\\"y\"")]
    [InlineData("a*b", "name=\"a\\*b\"")]
    [InlineData("line\nbreak\r\t", "name=\"line\\nbreak\\r\\t\"")]
    [InlineData("bell\u0007", "name=\"bell\\u0007\"")]
    [InlineData("日本 😀", "name=\"日本 😀\"")]
    [InlineData("", "name=\"\"")]
    public void StringValuesAreQuotedAndEscaped(string value, string expected)
    {
        var filter = Name == value;
        Assert.Equal(expected, filter.ToString());
        var restriction = Assert.IsType<RestrictionExpression>(Filter.Parse(filter.ToString()).Expression);
        var literal = Assert.IsType<StringLiteral>(restriction.Argument);
        Assert.Equal(value, literal.Value);
        Assert.False(literal.HasWildcards);
    }

    [Fact]
    public void InjectionAttemptStaysOneRestriction()
    {
        var filter = Name == "x\") OR (name=\"admin";
        Assert.IsType<RestrictionExpression>(Filter.Parse(filter).Expression);
    }

    [Fact]
    public void WildcardHelpersAddExplicitWildcardsAndEscapeLiteralStars()
    {
        Assert.Equal("name=\"accounts/fireworks/*\"", Name.StartsWith("accounts/fireworks/").ToString());
        Assert.Equal("name=\"*-120b\"", Name.EndsWith("-120b").ToString());
        Assert.Equal("name=\"*llama*\"", Name.Contains("llama").ToString());
        Assert.Equal("name=\"a\\*b*\"", Name.StartsWith("a*b").ToString());

        var literal = Assert.IsType<StringLiteral>(((RestrictionExpression)Filter.Parse(Name.StartsWith("a*b")).Expression!).Argument);
        Assert.Equal("a*b*", literal.Value);
        Assert.Equal([3], literal.WildcardIndexes);
    }

    [Fact]
    public void ComparatorsOnOrderedFields()
    {
        Assert.Equal("count<5", (Count < 5).ToString());
        Assert.Equal("count<=5", (Count <= 5).ToString());
        Assert.Equal("count>-5", (Count > -5).ToString());
        Assert.Equal("count>=9223372036854775807", (Count >= long.MaxValue).ToString());
        Assert.Equal("count!=0", (Count != 0).ToString());
        Assert.Equal("name<\"m\"", (Name < "m").ToString());
        Assert.Equal("score>=0.5", (Score >= 0.5).ToString());
        Assert.Equal("score=1.0", (Score == 1).ToString());
        Assert.Equal("score<1E+20", (Score < 1e20).ToString());
    }

    [Fact]
    public void NonFiniteFloatsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Score == double.NaN);
        Assert.Throws<ArgumentOutOfRangeException>(() => Score > double.PositiveInfinity);
    }

    [Fact]
    public void TimestampsPrintAsUtcRfc3339()
    {
        var local = new DateTimeOffset(2024, 5, 1, 14, 30, 0, TimeSpan.FromHours(2));
        Assert.Equal("create_time>2024-05-01T12:30:00Z", (CreateTime > local).ToString());
        var fractional = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_500);
        Assert.Equal("create_time<2024-05-01T12:00:00.12345Z", (CreateTime < fractional).ToString());
        var parsed = Assert.IsType<TimestampLiteral>(((RestrictionExpression)Filter.Parse(CreateTime < fractional).Expression!).Argument);
        Assert.Equal(fractional, parsed.Value);
    }

    [Theory]
    [InlineData(200_000_000L, "timeout=20s")]
    [InlineData(15_000_000L, "timeout=1.5s")]
    [InlineData(1L, "timeout=0.0000001s")]
    [InlineData(0L, "timeout=0s")]
    [InlineData(-2_500_000L, "timeout=-0.25s")]
    public void DurationsPrintAsSeconds(long ticks, string expected)
    {
        var filter = Timeout == TimeSpan.FromTicks(ticks);
        Assert.Equal(expected, filter.ToString());
        var parsed = Assert.IsType<DurationLiteral>(((RestrictionExpression)Filter.Parse(filter).Expression!).Argument);
        Assert.Equal(ticks, parsed.Value.Ticks);
    }

    [Fact]
    public void ExtremeDurationsRoundTrip()
    {
        foreach (var value in new[] { TimeSpan.MaxValue, TimeSpan.MinValue + TimeSpan.FromTicks(1) })
        {
            var parsed = Assert.IsType<DurationLiteral>(((RestrictionExpression)Filter.Parse(Timeout == value).Expression!).Argument);
            Assert.Equal(value, parsed.Value);
        }
    }

    [Fact]
    public void EnumsPrintWireNamesAndQuoteNonIdentifierWireNames()
    {
        Assert.Equal("state!=FAILED", (DeploymentFields.State != TestDeploymentState.Failed).ToString());
        Assert.Equal("state=\"ready-now\"", (DeploymentFields.State == new TestDeploymentState("ready-now")).ToString());
        Assert.Equal("state=\"AND\"", (DeploymentFields.State == new TestDeploymentState("AND")).ToString());
        Assert.Equal("state=PAUSED", (DeploymentFields.State == new TestDeploymentState("PAUSED")).ToString()); // a value newer than the SDK
        Assert.Throws<ArgumentException>(() => DeploymentFields.State == new TestDeploymentState(string.Empty));
        Assert.Throws<ArgumentException>(() => DeploymentFields.State == default(TestDeploymentState));
    }

    [Fact]
    public void NotHasAndIn()
    {
        Assert.Equal("NOT state=READY", (!(DeploymentFields.State == TestDeploymentState.Ready)).ToString());
        Assert.Equal("state=READY", (!!(DeploymentFields.State == TestDeploymentState.Ready)).ToString());
        Assert.Equal("NOT (a=1 OR a=2)", (!new IntFilterField("a").In(1, 2)).ToString());
        Assert.Equal("autoscaling_policy:*", DeploymentFields.AutoscalingPolicy.Has().ToString());
        Assert.Equal("name:\"x\"", Name.Has("x").ToString());
        Assert.Equal("state=READY OR state=CREATING",
            DeploymentFields.State.In(TestDeploymentState.Ready, TestDeploymentState.Creating).ToString());
        Assert.Equal("state=READY", DeploymentFields.State.In(TestDeploymentState.Ready).ToString());
        Assert.Throws<ArgumentException>(() => Name.In());
    }

    [Fact]
    public void InsideAndItIsGrouped()
    {
        var filter = DeploymentFields.State.In(TestDeploymentState.Ready, TestDeploymentState.Updating)
            & DeploymentFields.MinReplicaCount > 0;
        Assert.Equal("(state=READY OR state=UPDATING) AND min_replica_count>0", filter.ToString());
    }

    [Fact]
    public void RepeatedAndMapFields()
    {
        Assert.Equal("direct_route_api_keys:\"key-1\"", DeploymentFields.DirectRouteApiKeys.Contains("key-1").ToString());
        Assert.Equal("annotations.team=\"infra\"", (DeploymentFields.Annotations["team"] == "infra").ToString());
        Assert.Equal("annotations.\"image-tag-reason\"!=\"\"", (DeploymentFields.Annotations["image-tag-reason"] != string.Empty).ToString());
        Assert.Equal("annotations:team", DeploymentFields.Annotations.HasKey("team").ToString());
        Assert.Equal("annotations:\"a b\"", DeploymentFields.Annotations.HasKey("a b").ToString());
        Assert.Equal("autoscaling_policy.load_targets.gpu>=0.75",
            (DeploymentFields.AutoscalingPolicy.LoadTargets["gpu"] >= 0.75).ToString());

        var shapes = new RepeatedFilterField<DeploymentShapeFilterFields>("shapes", static p => new DeploymentShapeFilterFields(p));
        Assert.Equal("shapes.accelerator_type:NVIDIA_H100_80GB", shapes.Any(s => s.AcceleratorType, TestAccelerator.NvidiaH100_80Gb).ToString());
        Assert.Equal("shapes.accelerator_count:8", shapes.Any(s => s.AcceleratorCount, 8).ToString());
        Assert.Throws<ArgumentException>(() => shapes.Any(_ => Count, 1));

        var states = new RepeatedFilterField<EnumFilterField<TestDeploymentState>>("states", EnumFilterField<TestDeploymentState>.Factory);
        Assert.Equal("states:READY", states.Contains(TestDeploymentState.Ready).ToString());
        var counts = new RepeatedFilterField<IntFilterField>("counts", static p => new IntFilterField(p));
        Assert.Equal("counts:3", counts.Contains(3).ToString());
        Assert.Equal("counts:3", counts.Any(c => c, 3).ToString());
    }

    [Fact]
    public void EmptyFilterSemantics()
    {
        var a = Name == "a";
        Assert.Equal(a, Filter.Empty & a);
        Assert.Equal(a, a & Filter.Empty);
        Assert.Equal(Filter.Empty, Filter.Where());
        Assert.Throws<ArgumentException>(() => Filter.Empty | a);
        Assert.Throws<ArgumentException>(() => !Filter.Empty);
        Assert.Throws<ArgumentException>(() => Filter.AnyOf());
    }

    [Fact]
    public void FieldNamesMustBeSnakeCase()
    {
        var exception = Assert.Throws<ArgumentException>(() => new StringFilterField("baseModel"));
        Assert.Contains("use the proto name 'base_model'", exception.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new StringFilterField("9lives"));
        Assert.Throws<ArgumentException>(() => new StringFilterField("a.b"));
        Assert.Throws<ArgumentException>(() => new StringFilterField(string.Empty));
    }

    [Fact]
    public void UnpairedSurrogatesAreRefused()
    {
        Assert.Throws<ArgumentException>(() => Name == "bad\uD800");
        Assert.Throws<ArgumentException>(() => DeploymentFields.Annotations["\uDC00"]);
    }

    [Fact]
    public void FieldsKnowTheirTypesAndIdentity()
    {
        Assert.Equal(FilterType.Timestamp, DeploymentFields.CreateTime.FieldType);
        Assert.Equal("repeated string", DeploymentFields.DirectRouteApiKeys.FieldType.ToString());
        Assert.Equal("map<string, string>", DeploymentFields.Annotations.FieldType.ToString());
        Assert.Equal("message DeploymentShape", DeploymentShapeVersionFields.Snapshot.FieldType.ToString());
        Assert.Equal("enum TestDeploymentState", DeploymentFields.State.FieldType.ToString());
        Assert.Equal(
            ["STATE_UNSPECIFIED", "CREATING", "READY", "DELETING", "FAILED", "UPDATING", "DELETED"],
            ((EnumFilterType)DeploymentFields.State.FieldType).Values);
        Assert.True(DeploymentShapeVersionFields.Snapshot.BaseModel.Equals(DeploymentShapeVersionFields.Snapshot.BaseModel));
        Assert.Equal(
            DeploymentShapeVersionFields.Snapshot.BaseModel.GetHashCode(),
            new StringFilterField(FieldPath.Parse("snapshot.base_model")).GetHashCode());
        Assert.False(new StringFilterField("a").Equals(new IntFilterField("a")));
        Assert.Equal("base_model", DeploymentShapeVersionFields.Snapshot.BaseModel.FieldName);
    }

    [Fact]
    public void AstNodesCanBeBuiltDirectlyAndAreValidated()
    {
        var node = new RestrictionExpression(
            new MemberExpression([new MemberSegment("labels", false), new MemberSegment("my key", true)]),
            FilterComparator.Equal,
            new StringLiteral("v*", [1]));
        Assert.Equal("labels.\"my key\"=\"v*\"", Filter.FromExpression(node).ToString());

        Assert.Throws<ArgumentException>(() => new MemberExpression("has space"));
        Assert.Throws<ArgumentException>(() => new MemberExpression("true"));
        Assert.Throws<ArgumentException>(() => new MemberExpression("AND"));
        Assert.Throws<ArgumentException>(() => new MemberExpression([new MemberSegment("x", true)]));
        Assert.Throws<ArgumentException>(() => new StringLiteral("abc", [1]));
        Assert.Throws<ArgumentException>(() => new RestrictionExpression(new AndExpression([new MemberExpression("a"), new MemberExpression("b")]), FilterComparator.Equal, new NumberLiteral(1)));
        Assert.Throws<ArgumentException>(() => new AndExpression([new MemberExpression("a")]));
        Assert.Throws<ArgumentException>(() => new FunctionCallExpression("bad name", []));
    }
}
