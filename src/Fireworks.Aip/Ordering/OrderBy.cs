using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Fireworks.Aip;

/// <summary>One field of an <see cref="OrderBy"/>.</summary>
/// <param name="Path">The field path.</param>
/// <param name="Descending">Whether the order is descending.</param>
public sealed record OrderByField(FieldPath Path, bool Descending)
{
    /// <summary>Formats as <c>path</c> or <c>path desc</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Descending ? $"{Path} desc" : Path.ToString();
}

/// <summary>
/// An AIP-132 <c>order_by</c>: comma-separated field paths, each optionally followed by <c>desc</c>
/// (<c>create_time desc,name</c>). Build from typed fields with <see cref="Ascending{TValue}"/>,
/// <see cref="Descending{TValue}"/>, <see cref="ThenBy{TValue}"/> and <see cref="ThenByDescending{TValue}"/>, or parse
/// text. Converts implicitly to <see cref="string"/>. Immutable.
/// </summary>
public sealed class OrderBy : IEquatable<OrderBy>
{
    private readonly OrderByField[] fields;
    private readonly SourcePosition[]? positions;
    private string? text;

    private OrderBy(OrderByField[] fields, SourcePosition[]? positions)
    {
        this.fields = fields;
        this.positions = positions;
    }

    /// <summary>No ordering (the server's default); prints as the empty string.</summary>
    public static OrderBy None { get; } = new([], null);

    /// <summary>The fields, in priority order.</summary>
    public IReadOnlyList<OrderByField> Fields => fields;

    /// <summary>Orders by a field, ascending.</summary>
    /// <typeparam name="TValue">The field's value type.</typeparam>
    /// <param name="field">A scalar field.</param>
    /// <returns>The order.</returns>
    public static OrderBy Ascending<TValue>(ScalarFilterField<TValue> field) => None.ThenBy(field);

    /// <summary>Orders by a field, descending.</summary>
    /// <typeparam name="TValue">The field's value type.</typeparam>
    /// <param name="field">A scalar field.</param>
    /// <returns>The order.</returns>
    public static OrderBy Descending<TValue>(ScalarFilterField<TValue> field) => None.ThenByDescending(field);

    /// <summary>Parses <c>field [asc|desc] {, field [asc|desc]}</c>; whitespace-only text gives <see cref="None"/>.</summary>
    /// <param name="text">The order_by text.</param>
    /// <returns>The order.</returns>
    /// <exception cref="OrderByParseException">The text is malformed, names a field twice, or uses a non-snake_case name.</exception>
    public static OrderBy Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            return None;
        }

        var parsed = new List<OrderByField>();
        var parsedPositions = new List<SourcePosition>();
        var i = 0;
        while (true)
        {
            SkipWhitespace(text, ref i);
            var start = i;
            var segments = new List<FieldPathSegment>();
            while (true)
            {
                var nameStart = i;
                while (i < text.Length && FilterSyntax.IsAsciiIdentifierChar(text[i]))
                {
                    i++;
                }

                if (i == nameStart)
                {
                    var after = segments.Count > 0 ? "'.'" : parsed.Count > 0 ? "','" : "the start";
                    throw Error(text, i, $"expected a field name after {after} but found {Describe(text, i)}");
                }

                var name = text[nameStart..i];
                if (!FieldPath.IsValidFieldName(name))
                {
                    var snake = ProtoNames.ToProtoName(name);
                    var hint = FieldPath.IsValidFieldName(snake) ? $"; use '{snake}'" : string.Empty;
                    throw Error(text, nameStart, $"'{name}' is not a proto snake_case field name{hint}");
                }

                segments.Add(new FieldPathSegment(name, false));
                if (i < text.Length && text[i] == '.')
                {
                    i++;
                    continue;
                }

                break;
            }

            var path = FieldPath.FromSegments([.. segments]);
            var descending = false;
            var beforeDirection = i;
            SkipWhitespace(text, ref i);
            if (i > beforeDirection && i < text.Length && char.IsAsciiLetter(text[i]))
            {
                var wordStart = i;
                while (i < text.Length && FilterSyntax.IsAsciiIdentifierChar(text[i]))
                {
                    i++;
                }

                var word = text[wordStart..i];
                if (word.Equals("desc", StringComparison.OrdinalIgnoreCase))
                {
                    descending = true;
                }
                else if (!word.Equals("asc", StringComparison.OrdinalIgnoreCase))
                {
                    throw Error(text, wordStart, $"expected 'asc', 'desc', ',' or the end after field '{path}' but found '{word}'");
                }

                SkipWhitespace(text, ref i);
            }

            if (parsed.Exists(f => f.Path.Equals(path)))
            {
                throw Error(text, start, $"field '{path}' appears twice in the order_by");
            }

            parsed.Add(new OrderByField(path, descending));
            parsedPositions.Add(SourcePosition.FromOffset(text, start));
            if (i >= text.Length)
            {
                break;
            }

            if (text[i] != ',')
            {
                throw Error(text, i, $"expected ',' or the end after '{parsed[^1]}' but found {Describe(text, i)}");
            }

            i++;
        }

        return new OrderBy([.. parsed], [.. parsedPositions]);
    }

    /// <summary>Parses an order_by without throwing.</summary>
    /// <param name="text">The order_by text.</param>
    /// <param name="orderBy">The order when valid.</param>
    /// <param name="error">The syntax error when not.</param>
    /// <returns>Whether the text parsed.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out OrderBy? orderBy, [NotNullWhen(false)] out OrderByParseException? error)
    {
        orderBy = null;
        error = null;
        try
        {
            orderBy = Parse(text ?? throw new OrderByParseException(string.Empty, SourcePosition.FromOffset(string.Empty, 0), "the order_by is null"));
            return true;
        }
        catch (OrderByParseException exception)
        {
            error = exception;
            return false;
        }
    }

    /// <summary>Adds a lower-priority field, ascending.</summary>
    /// <typeparam name="TValue">The field's value type.</typeparam>
    /// <param name="field">A scalar field not yet in the order.</param>
    /// <returns>The longer order.</returns>
    /// <exception cref="ArgumentException">The field is already in the order.</exception>
    public OrderBy ThenBy<TValue>(ScalarFilterField<TValue> field) => Then(field, descending: false);

    /// <summary>Adds a lower-priority field, descending.</summary>
    /// <typeparam name="TValue">The field's value type.</typeparam>
    /// <param name="field">A scalar field not yet in the order.</param>
    /// <returns>The longer order.</returns>
    /// <exception cref="ArgumentException">The field is already in the order.</exception>
    public OrderBy ThenByDescending<TValue>(ScalarFilterField<TValue> field) => Then(field, descending: true);

    /// <summary>Adds a lower-priority field given by path (for paths not known at compile time).</summary>
    /// <param name="path">The field path.</param>
    /// <param name="descending">Whether the order is descending.</param>
    /// <returns>The longer order.</returns>
    /// <exception cref="ArgumentException">The path is already in the order, or is the wildcard.</exception>
    public OrderBy Then(FieldPath path, bool descending = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.IsWildcard)
        {
            throw new ArgumentException("'*' cannot be ordered by.", nameof(path));
        }

        if (Array.Exists(fields, f => f.Path.Equals(path)))
        {
            throw new ArgumentException($"Field '{path}' is already in the order_by.", nameof(path));
        }

        return new OrderBy([.. fields, new OrderByField(path, descending)], null);
    }

    /// <summary>Where field <paramref name="index"/> starts in the parsed text, or in <see cref="ToString"/> for a built order.</summary>
    /// <param name="index">The field index.</param>
    /// <returns>The position.</returns>
    public SourcePosition GetPosition(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, fields.Length);
        if (positions is not null)
        {
            return positions[index];
        }

        var offset = 0;
        for (var i = 0; i < index; i++)
        {
            offset += fields[i].ToString().Length + 1;
        }

        return new SourcePosition(offset, 1, offset + 1);
    }

    /// <summary>The canonical text to send: <c>create_time desc,name</c> (empty for <see cref="None"/>).</summary>
    /// <param name="orderBy">The order.</param>
    [return: NotNullIfNotNull(nameof(orderBy))]
    public static implicit operator string?(OrderBy? orderBy) => orderBy?.ToString();

    /// <summary>The canonical text: fields joined by <c>,</c>, each with <c> desc</c> when descending.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        if (text is not null)
        {
            return text;
        }

        var builder = new StringBuilder();
        foreach (var field in fields)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(field);
        }

        return text = builder.ToString();
    }

    /// <inheritdoc/>
    public bool Equals(OrderBy? other) => other is not null && fields.AsSpan().SequenceEqual(other.fields);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is OrderBy other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    private OrderBy Then(FilterField field, bool descending)
    {
        ArgumentNullException.ThrowIfNull(field);
        return Then(field.FieldPath, descending);
    }

    private static void SkipWhitespace(string text, ref int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
    }

    private static string Describe(string text, int i) => i >= text.Length ? "the end" : $"'{text[i]}'";

    private static OrderByParseException Error(string text, int offset, string reason) =>
        new(text, SourcePosition.FromOffset(text, offset), reason);
}
