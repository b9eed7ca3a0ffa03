namespace Fireworks.Aip;

/// <summary>
/// A typed field of a resource, addressed by its proto path. Generated field classes expose one instance per field;
/// comparing a field with a value (<c>Fields.State == DeploymentState.Ready</c>) yields a <see cref="Filter"/>, and
/// the same instances feed <see cref="OrderBy"/> and <see cref="FieldMask"/>.
/// </summary>
/// <remarks>
/// Every field type has three constructors with the same shapes: <c>(string name)</c> for a top-level field,
/// <c>(MessageFilterField parent, string name)</c> for a field nested in a message, and <c>(FieldPath path)</c>
/// for element/value factories of repeated and map fields.
/// </remarks>
public abstract class FilterField : IEquatable<FilterField>
{
    /// <summary>Creates a field at an explicit path.</summary>
    /// <param name="path">The path.</param>
    protected FilterField(FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        FieldPath = path;
    }

    /// <summary>Creates a top-level field.</summary>
    /// <param name="name">The proto snake_case name.</param>
    protected FilterField(string name)
        : this(FieldPath.Of(name))
    {
    }

    /// <summary>Creates a field nested in a message field.</summary>
    /// <param name="parent">The message field that contains this one.</param>
    /// <param name="name">The proto snake_case name within the message.</param>
    protected FilterField(MessageFilterField parent, string name)
        : this(PathOf(parent).Field(name))
    {
    }

    /// <summary>The proto path from the resource, such as <c>snapshot.base_model</c>.</summary>
    /// <remarks>
    /// The members of this class are named <c>FieldPath</c>, <c>FieldName</c>, <c>FieldType</c> (not Path, Name, Type)
    /// so that generated properties for proto fields called <c>path</c>, <c>name</c> or <c>type</c> do not collide.
    /// </remarks>
    public FieldPath FieldPath { get; }

    /// <summary>The field's own proto name (the last path segment).</summary>
    public string FieldName => FieldPath.Name;

    /// <summary>The field's type, for declarations and validation.</summary>
    public abstract FilterType FieldType { get; }

    /// <summary>The field path, for use in field masks and <c>order_by</c>.</summary>
    /// <param name="field">The field.</param>
    public static implicit operator FieldPath(FilterField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.FieldPath;
    }

    /// <summary>Presence: <c>path:*</c>, true when the field is set.</summary>
    /// <returns>The condition.</returns>
    public Filter Has() => Restrict(FilterComparator.Has, MemberExpression.Trusted([new MemberSegment("*", false)], default));

    /// <summary>The declaration of this field (its own name and type), for <see cref="FilterDeclarations"/>.</summary>
    /// <returns>The declaration.</returns>
    public FilterFieldDeclaration ToDeclaration() => new(FieldName, FieldType);

    /// <summary>The proto path, such as <c>snapshot.base_model</c>.</summary>
    /// <returns>The path text.</returns>
    public override string ToString() => FieldPath.ToString();

    /// <summary>Fields are equal when they have the same type of field object and the same path.</summary>
    /// <param name="other">The other field.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(FilterField? other) => other is not null && other.GetType() == GetType() && other.FieldPath.Equals(FieldPath);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is FilterField other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(GetType(), FieldPath);

    /// <summary>Builds <c>path comparator argument</c> for this field.</summary>
    /// <param name="comparator">The comparator.</param>
    /// <param name="argument">The right side, already a safe literal or member.</param>
    /// <returns>The condition.</returns>
    private protected Filter Restrict(FilterComparator comparator, FilterExpression argument) =>
        Filter.FromExpression(new RestrictionExpression(FieldPath.ToMember(), comparator, argument));

    private static FieldPath PathOf(MessageFilterField parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return parent.FieldPath;
    }
}

/// <summary>
/// A field holding a single value of type <typeparamref name="TValue"/>. <c>==</c> and <c>!=</c> build conditions;
/// the value is always rendered as a quoted/escaped literal or a validated bare name, so it cannot change the
/// structure of the filter.
/// </summary>
/// <typeparam name="TValue">The C# type of the field's values.</typeparam>
public abstract class ScalarFilterField<TValue> : FilterField
{
    private protected ScalarFilterField(FieldPath path)
        : base(path)
    {
    }

    private protected ScalarFilterField(string name)
        : base(name)
    {
    }

    private protected ScalarFilterField(MessageFilterField parent, string name)
        : base(parent, name)
    {
    }

    /// <summary>Field identity (same field class and path); <c>==</c> with a value builds a condition instead.</summary>
    /// <param name="obj">Another object.</param>
    /// <returns>Whether it is the same field.</returns>
    public sealed override bool Equals(object? obj) => base.Equals(obj);

    /// <inheritdoc/>
    public sealed override int GetHashCode() => base.GetHashCode();

    /// <summary><c>path=value</c>.</summary>
    /// <param name="field">The field.</param>
    /// <param name="value">The value.</param>
    /// <returns>The condition.</returns>
    public static Filter operator ==(ScalarFilterField<TValue> field, TValue value) => NotNull(field).IsEqualTo(value);

    /// <summary><c>path!=value</c>.</summary>
    /// <param name="field">The field.</param>
    /// <param name="value">The value.</param>
    /// <returns>The condition.</returns>
    public static Filter operator !=(ScalarFilterField<TValue> field, TValue value) => NotNull(field).IsNotEqualTo(value);

    /// <summary><c>path=value</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The condition.</returns>
    public Filter IsEqualTo(TValue value) => Restrict(FilterComparator.Equal, ToLiteral(value));

    /// <summary><c>path!=value</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The condition.</returns>
    public Filter IsNotEqualTo(TValue value) => Restrict(FilterComparator.NotEqual, ToLiteral(value));

    /// <summary>
    /// <c>path:value</c>. On a field reached through a repeated field this matches any element; on a string it is the
    /// server's "has" match.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <returns>The condition.</returns>
    public Filter Has(TValue value) => Restrict(FilterComparator.Has, ToLiteral(value));

    /// <summary>Equality with any of the values: <c>(path=a OR path=b)</c>, or a single restriction for one value.</summary>
    /// <param name="values">At least one value.</param>
    /// <returns>The condition.</returns>
    /// <exception cref="ArgumentException">No value is given.</exception>
    public Filter In(params IEnumerable<TValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var conditions = values.Select(IsEqualTo).ToList();
        return conditions.Count == 0
            ? throw new ArgumentException("In needs at least one value.", nameof(values))
            : Filter.AnyOf(conditions);
    }

    /// <summary>Renders a value as a literal (or validated bare enum name) that cannot alter the filter's structure.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The literal node.</returns>
    internal abstract FilterExpression ToLiteral(TValue value);

    private protected static TField NotNull<TField>(TField field)
        where TField : class
    {
        ArgumentNullException.ThrowIfNull(field);
        return field;
    }
}

/// <summary>A scalar field whose values are ordered, adding <c>&lt; &lt;= &gt; &gt;=</c>.</summary>
/// <typeparam name="TValue">The C# type of the field's values.</typeparam>
public abstract class OrderedFilterField<TValue> : ScalarFilterField<TValue>
{
    private protected OrderedFilterField(FieldPath path)
        : base(path)
    {
    }

    private protected OrderedFilterField(string name)
        : base(name)
    {
    }

    private protected OrderedFilterField(MessageFilterField parent, string name)
        : base(parent, name)
    {
    }

    /// <summary><c>path&lt;value</c>.</summary>
    /// <param name="field">The field.</param>
    /// <param name="value">The value.</param>
    /// <returns>The condition.</returns>
    public static Filter operator <(OrderedFilterField<TValue> field, TValue value) => NotNull(field).IsLessThan(value);

    /// <summary><c>path&gt;value</c>.</summary>
    /// <param name="field">The field.</param>
    /// <param name="value">The value.</param>
    /// <returns>The condition.</returns>
    public static Filter operator >(OrderedFilterField<TValue> field, TValue value) => NotNull(field).IsGreaterThan(value);

    /// <summary><c>path&lt;=value</c>.</summary>
    /// <param name="field">The field.</param>
    /// <param name="value">The value.</param>
    /// <returns>The condition.</returns>
    public static Filter operator <=(OrderedFilterField<TValue> field, TValue value) => NotNull(field).IsLessThanOrEqualTo(value);

    /// <summary><c>path&gt;=value</c>.</summary>
    /// <param name="field">The field.</param>
    /// <param name="value">The value.</param>
    /// <returns>The condition.</returns>
    public static Filter operator >=(OrderedFilterField<TValue> field, TValue value) => NotNull(field).IsGreaterThanOrEqualTo(value);

    /// <summary><c>path&lt;value</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The condition.</returns>
    public Filter IsLessThan(TValue value) => Restrict(FilterComparator.LessThan, ToLiteral(value));

    /// <summary><c>path&lt;=value</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The condition.</returns>
    public Filter IsLessThanOrEqualTo(TValue value) => Restrict(FilterComparator.LessThanOrEqual, ToLiteral(value));

    /// <summary><c>path&gt;value</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The condition.</returns>
    public Filter IsGreaterThan(TValue value) => Restrict(FilterComparator.GreaterThan, ToLiteral(value));

    /// <summary><c>path&gt;=value</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The condition.</returns>
    public Filter IsGreaterThanOrEqualTo(TValue value) => Restrict(FilterComparator.GreaterThanOrEqual, ToLiteral(value));
}
