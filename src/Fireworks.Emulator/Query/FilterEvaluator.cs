using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fireworks.Aip;

namespace Fireworks.Emulator;

/// <summary>
/// Evaluates a parsed AIP-160 filter against the JSON form of a resource (its wire format): snake_case path
/// segments name the lowerCamelCase JSON fields, enums compare by wire string, int64 strings and numbers compare
/// numerically, timestamps as instants, durations as spans; <c>=</c> on strings honours unescaped <c>*</c> wildcards;
/// <c>:</c> is "has" (element of a repeated field, key of a map, presence with <c>*</c>); AND, OR and NOT combine.
/// A field missing from the JSON has its proto3 default ("", 0, false).
/// </summary>
internal sealed class FilterEvaluator
{
    private readonly FilterExpression? root;
    private readonly string text;

    private FilterEvaluator(FilterExpression? root, string text, Filter? parsed = null)
    {
        this.root = root;
        this.text = text;
        Parsed = parsed;
    }

    /// <summary>The parsed filter, for type checks against declarations; null for an empty filter.</summary>
    public Filter? Parsed { get; }

    /// <summary>Whether the filter matches everything.</summary>
    public bool IsEmpty => root is null;

    /// <summary>Parses and checks <paramref name="filterText"/>.</summary>
    /// <param name="filterText">The request's filter; null or blank matches everything.</param>
    /// <param name="isKnownField">Whether a top-level JSON field name exists on the resource.</param>
    /// <param name="resourceLabel">The resource type, for messages.</param>
    /// <exception cref="ApiException">INVALID_ARGUMENT: a syntax error (with the parser's position) or an unknown field or function.</exception>
    public static FilterEvaluator Create(string? filterText, Func<string, bool> isKnownField, string resourceLabel)
    {
        if (string.IsNullOrWhiteSpace(filterText))
        {
            return new FilterEvaluator(null, string.Empty);
        }

        Filter filter;
        try
        {
            filter = Filter.Parse(filterText);
        }
        catch (FilterParseException exception)
        {
            throw ApiException.InvalidArgument(exception.Message);
        }

        var evaluator = new FilterEvaluator(filter.Expression, filterText, filter);
        if (filter.Expression is not null)
        {
            evaluator.Check(filter.Expression, isKnownField, resourceLabel, asArgument: false);
        }

        return evaluator;
    }

    /// <summary>Whether the resource matches (always true for an empty filter).</summary>
    public bool Matches(JsonElement resource) => root is null || Evaluate(root, resource);

    private void Check(FilterExpression node, Func<string, bool> isKnownField, string label, bool asArgument)
    {
        switch (node)
        {
            case LogicalExpression logical:
                foreach (var operand in logical.Operands)
                {
                    Check(operand, isKnownField, label, asArgument);
                }

                break;
            case NotExpression not:
                Check(not.Operand, isKnownField, label, asArgument);
                break;
            case RestrictionExpression restriction:
                if (asArgument)
                {
                    throw Invalid(restriction.Position, "a restriction cannot stand inside the value of another restriction");
                }

                if (restriction.Comparable is FunctionCallExpression)
                {
                    Check(restriction.Comparable, isKnownField, label, asArgument);
                }

                if (restriction.Comparable is not MemberExpression member)
                {
                    throw Invalid(restriction.Comparable.Position, "the left side of a comparison must be a field of the " + label);
                }

                CheckField(member, isKnownField, label);
                Check(restriction.Argument, isKnownField, label, asArgument: true);
                break;
            case FunctionCallExpression function:
                throw Invalid(function.Position, $"function '{function.Name}' is not supported by the Fireworks emulator");
            case MemberExpression or LiteralExpression:
                break;
        }
    }

    private static void CheckField(MemberExpression member, Func<string, bool> isKnownField, string label)
    {
        var first = member.Segments[0];
        if (!isKnownField(JsonNames.ToJsonName(first.Name)))
        {
            throw Invalid(first.Position, $"unknown field '{first.Name}' of {label}");
        }
    }

    private static ApiException Invalid(SourcePosition position, string reason) =>
        ApiException.InvalidArgument(position.IsKnown
            ? $"Invalid filter at {position} (offset {position.Offset}): {reason}"
            : $"Invalid filter: {reason}");

    private bool Evaluate(FilterExpression node, JsonElement resource) => node switch
    {
        AndExpression or SequenceExpression => ((LogicalExpression)node).Operands.All(o => Evaluate(o, resource)),
        OrExpression or => or.Operands.Any(o => Evaluate(o, resource)),
        NotExpression not => !Evaluate(not.Operand, resource),
        RestrictionExpression restriction => EvaluateRestriction(restriction, resource),
        MemberExpression bare => ContainsText(resource, bare.Path),
        StringLiteral literal => ContainsText(resource, literal.Value),
        LiteralExpression literal => ContainsText(resource, literal.Text),
        _ => throw new InvalidOperationException($"Unexpected filter node {node.GetType().Name} in '{text}'."),
    };

    private static bool EvaluateRestriction(RestrictionExpression restriction, JsonElement resource)
    {
        var values = Resolve(resource, ((MemberExpression)restriction.Comparable).Segments);
        return EvaluateArgument(values, restriction.Comparator, restriction.Argument);
    }

    // A composite argument (a = (x OR y)) distributes the comparison over its leaves.
    private static bool EvaluateArgument(List<JsonElement> values, FilterComparator comparator, FilterExpression argument) => argument switch
    {
        AndExpression or SequenceExpression => ((LogicalExpression)argument).Operands.All(o => EvaluateArgument(values, comparator, o)),
        OrExpression or => or.Operands.Any(o => EvaluateArgument(values, comparator, o)),
        NotExpression not => !EvaluateArgument(values, comparator, not.Operand),
        _ => Compare(values, comparator, argument),
    };

    private static bool Compare(List<JsonElement> values, FilterComparator comparator, FilterExpression argument)
    {
        if (comparator == FilterComparator.Has)
        {
            if (argument is MemberExpression { IsBareName: true, Path: "*" })
            {
                return values.Any(IsPresent);
            }

            return values.Any(v => HasElement(v, argument));
        }

        if (comparator == FilterComparator.NotEqual)
        {
            return !Compare(values, FilterComparator.Equal, argument);
        }

        if (values.Count == 0)
        {
            // proto3: an absent scalar reads as its default value.
            return CompareDefault(comparator, argument);
        }

        return values.Any(v => CompareScalar(v, comparator, argument));
    }

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

    private static bool HasElement(JsonElement value, FilterExpression argument)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            // A map (or message): has the key.
            var key = ArgumentText(argument);
            return key is not null && (value.TryGetProperty(key, out _) || value.TryGetProperty(JsonNames.ToJsonName(key), out _));
        }

        return CompareScalar(value, FilterComparator.Equal, argument);
    }

    private static bool CompareDefault(FilterComparator comparator, FilterExpression argument)
    {
        using var document = argument switch
        {
            NumberLiteral or DurationLiteral => JsonDocument.Parse("0"),
            BooleanLiteral => JsonDocument.Parse("false"),
            TimestampLiteral => null,
            _ => JsonDocument.Parse("\"\""),
        };

        return document is not null && CompareScalar(document.RootElement, comparator, argument);
    }

    private static bool CompareScalar(JsonElement value, FilterComparator comparator, FilterExpression argument)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                return TryNumber(argument, out var number) && Order(value.GetDouble().CompareTo(number), comparator);
            case JsonValueKind.True or JsonValueKind.False:
                var flag = value.ValueKind == JsonValueKind.True;
                return TryBoolean(argument, out var expected) && Order(flag.CompareTo(expected), comparator);
            case JsonValueKind.String:
                return CompareString(value.GetString()!, comparator, argument);
            default:
                return false;
        }
    }

    private static bool CompareString(string actual, FilterComparator comparator, FilterExpression argument)
    {
        switch (argument)
        {
            case TimestampLiteral timestamp:
                return TryTimestamp(actual, out var instant) && Order(instant.CompareTo(timestamp.Value), comparator);
            case DurationLiteral duration:
                return TryDuration(actual, out var span) && Order(span.CompareTo(duration.Value), comparator);
            case NumberLiteral number:
                return double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                    ? Order(parsed.CompareTo(number.DoubleValue), comparator)
                    : Order(string.CompareOrdinal(actual, number.Text), comparator);
            case StringLiteral { HasWildcards: true } pattern when comparator == FilterComparator.Equal:
                return WildcardRegex(pattern).IsMatch(actual);
            case StringLiteral literal:
                if (comparator != FilterComparator.Equal && TryTimestamp(actual, out var left) && TryTimestamp(literal.Value, out var right))
                {
                    return Order(left.CompareTo(right), comparator);
                }

                return Order(string.CompareOrdinal(actual, literal.Value), comparator);
            default:
                var text = ArgumentText(argument);
                return text is not null && Order(string.CompareOrdinal(actual, text), comparator);
        }
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

    // Only RFC 3339 shapes ("2024-05-01T12:00:00Z"), so that ids or names that merely look like dates stay strings.
    private static bool TryTimestamp(string text, out DateTimeOffset value)
    {
        value = default;
        return text.Length >= 20 && char.IsAsciiDigit(text[0]) && text[10] is 'T' or 't' &&
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
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
        var builder = new System.Text.StringBuilder("^");
        var start = 0;
        foreach (var index in pattern.WildcardIndexes)
        {
            builder.Append(Regex.Escape(pattern.Value[start..index])).Append(".*");
            start = index + 1;
        }

        builder.Append(Regex.Escape(pattern.Value[start..])).Append('$');
        return new Regex(builder.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>The values a member path reaches; a repeated field fans out to its elements.</summary>
    private static List<JsonElement> Resolve(JsonElement resource, IReadOnlyList<MemberSegment> segments)
    {
        // The common case, one top-level scalar field, without the fan-out lists.
        if (segments.Count == 1 && resource.ValueKind == JsonValueKind.Object)
        {
            var name = segments[0].Name;
            if (!resource.TryGetProperty(JsonNames.ToJsonName(name), out var single) && !resource.TryGetProperty(name, out single))
            {
                return [];
            }

            if (single.ValueKind != JsonValueKind.Array)
            {
                return [single];
            }
        }

        var current = new List<JsonElement> { resource };
        foreach (var segment in segments)
        {
            var next = new List<JsonElement>();
            foreach (var value in current)
            {
                foreach (var item in value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value])
                {
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    // Message fields are camelCase on the wire; map keys are used verbatim.
                    if (item.TryGetProperty(JsonNames.ToJsonName(segment.Name), out var child) || item.TryGetProperty(segment.Name, out child))
                    {
                        next.Add(child);
                    }
                }
            }

            current = next;
        }

        // A repeated field at the end of the path is compared element by element.
        return current.SelectMany(v => v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : (IEnumerable<JsonElement>)[v]).ToList();
    }

    private static bool ContainsText(JsonElement element, string text) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!.Contains(text, StringComparison.OrdinalIgnoreCase),
        JsonValueKind.Object => element.EnumerateObject().Any(p => ContainsText(p.Value, text)),
        JsonValueKind.Array => element.EnumerateArray().Any(e => ContainsText(e, text)),
        _ => false,
    };
}
