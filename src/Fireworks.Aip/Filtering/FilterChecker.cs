namespace Fireworks.Aip;

/// <summary>Resolves field paths against declarations, reporting the first unknown segment with a suggestion.</summary>
internal static class PathResolver
{
    public static FilterType? Resolve(
        FilterDeclarations declarations,
        FieldPath path,
        SourcePosition position,
        List<AipDiagnostic> diagnostics,
        out bool crossesRepeated)
    {
        var segments = new MemberSegment[path.Segments.Count];
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i] = new MemberSegment(path.Segments[i].Name, false, position);
        }

        return Resolve(declarations, segments, diagnostics, out crossesRepeated);
    }

    /// <summary>
    /// Walks the path from the resource. Returns the type it ends on, or <see langword="null"/> after reporting
    /// (when <paramref name="diagnostics"/> is given) the first segment that does not resolve.
    /// </summary>
    public static FilterType? Resolve(
        FilterDeclarations declarations,
        IReadOnlyList<MemberSegment> segments,
        List<AipDiagnostic>? diagnostics,
        out bool crossesRepeated)
    {
        crossesRepeated = false;
        FilterType current = declarations.Root;
        for (var i = 0; i < segments.Count; i++)
        {
            var name = segments[i].Name;
            var position = segments[i].Position;
            switch (current)
            {
                case MessageFilterType message:
                    if (!message.TryGetField(name, out var field))
                    {
                        diagnostics?.Add(new AipDiagnostic(position, UnknownField(name, Walked(segments, i), message)));
                        return null;
                    }

                    current = field.Type;
                    break;
                case MapFilterType map:
                    current = map.Value;
                    break;
                case RepeatedFilterType { Element: MessageFilterType element }:
                    crossesRepeated = true;
                    if (!element.TryGetField(name, out var elementField))
                    {
                        diagnostics?.Add(new AipDiagnostic(position, UnknownField(name, Walked(segments, i), element)));
                        return null;
                    }

                    current = elementField.Type;
                    break;
                default:
                    diagnostics?.Add(new AipDiagnostic(position, $"field '{Walked(segments, i)}' is {current} and has no field '{name}'"));
                    return null;
            }
        }

        return current;
    }

    /// <summary>The path of the first <paramref name="count"/> segments, for messages.</summary>
    private static string Walked(IReadOnlyList<MemberSegment> segments, int count) =>
        string.Join('.', segments.Take(count).Select(s => s.Name));

    private static string UnknownField(string name, string walked, MessageFilterType message)
    {
        var where = walked.Length == 0 ? string.Empty : $" in '{walked}' ({message})";
        var suggestion = Suggest(name, message.Fields.Select(f => f.Name));
        return suggestion is null
            ? $"unknown field '{name}'{where}"
            : $"unknown field '{name}'{where}; did you mean '{suggestion}'?";
    }

    internal static string? Suggest(string name, IEnumerable<string> candidates)
    {
        var snake = ProtoNames.ToProtoName(name);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            if (candidate == snake)
            {
                return candidate;
            }

            var distance = Distance(name, candidate);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        var allowed = name.Length <= 2 ? 1 : Math.Max(2, name.Length / 3);
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>Optimal string alignment distance: Levenshtein plus adjacent transpositions ("nmae" is 1 from "name").</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}

/// <summary>
/// Type-checks a filter tree against declarations, in the manner of aip-go's checker: fields must be declared,
/// values must have the field's type, comparators must suit the type, and every diagnostic carries a position.
/// </summary>
internal sealed class FilterChecker
{
    private readonly FilterDeclarations declarations;
    private readonly List<AipDiagnostic> diagnostics = [];

    private FilterChecker(FilterDeclarations declarations) => this.declarations = declarations;

    public static IReadOnlyList<AipDiagnostic> Check(FilterDeclarations declarations, FilterExpression expression)
    {
        var checker = new FilterChecker(declarations);
        checker.CheckCondition(expression);
        checker.diagnostics.Sort((a, b) => a.Position.Offset.CompareTo(b.Position.Offset));
        return checker.diagnostics;
    }

    private void Report(FilterExpression node, string message) => diagnostics.Add(new AipDiagnostic(node.Position, message));

    /// <summary>Checks an expression that must evaluate to a boolean.</summary>
    private void CheckCondition(FilterExpression expression)
    {
        switch (expression)
        {
            case LogicalExpression logical:
                foreach (var operand in logical.Operands)
                {
                    CheckCondition(operand);
                }

                break;
            case NotExpression not:
                CheckCondition(not.Operand);
                break;
            case RestrictionExpression restriction:
                CheckRestriction(restriction);
                break;
            case MemberExpression member:
                var type = ResolveMember(member, report: false, out _);
                if (type is null)
                {
                    if (member.IsBareName)
                    {
                        Report(member, $"'{member.Path}' is not a declared field; a bare value (free-text search) is not supported, compare a field instead, e.g. field=\"{member.Path}\"");
                    }
                    else
                    {
                        ResolveMember(member, report: true, out _);
                    }
                }
                else if (type.Kind != FilterTypeKind.Bool)
                {
                    Report(member, $"field '{member.Path}' is {type}, not bool, so it cannot stand alone as a condition; compare it with a value");
                }

                break;
            case FunctionCallExpression function:
                var result = CheckFunction(function);
                if (result is not null && result.Kind != FilterTypeKind.Bool)
                {
                    Report(function, $"function '{function.Name}' returns {result}, not bool, so it cannot stand alone as a condition");
                }

                break;
            case LiteralExpression literal:
                Report(literal, $"the literal {literal.Text} cannot stand alone as a condition; compare a field with it, e.g. field={literal.Text}");
                break;
        }
    }

    private FilterType? ResolveMember(MemberExpression member, bool report, out bool crossesRepeated) =>
        PathResolver.Resolve(declarations, member.Segments, report ? diagnostics : null, out crossesRepeated);

    private void CheckRestriction(RestrictionExpression restriction)
    {
        var comparator = restriction.Comparator;
        var op = comparator.ToOperator();
        FilterType? type;
        var crossesRepeated = false;
        Subject subject;
        switch (restriction.Comparable)
        {
            case MemberExpression member:
                type = ResolveMember(member, report: true, out crossesRepeated);
                subject = new Subject("field", member);
                break;
            case FunctionCallExpression function:
                type = CheckFunction(function);
                subject = new Subject("the result of", function);
                break;
            default:
                Report(restriction.Comparable, $"the left side of '{op}' must be a field or function call, not the literal {restriction.Comparable}");
                return;
        }

        if (type is null)
        {
            return;
        }

        if (comparator == FilterComparator.Has)
        {
            CheckHas(restriction, type, subject);
            return;
        }

        if (crossesRepeated)
        {
            Report(restriction, $"{subject} is inside a repeated field; use ':' to match any element, e.g. {restriction.Comparable}:{restriction.Argument}");
            return;
        }

        switch (type.Kind)
        {
            case FilterTypeKind.Message:
                Report(restriction, $"{subject} is a {type} and cannot be compared with '{op}'; compare one of its fields, or use ':*' to test presence");
                return;
            case FilterTypeKind.Repeated:
                Report(restriction, $"{subject} is {type} and cannot be compared with '{op}'; use ':' to match an element");
                return;
            case FilterTypeKind.Map:
                Report(restriction, $"{subject} is a {type} and cannot be compared with '{op}'; compare a key's value (field.key=value) or use ':' for key presence");
                return;
        }

        if (comparator.IsOrdering() && !type.IsOrderable)
        {
            Report(restriction, $"the ordering operator '{op}' is not defined for {subject} of type {type}; use '=' or '!='");
            return;
        }

        CheckValue(restriction.Argument, type, comparator, subject);
    }

    private void CheckHas(RestrictionExpression restriction, FilterType type, Subject subject)
    {
        var argument = restriction.Argument;
        if (argument is MemberExpression { IsBareName: true } star && star.Segments[0].Name == "*")
        {
            return;
        }

        switch (type)
        {
            case RepeatedFilterType { Element: MessageFilterType }:
                Report(argument, $"{subject} is {type}; match an element's field with ':' (e.g. {restriction.Comparable}.field:value) or test presence with ':*'");
                return;
            case RepeatedFilterType repeated:
                CheckValue(argument, repeated.Element, FilterComparator.Has, subject.ElementOf());
                return;
            case MapFilterType map:
                CheckMapKey(argument, map, subject);
                return;
            case MessageFilterType:
                Report(argument, $"{subject} is a {type}; ':' on a message only supports '*' (presence); to match a nested field use {restriction.Comparable}.field:value");
                return;
            default:
                CheckValue(argument, type, FilterComparator.Has, subject);
                return;
        }
    }

    private void CheckMapKey(FilterExpression argument, MapFilterType map, Subject subject)
    {
        var ok = map.Key.Kind switch
        {
            FilterTypeKind.String => argument is StringLiteral { HasWildcards: false } || argument is MemberExpression { IsBareName: true },
            FilterTypeKind.Int => argument is NumberLiteral { IsInteger: true },
            _ => argument is BooleanLiteral,
        };
        if (!ok)
        {
            Report(argument, $"{argument} is not a valid {map.Key} key for {subject} ({map})");
        }
    }

    /// <summary>Checks that a restriction's argument is a value of <paramref name="type"/>.</summary>
    private void CheckValue(FilterExpression argument, FilterType type, FilterComparator comparator, Subject subject)
    {
        switch (argument)
        {
            case LogicalExpression logical:
                foreach (var operand in logical.Operands)
                {
                    CheckValue(operand, type, comparator, subject);
                }

                return;
            case NotExpression not:
                CheckValue(not.Operand, type, comparator, subject);
                return;
            case RestrictionExpression nested:
                Report(nested, $"unexpected comparison inside the value of {subject}");
                return;
            case StringLiteral text:
                CheckString(text, type, comparator, subject);
                return;
            case NumberLiteral number:
                if (type.Kind == FilterTypeKind.Float || (type.Kind == FilterTypeKind.Int && number.IsInteger))
                {
                    return;
                }

                Mismatch(number, type, subject, number.IsInteger ? "an integer" : "a floating-point number");
                return;
            case BooleanLiteral boolean:
                if (type.Kind != FilterTypeKind.Bool)
                {
                    Mismatch(boolean, type, subject, "a bool");
                }

                return;
            case TimestampLiteral timestamp:
                if (type.Kind != FilterTypeKind.Timestamp)
                {
                    Mismatch(timestamp, type, subject, "a timestamp");
                }

                return;
            case DurationLiteral duration:
                if (type.Kind != FilterTypeKind.Duration)
                {
                    Mismatch(duration, type, subject, "a duration");
                }

                return;
            case MemberExpression member:
                CheckMemberValue(member, type, subject);
                return;
            case FunctionCallExpression function:
                var result = CheckFunction(function);
                if (result is not null && !Accepts(type, result))
                {
                    Report(function, $"wrong value type for {subject} ({type}): '{function.Name}' returns {result}");
                }

                return;
        }
    }

    private void CheckString(StringLiteral text, FilterType type, FilterComparator comparator, Subject subject)
    {
        switch (type.Kind)
        {
            case FilterTypeKind.String:
                if (text.HasWildcards && comparator.IsOrdering())
                {
                    Report(text, $"the wildcard '*' only works with '=', '!=' and ':'; escape it as '\\*' to compare a literal star");
                }

                return;
            case FilterTypeKind.Timestamp:
                if (!FilterLexer.TryParseTimestamp(text.Value, out _, out var problem))
                {
                    Report(text, $"invalid RFC 3339 timestamp {text.Text} for {subject}: {problem}");
                }

                return;
            case FilterTypeKind.Duration:
                if (!TryParseDuration(text.Value))
                {
                    Report(text, $"invalid duration {text.Text} for {subject}: expected seconds with an 's' suffix, such as \"20s\" or \"1.5s\"");
                }

                return;
            case FilterTypeKind.Enum:
                var enumType = (EnumFilterType)type;
                if (text.HasWildcards || !enumType.Contains(text.Value))
                {
                    Report(text, UnknownEnumValue(text.Value, enumType, subject));
                }

                return;
            default:
                Mismatch(text, type, subject, "a string");
                return;
        }
    }

    private void CheckMemberValue(MemberExpression member, FilterType type, Subject subject)
    {
        if (member.IsBareName && type is EnumFilterType enumType && enumType.Contains(member.Path))
        {
            return;
        }

        var other = ResolveMember(member, report: false, out var crossesRepeated);
        if (other is not null && !crossesRepeated && other.IsScalar)
        {
            if (!Accepts(type, other))
            {
                Report(member, $"wrong value type for {subject} ({type}): field '{member.Path}' is {other}");
            }

            return;
        }

        if (type is EnumFilterType unknownEnum && member.IsBareName)
        {
            Report(member, UnknownEnumValue(member.Path, unknownEnum, subject));
            return;
        }

        var hint = type.Kind == FilterTypeKind.String && member.IsBareName
            ? $"; quote string values: \"{member.Path}\""
            : string.Empty;
        Report(member, $"'{member.Path}' is neither a declared field nor a valid value for {subject} ({type}){hint}");
    }

    private static string UnknownEnumValue(string value, EnumFilterType type, Subject subject)
    {
        var suggestion = PathResolver.Suggest(value, type.Values);
        var allowed = type.Values.Count <= 12 ? $" (allowed: {string.Join(", ", type.Values)})" : string.Empty;
        var didYouMean = suggestion is null ? string.Empty : $"; did you mean {suggestion}?";
        return $"'{value}' is not a value of {type} for {subject}{allowed}{didYouMean}";
    }

    private void Mismatch(LiteralExpression literal, FilterType type, Subject subject, string what) =>
        Report(literal, $"wrong literal type for {subject} ({type}): found {what}, {literal.Text}");

    /// <summary>Whether a value of type <paramref name="actual"/> may be used where <paramref name="expected"/> is needed.</summary>
    private static bool Accepts(FilterType expected, FilterType actual) =>
        expected.Equals(actual) || (expected.Kind == FilterTypeKind.Float && actual.Kind == FilterTypeKind.Int);

    private FilterType? CheckFunction(FunctionCallExpression function)
    {
        var overloads = declarations.GetFunctionOverloads(function.Name);
        if (overloads.Count == 0)
        {
            var suggestion = PathResolver.Suggest(function.Name, declarations.Functions.Select(f => f.Name).Distinct());
            Report(function, suggestion is null
                ? $"unknown function '{function.Name}'"
                : $"unknown function '{function.Name}'; did you mean '{suggestion}'?");
            return null;
        }

        var argumentTypes = new FilterType?[function.Arguments.Count];
        for (var i = 0; i < argumentTypes.Length; i++)
        {
            argumentTypes[i] = TypeOfArgument(function.Arguments[i]);
            if (argumentTypes[i] is null)
            {
                return null;
            }
        }

        foreach (var overload in overloads)
        {
            if (overload.Parameters.Count != argumentTypes.Length)
            {
                continue;
            }

            var matches = true;
            for (var i = 0; i < argumentTypes.Length && matches; i++)
            {
                matches = Accepts(overload.Parameters[i], argumentTypes[i]!);
            }

            if (matches)
            {
                CheckStandardFunctionArgument(function, overload);
                return overload.ResultType;
            }
        }

        Report(function, $"no overload of '{function.Name}' accepts ({string.Join(", ", argumentTypes.Select(t => t!.ToString()))}); declared: {string.Join("; ", overloads)}");
        return null;
    }

    private void CheckStandardFunctionArgument(FunctionCallExpression function, FilterFunctionDeclaration overload)
    {
        if (function.Arguments is not [StringLiteral argument])
        {
            return;
        }

        if (ReferenceEquals(overload, FilterDeclarations.StandardFunctions[0]) && !FilterLexer.TryParseTimestamp(argument.Value, out _, out var problem))
        {
            Report(argument, $"invalid RFC 3339 timestamp {argument.Text}: {problem}");
        }
        else if (ReferenceEquals(overload, FilterDeclarations.StandardFunctions[1]) && !TryParseDuration(argument.Value))
        {
            Report(argument, $"invalid duration {argument.Text}: expected seconds with an 's' suffix, such as \"20s\"");
        }
    }

    private FilterType? TypeOfArgument(FilterExpression argument)
    {
        switch (argument)
        {
            case StringLiteral:
                return FilterType.String;
            case NumberLiteral number:
                return number.IsInteger ? FilterType.Int : FilterType.Float;
            case BooleanLiteral:
                return FilterType.Bool;
            case TimestampLiteral:
                return FilterType.Timestamp;
            case DurationLiteral:
                return FilterType.Duration;
            case MemberExpression member:
                return ResolveMember(member, report: true, out _);
            case FunctionCallExpression function:
                return CheckFunction(function);
            default:
                Report(argument, "a function argument must be a field, value or function call, not a parenthesised expression");
                return null;
        }
    }

    /// <summary>What a value is checked against, formatted only when a diagnostic needs it.</summary>
    private readonly struct Subject(string prefix, FilterExpression node)
    {
        public Subject ElementOf() => new("an element of " + prefix, node);

        public override string ToString() => node switch
        {
            MemberExpression member => $"{prefix} '{member.Path}'",
            FunctionCallExpression function => $"{prefix} '{function.Name}'",
            _ => prefix,
        };
    }

    private static bool TryParseDuration(string value)
    {
        var span = value.AsSpan();
        if (span.Length > 0 && span[0] == '-')
        {
            span = span[1..];
        }

        if (span.Length < 2 || span[^1] != 's')
        {
            return false;
        }

        var number = span[..^1];
        var dot = number.IndexOf('.');
        var valid = number.Length > 0 && !(dot == 0 || dot == number.Length - 1);
        foreach (var c in number)
        {
            valid &= char.IsAsciiDigit(c) || c == '.';
        }

        return valid && number.Count('.') <= 1 && FilterLexer.TryParseSeconds(number, out _);
    }
}
