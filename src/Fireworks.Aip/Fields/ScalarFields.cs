namespace Fireworks.Aip;

/// <summary>A string field (also resource names and bytes). Values are always double-quoted and escaped.</summary>
public sealed class StringFilterField : OrderedFilterField<string>
{
    /// <summary>Creates a top-level field.</summary>
    /// <param name="name">The proto snake_case name.</param>
    public StringFilterField(string name)
        : base(name)
    {
    }

    /// <summary>Creates a field nested in a message field.</summary>
    /// <param name="parent">The containing message field.</param>
    /// <param name="name">The proto snake_case name.</param>
    public StringFilterField(MessageFilterField parent, string name)
        : base(parent, name)
    {
    }

    /// <summary>Creates a field at an explicit path (element or map-value factories).</summary>
    /// <param name="path">The path.</param>
    public StringFilterField(FieldPath path)
        : base(path)
    {
    }

    /// <inheritdoc/>
    public override FilterType FieldType => FilterType.String;

    /// <summary>Prefix match <c>path="prefix*"</c>; a <c>*</c> inside <paramref name="prefix"/> stays literal.</summary>
    /// <param name="prefix">The literal prefix.</param>
    /// <returns>The condition.</returns>
    public Filter StartsWith(string prefix) => Restrict(FilterComparator.Equal, StringLiteral.StartingWith(prefix));

    /// <summary>Suffix match <c>path="*suffix"</c>; a <c>*</c> inside <paramref name="suffix"/> stays literal.</summary>
    /// <param name="suffix">The literal suffix.</param>
    /// <returns>The condition.</returns>
    public Filter EndsWith(string suffix) => Restrict(FilterComparator.Equal, StringLiteral.EndingWith(suffix));

    /// <summary>Substring match <c>path="*text*"</c>; a <c>*</c> inside <paramref name="substring"/> stays literal.</summary>
    /// <param name="substring">The literal substring.</param>
    /// <returns>The condition.</returns>
    public Filter Contains(string substring) => Restrict(FilterComparator.Equal, StringLiteral.Containing(substring));

    internal override FilterExpression ToLiteral(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new StringLiteral(value);
    }
}

/// <summary>An integer field (int32, int64, uint32; uint64 values up to <see cref="long.MaxValue"/>).</summary>
public sealed class IntFilterField : OrderedFilterField<long>
{
    /// <summary>Creates a top-level field.</summary>
    /// <param name="name">The proto snake_case name.</param>
    public IntFilterField(string name)
        : base(name)
    {
    }

    /// <summary>Creates a field nested in a message field.</summary>
    /// <param name="parent">The containing message field.</param>
    /// <param name="name">The proto snake_case name.</param>
    public IntFilterField(MessageFilterField parent, string name)
        : base(parent, name)
    {
    }

    /// <summary>Creates a field at an explicit path (element or map-value factories).</summary>
    /// <param name="path">The path.</param>
    public IntFilterField(FieldPath path)
        : base(path)
    {
    }

    /// <inheritdoc/>
    public override FilterType FieldType => FilterType.Int;

    internal override FilterExpression ToLiteral(long value) => new NumberLiteral(value);
}

/// <summary>A float or double field. NaN and infinities are refused (AIP-160 has no literal for them).</summary>
public sealed class FloatFilterField : OrderedFilterField<double>
{
    /// <summary>Creates a top-level field.</summary>
    /// <param name="name">The proto snake_case name.</param>
    public FloatFilterField(string name)
        : base(name)
    {
    }

    /// <summary>Creates a field nested in a message field.</summary>
    /// <param name="parent">The containing message field.</param>
    /// <param name="name">The proto snake_case name.</param>
    public FloatFilterField(MessageFilterField parent, string name)
        : base(parent, name)
    {
    }

    /// <summary>Creates a field at an explicit path (element or map-value factories).</summary>
    /// <param name="path">The path.</param>
    public FloatFilterField(FieldPath path)
        : base(path)
    {
    }

    /// <inheritdoc/>
    public override FilterType FieldType => FilterType.Float;

    internal override FilterExpression ToLiteral(double value) => new NumberLiteral(value);
}

/// <summary>A boolean field: <c>Fields.LatestValidated == true</c> prints <c>latest_validated=true</c>.</summary>
public sealed class BoolFilterField : ScalarFilterField<bool>
{
    /// <summary>Creates a top-level field.</summary>
    /// <param name="name">The proto snake_case name.</param>
    public BoolFilterField(string name)
        : base(name)
    {
    }

    /// <summary>Creates a field nested in a message field.</summary>
    /// <param name="parent">The containing message field.</param>
    /// <param name="name">The proto snake_case name.</param>
    public BoolFilterField(MessageFilterField parent, string name)
        : base(parent, name)
    {
    }

    /// <summary>Creates a field at an explicit path (element or map-value factories).</summary>
    /// <param name="path">The path.</param>
    public BoolFilterField(FieldPath path)
        : base(path)
    {
    }

    /// <inheritdoc/>
    public override FilterType FieldType => FilterType.Bool;

    internal override FilterExpression ToLiteral(bool value) => new BooleanLiteral(value);
}

/// <summary>A <c>google.protobuf.Timestamp</c> field; values print as RFC 3339 in UTC (<c>2024-05-01T12:00:00Z</c>).</summary>
/// <remarks>
/// A <see cref="DateTime"/> converts implicitly to <see cref="DateTimeOffset"/>; one of kind
/// <see cref="DateTimeKind.Unspecified"/> is taken as local time by .NET, so pass a UTC <see cref="DateTime"/>
/// or a <see cref="DateTimeOffset"/>.
/// </remarks>
public sealed class TimestampFilterField : OrderedFilterField<DateTimeOffset>
{
    /// <summary>Creates a top-level field.</summary>
    /// <param name="name">The proto snake_case name.</param>
    public TimestampFilterField(string name)
        : base(name)
    {
    }

    /// <summary>Creates a field nested in a message field.</summary>
    /// <param name="parent">The containing message field.</param>
    /// <param name="name">The proto snake_case name.</param>
    public TimestampFilterField(MessageFilterField parent, string name)
        : base(parent, name)
    {
    }

    /// <summary>Creates a field at an explicit path (element or map-value factories).</summary>
    /// <param name="path">The path.</param>
    public TimestampFilterField(FieldPath path)
        : base(path)
    {
    }

    /// <inheritdoc/>
    public override FilterType FieldType => FilterType.Timestamp;

    internal override FilterExpression ToLiteral(DateTimeOffset value) => new TimestampLiteral(value);
}

/// <summary>A <c>google.protobuf.Duration</c> field; values print as seconds (<c>20s</c>, <c>1.5s</c>).</summary>
public sealed class DurationFilterField : OrderedFilterField<TimeSpan>
{
    /// <summary>Creates a top-level field.</summary>
    /// <param name="name">The proto snake_case name.</param>
    public DurationFilterField(string name)
        : base(name)
    {
    }

    /// <summary>Creates a field nested in a message field.</summary>
    /// <param name="parent">The containing message field.</param>
    /// <param name="name">The proto snake_case name.</param>
    public DurationFilterField(MessageFilterField parent, string name)
        : base(parent, name)
    {
    }

    /// <summary>Creates a field at an explicit path (element or map-value factories).</summary>
    /// <param name="path">The path.</param>
    public DurationFilterField(FieldPath path)
        : base(path)
    {
    }

    /// <inheritdoc/>
    public override FilterType FieldType => FilterType.Duration;

    internal override FilterExpression ToLiteral(TimeSpan value) => new DurationLiteral(value);
}

/// <summary>
/// An enum field. Values are the SDK's extensible enums, printed as their wire strings:
/// <c>Fields.State == DeploymentState.Ready</c> prints <c>state=READY</c>, and a value newer than the SDK
/// (<c>new DeploymentState("PAUSED")</c>) prints as it is. A wire name that is not a plain identifier is printed as a
/// quoted string.
/// </summary>
/// <typeparam name="TEnum">The extensible enum type.</typeparam>
public sealed class EnumFilterField<TEnum> : ScalarFilterField<TEnum>
    where TEnum : struct, IExtensibleEnum<TEnum>
{
    private EnumFilterType? type;

    /// <summary>Creates a top-level field.</summary>
    /// <param name="name">The proto snake_case name.</param>
    public EnumFilterField(string name)
        : base(name)
    {
    }

    /// <summary>Creates a field nested in a message field.</summary>
    /// <param name="parent">The containing message field.</param>
    /// <param name="name">The proto snake_case name.</param>
    public EnumFilterField(MessageFilterField parent, string name)
        : base(parent, name)
    {
    }

    /// <summary>Creates a field at an explicit path (element or map-value factories).</summary>
    /// <param name="path">The path.</param>
    public EnumFilterField(FieldPath path)
        : base(path)
    {
    }

    /// <summary>
    /// The enum type with the wire values this version knows: a raw filter string naming another value is reported
    /// by the checker (a typed filter can still name one).
    /// </summary>
    public override FilterType FieldType => type ??= FilterType.Enum(typeof(TEnum).Name, TEnum.KnownValues.Select(static v => v.ToString()!));

    /// <summary>The element factory for a repeated or map field of this enum.</summary>
    public static Func<FieldPath, EnumFilterField<TEnum>> Factory { get; } = static path => new EnumFilterField<TEnum>(path);

    internal override FilterExpression ToLiteral(TEnum value)
    {
        var wire = value.ToString();
        if (string.IsNullOrEmpty(wire))
        {
            throw new ArgumentException($"default({typeof(TEnum).Name}) has no wire value.", nameof(value));
        }

        return FilterSyntax.IsBareRootName(wire, single: true) ? new MemberExpression(wire) : new StringLiteral(wire);
    }
}
