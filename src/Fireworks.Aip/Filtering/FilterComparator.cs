namespace Fireworks.Aip;

/// <summary>The comparators of an AIP-160 restriction (<c>comparable comparator arg</c>).</summary>
public enum FilterComparator
{
    /// <summary><c>=</c>; with a string value, an unescaped <c>*</c> is a wildcard.</summary>
    Equal,

    /// <summary><c>!=</c>.</summary>
    NotEqual,

    /// <summary><c>&lt;</c>.</summary>
    LessThan,

    /// <summary><c>&lt;=</c>.</summary>
    LessThanOrEqual,

    /// <summary><c>&gt;</c>.</summary>
    GreaterThan,

    /// <summary><c>&gt;=</c>.</summary>
    GreaterThanOrEqual,

    /// <summary><c>:</c> (has): element of a repeated field, key of a map, presence with <c>*</c>.</summary>
    Has,
}

/// <summary>Helpers for <see cref="FilterComparator"/>.</summary>
public static class FilterComparatorExtensions
{
    /// <summary>The operator text as written in a filter (<c>=</c>, <c>!=</c>, <c>&lt;</c>, ..., <c>:</c>).</summary>
    /// <param name="comparator">The comparator.</param>
    /// <returns>The operator text.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined comparator.</exception>
    public static string ToOperator(this FilterComparator comparator) => comparator switch
    {
        FilterComparator.Equal => "=",
        FilterComparator.NotEqual => "!=",
        FilterComparator.LessThan => "<",
        FilterComparator.LessThanOrEqual => "<=",
        FilterComparator.GreaterThan => ">",
        FilterComparator.GreaterThanOrEqual => ">=",
        FilterComparator.Has => ":",
        _ => throw new ArgumentOutOfRangeException(nameof(comparator), comparator, "Unknown comparator."),
    };

    /// <summary>Whether the comparator orders values (<c>&lt; &lt;= &gt; &gt;=</c>).</summary>
    /// <param name="comparator">The comparator.</param>
    /// <returns><see langword="true"/> for the four ordering comparators.</returns>
    public static bool IsOrdering(this FilterComparator comparator) =>
        comparator is FilterComparator.LessThan or FilterComparator.LessThanOrEqual
            or FilterComparator.GreaterThan or FilterComparator.GreaterThanOrEqual;
}
