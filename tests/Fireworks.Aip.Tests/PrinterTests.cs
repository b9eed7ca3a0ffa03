namespace Fireworks.Aip.Tests;

/// <summary>The canonical printer is stable: print(parse(print(x))) == print(x).</summary>
public class PrinterTests
{
    [Theory]
    [InlineData("a = 1", "a=1")]
    [InlineData("a  =  \"x\"   AND   b>2", "a=\"x\" AND b>2")]
    [InlineData("-a:b", "NOT a:b")]
    [InlineData("NOT(a OR b)", "NOT (a OR b)")]
    [InlineData("NOT (NOT a)", "NOT (NOT a)")]
    [InlineData("a='single'", "a=\"single\"")]
    [InlineData("a=\"tab\there\"", "a=\"tab\\there\"")]
    [InlineData("a=\"\\x41\"", "a=\"A\"")]
    [InlineData("a=\"\\u0001\"", "a=\"\\u0001\"")]
    [InlineData("a=\"x\\*y*\"", "a=\"x\\*y*\"")]
    [InlineData("a = (1 OR 2)", "a=(1 OR 2)")]
    [InlineData("f( x ,y )", "f(x, y)")]
    [InlineData("f((a b), c)", "f((a b), c)")]
    [InlineData("a=0x1F", "a=0x1F")]
    [InlineData("a=2.50", "a=2.50")]
    [InlineData("a=2012-04-21T11:30:00-04:00", "a=2012-04-21T11:30:00-04:00")]
    [InlineData("a=-1.5s", "a=-1.5s")]
    [InlineData("labels.\"my key\":*", "labels.\"my key\":*")]
    [InlineData("(a AND b) AND c", "(a AND b) AND c")]
    [InlineData("a AND (b OR c) d", "a AND ((b OR c) d)")]
    [InlineData("a b AND c", "(a b) AND c")]
    [InlineData("a=(b=c)", "a=(b=c)")]
    [InlineData("a=(NOT b)", "a=(NOT b)")]
    [InlineData("x:foo/bar*", "x:foo/bar*")]
    public void PrintsCanonicallyAndStably(string text, string? expected)
    {
        var printed = Filter.Parse(text).ToString();
        if (expected is not null)
        {
            Assert.Equal(expected, printed);
        }

        Assert.Equal(printed, Filter.Parse(printed).ToString());
        Assert.Equal(Ast.Dump(text), Ast.Dump(printed));
    }

    [Fact]
    public void EmptyFilterPrintsEmpty()
    {
        Assert.Equal(string.Empty, Filter.Empty.ToString());
        Assert.Equal(string.Empty, (string)Filter.Empty);
        Filter? none = null;
        Assert.Null((string?)none);
    }

    [Fact]
    public void ExpressionToStringPrintsTheSubtree()
    {
        var and = Assert.IsType<AndExpression>(Filter.Parse("a=1 AND (b OR c)").Expression);
        Assert.Equal("b OR c", and.Operands[1].ToString());
    }

    [Fact]
    public void FiltersAreEqualWhenTheyPrintTheSame()
    {
        Assert.Equal(Filter.Parse("a = 1"), Filter.Parse("a=1"));
        Assert.True(Filter.Parse("a = 1") == Filter.Parse("a=1"));
        Assert.True(Filter.Parse("a=1") != Filter.Parse("a=2"));
        Assert.Equal(Filter.Parse("a=1").GetHashCode(), Filter.Parse("a = 1").GetHashCode());
    }
}
