using System.Text.Json;
using Fireworks.Aip;

namespace Fireworks.Emulator;

/// <summary>
/// A request's AIP-160 filter: parsed, checked against the resource's fields (unknown fields and functions are
/// INVALID_ARGUMENT with their position) and compiled once by <see cref="FilterCompiler"/> into the predicate a list
/// runs on the JSON form of each resource.
/// </summary>
internal sealed class FilterEvaluator
{
    private readonly Func<JsonElement, bool>? predicate;

    private FilterEvaluator(Func<JsonElement, bool>? predicate, Filter? parsed = null)
    {
        this.predicate = predicate;
        Parsed = parsed;
    }

    /// <summary>The parsed filter, for type checks against declarations; null for an empty filter.</summary>
    public Filter? Parsed { get; }

    /// <summary>Whether the filter matches everything.</summary>
    public bool IsEmpty => predicate is null;

    /// <summary>Parses and checks <paramref name="filterText"/>.</summary>
    /// <param name="filterText">The request's filter; null or blank matches everything.</param>
    /// <param name="isKnownField">Whether a top-level JSON field name exists on the resource.</param>
    /// <param name="resourceLabel">The resource type, for messages.</param>
    /// <exception cref="ApiException">INVALID_ARGUMENT: a syntax error (with the parser's position) or an unknown field or function.</exception>
    public static FilterEvaluator Create(string? filterText, Func<string, bool> isKnownField, string resourceLabel)
    {
        if (string.IsNullOrWhiteSpace(filterText))
        {
            return new FilterEvaluator(null);
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

        if (filter.Expression is null)
        {
            return new FilterEvaluator(null, filter);
        }

        Check(filter.Expression, isKnownField, resourceLabel, asArgument: false);
        return new FilterEvaluator(FilterCompiler.Compile(filter.Expression, filterText), filter);
    }

    /// <summary>Whether the resource matches (always true for an empty filter).</summary>
    public bool Matches(JsonElement resource) => predicate is null || predicate(resource);

    private static void Check(FilterExpression node, Func<string, bool> isKnownField, string label, bool asArgument)
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
}
