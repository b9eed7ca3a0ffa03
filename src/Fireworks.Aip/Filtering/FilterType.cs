namespace Fireworks.Aip;

/// <summary>The kinds of field and value types the checker knows.</summary>
public enum FilterTypeKind
{
    /// <summary>A string (also bytes and resource names).</summary>
    String,

    /// <summary>A signed or unsigned integer (int32, int64, uint32, uint64).</summary>
    Int,

    /// <summary>A float or double.</summary>
    Float,

    /// <summary>A boolean.</summary>
    Bool,

    /// <summary>A <c>google.protobuf.Timestamp</c> (RFC 3339 on the wire).</summary>
    Timestamp,

    /// <summary>A <c>google.protobuf.Duration</c> (<c>20s</c> on the wire).</summary>
    Duration,

    /// <summary>An enum with a fixed set of wire names.</summary>
    Enum,

    /// <summary>A message with named fields.</summary>
    Message,

    /// <summary>A repeated field.</summary>
    Repeated,

    /// <summary>A map field.</summary>
    Map,
}

/// <summary>
/// The type of a declared field or function parameter. Scalars are singletons (<see cref="String"/>,
/// <see cref="Int"/>, ...); composite types are made with <see cref="Enum"/>, <see cref="Message(string, IEnumerable{FilterFieldDeclaration})"/>,
/// <see cref="Repeated"/> and <see cref="Map"/>. Equality is structural (messages and enums compare by name).
/// </summary>
public abstract class FilterType : IEquatable<FilterType>
{
    private protected FilterType()
    {
    }

    /// <summary>The string type.</summary>
    public static FilterType String { get; } = new ScalarFilterType(FilterTypeKind.String, "string");

    /// <summary>The integer type.</summary>
    public static FilterType Int { get; } = new ScalarFilterType(FilterTypeKind.Int, "int");

    /// <summary>The floating-point type.</summary>
    public static FilterType Float { get; } = new ScalarFilterType(FilterTypeKind.Float, "float");

    /// <summary>The boolean type.</summary>
    public static FilterType Bool { get; } = new ScalarFilterType(FilterTypeKind.Bool, "bool");

    /// <summary>The timestamp type.</summary>
    public static FilterType Timestamp { get; } = new ScalarFilterType(FilterTypeKind.Timestamp, "timestamp");

    /// <summary>The duration type.</summary>
    public static FilterType Duration { get; } = new ScalarFilterType(FilterTypeKind.Duration, "duration");

    /// <summary>The kind of type.</summary>
    public abstract FilterTypeKind Kind { get; }

    /// <summary>Whether values of this type are single values (not message, repeated or map).</summary>
    public bool IsScalar => Kind is not (FilterTypeKind.Message or FilterTypeKind.Repeated or FilterTypeKind.Map);

    /// <summary>Whether <c>&lt; &lt;= &gt; &gt;=</c> apply (string, int, float, timestamp, duration).</summary>
    public bool IsOrderable => Kind is FilterTypeKind.String or FilterTypeKind.Int or FilterTypeKind.Float
        or FilterTypeKind.Timestamp or FilterTypeKind.Duration;

    /// <summary>Creates an enum type.</summary>
    /// <param name="name">The enum's name (for messages).</param>
    /// <param name="wireValues">The allowed wire names, such as <c>READY</c>.</param>
    /// <returns>The type.</returns>
    public static EnumFilterType Enum(string name, IEnumerable<string> wireValues) => new(name, wireValues);

    /// <summary>Creates a message type with the given fields.</summary>
    /// <param name="name">The message's name (for messages).</param>
    /// <param name="fields">The fields.</param>
    /// <returns>The type.</returns>
    public static MessageFilterType Message(string name, IEnumerable<FilterFieldDeclaration> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var materialized = fields.ToArray();
        return new MessageFilterType(name, () => materialized);
    }

    /// <summary>
    /// Creates a message type whose fields are produced on first use, which allows recursive messages
    /// (a message that contains itself).
    /// </summary>
    /// <param name="name">The message's name.</param>
    /// <param name="fields">Produces the fields once, when first needed.</param>
    /// <returns>The type.</returns>
    public static MessageFilterType Message(string name, Func<IEnumerable<FilterFieldDeclaration>> fields) => new(name, fields);

    /// <summary>Creates a repeated type.</summary>
    /// <param name="element">The element type (not itself repeated or a map).</param>
    /// <returns>The type.</returns>
    public static RepeatedFilterType Repeated(FilterType element) => new(element);

    /// <summary>Creates a map type.</summary>
    /// <param name="key">The key type: string, int or bool.</param>
    /// <param name="value">The value type (not repeated or a map).</param>
    /// <returns>The type.</returns>
    public static MapFilterType Map(FilterType key, FilterType value) => new(key, value);

    /// <inheritdoc/>
    public abstract bool Equals(FilterType? other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is FilterType other && Equals(other);

    /// <inheritdoc/>
    public abstract override int GetHashCode();

    /// <summary>Describes the type as in messages: <c>string</c>, <c>enum State</c>, <c>repeated string</c>, <c>map&lt;string, int&gt;</c>.</summary>
    /// <returns>The description.</returns>
    public abstract override string ToString();

    private sealed class ScalarFilterType(FilterTypeKind kind, string name) : FilterType
    {
        public override FilterTypeKind Kind => kind;

        public override bool Equals(FilterType? other) => ReferenceEquals(this, other);

        public override int GetHashCode() => (int)kind;

        public override string ToString() => name;
    }
}

/// <summary>An enum type with its allowed wire names.</summary>
public sealed class EnumFilterType : FilterType
{
    private readonly HashSet<string> lookup;

    internal EnumFilterType(string name, IEnumerable<string> wireValues)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(wireValues);
        Name = name;
        Values = Array.AsReadOnly(wireValues.Where(v => !string.IsNullOrEmpty(v)).Distinct(StringComparer.Ordinal).ToArray());
        lookup = new HashSet<string>(Values, StringComparer.Ordinal);
    }

    /// <summary>The enum's name.</summary>
    public string Name { get; }

    /// <summary>The allowed wire names, in declaration order.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <inheritdoc/>
    public override FilterTypeKind Kind => FilterTypeKind.Enum;

    /// <summary>Whether <paramref name="wireValue"/> is one of <see cref="Values"/> (case-sensitive).</summary>
    /// <param name="wireValue">A wire name.</param>
    /// <returns>Whether it is allowed.</returns>
    public bool Contains(string wireValue) => lookup.Contains(wireValue);

    /// <inheritdoc/>
    public override bool Equals(FilterType? other) =>
        other is EnumFilterType e && e.Name == Name && e.Values.SequenceEqual(Values);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(FilterTypeKind.Enum, Name);

    /// <inheritdoc/>
    public override string ToString() => $"enum {Name}";
}

/// <summary>A message type; its fields may be produced lazily to allow recursive messages.</summary>
public sealed class MessageFilterType : FilterType
{
    private readonly Lazy<(IReadOnlyList<FilterFieldDeclaration> List, Dictionary<string, FilterFieldDeclaration> ByName)> fields;

    internal MessageFilterType(string name, Func<IEnumerable<FilterFieldDeclaration>> fieldFactory)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(fieldFactory);
        Name = name;
        fields = new Lazy<(IReadOnlyList<FilterFieldDeclaration>, Dictionary<string, FilterFieldDeclaration>)>(() =>
        {
            var list = fieldFactory().ToArray();
            var byName = new Dictionary<string, FilterFieldDeclaration>(StringComparer.Ordinal);
            foreach (var field in list)
            {
                ArgumentNullException.ThrowIfNull(field, nameof(fieldFactory));
                if (!byName.TryAdd(field.Name, field))
                {
                    throw new ArgumentException($"Message {name} declares field '{field.Name}' twice.", nameof(fieldFactory));
                }
            }

            return (Array.AsReadOnly(list), byName);
        });
    }

    /// <summary>The message's name.</summary>
    public string Name { get; }

    /// <summary>The fields, in declaration order.</summary>
    public IReadOnlyList<FilterFieldDeclaration> Fields => fields.Value.List;

    /// <inheritdoc/>
    public override FilterTypeKind Kind => FilterTypeKind.Message;

    /// <summary>Looks up a field by its proto name.</summary>
    /// <param name="name">The snake_case name.</param>
    /// <param name="field">The field, when declared.</param>
    /// <returns>Whether the field is declared.</returns>
    public bool TryGetField(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FilterFieldDeclaration? field) =>
        fields.Value.ByName.TryGetValue(name, out field);

    /// <inheritdoc/>
    public override bool Equals(FilterType? other) => other is MessageFilterType m && m.Name == Name;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(FilterTypeKind.Message, Name);

    /// <inheritdoc/>
    public override string ToString() => $"message {Name}";
}

/// <summary>A repeated type.</summary>
public sealed class RepeatedFilterType : FilterType
{
    internal RepeatedFilterType(FilterType element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (element.Kind is FilterTypeKind.Repeated or FilterTypeKind.Map)
        {
            throw new ArgumentException("A repeated field's element cannot be repeated or a map.", nameof(element));
        }

        Element = element;
    }

    /// <summary>The element type.</summary>
    public FilterType Element { get; }

    /// <inheritdoc/>
    public override FilterTypeKind Kind => FilterTypeKind.Repeated;

    /// <inheritdoc/>
    public override bool Equals(FilterType? other) => other is RepeatedFilterType r && r.Element.Equals(Element);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(FilterTypeKind.Repeated, Element);

    /// <inheritdoc/>
    public override string ToString() => $"repeated {Element}";
}

/// <summary>A map type.</summary>
public sealed class MapFilterType : FilterType
{
    internal MapFilterType(FilterType key, FilterType value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (key.Kind is not (FilterTypeKind.String or FilterTypeKind.Int or FilterTypeKind.Bool))
        {
            throw new ArgumentException("A map key must be a string, integer or bool.", nameof(key));
        }

        if (value.Kind is FilterTypeKind.Repeated or FilterTypeKind.Map)
        {
            throw new ArgumentException("A map value cannot be repeated or a map.", nameof(value));
        }

        Key = key;
        Value = value;
    }

    /// <summary>The key type.</summary>
    public FilterType Key { get; }

    /// <summary>The value type.</summary>
    public FilterType Value { get; }

    /// <inheritdoc/>
    public override FilterTypeKind Kind => FilterTypeKind.Map;

    /// <inheritdoc/>
    public override bool Equals(FilterType? other) => other is MapFilterType m && m.Key.Equals(Key) && m.Value.Equals(Value);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(FilterTypeKind.Map, Key, Value);

    /// <inheritdoc/>
    public override string ToString() => $"map<{Key}, {Value}>";
}
