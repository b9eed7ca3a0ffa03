using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fireworks.Aip;

namespace Fireworks.Emulator;

/// <summary>
/// Turns a checked AIP-160 filter into one predicate over the JSON form of a resource (its wire format), built once per
/// request so that a list pays for parsing literals, converting field names and building wildcard patterns once, not
/// once per resource: snake_case path segments name the lowerCamelCase JSON fields, enums compare by wire string,
/// int64 strings and numbers compare numerically, timestamps as instants, durations as spans; <c>=</c> on strings
/// honours unescaped <c>*</c> wildcards; <c>:</c> is "has" (element of a repeated field, key of a map, presence with
/// <c>*</c>); AND, OR and NOT combine. A field missing from the JSON has its proto3 default ("", 0, false).
/// </summary>
internal static class FilterCompiler
{
    /// <summary>Compiles <paramref name="root"/>, which <see cref="FilterEvaluator"/> has checked.</summary>
    public static Func<JsonElement, bool> Compile(FilterExpression root, string filterText) => Node(root, filterText);

    private static Func<JsonElement, bool> Node(FilterExpression node, string filterText)
    {
        switch (node)
        {
            case AndExpression or SequenceExpression:
                return All(((LogicalExpression)node).Operands.Select(o => Node(o, filterText)).ToArray());
            case OrExpression or:
                return Any(or.Operands.Select(o => Node(o, filterText)).ToArray());
            case NotExpression not:
                var operand = Node(not.Operand, filterText);
                return resource => !operand(resource);
            case RestrictionExpression restriction:
                var path = new MemberPath(((MemberExpression)restriction.Comparable).Segments);
                var test = Argument(restriction.Comparator, restriction.Argument);
                return resource => test(path, resource);
            case MemberExpression bare:
                var barePath = bare.Path;
                return resource => ContainsText(resource, barePath);
            case StringLiteral literal:
                var value = literal.Value;
                return resource => ContainsText(resource, value);
            case LiteralExpression literal:
                var text = literal.Text;
                return resource => ContainsText(resource, text);
            default:
                var message = $"Unexpected filter node {node.GetType().Name} in '{filterText}'.";
                return _ => throw new InvalidOperationException(message);
        }
    }

    private static Func<JsonElement, bool> All(Func<JsonElement, bool>[] operands) => resource =>
    {
        foreach (var operand in operands)
        {
            if (!operand(resource))
            {
                return false;
            }
        }

        return true;
    };

    private static Func<JsonElement, bool> Any(Func<JsonElement, bool>[] operands) => resource =>
    {
        foreach (var operand in operands)
        {
            if (operand(resource))
            {
                return true;
            }
        }

        return false;
    };

    // A composite argument (a = (x OR y)) distributes the comparison over its leaves.
    private static Func<MemberPath, JsonElement, bool> Argument(FilterComparator comparator, FilterExpression argument)
    {
        switch (argument)
        {
            case AndExpression or SequenceExpression:
            {
                var operands = ((LogicalExpression)argument).Operands.Select(o => Argument(comparator, o)).ToArray();
                return (path, resource) => operands.All(o => o(path, resource));
            }

            case OrExpression or:
            {
                var operands = or.Operands.Select(o => Argument(comparator, o)).ToArray();
                return (path, resource) => operands.Any(o => o(path, resource));
            }

            case NotExpression not:
                var operand = Argument(comparator, not.Operand);
                return (path, resource) => !operand(path, resource);
            default:
                return Comparison(comparator, argument);
        }
    }

    private static Func<MemberPath, JsonElement, bool> Comparison(FilterComparator comparator, FilterExpression argument)
    {
        if (comparator == FilterComparator.Has)
        {
            Func<JsonElement, bool> has = argument is MemberExpression { IsBareName: true, Path: "*" } ? IsPresent : HasElement(argument);
            return (path, resource) => path.AnyValue(resource, has, out _);
        }

        if (comparator == FilterComparator.NotEqual)
        {
            var equal = Comparison(FilterComparator.Equal, argument);
            return (path, resource) => !equal(path, resource);
        }

        var scalar = Scalar(comparator, argument);

        // proto3: an absent scalar reads as its default value.
        var whenAbsent = argument switch
        {
            NumberLiteral or DurationLiteral => scalar(JsonDefaults.Zero),
            BooleanLiteral => scalar(JsonDefaults.False),
            TimestampLiteral => false,
            _ => scalar(JsonDefaults.EmptyString),
        };
        return (path, resource) => path.AnyValue(resource, scalar, out var found) || (!found && whenAbsent);
    }

    private static Func<JsonElement, bool> HasElement(FilterExpression argument)
    {
        var key = ArgumentText(argument);
        var jsonKey = key is null ? null : JsonNames.ToJsonName(key);
        var equal = Scalar(FilterComparator.Equal, argument);

        // A map (or message): has the key; anything else: equals the argument.
        return value => value.ValueKind == JsonValueKind.Object
            ? key is not null && (value.TryGetProperty(key, out _) || value.TryGetProperty(jsonKey!, out _))
            : equal(value);
    }

    private static Func<JsonElement, bool> Scalar(FilterComparator comparator, FilterExpression argument)
    {
        var hasNumber = TryNumber(argument, out var number);
        var hasBoolean = TryBoolean(argument, out var boolean);
        var text = StringComparison(comparator, argument);
        return value => value.ValueKind switch
        {
            JsonValueKind.Number => hasNumber && Order(value.GetDouble().CompareTo(number), comparator),
            JsonValueKind.True => hasBoolean && Order(true.CompareTo(boolean), comparator),
            JsonValueKind.False => hasBoolean && Order(false.CompareTo(boolean), comparator),
            JsonValueKind.String => text(value),
            _ => false,
        };
    }

    private static Func<JsonElement, bool> StringComparison(FilterComparator comparator, FilterExpression argument)
    {
        switch (argument)
        {
            case TimestampLiteral timestamp:
                return value => TryTimestamp(value.GetString()!, out var instant) && Order(instant.CompareTo(timestamp.Value), comparator);
            case DurationLiteral duration:
                return value => TryDuration(value.GetString()!, out var span) && Order(span.CompareTo(duration.Value), comparator);
            case NumberLiteral number:
                return value =>
                {
                    var actual = value.GetString()!;
                    return double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                        ? Order(parsed.CompareTo(number.DoubleValue), comparator)
                        : Order(string.CompareOrdinal(actual, number.Text), comparator);
                };
            case StringLiteral { HasWildcards: true } pattern when comparator == FilterComparator.Equal:
                var regex = WildcardRegex(pattern);
                return value => regex.IsMatch(value.GetString()!);
            case StringLiteral literal:
                if (comparator != FilterComparator.Equal && TryTimestamp(literal.Value, out var right))
                {
                    return value =>
                    {
                        var actual = value.GetString()!;
                        return TryTimestamp(actual, out var left)
                            ? Order(left.CompareTo(right), comparator)
                            : Order(string.CompareOrdinal(actual, literal.Value), comparator);
                    };
                }

                return Ordinal(literal.Value, comparator);
            default:
                var text = ArgumentText(argument);
                return text is null ? _ => false : Ordinal(text, comparator);
        }
    }

    private static Func<JsonElement, bool> Ordinal(string expected, FilterComparator comparator)
    {
        if (comparator is FilterComparator.Equal or FilterComparator.Has)
        {
            // Equality straight on the UTF-8 value: no string per resource.
            var utf8 = Encoding.UTF8.GetBytes(expected);
            return value => value.ValueEquals(utf8);
        }

        return value => Order(string.CompareOrdinal(value.GetString()!, expected), comparator);
    }

    private static bool Order(int comparison, FilterComparator comparator) => comparator switch
    {
        FilterComparator.Equal or FilterComparator.Has => comparison == 0,
        FilterComparator.NotEqual => comparison != 0,
        FilterComparator.LessThan => comparison < 0,
        FilterComparator.LessThanOrEqual => comparison <= 0,
        FilterComparator.GreaterThan => comparison > 0,
        FilterComparator.GreaterThanOrEqual => comparison >= 0,
        _ => false,
    };

    private static bool IsPresent(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => false,
        JsonValueKind.Array => value.GetArrayLength() > 0,
        JsonValueKind.Object => value.EnumerateObject().Any(),
        JsonValueKind.String => value.GetString()!.Length > 0,
        JsonValueKind.False => false,
        JsonValueKind.Number => value.GetDouble() != 0,
        _ => true,
    };

    private static string? ArgumentText(FilterExpression argument) => argument switch
    {
        StringLiteral literal => literal.Value,
        MemberExpression member => member.Path,
        LiteralExpression literal => literal.Text,
        _ => null,
    };

    private static bool TryNumber(FilterExpression argument, out double value)
    {
        switch (argument)
        {
            case NumberLiteral number:
                value = number.DoubleValue;
                return true;
            case DurationLiteral duration:
                value = duration.Value.TotalSeconds;
                return true;
            default:
                return double.TryParse(ArgumentText(argument), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    private static bool TryBoolean(FilterExpression argument, out bool value)
    {
        if (argument is BooleanLiteral boolean)
        {
            value = boolean.Value;
            return true;
        }

        return bool.TryParse(ArgumentText(argument), out value);
    }

    // Proto3's RFC 3339 profile, as the SDK reads timestamps: a string without an offset, or with a space for the 'T',
    // stays a string, however readily DateTimeOffset.TryParse would take it.
    private static bool TryTimestamp(string text, out DateTimeOffset value)
    {
        var parsed = Fireworks.Serialization.JsonWire.ParseTimestamp(text);
        value = parsed.GetValueOrDefault();
        return parsed.HasValue;
    }

    private static bool TryDuration(string text, out TimeSpan value)
    {
        value = default;
        if (!text.EndsWith('s') || !decimal.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond));
        return true;
    }

    private static Regex WildcardRegex(StringLiteral pattern)
    {
        var builder = new StringBuilder("^");
        var start = 0;
        foreach (var index in pattern.WildcardIndexes)
        {
            builder.Append(Regex.Escape(pattern.Value[start..index])).Append(".*");
            start = index + 1;
        }

        builder.Append(Regex.Escape(pattern.Value[start..])).Append('$');
        return new Regex(builder.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private static bool ContainsText(JsonElement element, string text) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!.Contains(text, System.StringComparison.OrdinalIgnoreCase),
        JsonValueKind.Object => element.EnumerateObject().Any(p => ContainsText(p.Value, text)),
        JsonValueKind.Array => element.EnumerateArray().Any(e => ContainsText(e, text)),
        _ => false,
    };

    /// <summary>The JSON values an absent field is compared as.</summary>
    private static class JsonDefaults
    {
        public static readonly JsonElement Zero = JsonDocument.Parse("0").RootElement;
        public static readonly JsonElement False = JsonDocument.Parse("false").RootElement;
        public static readonly JsonElement EmptyString = JsonDocument.Parse("\"\"").RootElement;
    }
}
