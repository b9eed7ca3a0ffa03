using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Fireworks.Aip;

/// <summary>
/// An AIP-161 field mask (an update mask or read mask): comma-separated proto paths such as
/// <c>display_name,min_replica_count,snapshot.base_model</c>. Map keys that are not snake_case names are written in
/// backticks (<c>labels.`my-key`</c>); <see cref="All"/> is <c>*</c>. Build from typed fields with
/// <see cref="Of(IEnumerable{FilterField})"/>, combine with <see cref="Union"/> (or <c>|</c>), and
/// <see cref="Normalize()"/> to drop paths covered by a parent. Converts implicitly to <see cref="string"/>. Immutable.
/// </summary>
public sealed class FieldMask : IEquatable<FieldMask>
{
    private readonly FieldPath[] paths;
    private readonly SourcePosition[]? positions;
    private string? text;

    private FieldMask(FieldPath[] paths, SourcePosition[]? positions)
    {
        this.paths = paths;
        this.positions = positions;
    }

    /// <summary>The empty mask; prints as the empty string.</summary>
    public static FieldMask Empty { get; } = new([], null);

    /// <summary>The wildcard mask <c>*</c>: every field (full replacement in an update).</summary>
    public static FieldMask All { get; } = new([FieldPath.Wildcard], null);

    /// <summary>The paths, in the order given (normalized masks are sorted).</summary>
    public IReadOnlyList<FieldPath> Paths => paths;

    /// <summary>Whether the mask has no path.</summary>
    public bool IsEmpty => paths.Length == 0;

    /// <summary>A mask of the given typed fields, in order, without duplicates.</summary>
    /// <param name="fields">The fields.</param>
    /// <returns>The mask.</returns>
    public static FieldMask Of(params IEnumerable<FilterField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return Of(fields.Select(f => f?.FieldPath ?? throw new ArgumentException("A field is null.", nameof(fields))));
    }

    /// <summary>A mask of the given paths, in order, without duplicates.</summary>
    /// <param name="paths">The paths; <see cref="FieldPath.Wildcard"/> only on its own.</param>
    /// <returns>The mask.</returns>
    /// <exception cref="ArgumentException">The wildcard is mixed with other paths.</exception>
    public static FieldMask Of(params IEnumerable<FieldPath> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var distinct = new List<FieldPath>();
        foreach (var path in paths)
        {
            if (path is null)
            {
                throw new ArgumentException("A path is null.", nameof(paths));
            }

            if (!distinct.Contains(path))
            {
                distinct.Add(path);
            }
        }

        if (distinct.Count > 1 && distinct.Exists(p => p.IsWildcard))
        {
            throw new ArgumentException("The wildcard path '*' must be the only path of a field mask.", nameof(paths));
        }

        return distinct.Count == 0 ? Empty : new FieldMask([.. distinct], null);
    }

    /// <summary>Parses a comma-separated mask; whitespace around paths is ignored, empty text gives <see cref="Empty"/>.</summary>
    /// <param name="text">The mask text.</param>
    /// <returns>The mask.</returns>
    /// <exception cref="FieldMaskParseException">The text is malformed or uses a non-snake_case field name.</exception>
    public static FieldMask Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            return Empty;
        }

        var parsed = new List<FieldPath>();
        var parsedPositions = new List<SourcePosition>();
        var i = 0;
        while (true)
        {
            SkipWhitespace(text, ref i);
            var start = i;
            FieldPath path;
            if (i < text.Length && text[i] == '*')
            {
                i++;
                path = FieldPath.Wildcard;
            }
            else
            {
                path = ParsePath(text, ref i, parsed.Count > 0);
            }

            if (parsed.Contains(path))
            {
                throw Error(text, start, $"path '{path}' appears twice in the field mask");
            }

            parsed.Add(path);
            parsedPositions.Add(SourcePosition.FromOffset(text, start));
            SkipWhitespace(text, ref i);
            if (i >= text.Length)
            {
                break;
            }

            if (text[i] != ',')
            {
                throw Error(text, i, $"expected ',' or the end after path '{path}' but found '{text[i]}'");
            }

            i++;
        }

        if (parsed.Count > 1 && parsed.Exists(p => p.IsWildcard))
        {
            throw Error(text, parsedPositions[parsed.FindIndex(p => p.IsWildcard)].Offset, "the wildcard path '*' must be the only path of a field mask");
        }

        return new FieldMask([.. parsed], [.. parsedPositions]);
    }

    /// <summary>Parses a mask without throwing.</summary>
    /// <param name="text">The mask text.</param>
    /// <param name="fieldMask">The mask when valid.</param>
    /// <param name="error">The syntax error when not.</param>
    /// <returns>Whether the text parsed.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out FieldMask? fieldMask, [NotNullWhen(false)] out FieldMaskParseException? error)
    {
        fieldMask = null;
        error = null;
        try
        {
            fieldMask = Parse(text ?? throw new FieldMaskParseException(string.Empty, SourcePosition.FromOffset(string.Empty, 0), "the field mask is null"));
            return true;
        }
        catch (FieldMaskParseException exception)
        {
            error = exception;
            return false;
        }
    }

    /// <summary>The union of two masks, normalized.</summary>
    /// <param name="other">The other mask.</param>
    /// <returns>A normalized mask covering every path of both.</returns>
    public FieldMask Union(FieldMask other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return NormalizePaths([.. paths, .. other.paths]);
    }

    /// <summary>The union of two masks, normalized.</summary>
    /// <param name="left">A mask.</param>
    /// <param name="right">Another mask.</param>
    /// <returns>The union.</returns>
    public static FieldMask operator |(FieldMask left, FieldMask right)
    {
        ArgumentNullException.ThrowIfNull(left);
        return left.Union(right);
    }

    /// <summary>
    /// The canonical form: paths sorted (ordinal), duplicates removed, and any path whose ancestor is also in the mask
    /// dropped (<c>snapshot,snapshot.base_model</c> becomes <c>snapshot</c>); a mask containing <c>*</c> becomes <see cref="All"/>.
    /// </summary>
    /// <returns>The normalized mask.</returns>
    public FieldMask Normalize() => NormalizePaths(paths);

    /// <summary>Whether the mask selects <paramref name="path"/> (it or one of its ancestors is in the mask, or the mask is <c>*</c>).</summary>
    /// <param name="path">A path.</param>
    /// <returns>Whether the path is covered.</returns>
    public bool Covers(FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Array.Exists(paths, p => p.IsWildcard || p.IsPrefixOf(path));
    }

    /// <summary>Where path <paramref name="index"/> starts in the parsed text, or in <see cref="ToString"/> for a built mask.</summary>
    /// <param name="index">The path index.</param>
    /// <returns>The position.</returns>
    public SourcePosition GetPosition(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, paths.Length);
        if (positions is not null)
        {
            return positions[index];
        }

        var offset = 0;
        for (var i = 0; i < index; i++)
        {
            offset += paths[i].ToString().Length + 1;
        }

        return new SourcePosition(offset, 1, offset + 1);
    }

    /// <summary>The canonical text to send, such as <c>display_name,min_replica_count</c>.</summary>
    /// <param name="fieldMask">The mask.</param>
    [return: NotNullIfNotNull(nameof(fieldMask))]
    public static implicit operator string?(FieldMask? fieldMask) => fieldMask?.ToString();

    /// <summary>The paths joined by commas.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => text ??= string.Join(',', paths.Select(p => p.ToString()));

    /// <summary>Masks are equal when they list the same paths in the same order.</summary>
    /// <param name="other">The other mask.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(FieldMask? other) => other is not null && paths.AsSpan().SequenceEqual(other.paths);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is FieldMask other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    private static FieldMask NormalizePaths(FieldPath[] input)
    {
        if (Array.Exists(input, p => p.IsWildcard))
        {
            return All;
        }

        var sorted = input.Distinct().OrderBy(p => p.ToString(), StringComparer.Ordinal).ToList();
        var kept = new List<FieldPath>(sorted.Count);
        foreach (var path in sorted)
        {
            if (!kept.Exists(k => k.IsPrefixOf(path)))
            {
                kept.Add(path);
            }
        }

        return kept.Count == 0 ? Empty : new FieldMask([.. kept], null);
    }

    private static FieldPath ParsePath(string text, ref int i, bool afterComma)
    {
        var segments = new List<FieldPathSegment>();
        while (true)
        {
            if (i < text.Length && text[i] == '`')
            {
                var keyStart = i;
                i++;
                var key = new StringBuilder();
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw Error(text, keyStart, "unterminated backtick-quoted map key");
                    }

                    if (text[i] == '`')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '`')
                        {
                            key.Append('`');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    key.Append(text[i]);
                    i++;
                }

                if (segments.Count == 0)
                {
                    throw Error(text, keyStart, "a field mask path must start with a field name, not a quoted map key");
                }

                if (key.Length == 0)
                {
                    throw Error(text, keyStart, "a map key cannot be empty");
                }

                segments.Add(new FieldPathSegment(key.ToString(), true));
            }
            else
            {
                var nameStart = i;
                while (i < text.Length && FilterSyntax.IsAsciiIdentifierChar(text[i]))
                {
                    i++;
                }

                if (i == nameStart)
                {
                    var after = segments.Count > 0 ? "'.'" : afterComma ? "','" : "the start";
                    var found = i >= text.Length ? "the end" : $"'{text[i]}'";
                    throw Error(text, i, $"expected a field name after {after} but found {found}");
                }

                var name = text[nameStart..i];
                if (!FieldPath.IsValidFieldName(name))
                {
                    var snake = ProtoNames.ToProtoName(name);
                    var hint = FieldPath.IsValidFieldName(snake) ? $"; use '{snake}'" : "; quote a map key in backticks";
                    throw Error(text, nameStart, $"'{name}' is not a proto snake_case field name{hint}");
                }

                segments.Add(new FieldPathSegment(name, false));
            }

            if (i < text.Length && text[i] == '.')
            {
                i++;
                continue;
            }

            return FieldPath.FromSegments([.. segments]);
        }
    }

    private static void SkipWhitespace(string text, ref int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
    }

    private static FieldMaskParseException Error(string text, int offset, string reason) =>
        new(text, SourcePosition.FromOffset(text, offset), reason);
}
