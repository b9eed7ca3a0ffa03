using System.Text;

namespace Fireworks.Aip;

/// <summary>One name of a <see cref="FieldPath"/>: a proto field name, or a map key.</summary>
/// <param name="Name">The field name (snake_case) or the map key (any non-empty text).</param>
/// <param name="IsMapKey">Whether this segment is a map key rather than a field name.</param>
public readonly record struct FieldPathSegment(string Name, bool IsMapKey);

/// <summary>
/// A path of proto field names from a resource to one of its (nested) fields, such as <c>snapshot.base_model</c>,
/// optionally ending in map keys (<c>labels.env</c>). Field names are validated as proto snake_case, so a camelCase
/// JSON name is refused with a hint. Immutable.
/// </summary>
public sealed class FieldPath : IEquatable<FieldPath>
{
    private readonly FieldPathSegment[] segments;
    private string? text;

    private FieldPath(FieldPathSegment[] segments) => this.segments = segments;

    /// <summary>The AIP-161 wildcard path <c>*</c> (all fields), valid only in field masks.</summary>
    public static FieldPath Wildcard { get; } = new([new FieldPathSegment("*", false)]);

    /// <summary>The segments, in order; at least one.</summary>
    public IReadOnlyList<FieldPathSegment> Segments => segments;

    /// <summary>The last segment's name (the field's own name).</summary>
    public string Name => segments[^1].Name;

    /// <summary>Whether this is <see cref="Wildcard"/>.</summary>
    public bool IsWildcard => ReferenceEquals(this, Wildcard) || (segments.Length == 1 && segments[0] is { Name: "*", IsMapKey: false });

    /// <summary>The path of a top-level field.</summary>
    /// <param name="fieldName">The proto snake_case name.</param>
    /// <returns>The path.</returns>
    /// <exception cref="ArgumentException">The name is not a proto snake_case identifier.</exception>
    public static FieldPath Of(string fieldName)
    {
        ThrowIfInvalidFieldName(fieldName, nameof(fieldName));
        return new FieldPath([new FieldPathSegment(fieldName, false)]);
    }

    /// <summary>Parses a dotted path of field names, such as <c>snapshot.base_model</c>.</summary>
    /// <param name="dottedPath">Field names separated by dots (no map keys; use <see cref="Key"/> for those).</param>
    /// <returns>The path.</returns>
    /// <exception cref="ArgumentException">A name is not a proto snake_case identifier.</exception>
    public static FieldPath Parse(string dottedPath)
    {
        ArgumentNullException.ThrowIfNull(dottedPath);
        var names = dottedPath.Split('.');
        foreach (var name in names)
        {
            ThrowIfInvalidFieldName(name, nameof(dottedPath));
        }

        return new FieldPath(names.Select(n => new FieldPathSegment(n, false)).ToArray());
    }

    /// <summary>The path of a field nested in the message this path names.</summary>
    /// <param name="fieldName">The nested field's proto snake_case name.</param>
    /// <returns>The longer path.</returns>
    /// <exception cref="ArgumentException">The name is not a proto snake_case identifier.</exception>
    public FieldPath Field(string fieldName)
    {
        ThrowIfInvalidFieldName(fieldName, nameof(fieldName));
        return Append(new FieldPathSegment(fieldName, false));
    }

    /// <summary>The path of one entry of the map this path names.</summary>
    /// <param name="key">The map key (any non-empty text; it is quoted when printed if needed).</param>
    /// <returns>The longer path.</returns>
    /// <exception cref="ArgumentException">The key is empty or not valid UTF-16.</exception>
    public FieldPath Key(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        FilterSyntax.ThrowIfInvalidUtf16(key, nameof(key));
        return Append(new FieldPathSegment(key, true));
    }

    /// <summary>Whether this path equals <paramref name="other"/> or is one of its ancestors.</summary>
    /// <param name="other">Another path.</param>
    /// <returns>Whether <paramref name="other"/> starts with this path.</returns>
    public bool IsPrefixOf(FieldPath other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.segments.Length < segments.Length)
        {
            return false;
        }

        for (var i = 0; i < segments.Length; i++)
        {
            if (!string.Equals(segments[i].Name, other.segments[i].Name, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The path as written in field masks and <c>order_by</c>: names joined by dots, a map key that is not an
    /// identifier in backticks (AIP-161), for example <c>labels.`my-key`</c>.
    /// </summary>
    /// <returns>The path text.</returns>
    public override string ToString() => text ??= Format();

    /// <summary>
    /// Paths are equal when their names are equal. Whether a name is a map key or a field name is not compared:
    /// one position of a path can only be one of the two, and a parsed path cannot tell them apart.
    /// </summary>
    /// <param name="other">The other path.</param>
    /// <returns>Whether the paths name the same field.</returns>
    public bool Equals(FieldPath? other) => other is not null && other.segments.Length == segments.Length && IsPrefixOf(other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is FieldPath other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var segment in segments)
        {
            hash.Add(segment.Name, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <summary>The path as a filter member: field names bare, map keys quoted when they are not plain names.</summary>
    internal MemberExpression ToMember()
    {
        var members = new MemberSegment[segments.Length];
        for (var i = 0; i < segments.Length; i++)
        {
            var name = segments[i].Name;
            var quoted = segments[i].IsMapKey && !FilterSyntax.IsBareFieldName(name);
            members[i] = new MemberSegment(name, quoted);
        }

        return MemberExpression.Trusted(members, default);
    }

    internal static FieldPath FromSegments(FieldPathSegment[] segments) => new(segments);

    internal static bool IsValidFieldName(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetterLower(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return name is not ("true" or "false");
    }

    internal static void ThrowIfInvalidFieldName(string name, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(name, parameterName);
        if (IsValidFieldName(name))
        {
            return;
        }

        var snake = ProtoNames.ToProtoName(name);
        var hint = snake != name && IsValidFieldName(snake) ? $"; use the proto name '{snake}'" : string.Empty;
        throw new ArgumentException(
            $"'{name}' is not a proto snake_case field name (lowercase letters, digits and '_', not starting with a digit){hint}.",
            parameterName);
    }

    private FieldPath Append(FieldPathSegment segment)
    {
        if (IsWildcard)
        {
            throw new InvalidOperationException("The wildcard path '*' has no nested fields.");
        }

        var longer = new FieldPathSegment[segments.Length + 1];
        segments.CopyTo(longer, 0);
        longer[^1] = segment;
        return new FieldPath(longer);
    }

    private string Format()
    {
        var builder = new StringBuilder();
        foreach (var segment in segments)
        {
            if (builder.Length > 0)
            {
                builder.Append('.');
            }

            if (segment.IsMapKey && !IsValidFieldName(segment.Name))
            {
                builder.Append('`').Append(segment.Name.Replace("`", "``", StringComparison.Ordinal)).Append('`');
            }
            else
            {
                builder.Append(segment.Name);
            }
        }

        return builder.ToString();
    }
}
