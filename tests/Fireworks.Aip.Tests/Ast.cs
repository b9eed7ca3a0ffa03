using System.Globalization;
using System.Text;

namespace Fireworks.Aip.Tests;

/// <summary>Renders a filter tree as an S-expression so tests can assert its exact shape.</summary>
internal static class Ast
{
    public static string Dump(string filter) => Dump(Filter.Parse(filter).Expression!);

    public static string Dump(FilterExpression expression) => expression switch
    {
        AndExpression and => $"AND({string.Join(", ", and.Operands.Select(Dump))})",
        SequenceExpression sequence => $"SEQ({string.Join(", ", sequence.Operands.Select(Dump))})",
        OrExpression or => $"OR({string.Join(", ", or.Operands.Select(Dump))})",
        NotExpression not => $"NOT({Dump(not.Operand)})",
        RestrictionExpression r => $"[{Dump(r.Comparable)} {r.Comparator.ToOperator()} {Dump(r.Argument)}]",
        MemberExpression member => string.Join('.', member.Segments.Select(s => s.IsQuoted ? $"'{s.Name}'" : s.Name)),
        FunctionCallExpression function => $"{function.Name}({string.Join(", ", function.Arguments.Select(Dump))})",
        StringLiteral s => $"str<{Escape(s.Value)}{(s.HasWildcards ? "|*" + string.Join(",", s.WildcardIndexes) : string.Empty)}>",
        NumberLiteral n => n.IsInteger
            ? $"int<{n.IntegerValue.ToString(CultureInfo.InvariantCulture)}>"
            : $"float<{n.DoubleValue.ToString("R", CultureInfo.InvariantCulture)}>",
        BooleanLiteral b => $"bool<{(b.Value ? "true" : "false")}>",
        TimestampLiteral t => $"ts<{t.Value.ToString("O", CultureInfo.InvariantCulture)}>",
        DurationLiteral d => $"dur<{d.Value.Ticks.ToString(CultureInfo.InvariantCulture)}>",
        _ => throw new ArgumentOutOfRangeException(nameof(expression), expression.GetType().Name, "unknown node"),
    };

    private static string Escape(string value)
    {
        var builder = new StringBuilder();
        foreach (var c in value)
        {
            builder.Append(c < 0x20 ? $"\\x{(int)c:X2}" : c.ToString());
        }

        return builder.ToString();
    }
}
