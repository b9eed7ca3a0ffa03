using Fireworks.Aip.Tests.Generated;

namespace Fireworks.Aip.Tests;

/// <summary>The checker validates filters against declared fields and names the position of each problem.</summary>
public class ValidatorTests
{
    private static readonly EnumFilterType State = FilterType.Enum("State", ["STATE_UNSPECIFIED", "READY", "FAILED"]);

    private static readonly FilterDeclarations Declarations = new(
        [
            new FilterFieldDeclaration("name", FilterType.String),
            new FilterFieldDeclaration("count", FilterType.Int),
            new FilterFieldDeclaration("score", FilterType.Float),
            new FilterFieldDeclaration("ready", FilterType.Bool),
            new FilterFieldDeclaration("create_time", FilterType.Timestamp),
            new FilterFieldDeclaration("timeout", FilterType.Duration),
            new FilterFieldDeclaration("state", State),
            new FilterFieldDeclaration("tags", FilterType.Repeated(FilterType.String)),
            new FilterFieldDeclaration("labels", FilterType.Map(FilterType.String, FilterType.String)),
            new FilterFieldDeclaration("snapshot", FilterType.Message("Snapshot",
            [
                new FilterFieldDeclaration("base_model", FilterType.String),
                new FilterFieldDeclaration("accelerator_count", FilterType.Int),
            ])),
            new FilterFieldDeclaration("replicas", FilterType.Repeated(FilterType.Message("Replica",
            [
                new FilterFieldDeclaration("zone", FilterType.String),
                new FilterFieldDeclaration("healthy", FilterType.Bool),
            ]))),
        ],
        [
            new FilterFunctionDeclaration("regex", FilterType.Bool, FilterType.String, FilterType.String),
            new FilterFunctionDeclaration("math.abs", FilterType.Int, FilterType.Int),
        ]);

    [Theory]
    [InlineData("name=\"x\"")]
    [InlineData("name=\"acc*\" AND name!=\"*b\"")]
    [InlineData("name<\"m\"")]
    [InlineData("name:\"sub\"")]
    [InlineData("count>=3 AND count<-1 AND count=0x10")]
    [InlineData("score>1 AND score<2.5")]
    [InlineData("ready=true OR ready!=false")]
    [InlineData("ready")]
    [InlineData("NOT ready")]
    [InlineData("create_time>2024-01-01T00:00:00Z")]
    [InlineData("create_time>\"2024-01-01T00:00:00+02:00\"")]
    [InlineData("create_time>timestamp(\"2024-01-01T00:00:00Z\")")]
    [InlineData("timeout>20s AND timeout<\"1.5s\" AND timeout!=duration(\"3s\")")]
    [InlineData("state=READY")]
    [InlineData("state!=\"FAILED\"")]
    [InlineData("state=(READY OR FAILED)")]
    [InlineData("tags:\"gpu\"")]
    [InlineData("tags:*")]
    [InlineData("labels.env=\"prod\"")]
    [InlineData("labels.\"my-key\"=\"v\"")]
    [InlineData("labels:env")]
    [InlineData("labels:\"my-key\"")]
    [InlineData("snapshot.base_model=\"accounts/fireworks/models/x\"")]
    [InlineData("snapshot:*")]
    [InlineData("replicas.zone:\"us\"")]
    [InlineData("replicas.healthy:true")]
    [InlineData("replicas:*")]
    [InlineData("regex(name, \"^a\")")]
    [InlineData("math.abs(count)>3")]
    [InlineData("count=snapshot.accelerator_count")]
    [InlineData("score>count")]
    public void ValidFiltersPass(string filter)
    {
        var parsed = Declarations.Validate(filter);
        Assert.Equal(Filter.Parse(filter), parsed);
        Assert.True(Declarations.TryValidate(filter, out _, out var diagnostics));
        Assert.Empty(diagnostics);
    }

    [Theory]
    [InlineData("nmae=\"x\"", 0, "unknown field 'nmae'; did you mean 'name'?")]
    [InlineData("baseModel=\"x\"", 0, "unknown field 'baseModel'")]
    [InlineData("snapshot.baseModel=\"x\"", 9, "unknown field 'baseModel' in 'snapshot' (message Snapshot); did you mean 'base_model'?")]
    [InlineData("ready=true AND bogus=1", 15, "unknown field 'bogus'")]
    [InlineData("name=5", 5, "wrong literal type for field 'name' (string): found an integer, 5")]
    [InlineData("name=foo", 5, "quote string values: \"foo\"")]
    [InlineData("count=\"5\"", 6, "wrong literal type for field 'count' (int): found a string")]
    [InlineData("count=1.5", 6, "found a floating-point number")]
    [InlineData("score=true", 6, "found a bool")]
    [InlineData("ready=1", 6, "wrong literal type for field 'ready' (bool)")]
    [InlineData("ready=\"true\"", 6, "found a string")]
    [InlineData("ready<true", 0, "the ordering operator '<' is not defined for field 'ready' of type bool")]
    [InlineData("state>=READY", 0, "the ordering operator '>=' is not defined for field 'state' of type enum State")]
    [InlineData("state=RUNNING", 6, "'RUNNING' is not a value of enum State for field 'state' (allowed: STATE_UNSPECIFIED, READY, FAILED)")]
    [InlineData("state=\"REDAY\"", 6, "did you mean READY?")]
    [InlineData("create_time>\"yesterday\"", 12, "invalid RFC 3339 timestamp \"yesterday\"")]
    [InlineData("create_time>20s", 12, "found a duration")]
    [InlineData("create_time>timestamp(\"soon\")", 22, "invalid RFC 3339 timestamp")]
    [InlineData("timeout>\"20 seconds\"", 8, "invalid duration")]
    [InlineData("timeout>5", 8, "wrong literal type for field 'timeout' (duration)")]
    [InlineData("name<\"a*\"", 5, "the wildcard '*' only works with '=', '!=' and ':'")]
    [InlineData("snapshot=\"x\"", 0, "field 'snapshot' is a message Snapshot and cannot be compared with '='")]
    [InlineData("snapshot:\"x\"", 9, "':' on a message only supports '*'")]
    [InlineData("tags=\"x\"", 0, "field 'tags' is repeated string and cannot be compared with '='; use ':'")]
    [InlineData("tags:5", 5, "wrong literal type for an element of field 'tags'")]
    [InlineData("labels=\"x\"", 0, "cannot be compared with '='")]
    [InlineData("labels:5", 7, "is not a valid string key")]
    [InlineData("replicas.zone=\"us\"", 0, "is inside a repeated field; use ':'")]
    [InlineData("replicas:\"x\"", 9, "match an element's field with ':'")]
    [InlineData("name.first=\"x\"", 5, "field 'name' is string and has no field 'first'")]
    [InlineData("tags.x:\"y\"", 5, "field 'tags' is repeated string and has no field 'x'")]
    [InlineData("count", 0, "is int, not bool, so it cannot stand alone")]
    [InlineData("prod", 0, "'prod' is not a declared field; a bare value (free-text search) is not supported")]
    [InlineData("\"text\"", 0, "cannot stand alone as a condition")]
    [InlineData("5=count", 0, "the left side of '=' must be a field or function call")]
    [InlineData("rgx(name)", 0, "unknown function 'rgx'; did you mean 'regex'?")]
    [InlineData("regex(name)", 0, "no overload of 'regex' accepts (string); declared: regex(string, string) -> bool")]
    [InlineData("math.abs(count)", 0, "function 'math.abs' returns int, not bool")]
    [InlineData("math.abs(count)=\"x\"", 16, "found a string")]
    [InlineData("count=name", 6, "wrong value type for field 'count' (int): field 'name' is string")]
    [InlineData("count=(1 OR \"x\")", 12, "found a string")]
    [InlineData("regex((a OR b), \"x\")", 7, "a function argument must be a field, value or function call")]
    public void InvalidFiltersReportTheProblemAtItsPosition(string filter, int offset, string message)
    {
        var exception = Assert.Throws<AipValidationException>(() => Declarations.Validate(filter));
        var diagnostic = Assert.Single(exception.Diagnostics);
        Assert.Equal(offset, diagnostic.Position.Offset);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains(message, exception.Message, StringComparison.Ordinal);
        Assert.Equal(filter, exception.Input);
    }

    [Fact]
    public void EveryProblemIsReportedInSourceOrder()
    {
        Assert.False(Declarations.TryValidate("state>READY AND\n  nope=1 AND ready=2", out var result, out var diagnostics));
        Assert.Null(result);
        Assert.Equal(3, diagnostics.Count);
        Assert.Equal(new SourcePosition(0, 1, 1), diagnostics[0].Position);
        Assert.Equal(new SourcePosition(18, 2, 3), diagnostics[1].Position);
        Assert.Equal(new SourcePosition(35, 2, 20), diagnostics[2].Position);
        Assert.StartsWith("2:3: unknown field 'nope'", diagnostics[1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SyntaxErrorsSurfaceAsOneDiagnosticFromTryValidate()
    {
        Assert.False(Declarations.TryValidate("name=", out _, out var diagnostics));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(5, diagnostic.Position.Offset);
        Assert.Throws<FilterParseException>(() => Declarations.Validate("name="));
    }

    [Fact]
    public void BuiltFiltersAreCheckedThroughTheirText()
    {
        var count = new IntFilterField("count");
        var wrong = new IntFilterField("cuont");
        Assert.Empty(Declarations.Check(count > 1));
        var diagnostic = Assert.Single(Declarations.Check(count > 1 & wrong == 2));
        Assert.Equal(new SourcePosition(12, 1, 13), diagnostic.Position);
        Assert.Empty(Declarations.Check(Filter.Empty));
    }

    [Fact]
    public void GeneratedDeclarationsDescribeTheResource()
    {
        var declarations = DeploymentFields.Declarations;
        Assert.True(declarations.TryGetField("state", out var state));
        Assert.Equal("enum TestDeploymentState", state.Type.ToString());
        Assert.Empty(declarations.Check(
            DeploymentFields.State.In(TestDeploymentState.Ready, TestDeploymentState.Updating)
            & DeploymentFields.AutoscalingPolicy.ScaleToZeroWindow >= TimeSpan.FromMinutes(5)
            & DeploymentFields.AutoscalingPolicy.LoadTargets["gpu"] < 0.8
            & DeploymentFields.Annotations.HasKey("team")
            & DeploymentFields.DirectRouteApiKeys.Contains("k")
            & !(DeploymentFields.DisplayName == "x")));
        Assert.Equal("unknown field 'sate'; did you mean 'state'?",
            Assert.Single(Assert.Throws<AipValidationException>(() => declarations.Validate("sate=READY")).Diagnostics).Message);
        Assert.Contains("'RUNNING' is not a value of enum TestDeploymentState",
            Assert.Throws<AipValidationException>(() => declarations.Validate("state=RUNNING")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RecursiveMessagesResolveLazily()
    {
        FilterDeclarations? declarations = null;
        MessageFilterType node = null!;
        node = FilterType.Message("Node", () =>
        [
            new FilterFieldDeclaration("value", FilterType.Int),
            new FilterFieldDeclaration("next", node),
        ]);
        declarations = new FilterDeclarations([new FilterFieldDeclaration("head", node)]);
        Assert.NotNull(declarations.Validate("head.next.next.next.value>3"));
        Assert.Throws<AipValidationException>(() => declarations.Validate("head.next.nope=1"));
    }

    [Fact]
    public void DeclarationsRejectDuplicatesAndBadNames()
    {
        Assert.Throws<ArgumentException>(() => new FilterDeclarations(
            [new FilterFieldDeclaration("a", FilterType.Int), new FilterFieldDeclaration("a", FilterType.Int)]));
        Assert.Throws<ArgumentException>(() => new FilterFieldDeclaration("A", FilterType.Int));
        Assert.Throws<ArgumentException>(() => FilterType.Map(FilterType.Float, FilterType.Int));
        Assert.Throws<ArgumentException>(() => FilterType.Repeated(FilterType.Repeated(FilterType.Int)));
        var nullField = Assert.Throws<ArgumentException>(() => FilterDeclarations.FromFields(new IntFilterField("a"), null!));
        Assert.Contains("declare Declarations after every field", nullField.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FunctionsCanBeAddedLater()
    {
        var extended = Declarations.WithFunctions(new FilterFunctionDeclaration("starts_with", FilterType.Bool, FilterType.String, FilterType.String));
        Assert.NotNull(extended.Validate("starts_with(name, \"a\")"));
        Assert.Throws<AipValidationException>(() => Declarations.Validate("starts_with(name, \"a\")"));
        Assert.Equal(FilterDeclarations.StandardFunctions.Count + 3, extended.Functions.Count);
    }
}
