namespace Fireworks.Aip.Tests;

/// <summary>OR binds tighter than implicit AND (a sequence), which binds tighter than explicit AND.</summary>
public class PrecedenceTests
{
    [Theory]
    [InlineData("a OR b AND c", "AND(OR(a, b), c)")]
    [InlineData("a AND b OR c", "AND(a, OR(b, c))")]
    [InlineData("a b OR c", "SEQ(a, OR(b, c))")]
    [InlineData("a OR b c", "SEQ(OR(a, b), c)")]
    [InlineData("a AND b c", "AND(a, SEQ(b, c))")]
    [InlineData("a b AND c d", "AND(SEQ(a, b), SEQ(c, d))")]
    [InlineData("a OR b c OR d AND e", "AND(SEQ(OR(a, b), OR(c, d)), e)")]
    [InlineData("NOT a OR b", "OR(NOT(a), b)")]
    [InlineData("NOT a b", "SEQ(NOT(a), b)")]
    [InlineData("-a OR -b", "OR(NOT(a), NOT(b))")]
    [InlineData("(a AND b) OR c", "OR(AND(a, b), c)")]
    [InlineData("a AND (b AND c)", "AND(a, AND(b, c))")]
    [InlineData("x=1 OR x=2 AND y:z", "AND(OR([x = int<1>], [x = int<2>]), [y : z])")]
    public void ParsesWithAip160Precedence(string text, string expected)
    {
        Assert.Equal(expected, Ast.Dump(text));
    }

    [Fact]
    public void ImplicitAndAndExplicitAndAreDistinctNodes()
    {
        Assert.IsType<SequenceExpression>(Filter.Parse("a b").Expression);
        Assert.IsType<AndExpression>(Filter.Parse("a AND b").Expression);
        Assert.Equal(LogicalOperator.Sequence, ((LogicalExpression)Filter.Parse("a b").Expression!).Operator);
    }

    [Fact]
    public void BuilderOrInsideAndIsParenthesisedSoItParsesBackTheSame()
    {
        var a = new IntFilterField("a");
        var b = new IntFilterField("b");
        var c = new IntFilterField("c");

        // C#: & binds tighter than |, so this is a | (b & c).
        var filter = a == 1 | b == 2 & c == 3;
        Assert.Equal("a=1 OR (b=2 AND c=3)", filter.ToString());
        Assert.Equal("OR([a = int<1>], AND([b = int<2>], [c = int<3>]))", Ast.Dump(filter.ToString()));

        var grouped = (a == 1 | b == 2) & c == 3;
        Assert.Equal("(a=1 OR b=2) AND c=3", grouped.ToString());
        Assert.Equal("AND(OR([a = int<1>], [b = int<2>]), [c = int<3>])", Ast.Dump(grouped.ToString()));
    }

    [Fact]
    public void ParsedSequencesInsideOrKeepTheirGroupingWhenPrinted()
    {
        Assert.Equal("(a b) OR c", Filter.Parse("(a b) OR c").ToString());
        Assert.Equal("a (b OR c)", Filter.Parse("a   b OR c").ToString());
        Assert.Equal("(a OR b) AND c", Filter.Parse("a OR b AND c").ToString());
    }

    [Fact]
    public void SameOperatorChainsFlattenInTheBuilder()
    {
        var a = new BoolFilterField("a");
        var filter = (a == true & a == false) & (a == true & a == false);
        var and = Assert.IsType<AndExpression>(filter.Expression);
        Assert.Equal(4, and.Operands.Count);
        Assert.Equal("a=true AND a=false AND a=true AND a=false", filter.ToString());
    }
}
