using System.Globalization;
using CsCheck;
using Fireworks.Aip.Tests.Generated;

namespace Fireworks.Aip.Tests;

/// <summary>
/// Property tests over CsCheck generators, drawn from a fixed-seed PCG so every run sees the same cases
/// (CsCheck's own Sample re-seeds after the first iteration, which would make the suite nondeterministic).
/// </summary>
public class PropertyTests
{
    private static readonly StringFilterField Name = new("name");
    private static readonly IntFilterField Count = new("count");
    private static readonly FloatFilterField Score = new("score");
    private static readonly BoolFilterField Ready = new("ready");
    private static readonly TimestampFilterField CreateTime = new("create_time");
    private static readonly DurationFilterField Timeout = new("timeout");
    private static readonly RepeatedFilterField<StringFilterField> Tags = new("tags", static p => new StringFilterField(p));
    private static readonly MapFilterField<StringFilterField> Labels = new("labels", static p => new StringFilterField(p));

    /// <summary>Strings built from the pieces most likely to break quoting, plus arbitrary BMP and astral characters.</summary>
    private static readonly Gen<string> NastyString =
        Gen.Frequency(
                (4, (IGen<string>)Gen.OneOf(
                    "\"", "'", "\\", "\\\"", "\\*", "*", "AND", "OR", "NOT", " AND ", "(", ")", "()", "\n", "\r\n", "\t", " ",
                    ":", "=", "!=", "<=", "-", ".", ",", "true", "20s", "2024-01-01T00:00:00Z", "é", "日本語", "😀", "\u0000",
                    "\u0007", "\u007F", "\u0085", "\u2028", "\uFEFF", "accounts/fireworks/models/x", "x\") OR (name=\"admin")),
                (3, Gen.Char[' ', '~'].Select(c => c.ToString())),
                (1, Gen.Char['\u00A0', '\uD7FF'].Select(c => c.ToString())),
                (1, Gen.Int[0x10000, 0x10FFFF].Select(char.ConvertFromUtf32)))
            .Array[0, 16]
            .Select(parts => string.Concat(parts));

    private static readonly Gen<Filter> Leaf = Gen.Frequency(
        (3, (IGen<Filter>)NastyString.Select(v => Name == v)),
        (1, NastyString.Select(v => Name.StartsWith(v))),
        (1, NastyString.Select(v => Name.EndsWith(v))),
        (1, NastyString.Select(v => Name != v)),
        (1, Gen.Long.Select(v => Count > v)),
        (1, Gen.Long.Select(v => Count.In(v, unchecked(v + 1)))),
        (1, Gen.Double.Where(double.IsFinite).Select(v => Score <= v)),
        (1, Gen.Bool.Select(v => Ready == v)),
        (1, Gen.Long[DateTimeOffset.MinValue.Ticks + TimeSpan.TicksPerDay, DateTimeOffset.MaxValue.Ticks - TimeSpan.TicksPerDay]
            .Select(Gen.Int[-14 * 60, 14 * 60], (ticks, minutes) => CreateTime >= new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(minutes)))),
        (1, Gen.Long[TimeSpan.MinValue.Ticks + 1, TimeSpan.MaxValue.Ticks].Select(t => Timeout < TimeSpan.FromTicks(t))),
        (1, Gen.OneOf(TestDeploymentState.KnownValues.ToArray()).Select(s => DeploymentFields.State == s)),
        (1, NastyString.Select(v => Tags.Contains(v))),
        (1, NastyString.Where(k => k.Length > 0).Select(NastyString, (k, v) => Labels[k] == v)),
        (1, NastyString.Where(k => k.Length > 0).Select(k => Labels.HasKey(k))),
        (1, Gen.Const(DeploymentFields.AutoscalingPolicy.Has())));

    private static readonly Gen<Filter> Tree = TreeOfDepth(4);

    [Fact]
    public void AnyStringValueRoundTripsAsExactlyOneRestriction()
    {
        ForAll(NastyString, 3000, 1, value =>
        {
            var printed = (Name == value).ToString();
            var restriction = Assert.IsType<RestrictionExpression>(Filter.Parse(printed).Expression);
            Assert.Equal("name", Assert.IsType<MemberExpression>(restriction.Comparable).Path);
            Assert.Equal(FilterComparator.Equal, restriction.Comparator);
            var literal = Assert.IsType<StringLiteral>(restriction.Argument);
            Assert.Equal(value, literal.Value);
            Assert.False(literal.HasWildcards);
        });
    }

    [Fact]
    public void PrefixPatternsKeepOnlyTheTrailingWildcard()
    {
        ForAll(NastyString, 2000, 2, value =>
        {
            var restriction = Assert.IsType<RestrictionExpression>(Filter.Parse(Name.StartsWith(value)).Expression);
            var literal = Assert.IsType<StringLiteral>(restriction.Argument);
            Assert.Equal(value + "*", literal.Value);
            Assert.Equal([value.Length], literal.WildcardIndexes);
        });
    }

    [Fact]
    public void AnyMapKeyAndValueRoundTrip()
    {
        ForAll(NastyString.Where(k => k.Length > 0).Select(NastyString), 2000, 3, pair =>
        {
            var (key, value) = pair;
            var restriction = Assert.IsType<RestrictionExpression>(Filter.Parse(Labels[key] == value).Expression);
            var member = Assert.IsType<MemberExpression>(restriction.Comparable);
            Assert.Equal(["labels", key], member.Segments.Select(s => s.Name));
            Assert.Equal(value, Assert.IsType<StringLiteral>(restriction.Argument).Value);
        });
    }

    [Fact]
    public void BuiltFiltersPrintParseAndPrintIdentically()
    {
        ForAll(Tree, 1500, 4, filter =>
        {
            var printed = filter.ToString();
            var reparsed = Filter.Parse(printed);
            Assert.Equal(printed, reparsed.ToString());
            Assert.Equal(Ast.Dump(filter.Expression!), Ast.Dump(reparsed.Expression!));
        });
    }

    [Fact]
    public void BuiltFiltersOverDeclaredFieldsTypeCheck()
    {
        var declarations = FilterDeclarations.FromFields(Name, Count, Score, Ready, CreateTime, Timeout, Tags, Labels, DeploymentFields.State, DeploymentFields.AutoscalingPolicy);
        ForAll(Tree, 800, 5, filter => Assert.Empty(declarations.Check(filter)));
    }

    [Fact]
    public void RawFiltersFromTheGrammarAreStableUnderPrinting()
    {
        ForAll(RawExpression(2), 1500, 6, text =>
        {
            var first = Filter.Parse(text);
            var printed = first.ToString();
            var second = Filter.Parse(printed);
            Assert.Equal(printed, second.ToString());
            Assert.Equal(Ast.Dump(first.Expression!), Ast.Dump(second.Expression!));
        });
    }

    [Fact]
    public void ArbitraryInputEitherParsesOrFailsWithAPositionedParseException()
    {
        var garbage = Gen.Frequency(
                (2, (IGen<string>)Gen.OneOf("a", "=", "\"", "'", "(", ")", "AND", "OR", "NOT", " ", "-", ".", ",", ":", "\\", "*", "1", "2024-01-01T00:00:00Z", "1.5s", "!", "<", ">", "\n")),
                (1, Gen.Char[' ', '~'].Select(c => c.ToString())))
            .Array[0, 20]
            .Select(parts => string.Concat(parts));
        ForAll(garbage, 4000, 7, text =>
        {
            try
            {
                var printed = Filter.Parse(text).ToString();
                Assert.Equal(printed, Filter.Parse(printed).ToString());
            }
            catch (FilterParseException exception)
            {
                Assert.InRange(exception.Position.Offset, 0, text.Length);
                Assert.Equal(SourcePosition.FromOffset(text, exception.Position.Offset), exception.Position);
            }
        });
    }

    [Fact]
    public void FieldMasksRoundTripAndNormalizeIdempotently()
    {
        var segment = Gen.OneOf("a", "b", "name", "snapshot", "base_model", "x1");
        var key = NastyString.Where(k => k.Length > 0);
        var path = segment.Array[1, 3].Select(key.Array[0, 1], (names, keys) =>
        {
            var p = FieldPath.Parse(string.Join('.', names));
            return keys.Aggregate(p, (current, k) => current.Key(k));
        });
        ForAll(path.Array[0, 6], 1500, 8, paths =>
        {
            var mask = FieldMask.Of(paths);
            var reparsed = FieldMask.Parse(mask.ToString());
            Assert.Equal(mask, reparsed);
            var normalized = mask.Normalize();
            Assert.Equal(normalized, normalized.Normalize());
            Assert.All(paths, p => Assert.True(normalized.Covers(p)));
        });
    }

    private static Gen<Filter> TreeOfDepth(int depth)
    {
        if (depth == 0)
        {
            return Leaf;
        }

        var inner = TreeOfDepth(depth - 1);
        return Gen.Frequency(
            (3, (IGen<Filter>)Leaf),
            (1, inner.Select(inner, (a, b) => a & b)),
            (1, inner.Select(inner, (a, b) => a | b)),
            (1, inner.Array[1, 4].Select(items => Filter.Where(items))),
            (1, inner.Select(a => !a)));
    }

    /// <summary>Random filter text following the grammar, with varied whitespace, quoting and negation styles.</summary>
    private static Gen<string> RawExpression(int depth)
    {
        var ws = Gen.OneOf(" ", "  ", "\n", "\t ");
        var optionalWs = Gen.OneOf(string.Empty, " ", "\n");
        var name = Gen.OneOf("a", "b_c", "snapshot.base_model", "m.AND", "labels.\"k-1\"", "r.0.x", "x");
        var value = Gen.Frequency(
            (1, (IGen<string>)Gen.OneOf("1", "-2", "0x1F", "2.5", "1e3", "true", "false", "20s", "-1.5s", "2024-05-01T12:00:00Z", "READY", "*", "foo/bar")),
            (1, NastyString.Select(s => Filter.FromExpression(new StringLiteral(s)).ToString())),
            (1, NastyString.Select(s => "'" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal).Replace("*", "\\*", StringComparison.Ordinal) + "'")));
        var comparator = Gen.OneOf("=", "!=", "<", "<=", ">", ">=", ":");
        var restriction = Gen.Select(name, optionalWs, comparator, optionalWs, value, (n, w1, c, w2, v) => n + w1 + c + w2 + v);
        var function = Gen.Select(Gen.OneOf("f", "math.round", "timestamp"), value.Array[0, 3], (f, args) => $"{f}({string.Join(", ", args)})");
        var simple = Gen.Frequency((5, (IGen<string>)restriction), (1, function), (1, value), (1, Gen.Select(function, comparator, value, (f, c, v) => f + c + v)));
        if (depth > 0)
        {
            var nested = RawExpression(depth - 1);
            simple = Gen.Frequency((6, (IGen<string>)simple), (1, Gen.Select(optionalWs, nested, optionalWs, (a, e, b) => "(" + a + e + b + ")")));
        }

        var term = Gen.Frequency((4, (IGen<string>)simple), (1, simple.Select(s => "NOT " + s)), (1, simple.Where(s => !s.StartsWith('-')).Select(s => "-" + s)));
        var factor = Gen.Select(term.Array[1, 3], ws, (terms, w) => string.Join(w + "OR" + w, terms));
        var sequence = Gen.Select(factor.Array[1, 3], ws, (factors, w) => string.Join(w, factors));
        return Gen.Select(sequence.Array[1, 3], ws, optionalWs, (sequences, w, lead) => lead + string.Join(w + "AND" + w, sequences) + lead);
    }

    private static void ForAll<T>(Gen<T> gen, int count, ulong seed, Action<T> property)
    {
        var pcg = new PCG(1, seed);
        for (var i = 0; i < count; i++)
        {
            var value = gen.Generate(pcg, null!, out _);
            try
            {
                property(value);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                throw new Xunit.Sdk.XunitException(
                    $"Case {i.ToString(CultureInfo.InvariantCulture)} (seed {seed.ToString(CultureInfo.InvariantCulture)}) failed for {Check.Print(value)}: {exception}");
            }
        }
    }
}
