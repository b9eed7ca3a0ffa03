using System.Text;

namespace Fireworks.Aip;

/// <summary>
/// Prints the canonical text of a filter tree. Canonical means: restrictions without spaces (<c>a=1</c>),
/// <c>AND</c>/<c>OR</c> with single spaces, <c>NOT x</c> for both negation forms, strings double-quoted, and a
/// nested AND, sequence or OR always in parentheses. The last rule keeps the tree's shape when the text is parsed
/// again and makes grouping explicit for readers (and for servers) that might assume AND binds tighter than OR.
/// </summary>
internal static class FilterPrinter
{
    public static string Print(FilterExpression expression)
    {
        var builder = new StringBuilder(64);
        Append(builder, expression);
        return builder.ToString();
    }

    public static void Append(StringBuilder builder, FilterExpression expression)
    {
        switch (expression)
        {
            case LogicalExpression logical:
                var separator = logical.Operator switch
                {
                    LogicalOperator.And => " AND ",
                    LogicalOperator.Or => " OR ",
                    _ => " ",
                };
                for (var i = 0; i < logical.Operands.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(separator);
                    }

                    AppendGrouped(builder, logical.Operands[i], groupLogical: true);
                }

                break;
            case NotExpression not:
                builder.Append("NOT ");
                AppendGrouped(builder, not.Operand, groupLogical: true, groupNot: true);
                break;
            case RestrictionExpression restriction:
                Append(builder, restriction.Comparable);
                builder.Append(restriction.Comparator.ToOperator());
                AppendArgument(builder, restriction.Argument);
                break;
            case MemberExpression member:
                for (var i = 0; i < member.Segments.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append('.');
                    }

                    var segment = member.Segments[i];
                    if (segment.IsQuoted)
                    {
                        FilterSyntax.AppendQuoted(builder, segment.Name, null);
                    }
                    else
                    {
                        builder.Append(segment.Name);
                    }
                }

                break;
            case FunctionCallExpression function:
                builder.Append(function.Name).Append('(');
                for (var i = 0; i < function.Arguments.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }

                    AppendArgument(builder, function.Arguments[i]);
                }

                builder.Append(')');
                break;
            case LiteralExpression literal:
                builder.Append(literal.Text);
                break;
            default:
                throw new ArgumentException($"Unknown filter node type {expression.GetType().Name}.", nameof(expression));
        }
    }

    /// <summary>An argument that is not a comparable was a composite: print it in parentheses.</summary>
    private static void AppendArgument(StringBuilder builder, FilterExpression argument)
    {
        if (argument.IsComparable)
        {
            Append(builder, argument);
        }
        else
        {
            builder.Append('(');
            Append(builder, argument);
            builder.Append(')');
        }
    }

    private static void AppendGrouped(StringBuilder builder, FilterExpression expression, bool groupLogical, bool groupNot = false)
    {
        var group = (groupLogical && expression is LogicalExpression) || (groupNot && expression is NotExpression);
        if (group)
        {
            builder.Append('(');
        }

        Append(builder, expression);
        if (group)
        {
            builder.Append(')');
        }
    }
}
