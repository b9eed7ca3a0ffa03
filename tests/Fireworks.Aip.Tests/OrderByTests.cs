using Fireworks.Aip.Tests.Generated;

namespace Fireworks.Aip.Tests;

/// <summary>AIP-132 order_by: build, print, parse, validate.</summary>
public class OrderByTests
{
    [Fact]
    public void BuildsFromTypedFields()
    {
        var orderBy = OrderBy.Descending(DeploymentFields.CreateTime).ThenBy(DeploymentFields.Name);
        Assert.Equal("create_time desc,name", orderBy.ToString());
        string text = orderBy;
        Assert.Equal("create_time desc,name", text);
        Assert.Equal("snapshot.accelerator_count,create_time desc",
            OrderBy.Ascending(DeploymentShapeVersionFields.Snapshot.AcceleratorCount).ThenByDescending(DeploymentShapeVersionFields.CreateTime).ToString());
    }

    [Theory]
    [InlineData("create_time desc,name", "create_time desc,name")]
    [InlineData("  create_time   DESC ,  name asc  ", "create_time desc,name")]
    [InlineData("a.b.c", "a.b.c")]
    [InlineData("a\tdesc", "a desc")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    public void ParsesAndPrintsCanonically(string text, string canonical)
    {
        var orderBy = OrderBy.Parse(text);
        Assert.Equal(canonical, orderBy.ToString());
        Assert.Equal(orderBy, OrderBy.Parse(orderBy.ToString()));
    }

    [Fact]
    public void ParsedFieldsHaveDirectionsAndPositions()
    {
        var orderBy = OrderBy.Parse("create_time desc, name");
        Assert.Equal([new OrderByField(FieldPath.Of("create_time"), true), new OrderByField(FieldPath.Of("name"), false)], orderBy.Fields);
        Assert.Equal(new SourcePosition(18, 1, 19), orderBy.GetPosition(1));
    }

    [Theory]
    [InlineData("create_time up", 12, "expected 'asc', 'desc', ',' or the end after field 'create_time' but found 'up'")]
    [InlineData("a,", 2, "expected a field name after ',' but found the end")]
    [InlineData(",a", 0, "expected a field name after the start")]
    [InlineData("a,,b", 2, "expected a field name after ','")]
    [InlineData("a.", 2, "expected a field name after '.'")]
    [InlineData("createTime desc", 0, "'createTime' is not a proto snake_case field name; use 'create_time'")]
    [InlineData("a desc desc", 7, "expected ',' or the end after 'a desc' but found 'd'")]
    [InlineData("a;b", 1, "expected ',' or the end after 'a' but found ';'")]
    [InlineData("a, b, a desc", 6, "field 'a' appears twice")]
    public void MalformedOrderByReportsPosition(string text, int offset, string reason)
    {
        var exception = Assert.Throws<OrderByParseException>(() => OrderBy.Parse(text));
        Assert.Equal(offset, exception.Position.Offset);
        Assert.Contains(reason, exception.Reason, StringComparison.Ordinal);
        Assert.False(OrderBy.TryParse(text, out _, out _));
    }

    [Fact]
    public void DuplicateFieldsAreRefusedByTheBuilder()
    {
        Assert.Throws<ArgumentException>(() => OrderBy.Ascending(DeploymentFields.Name).ThenByDescending(DeploymentFields.Name));
        Assert.Throws<ArgumentException>(() => OrderBy.None.Then(FieldPath.Wildcard));
    }

    [Fact]
    public void ValidatesAgainstDeclarations()
    {
        var declarations = DeploymentShapeVersionFields.Declarations;
        Assert.Equal("create_time desc,snapshot.base_model", declarations.ValidateOrderBy("create_time desc, snapshot.base_model").ToString());
        var unknown = Assert.Throws<AipValidationException>(() => declarations.ValidateOrderBy("name,create_tme desc"));
        var diagnostic = Assert.Single(unknown.Diagnostics);
        Assert.Equal(5, diagnostic.Position.Offset);
        Assert.Contains("did you mean 'create_time'?", diagnostic.Message, StringComparison.Ordinal);
        var message = Assert.Throws<AipValidationException>(() => declarations.ValidateOrderBy("snapshot"));
        Assert.Contains("cannot sort on 'snapshot' of type message DeploymentShape", message.Message, StringComparison.Ordinal);
        Assert.Equal("cannot sort on 'direct_route_api_keys' of type repeated string; sort on one of its scalar fields", Assert.Single(
            DeploymentFields.Declarations.Check(OrderBy.None.Then(FieldPath.Parse("direct_route_api_keys")))).Message);
        var nested = new FilterDeclarations([new FilterFieldDeclaration("items", FilterType.Repeated(FilterType.Message("Item", [new FilterFieldDeclaration("id", FilterType.String)])))]);
        Assert.Equal("cannot sort on 'items.id': the path goes through a repeated field", Assert.Single(nested.Check(OrderBy.Parse("items.id"))).Message);
        var built = Assert.Single(declarations.Check(OrderBy.Ascending(DeploymentShapeVersionFields.Name).ThenBy(new IntFilterField("nope"))));
        Assert.Equal(5, built.Position.Offset);
    }
}
