namespace Fireworks.Aip.Tests;

/// <summary>Every production of the AIP-160 grammar parses into the expected tree.</summary>
public class ParserTests
{
    [Theory]
    [InlineData("", true)]
    [InlineData("   ", true)]
    [InlineData("\n\t ", true)]
    [InlineData("a", false)]
    public void EmptyFilterIsTheEmptyFilter(string text, bool empty)
    {
        var filter = Filter.Parse(text);
        Assert.Equal(empty, filter.IsEmpty);
        Assert.Equal(empty, ReferenceEquals(Filter.Empty, filter));
    }

    [Theory]
    // expression: sequence {AND sequence}
    [InlineData("a=1 AND b=2", "AND([a = int<1>], [b = int<2>])")]
    [InlineData("a=1 AND b=2 AND c=3", "AND([a = int<1>], [b = int<2>], [c = int<3>])")]
    // sequence: factor {WS factor}
    [InlineData("a=1 b=2", "SEQ([a = int<1>], [b = int<2>])")]
    [InlineData("a b c", "SEQ(a, b, c)")]
    // factor: term {OR term}
    [InlineData("a=1 OR b=2", "OR([a = int<1>], [b = int<2>])")]
    [InlineData("a OR b OR c", "OR(a, b, c)")]
    // term: [NOT | -] simple
    [InlineData("NOT a=1", "NOT([a = int<1>])")]
    [InlineData("-a=1", "NOT([a = int<1>])")]
    [InlineData("-file:\".java\"", "NOT([file : str<.java>])")]
    [InlineData("NOT (a OR b)", "NOT(OR(a, b))")]
    [InlineData("NOT(a OR b)", "NOT(OR(a, b))")]
    [InlineData("-(a b)", "NOT(SEQ(a, b))")]
    // simple: composite
    [InlineData("(a=1)", "[a = int<1>]")]
    [InlineData("((a))", "a")]
    [InlineData("( a=1 OR b=2 )", "OR([a = int<1>], [b = int<2>])")]
    // restriction: comparable [comparator arg], every comparator
    [InlineData("a=1", "[a = int<1>]")]
    [InlineData("a!=1", "[a != int<1>]")]
    [InlineData("a<1", "[a < int<1>]")]
    [InlineData("a<=1", "[a <= int<1>]")]
    [InlineData("a>1", "[a > int<1>]")]
    [InlineData("a>=1", "[a >= int<1>]")]
    [InlineData("a:1", "[a : int<1>]")]
    [InlineData("a = 1", "[a = int<1>]")]
    [InlineData("a\n>=\n1", "[a >= int<1>]")]
    // arg: composite
    [InlineData("a=(1 OR 2)", "[a = OR(int<1>, int<2>)]")]
    [InlineData("r:(\"x\" \"y\")", "[r : SEQ(str<x>, str<y>)]")]
    // member: value {DOT field}, fields may be keywords, numbers or quoted strings
    [InlineData("snapshot.base_model=\"x\"", "[snapshot.base_model = str<x>]")]
    [InlineData("a.b.c.d:*", "[a.b.c.d : *]")]
    [InlineData("m.AND=1", "[m.AND = int<1>]")]
    [InlineData("m.NOT.OR=1", "[m.NOT.OR = int<1>]")]
    [InlineData("r.0.b=1", "[r.0.b = int<1>]")]
    [InlineData("labels.\"my-key\"=\"v\"", "[labels.'my-key' = str<v>]")]
    [InlineData("\"quoted\".root=1", "['quoted'.root = int<1>]")]
    [InlineData("5.foo=1", "[5.foo = int<1>]")]
    [InlineData("m:key", "[m : key]")]
    // function: name {DOT name} ( [arg {, arg}] )
    [InlineData("f()", "f()")]
    [InlineData("regex(name, \"^a.*\")", "regex(name, str<^a.*|*3>)")]
    [InlineData("math.mem.f(1, 2.5, x.y)", "math.mem.f(int<1>, float<2.5>, x.y)")]
    [InlineData("create_time > timestamp(\"2024-01-01T00:00:00Z\")", "[create_time > timestamp(str<2024-01-01T00:00:00Z>)]")]
    [InlineData("f(g(1), (a OR b))", "f(g(int<1>), OR(a, b))")]
    [InlineData("f(x)=true", "[f(x) = bool<true>]")]
    [InlineData("*any/text*()", "*any/text*()")]
    // global restriction (bare value)
    [InlineData("prod", "prod")]
    [InlineData("\"hello world\"", "str<hello world>")]
    public void ProductionParses(string text, string expected)
    {
        Assert.Equal(expected, Ast.Dump(text));
    }

    [Theory]
    [InlineData("a=42", "int<42>")]
    [InlineData("a=-42", "int<-42>")]
    [InlineData("a=0x1F", "int<31>")]
    [InlineData("a=9223372036854775807", "int<9223372036854775807>")]
    [InlineData("a=-9223372036854775808", "int<-9223372036854775808>")]
    [InlineData("a=2.5", "float<2.5>")]
    [InlineData("a=-0.25", "float<-0.25>")]
    [InlineData("a=1e3", "float<1000>")]
    [InlineData("a=2.5E-3", "float<0.0025>")]
    [InlineData("a=1E+20", "float<1E+20>")]
    [InlineData("a=true", "bool<true>")]
    [InlineData("a=false", "bool<false>")]
    [InlineData("a=True", "True")]
    [InlineData("a=20s", "dur<200000000>")]
    [InlineData("a=1.5s", "dur<15000000>")]
    [InlineData("a=-0.001s", "dur<-10000>")]
    [InlineData("a=2024-05-01T12:30:00Z", "ts<2024-05-01T12:30:00.0000000+00:00>")]
    [InlineData("a=2024-05-01t12:30:00.123456789z", "ts<2024-05-01T12:30:00.1234567+00:00>")]
    [InlineData("a=2012-04-21T11:30:00-04:00", "ts<2012-04-21T11:30:00.0000000-04:00>")]
    [InlineData("a=2abc", "2abc")]
    [InlineData("a=READY", "READY")]
    [InlineData("a=*", "*")]
    [InlineData("a=accounts/x", "accounts/x")]
    [InlineData("a=\"\"", "str<>")]
    [InlineData("a=''", "str<>")]
    [InlineData("a='single \"quoted\"'", "str<single \"quoted\">")]
    [InlineData("a=\"double 'quoted'\"", "str<double 'quoted'>")]
    [InlineData("a=\"日本語 é 😀\"", "str<日本語 é 😀>")]
    [InlineData("a=\"two\nlines\"", "str<two\\x0Alines>")]
    public void LiteralParses(string text, string expectedArgument)
    {
        var restriction = Assert.IsType<RestrictionExpression>(Filter.Parse(text).Expression);
        Assert.Equal(expectedArgument, Ast.Dump(restriction.Argument));
    }

    [Theory]
    [InlineData(@"\\", "\\")]
    [InlineData(@"\""", "\"")]
    [InlineData(@"\'", "'")]
    [InlineData(@"\`", "`")]
    [InlineData(@"\?", "?")]
    [InlineData(@"\*", "*")]
    [InlineData(@"\a\b\f\n\r\t\v", "\a\b\f\n\r\t\v")]
    [InlineData(@"\x41\X42", "AB")]
    [InlineData(@"\u263A", "\u263A")]
    [InlineData(@"\U0001F600", "\U0001F600")]
    [InlineData(@"\uD83D\uDE00", "\U0001F600")]
    [InlineData(@"\101\060", "A0")]
    public void EscapeSequencesDecode(string escaped, string value)
    {
        var literal = Assert.IsType<StringLiteral>(Assert.IsType<RestrictionExpression>(Filter.Parse($"a=\"{escaped}\"").Expression).Argument);
        Assert.Equal(value, literal.Value);
        Assert.False(literal.HasWildcards);
    }

    [Theory]
    [InlineData("\"abc*\"", "abc*", new[] { 3 })]
    [InlineData("\"*abc\"", "*abc", new[] { 0 })]
    [InlineData("\"a*b*c\"", "a*b*c", new[] { 1, 3 })]
    [InlineData("\"a\\*b*\"", "a*b*", new[] { 3 })]
    [InlineData("\"\\*\"", "*", new int[0])]
    public void UnescapedStarsAreWildcardsAndEscapedStarsAreNot(string literal, string value, int[] wildcards)
    {
        var parsed = Assert.IsType<StringLiteral>(Assert.IsType<RestrictionExpression>(Filter.Parse($"name={literal}").Expression).Argument);
        Assert.Equal(value, parsed.Value);
        Assert.Equal(wildcards, parsed.WildcardIndexes);
    }

    [Fact]
    public void NodesCarrySourcePositions()
    {
        var filter = Filter.Parse("a=1 AND\n  snapshot.base_model = \"x\"");
        var and = Assert.IsType<AndExpression>(filter.Expression);
        var second = Assert.IsType<RestrictionExpression>(and.Operands[1]);
        Assert.Equal(new SourcePosition(10, 2, 3), second.Position);
        var member = Assert.IsType<MemberExpression>(second.Comparable);
        Assert.Equal(new SourcePosition(19, 2, 12), member.Segments[1].Position);
        Assert.Equal(new SourcePosition(32, 2, 25), second.Argument.Position);
    }

    [Fact]
    public void NegationByMinusAndNotGiveTheSameTree()
    {
        Assert.Equal(Ast.Dump("NOT a:b"), Ast.Dump("-a:b"));
    }

    [Fact]
    public void MinusBeforeANumberIsANegativeLiteralNotANegation()
    {
        Assert.Equal("int<-5>", Ast.Dump("-5"));
        Assert.Equal("NOT(int<5>)", Ast.Dump("NOT 5"));
    }

    [Fact]
    public void KeywordsAreCaseSensitive()
    {
        Assert.Equal("SEQ(a, and, b)", Ast.Dump("a and b"));
        Assert.Equal("SEQ(a, Or, b)", Ast.Dump("a Or b"));
        Assert.Equal("SEQ(ANDROID, ORACLE)", Ast.Dump("ANDROID ORACLE"));
    }

    [Fact]
    public void TryParseReportsTheErrorWithoutThrowing()
    {
        Assert.True(Filter.TryParse("a=1", out var filter, out _));
        Assert.Equal("a=1", filter.ToString());
        Assert.False(Filter.TryParse("a=", out _, out var error));
        Assert.Equal(2, error.Position.Offset);
        Assert.False(Filter.TryParse(null, out _, out _));
    }
}
