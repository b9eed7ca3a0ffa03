namespace Fireworks.Aip;

/// <summary>
/// A message-typed field. A generated class per message schema derives from this, exposes the message's fields as
/// properties built with <c>new(this, "name")</c> (so paths compose: <c>snapshot.base_model</c>) and lists them in
/// <see cref="NestedFields"/>. Nested fields are created on access, so recursive messages are fine.
/// </summary>
public abstract class MessageFilterField : FilterField
{
    private MessageFilterType? type;

    /// <summary>Creates a top-level message field.</summary>
    /// <param name="name">The proto snake_case name.</param>
    protected MessageFilterField(string name)
        : base(name)
    {
    }

    /// <summary>Creates a message field nested in another message field.</summary>
    /// <param name="parent">The containing message field.</param>
    /// <param name="name">The proto snake_case name.</param>
    protected MessageFilterField(MessageFilterField parent, string name)
        : base(parent, name)
    {
    }

    /// <summary>Creates a message field at an explicit path (element or map-value factories).</summary>
    /// <param name="path">The path.</param>
    protected MessageFilterField(FieldPath path)
        : base(path)
    {
    }

    /// <summary>Every field of the message, each created with this field as its parent.</summary>
    public abstract IReadOnlyList<FilterField> NestedFields { get; }

    /// <summary>The message's name in type descriptions; defaults to the class name.</summary>
    protected virtual string MessageName => GetType().Name;

    /// <summary>The message type; its fields are read from <see cref="NestedFields"/> on first use.</summary>
    public override FilterType FieldType => type ??= FilterType.Message(MessageName, () => NestedFields.Select(f => f.ToDeclaration()));
}

/// <summary>
/// A repeated field whose elements are <typeparamref name="TElement"/>. AIP-160 matches elements with <c>:</c>:
/// <c>Tags.Contains("x")</c> prints <c>tags:"x"</c>, and for message elements
/// <c>Accelerators.Any(a =&gt; a.Type, AcceleratorType.NvidiaH100)</c> prints <c>accelerators.type:NVIDIA_H100</c>.
/// </summary>
/// <typeparam name="TElement">The element's field type (a scalar field class or a generated message field class).</typeparam>
public sealed class RepeatedFilterField<TElement> : FilterField
    where TElement : FilterField
{
    private readonly Func<FieldPath, TElement> elementFactory;
    private TElement? element;

    /// <summary>Creates a top-level repeated field.</summary>
    /// <param name="name">The proto snake_case name.</param>
    /// <param name="elementFactory">Creates the element field at a path, e.g. <c>static p =&gt; new StringFilterField(p)</c>.</param>
    public RepeatedFilterField(string name, Func<FieldPath, TElement> elementFactory)
        : base(name) => this.elementFactory = NotNull(elementFactory);

    /// <summary>Creates a repeated field nested in a message field.</summary>
    /// <param name="parent">The containing message field.</param>
    /// <param name="name">The proto snake_case name.</param>
    /// <param name="elementFactory">Creates the element field at a path.</param>
    public RepeatedFilterField(MessageFilterField parent, string name, Func<FieldPath, TElement> elementFactory)
        : base(parent, name) => this.elementFactory = NotNull(elementFactory);

    /// <summary>Creates a repeated field at an explicit path.</summary>
    /// <param name="path">The path.</param>
    /// <param name="elementFactory">Creates the element field at a path.</param>
    public RepeatedFilterField(FieldPath path, Func<FieldPath, TElement> elementFactory)
        : base(path) => this.elementFactory = NotNull(elementFactory);

    /// <inheritdoc/>
    public override FilterType FieldType => FilterType.Repeated(Element.FieldType);

    /// <summary>The element field at this field's path; internal so that only <c>:</c> conditions can be built on it.</summary>
    internal TElement Element => element ??= elementFactory(FieldPath);

    /// <summary>
    /// Matches when any element has <paramref name="value"/> in the selected field: <c>path.field:value</c>
    /// (or <c>path:value</c> when the selector returns the element itself).
    /// </summary>
    /// <typeparam name="TValue">The selected field's value type.</typeparam>
    /// <param name="selector">Picks a scalar field of the element (for scalar elements, <c>e =&gt; e</c>).</param>
    /// <param name="value">The value.</param>
    /// <returns>The condition.</returns>
    public Filter Any<TValue>(Func<TElement, ScalarFilterField<TValue>> selector, TValue value)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var field = selector(Element) ?? throw new ArgumentException("The selector returned null.", nameof(selector));
        if (!FieldPath.IsPrefixOf(field.FieldPath))
        {
            throw new ArgumentException("The selector must return a field of the element.", nameof(selector));
        }

        return field.Has(value);
    }

    private static Func<FieldPath, TElement> NotNull(Func<FieldPath, TElement> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory;
    }
}

/// <summary>
/// A map field whose values are <typeparamref name="TValue"/>: <c>Labels["env"] == "prod"</c> prints
/// <c>labels.env="prod"</c>; a key that is not a plain name is quoted (<c>labels."my-key"</c>).
/// </summary>
/// <typeparam name="TValue">The value's field type.</typeparam>
public sealed class MapFilterField<TValue> : FilterField
    where TValue : FilterField
{
    private readonly Func<FieldPath, TValue> valueFactory;
    private readonly FilterType keyType;

    /// <summary>Creates a top-level map field with string keys.</summary>
    /// <param name="name">The proto snake_case name.</param>
    /// <param name="valueFactory">Creates the value field at a path, e.g. <c>static p =&gt; new StringFilterField(p)</c>.</param>
    public MapFilterField(string name, Func<FieldPath, TValue> valueFactory)
        : base(name) => (this.valueFactory, keyType) = (NotNull(valueFactory), FilterType.String);

    /// <summary>Creates a map field with string keys nested in a message field.</summary>
    /// <param name="parent">The containing message field.</param>
    /// <param name="name">The proto snake_case name.</param>
    /// <param name="valueFactory">Creates the value field at a path.</param>
    public MapFilterField(MessageFilterField parent, string name, Func<FieldPath, TValue> valueFactory)
        : base(parent, name) => (this.valueFactory, keyType) = (NotNull(valueFactory), FilterType.String);

    /// <summary>Creates a map field at an explicit path.</summary>
    /// <param name="path">The path.</param>
    /// <param name="valueFactory">Creates the value field at a path.</param>
    /// <param name="keyType">The key type (string, int or bool); string when omitted.</param>
    public MapFilterField(FieldPath path, Func<FieldPath, TValue> valueFactory, FilterType? keyType = null)
        : base(path) => (this.valueFactory, this.keyType) = (NotNull(valueFactory), keyType ?? FilterType.String);

    /// <inheritdoc/>
    public override FilterType FieldType => FilterType.Map(keyType, valueFactory(FieldPath.Key("key")).FieldType);

    /// <summary>The value stored under <paramref name="key"/>, as a field to compare: <c>Labels["env"] == "prod"</c>.</summary>
    /// <param name="key">The map key.</param>
    /// <returns>The value field.</returns>
    public TValue this[string key] => valueFactory(FieldPath.Key(key));

    /// <summary>Key presence: <c>path:key</c> (the key quoted when it is not a plain name).</summary>
    /// <param name="key">The map key.</param>
    /// <returns>The condition.</returns>
    public Filter HasKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        FilterSyntax.ThrowIfInvalidUtf16(key, nameof(key));
        FilterExpression argument = FilterSyntax.IsBareRootName(key, single: true) ? new MemberExpression(key) : new StringLiteral(key);
        return Restrict(FilterComparator.Has, argument);
    }

    private static Func<FieldPath, TValue> NotNull(Func<FieldPath, TValue> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory;
    }
}

/// <summary>Element matches for repeated scalar fields: <c>Tags.Contains("x")</c> prints <c>tags:"x"</c>.</summary>
public static class RepeatedFilterFieldExtensions
{
    /// <summary><c>path:"value"</c>: the repeated string field contains <paramref name="value"/>.</summary>
    /// <param name="field">The repeated field.</param>
    /// <param name="value">The element value.</param>
    /// <returns>The condition.</returns>
    public static Filter Contains(this RepeatedFilterField<StringFilterField> field, string value) => NotNull(field).Element.Has(value);

    /// <summary><c>path:value</c>: the repeated integer field contains <paramref name="value"/>.</summary>
    /// <param name="field">The repeated field.</param>
    /// <param name="value">The element value.</param>
    /// <returns>The condition.</returns>
    public static Filter Contains(this RepeatedFilterField<IntFilterField> field, long value) => NotNull(field).Element.Has(value);

    /// <summary><c>path:value</c>: the repeated float field contains <paramref name="value"/>.</summary>
    /// <param name="field">The repeated field.</param>
    /// <param name="value">The element value.</param>
    /// <returns>The condition.</returns>
    public static Filter Contains(this RepeatedFilterField<FloatFilterField> field, double value) => NotNull(field).Element.Has(value);

    /// <summary><c>path:value</c>: the repeated bool field contains <paramref name="value"/>.</summary>
    /// <param name="field">The repeated field.</param>
    /// <param name="value">The element value.</param>
    /// <returns>The condition.</returns>
    public static Filter Contains(this RepeatedFilterField<BoolFilterField> field, bool value) => NotNull(field).Element.Has(value);

    /// <summary><c>path:value</c>: the repeated timestamp field contains <paramref name="value"/>.</summary>
    /// <param name="field">The repeated field.</param>
    /// <param name="value">The element value.</param>
    /// <returns>The condition.</returns>
    public static Filter Contains(this RepeatedFilterField<TimestampFilterField> field, DateTimeOffset value) => NotNull(field).Element.Has(value);

    /// <summary><c>path:value</c>: the repeated duration field contains <paramref name="value"/>.</summary>
    /// <param name="field">The repeated field.</param>
    /// <param name="value">The element value.</param>
    /// <returns>The condition.</returns>
    public static Filter Contains(this RepeatedFilterField<DurationFilterField> field, TimeSpan value) => NotNull(field).Element.Has(value);

    /// <summary><c>path:VALUE</c>: the repeated enum field contains <paramref name="value"/>.</summary>
    /// <typeparam name="TEnum">The extensible enum type.</typeparam>
    /// <param name="field">The repeated field.</param>
    /// <param name="value">The element value.</param>
    /// <returns>The condition.</returns>
    public static Filter Contains<TEnum>(this RepeatedFilterField<EnumFilterField<TEnum>> field, TEnum value)
        where TEnum : struct, IExtensibleEnum<TEnum> => NotNull(field).Element.Has(value);

    private static T NotNull<T>(T field)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(field);
        return field;
    }
}
