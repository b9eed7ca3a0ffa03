namespace Fireworks.Aip.Tests;

/// <summary>Malformed filters fail with a <see cref="FilterParseException"/> naming the problem and its position.</summary>
public class MalformedFilterTests
{
    [Theory]
    [InlineData("a=", 2, "after '=' but found the end of the filter")]
    [InlineData("a = = 1", 4, "after '=' but found '='")]
    [InlineData("a=\"unterminated", 2, "unterminated string literal")]
    [InlineData("a='x", 2, "missing closing '")]
    [InlineData("a=\"bad \\q escape\"", 7, "invalid escape sequence '\\q'")]
    [InlineData("a=\"\\u12\"", 3, "'\\u' needs 4 hexadecimal digits")]
    [InlineData("a=\"\\uD800\"", 3, "not a Unicode scalar value")]
    [InlineData("a=\"trailing\\", 11, "unterminated escape sequence")]
    [InlineData("(a=1", 4, "expected ')' to close the '(' at 1:1")]
    [InlineData("a=1)", 3, "unexpected ')' without a matching '('")]
    [InlineData("()", 1, "after '(' but found ')'")]
    [InlineData("AND a", 0, "after the start of the filter but found keyword AND")]
    [InlineData("a AND", 5, "after AND but found the end of the filter")]
    [InlineData("a AND AND b", 6, "after AND but found keyword AND")]
    [InlineData("a OR", 4, "after OR but found the end")]
    [InlineData("OR a", 0, "found keyword OR")]
    [InlineData("NOT", 3, "after NOT but found the end")]
    [InlineData("a!b", 1, "'!' is not an operator")]
    [InlineData("a=\"x\"\"y\"", 5, "separate terms with whitespace")]
    [InlineData("a.", 2, "expected a field name directly after '.'")]
    [InlineData("a. b", 3, "expected a field name directly after '.'")]
    [InlineData("a .b", 2, "unexpected '.'")]
    [InlineData("f(a", 3, "expected ',' or ')' in the arguments of function 'f'")]
    [InlineData("f(a,)", 4, "after ',' but found ')'")]
    [InlineData("- a", 2, "'-' must be directly followed")]
    [InlineData("a=-b", 2, "unexpected '-'")]
    [InlineData("a=99999999999999999999", 2, "out of range for a 64-bit signed integer")]
    [InlineData("a=9223372036854775808", 2, "out of range for a 64-bit signed integer")]
    [InlineData("a=-9223372036854775809", 3, "out of range for a 64-bit signed integer")]
    [InlineData("a=1e999", 2, "out of range for a double")]
    [InlineData("a=2024-13-01T00:00:00Z", 2, "invalid timestamp '2024-13-01T00:00:00Z'")]
    [InlineData("a=2024-02-30T00:00:00Z", 2, "out of range")]
    [InlineData("a=1\nAND\n  b=\"x", 12, "unterminated string literal")]
    [InlineData("a:\"x\" OR", 8, "after OR")]
    public void ReportsProblemAndPosition(string text, int offset, string reason)
    {
        var exception = Assert.Throws<FilterParseException>(() => Filter.Parse(text));
        Assert.Equal(offset, exception.Position.Offset);
        Assert.Contains(reason, exception.Reason, StringComparison.Ordinal);
        Assert.Contains($"at {exception.Position}", exception.Message, StringComparison.Ordinal);
        Assert.Equal(text, exception.Input);
    }

    [Fact]
    public void PositionsCountLinesAndColumns()
    {
        var exception = Assert.Throws<FilterParseException>(() => Filter.Parse("a=1 AND\n  b=\n"));
        Assert.Equal(new SourcePosition(13, 3, 1), exception.Position);
        Assert.StartsWith("Invalid filter at 3:1 (offset 13):", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeepNestingIsRefusedInsteadOfOverflowingTheStack()
    {
        var text = new string('(', 5000) + "a" + new string(')', 5000);
        var exception = Assert.Throws<FilterParseException>(() => Filter.Parse(text));
        Assert.Contains("more than 100 levels", exception.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void NestingUpToTheLimitParses()
    {
        var text = new string('(', 100) + "a" + new string(')', 100);
        Assert.Equal("a", Filter.Parse(text).ToString());
    }

    [Fact]
    public void LoneSurrogatesInTheInputAreRejected()
    {
        var exception = Assert.Throws<FilterParseException>(() => Filter.Parse("a=\"\uD800\""));
        Assert.Contains("unpaired surrogate", exception.Reason, StringComparison.Ordinal);
        Assert.Throws<FilterParseException>(() => Filter.Parse("a=x\uDC00"));
    }
}
