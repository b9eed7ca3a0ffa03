namespace Fireworks.Aip;

/// <summary>
/// A location in a filter, <c>order_by</c> or field mask string: a zero-based UTF-16 offset plus the
/// one-based line and column it falls on. <c>default</c> means "unknown" (nodes made by a builder).
/// </summary>
/// <param name="Offset">Zero-based offset in UTF-16 code units from the start of the text.</param>
/// <param name="Line">One-based line number; 0 when the position is unknown.</param>
/// <param name="Column">One-based column (UTF-16 code units) within <paramref name="Line"/>.</param>
public readonly record struct SourcePosition(int Offset, int Line, int Column)
{
    /// <summary>The unknown position, carried by syntax nodes that were built rather than parsed.</summary>
    public static SourcePosition None => default;

    /// <summary>Whether this position points into real source text.</summary>
    public bool IsKnown => Line > 0;

    /// <summary>Computes the position of <paramref name="offset"/> in <paramref name="text"/>.</summary>
    /// <param name="text">The source text.</param>
    /// <param name="offset">A zero-based offset, at most <c>text.Length</c>.</param>
    /// <returns>The position with its line and column.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The offset lies outside the text.</exception>
    public static SourcePosition FromOffset(string text, int offset)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, text.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new SourcePosition(offset, line, offset - lineStart + 1);
    }

    /// <summary>Formats as <c>line:column</c>, or <c>?</c> when unknown.</summary>
    /// <returns>The formatted position.</returns>
    public override string ToString() => IsKnown ? $"{Line}:{Column}" : "?";
}
