using System.Collections.ObjectModel;

namespace Fireworks.Aip;

/// <summary>
/// A node of a parsed or built AIP-160 filter. The node types are sealed; use pattern matching to walk a tree.
/// <see cref="ToString"/> prints the canonical filter text of the subtree.
/// </summary>
public abstract class FilterExpression
{
    private protected FilterExpression(SourcePosition position) => Position = position;

    /// <summary>Where the node starts in the parsed text; <see cref="SourcePosition.None"/> for built nodes.</summary>
    public SourcePosition Position { get; }

    /// <summary>Whether the node may stand as the left side of a restriction (member, function or literal).</summary>
    public abstract bool IsComparable { get; }

    /// <summary>Prints the canonical filter text of this subtree.</summary>
    /// <returns>The canonical text.</returns>
    public override string ToString() => FilterPrinter.Print(this);

    private protected static ReadOnlyCollection<T> Freeze<T>(IEnumerable<T> items, string parameterName)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(items, parameterName);
        var array = items.ToArray();
        foreach (var item in array)
        {
            if (item is null)
            {
                throw new ArgumentException("The collection contains a null element.", parameterName);
            }
        }

        return Array.AsReadOnly(array);
    }
}

/// <summary>Which logical combination a <see cref="LogicalExpression"/> stands for.</summary>
public enum LogicalOperator
{
    /// <summary>Explicit <c>AND</c> (the loosest binding operator of AIP-160).</summary>
    And,

    /// <summary>Implicit AND: factors separated only by whitespace (a "sequence").</summary>
    Sequence,

    /// <summary><c>OR</c>, which binds tighter than both kinds of AND.</summary>
    Or,
}

/// <summary>Two or more operands joined by <c>AND</c>, by whitespace (implicit AND), or by <c>OR</c>.</summary>
public abstract class LogicalExpression : FilterExpression
{
    private protected LogicalExpression(IEnumerable<FilterExpression> operands, SourcePosition position)
        : base(position)
    {
        Operands = Freeze(operands, nameof(operands));
        if (Operands.Count < 2)
        {
            throw new ArgumentException($"{GetType().Name} needs at least two operands.", nameof(operands));
        }
    }

    /// <summary>The operands, in order; at least two.</summary>
    public IReadOnlyList<FilterExpression> Operands { get; }

    /// <summary>The operator joining the operands.</summary>
    public abstract LogicalOperator Operator { get; }

    /// <inheritdoc/>
    public override bool IsComparable => false;
}

/// <summary><c>a AND b AND ...</c>.</summary>
public sealed class AndExpression : LogicalExpression
{
    /// <summary>Creates the node.</summary>
    /// <param name="operands">At least two operands.</param>
    /// <param name="position">Source position, if parsed.</param>
    public AndExpression(IEnumerable<FilterExpression> operands, SourcePosition position = default)
        : base(operands, position)
    {
    }

    /// <inheritdoc/>
    public override LogicalOperator Operator => LogicalOperator.And;
}

/// <summary><c>a b ...</c>: factors separated by whitespace, an implicit AND.</summary>
public sealed class SequenceExpression : LogicalExpression
{
    /// <summary>Creates the node.</summary>
    /// <param name="operands">At least two operands.</param>
    /// <param name="position">Source position, if parsed.</param>
    public SequenceExpression(IEnumerable<FilterExpression> operands, SourcePosition position = default)
        : base(operands, position)
    {
    }

    /// <inheritdoc/>
    public override LogicalOperator Operator => LogicalOperator.Sequence;
}

/// <summary><c>a OR b OR ...</c>.</summary>
public sealed class OrExpression : LogicalExpression
{
    /// <summary>Creates the node.</summary>
    /// <param name="operands">At least two operands.</param>
    /// <param name="position">Source position, if parsed.</param>
    public OrExpression(IEnumerable<FilterExpression> operands, SourcePosition position = default)
        : base(operands, position)
    {
    }

    /// <inheritdoc/>
    public override LogicalOperator Operator => LogicalOperator.Or;
}

/// <summary><c>NOT a</c> or <c>-a</c> (printed canonically as <c>NOT a</c>).</summary>
public sealed class NotExpression : FilterExpression
{
    /// <summary>Creates the node.</summary>
    /// <param name="operand">The negated expression.</param>
    /// <param name="position">Source position, if parsed.</param>
    public NotExpression(FilterExpression operand, SourcePosition position = default)
        : base(position)
    {
        ArgumentNullException.ThrowIfNull(operand);
        Operand = operand;
    }

    /// <summary>The negated expression.</summary>
    public FilterExpression Operand { get; }

    /// <inheritdoc/>
    public override bool IsComparable => false;
}

/// <summary><c>comparable comparator arg</c>, for example <c>state=READY</c> or <c>tags:"x"</c>.</summary>
public sealed class RestrictionExpression : FilterExpression
{
    /// <summary>Creates the node.</summary>
    /// <param name="comparable">The left side: a member, function call or literal.</param>
    /// <param name="comparator">The comparator.</param>
    /// <param name="argument">The right side: a comparable, or any expression (printed in parentheses).</param>
    /// <param name="position">Source position, if parsed.</param>
    /// <exception cref="ArgumentException"><paramref name="comparable"/> is not a comparable node.</exception>
    public RestrictionExpression(
        FilterExpression comparable,
        FilterComparator comparator,
        FilterExpression argument,
        SourcePosition position = default)
        : base(position)
    {
        ArgumentNullException.ThrowIfNull(comparable);
        ArgumentNullException.ThrowIfNull(argument);
        if (!comparable.IsComparable)
        {
            throw new ArgumentException(
                "The left side of a restriction must be a member, function call or literal.", nameof(comparable));
        }

        if (!Enum.IsDefined(comparator))
        {
            throw new ArgumentOutOfRangeException(nameof(comparator), comparator, "Unknown comparator.");
        }

        Comparable = comparable;
        Comparator = comparator;
        Argument = argument;
    }

    /// <summary>The left side.</summary>
    public FilterExpression Comparable { get; }

    /// <summary>The comparator.</summary>
    public FilterComparator Comparator { get; }

    /// <summary>The right side.</summary>
    public FilterExpression Argument { get; }

    /// <inheritdoc/>
    public override bool IsComparable => false;
}

/// <summary>One name of a member path (<c>a.b.c</c>), written bare or as a quoted string.</summary>
/// <param name="Name">The name, unescaped.</param>
/// <param name="IsQuoted">Whether the name is printed as a quoted string (needed for names that are not bare text).</param>
/// <param name="Position">Source position, if parsed.</param>
public readonly record struct MemberSegment(string Name, bool IsQuoted, SourcePosition Position = default);

/// <summary>
/// A member: a bare name (<c>state</c>, <c>READY</c>, <c>*</c>) or a traversal (<c>snapshot.base_model</c>,
/// <c>labels."my-key"</c>). Whether it names a field, an enum value or a map key is decided by the checker.
/// </summary>
public sealed class MemberExpression : FilterExpression
{
    /// <summary>Creates the node.</summary>
    /// <param name="segments">The names, in order.</param>
    /// <param name="position">Source position, if parsed.</param>
    /// <exception cref="ArgumentException">A segment cannot be printed so that it parses back as this member.</exception>
    public MemberExpression(IEnumerable<MemberSegment> segments, SourcePosition position = default)
        : this(ValidateSegments(segments), position)
    {
    }

    /// <summary>Creates a bare single-name member, such as an enum value <c>READY</c>.</summary>
    /// <param name="name">A name made of letters, digits and underscores, not starting with a digit.</param>
    public MemberExpression(string name)
        : this([new MemberSegment(name, false)])
    {
    }

    private MemberExpression(MemberSegment[] segments, SourcePosition position)
        : base(position) => Segments = Array.AsReadOnly(segments);

    /// <summary>The names of the path, in order; at least one.</summary>
    public IReadOnlyList<MemberSegment> Segments { get; }

    /// <summary>The path with unescaped names joined by dots (for messages; not re-parseable when names are quoted).</summary>
    public string Path => string.Join('.', Segments.Select(s => s.Name));

    /// <summary>Whether this is a single bare name (an identifier such as <c>READY</c>, or <c>*</c>).</summary>
    public bool IsBareName => Segments.Count == 1 && !Segments[0].IsQuoted;

    /// <inheritdoc/>
    public override bool IsComparable => true;

    /// <summary>Creates a member from segments the parser or a <see cref="FieldPath"/> already guarantees.</summary>
    internal static MemberExpression Trusted(MemberSegment[] segments, SourcePosition position) => new(segments, position);

    private static MemberSegment[] ValidateSegments(IEnumerable<MemberSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var array = segments.ToArray();
        if (array.Length == 0)
        {
            throw new ArgumentException("A member needs at least one name.", nameof(segments));
        }

        for (var i = 0; i < array.Length; i++)
        {
            var segment = array[i];
            if (segment.Name is null)
            {
                throw new ArgumentException("A member name is null.", nameof(segments));
            }

            if (segment.IsQuoted)
            {
                if (array.Length == 1)
                {
                    throw new ArgumentException(
                        "A single quoted name is a string literal; use StringLiteral.", nameof(segments));
                }

                FilterSyntax.ThrowIfInvalidUtf16(segment.Name, nameof(segments));
                continue;
            }

            if (segment.Name == "*" && array.Length == 1)
            {
                continue;
            }

            var ok = i == 0
                ? FilterSyntax.IsBareRootName(segment.Name, single: array.Length == 1)
                : FilterSyntax.IsBareFieldName(segment.Name);
            if (!ok)
            {
                throw new ArgumentException(
                    $"'{segment.Name}' cannot be written bare in a filter; mark the segment as quoted.", nameof(segments));
            }
        }

        return array;
    }
}

/// <summary>A function call <c>name(arg, ...)</c>; the name may be qualified (<c>math.round(x)</c>).</summary>
public sealed class FunctionCallExpression : FilterExpression
{
    /// <summary>Creates the node.</summary>
    /// <param name="name">The function name; dotted parts for a qualified name.</param>
    /// <param name="arguments">The arguments, in order.</param>
    /// <param name="position">Source position, if parsed.</param>
    /// <exception cref="ArgumentException">The name is not a valid (qualified) function name.</exception>
    public FunctionCallExpression(string name, IEnumerable<FilterExpression> arguments, SourcePosition position = default)
        : this(ValidateName(name), Freeze(arguments, nameof(arguments)), position)
    {
    }

    private FunctionCallExpression(string name, IReadOnlyList<FilterExpression> arguments, SourcePosition position)
        : base(position)
    {
        Name = name;
        Arguments = arguments;
    }

    /// <summary>The function name, with dots for a qualified name.</summary>
    public string Name { get; }

    /// <summary>The arguments, in order.</summary>
    public IReadOnlyList<FilterExpression> Arguments { get; }

    /// <inheritdoc/>
    public override bool IsComparable => true;

    /// <summary>Creates a call whose name the parser read as TEXT tokens (any text, not only identifiers).</summary>
    internal static FunctionCallExpression Trusted(string name, List<FilterExpression> arguments, SourcePosition position) =>
        new(name, arguments.AsReadOnly(), position);

    private static string ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var part in name.Split('.'))
        {
            if (!FilterSyntax.IsBareFieldName(part))
            {
                throw new ArgumentException($"'{name}' is not a valid function name.", nameof(name));
            }
        }

        return name;
    }
}

/// <summary>Base class of literal values.</summary>
public abstract class LiteralExpression : FilterExpression
{
    private protected LiteralExpression(string text, SourcePosition position)
        : base(position) => Text = text;

    /// <summary>The literal exactly as printed (for parsed literals, as written in the source).</summary>
    public string Text { get; }

    /// <inheritdoc/>
    public override bool IsComparable => true;
}

/// <summary>
/// A quoted string. <see cref="Value"/> is the unescaped text; <see cref="WildcardIndexes"/> lists the indexes in
/// <see cref="Value"/> of the <c>*</c> characters that were written unescaped and therefore act as wildcards.
/// A <c>*</c> written as <c>\*</c> is a literal star.
/// </summary>
public sealed class StringLiteral : LiteralExpression
{
    private static readonly ReadOnlyCollection<int> NoWildcards = Array.AsReadOnly(Array.Empty<int>());

    /// <summary>Creates an exact string (every <c>*</c> is literal and will be printed as <c>\*</c>).</summary>
    /// <param name="value">The value.</param>
    public StringLiteral(string value)
        : this(value, null, default)
    {
    }

    /// <summary>Creates a string with wildcards at the given indexes.</summary>
    /// <param name="value">The value.</param>
    /// <param name="wildcardIndexes">Indexes into <paramref name="value"/>, each holding a <c>*</c>, that are wildcards.</param>
    /// <param name="position">Source position, if parsed.</param>
    /// <exception cref="ArgumentException">An index does not hold a <c>*</c>, or the value is not valid UTF-16.</exception>
    public StringLiteral(string value, IEnumerable<int>? wildcardIndexes, SourcePosition position = default)
        : this(Validate(value, wildcardIndexes), position)
    {
    }

    private StringLiteral((string Value, int[]? Indexes) validated, SourcePosition position)
        : this(validated.Value, validated.Indexes, position, FilterSyntax.QuoteString(validated.Value, validated.Indexes))
    {
    }

    internal StringLiteral(string value, int[]? wildcardIndexes, SourcePosition position, string text)
        : base(text, position)
    {
        Value = value;
        WildcardIndexes = wildcardIndexes is null || wildcardIndexes.Length == 0
            ? NoWildcards
            : Array.AsReadOnly(wildcardIndexes);
    }

    /// <summary>The unescaped value.</summary>
    public string Value { get; }

    /// <summary>Sorted indexes into <see cref="Value"/> of the <c>*</c> characters that are wildcards.</summary>
    public IReadOnlyList<int> WildcardIndexes { get; }

    /// <summary>Whether any <c>*</c> in the value is a wildcard.</summary>
    public bool HasWildcards => WildcardIndexes.Count > 0;

    /// <summary>Creates a prefix pattern: <paramref name="prefix"/> followed by a wildcard (<c>"abc*"</c>).</summary>
    /// <param name="prefix">The literal prefix; any <c>*</c> in it is literal.</param>
    /// <returns>The pattern literal.</returns>
    public static StringLiteral StartingWith(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return new StringLiteral(prefix + "*", [prefix.Length]);
    }

    /// <summary>Creates a suffix pattern: a wildcard followed by <paramref name="suffix"/> (<c>"*abc"</c>).</summary>
    /// <param name="suffix">The literal suffix; any <c>*</c> in it is literal.</param>
    /// <returns>The pattern literal.</returns>
    public static StringLiteral EndingWith(string suffix)
    {
        ArgumentNullException.ThrowIfNull(suffix);
        return new StringLiteral("*" + suffix, [0]);
    }

    /// <summary>Creates a substring pattern: <c>"*abc*"</c>.</summary>
    /// <param name="substring">The literal substring; any <c>*</c> in it is literal.</param>
    /// <returns>The pattern literal.</returns>
    public static StringLiteral Containing(string substring)
    {
        ArgumentNullException.ThrowIfNull(substring);
        return new StringLiteral("*" + substring + "*", [0, substring.Length + 1]);
    }

    private static (string Value, int[]? Indexes) Validate(string value, IEnumerable<int>? wildcardIndexes)
    {
        ArgumentNullException.ThrowIfNull(value);
        FilterSyntax.ThrowIfInvalidUtf16(value, nameof(value));
        if (wildcardIndexes is null)
        {
            return (value, null);
        }

        var indexes = wildcardIndexes.Distinct().Order().ToArray();
        foreach (var index in indexes)
        {
            if (index < 0 || index >= value.Length || value[index] != '*')
            {
                throw new ArgumentException($"Index {index} does not hold a '*' in the value.", nameof(wildcardIndexes));
            }
        }

        return (value, indexes);
    }
}

/// <summary>An integer or floating-point number (<c>42</c>, <c>-3</c>, <c>0x1F</c>, <c>2.5</c>, <c>1e-3</c>).</summary>
public sealed class NumberLiteral : LiteralExpression
{
    /// <summary>Creates an integer literal.</summary>
    /// <param name="value">The value.</param>
    public NumberLiteral(long value)
        : this(value.ToString(System.Globalization.CultureInfo.InvariantCulture), true, value, value, default)
    {
    }

    /// <summary>Creates a floating-point literal (always printed with a decimal point or exponent).</summary>
    /// <param name="value">A finite value.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite, which AIP-160 cannot express.</exception>
    public NumberLiteral(double value)
        : this(FilterSyntax.FormatDouble(value), false, 0, value, default)
    {
    }

    internal NumberLiteral(string text, bool isInteger, long integerValue, double doubleValue, SourcePosition position)
        : base(text, position)
    {
        IsInteger = isInteger;
        IntegerValue = integerValue;
        DoubleValue = doubleValue;
    }

    /// <summary>Whether the literal was written (or built) as an integer.</summary>
    public bool IsInteger { get; }

    /// <summary>The value when <see cref="IsInteger"/>; otherwise 0.</summary>
    public long IntegerValue { get; }

    /// <summary>The value as a double (for integers, the converted value).</summary>
    public double DoubleValue { get; }
}

/// <summary><c>true</c> or <c>false</c>.</summary>
public sealed class BooleanLiteral : LiteralExpression
{
    /// <summary>Creates the literal.</summary>
    /// <param name="value">The value.</param>
    /// <param name="position">Source position, if parsed.</param>
    public BooleanLiteral(bool value, SourcePosition position = default)
        : base(value ? "true" : "false", position) => Value = value;

    /// <summary>The value.</summary>
    public bool Value { get; }
}

/// <summary>An RFC 3339 timestamp, such as <c>2024-05-01T12:00:00Z</c>; built ones are printed in UTC.</summary>
public sealed class TimestampLiteral : LiteralExpression
{
    /// <summary>Creates the literal, printed in UTC with the <c>Z</c> suffix.</summary>
    /// <param name="value">The instant.</param>
    public TimestampLiteral(DateTimeOffset value)
        : this(FilterSyntax.FormatTimestamp(value), value.ToUniversalTime(), default)
    {
    }

    internal TimestampLiteral(string text, DateTimeOffset value, SourcePosition position)
        : base(text, position) => Value = value;

    /// <summary>The instant (with the offset it was written in, for parsed literals).</summary>
    public DateTimeOffset Value { get; }
}

/// <summary>A duration in seconds with an <c>s</c> suffix, such as <c>20s</c> or <c>1.5s</c>.</summary>
public sealed class DurationLiteral : LiteralExpression
{
    /// <summary>Creates the literal.</summary>
    /// <param name="value">The duration; printed as seconds with up to 7 fractional digits.</param>
    public DurationLiteral(TimeSpan value)
        : this(FilterSyntax.FormatDuration(value), value, default)
    {
    }

    internal DurationLiteral(string text, TimeSpan value, SourcePosition position)
        : base(text, position) => Value = value;

    /// <summary>The duration.</summary>
    public TimeSpan Value { get; }
}
