using System.Diagnostics.CodeAnalysis;

namespace Fireworks.Aip;

/// <summary>
/// An AIP-160 filter: either <see cref="Empty"/> (no filter, matches everything) or a syntax tree.
/// Build one from typed fields (<c>Fields.State == DeploymentState.Ready</c>), combine with <c>&amp;</c> (AND),
/// <c>|</c> (OR) and <c>!</c> (NOT), or parse text with <see cref="Parse"/>. <see cref="ToString"/> prints the
/// canonical text, and a filter converts implicitly to <see cref="string"/> so it can be passed where an SDK method
/// takes <c>string? filter</c>.
/// </summary>
/// <remarks>
/// C# gives <c>&amp;</c> a higher precedence than <c>|</c>, while AIP-160 binds OR tighter than AND; the tree follows
/// the C# expression and the printer adds the parentheses that keep its meaning, so
/// <c>a | b &amp; c</c> prints as <c>a OR (b AND c)</c>.
/// </remarks>
public sealed class Filter : IEquatable<Filter>
{
    private string? text;

    private Filter(FilterExpression? expression, string? text)
    {
        Expression = expression;
        this.text = text;
    }

    /// <summary>The empty filter: no restriction, prints as the empty string.</summary>
    public static Filter Empty { get; } = new(null, string.Empty);

    /// <summary>The syntax tree, or <see langword="null"/> for <see cref="Empty"/>.</summary>
    public FilterExpression? Expression { get; }

    /// <summary>Whether this is the empty filter.</summary>
    [MemberNotNullWhen(false, nameof(Expression))]
    public bool IsEmpty => Expression is null;

    /// <summary>Wraps a syntax tree.</summary>
    /// <param name="expression">The tree.</param>
    /// <returns>The filter.</returns>
    public static Filter FromExpression(FilterExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return new Filter(expression, null);
    }

    /// <summary>
    /// Parses filter text (the full AIP-160 grammar). Empty or whitespace-only text gives <see cref="Empty"/>.
    /// </summary>
    /// <param name="text">The filter text.</param>
    /// <returns>The parsed filter, keeping source positions in its tree.</returns>
    /// <exception cref="FilterParseException">The text is malformed; the exception names the problem and where it is.</exception>
    public static Filter Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var expression = FilterParser.Parse(text);
        return expression is null ? Empty : new Filter(expression, null);
    }

    /// <summary>Parses filter text without throwing.</summary>
    /// <param name="text">The filter text.</param>
    /// <param name="filter">The parsed filter when the text is valid.</param>
    /// <param name="error">The syntax error when it is not.</param>
    /// <returns>Whether the text parsed.</returns>
    public static bool TryParse(
        string? text,
        [NotNullWhen(true)] out Filter? filter,
        [NotNullWhen(false)] out FilterParseException? error)
    {
        filter = null;
        error = null;
        if (text is null)
        {
            error = new FilterParseException(string.Empty, SourcePosition.FromOffset(string.Empty, 0), "the filter is null");
            return false;
        }

        try
        {
            filter = Parse(text);
            return true;
        }
        catch (FilterParseException exception)
        {
            error = exception;
            return false;
        }
    }

    /// <summary>Joins conditions with AND: <c>Filter.Where(a, b)</c> is <c>a AND b</c>; empty filters are skipped.</summary>
    /// <param name="conditions">The conditions, usually comparisons of typed fields.</param>
    /// <returns>The combined filter (<see cref="Empty"/> when no condition is given).</returns>
    public static Filter Where(params IEnumerable<Filter> conditions) => AllOf(conditions);

    /// <summary>Joins conditions with AND; empty filters are skipped.</summary>
    /// <param name="conditions">The conditions.</param>
    /// <returns>The combined filter (<see cref="Empty"/> when there is none).</returns>
    public static Filter AllOf(params IEnumerable<Filter> conditions) => Combine(conditions, LogicalOperator.And);

    /// <summary>Joins conditions with OR.</summary>
    /// <param name="conditions">At least one condition, none of them empty.</param>
    /// <returns>The combined filter.</returns>
    /// <exception cref="ArgumentException">No condition, or an empty one (which would match everything).</exception>
    public static Filter AnyOf(params IEnumerable<Filter> conditions) => Combine(conditions, LogicalOperator.Or);

    /// <summary>Negates a condition.</summary>
    /// <param name="condition">A non-empty condition.</param>
    /// <returns><c>NOT condition</c>; a double negation is removed.</returns>
    /// <exception cref="ArgumentException">The condition is empty (its negation matches nothing and has no syntax).</exception>
    public static Filter Not(Filter condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (condition.IsEmpty)
        {
            throw new ArgumentException("The empty filter cannot be negated: 'match nothing' has no AIP-160 syntax.", nameof(condition));
        }

        return condition.Expression is NotExpression not
            ? new Filter(not.Operand, null)
            : new Filter(new NotExpression(condition.Expression), null);
    }

    /// <summary>AND of two filters; an empty side is ignored.</summary>
    /// <param name="left">Left condition.</param>
    /// <param name="right">Right condition.</param>
    /// <returns><c>left AND right</c>.</returns>
    public static Filter operator &(Filter left, Filter right) => AllOf(left, right);

    /// <summary>OR of two filters.</summary>
    /// <param name="left">Left condition (not empty).</param>
    /// <param name="right">Right condition (not empty).</param>
    /// <returns><c>left OR right</c>.</returns>
    /// <exception cref="ArgumentException">A side is empty.</exception>
    public static Filter operator |(Filter left, Filter right) => AnyOf(left, right);

    /// <summary>NOT of a filter.</summary>
    /// <param name="condition">The condition (not empty).</param>
    /// <returns><c>NOT condition</c>.</returns>
    public static Filter operator !(Filter condition) => Not(condition);

    /// <summary>The canonical text, so a filter can be passed where a <c>string? filter</c> is expected.</summary>
    /// <param name="filter">The filter.</param>
    [return: NotNullIfNotNull(nameof(filter))]
    public static implicit operator string?(Filter? filter) => filter?.ToString();

    /// <summary>Equality of canonical text.</summary>
    /// <param name="left">Left filter.</param>
    /// <param name="right">Right filter.</param>
    /// <returns>Whether both print the same.</returns>
    public static bool operator ==(Filter? left, Filter? right) => Equals(left, right);

    /// <summary>Inequality of canonical text.</summary>
    /// <param name="left">Left filter.</param>
    /// <param name="right">Right filter.</param>
    /// <returns>Whether they print differently.</returns>
    public static bool operator !=(Filter? left, Filter? right) => !Equals(left, right);

    /// <summary>The canonical filter text (empty for <see cref="Empty"/>).</summary>
    /// <returns>The text to send as the <c>filter</c> parameter.</returns>
    public override string ToString() => text ??= FilterPrinter.Print(Expression!);

    /// <summary>Filters are equal when their canonical texts are equal.</summary>
    /// <param name="other">The other filter.</param>
    /// <returns>Whether both print the same.</returns>
    public bool Equals(Filter? other) => other is not null && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Filter other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    private static Filter Combine(IEnumerable<Filter> conditions, LogicalOperator op)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        var operands = new List<FilterExpression>();
        foreach (var condition in conditions)
        {
            if (condition is null)
            {
                throw new ArgumentException("A condition is null.", nameof(conditions));
            }

            if (condition.IsEmpty)
            {
                if (op == LogicalOperator.Or)
                {
                    throw new ArgumentException(
                        "OR with the empty filter would match everything; build the OR from non-empty conditions.",
                        nameof(conditions));
                }

                continue;
            }

            // Flatten a same-operator child so a & b & c is one AND node, as the parser would produce.
            if (condition.Expression is LogicalExpression logical && logical.Operator == op)
            {
                operands.AddRange(logical.Operands);
            }
            else
            {
                operands.Add(condition.Expression);
            }
        }

        return operands.Count switch
        {
            0 when op == LogicalOperator.Or => throw new ArgumentException("OR needs at least one condition.", nameof(conditions)),
            0 => Empty,
            1 => new Filter(operands[0], null),
            _ => new Filter(op == LogicalOperator.And ? new AndExpression(operands) : new OrExpression(operands), null),
        };
    }
}
