using System.Diagnostics.CodeAnalysis;

namespace Fireworks.Aip;

/// <summary>A declared field: its proto (snake_case) name and type.</summary>
public sealed record FilterFieldDeclaration
{
    /// <summary>Declares a field.</summary>
    /// <param name="name">The proto field name, such as <c>base_model</c>.</param>
    /// <param name="type">The field type.</param>
    /// <exception cref="ArgumentException">The name is not a proto snake_case identifier.</exception>
    public FilterFieldDeclaration(string name, FilterType type)
    {
        FieldPath.ThrowIfInvalidFieldName(name, nameof(name));
        ArgumentNullException.ThrowIfNull(type);
        Name = name;
        Type = type;
    }

    /// <summary>The proto field name.</summary>
    public string Name { get; }

    /// <summary>The field type.</summary>
    public FilterType Type { get; }
}

/// <summary>One overload of a function that filters may call, such as <c>timestamp(string) -&gt; timestamp</c>.</summary>
public sealed record FilterFunctionDeclaration
{
    /// <summary>Declares a function overload.</summary>
    /// <param name="name">The function name; dotted for a qualified name.</param>
    /// <param name="resultType">What the call evaluates to (<see cref="FilterType.Bool"/> to stand alone as a condition).</param>
    /// <param name="parameters">The parameter types, in order.</param>
    public FilterFunctionDeclaration(string name, FilterType resultType, params IEnumerable<FilterType> parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(resultType);
        ArgumentNullException.ThrowIfNull(parameters);
        if (!name.Split('.').All(FilterSyntax.IsBareFieldName))
        {
            throw new ArgumentException($"'{name}' is not a valid function name.", nameof(name));
        }

        Name = name;
        ResultType = resultType;
        Parameters = Array.AsReadOnly(parameters.ToArray());
    }

    /// <summary>The function name.</summary>
    public string Name { get; }

    /// <summary>The result type.</summary>
    public FilterType ResultType { get; }

    /// <summary>The parameter types.</summary>
    public IReadOnlyList<FilterType> Parameters { get; }

    /// <summary>Formats as <c>name(string, int) -&gt; bool</c>.</summary>
    /// <returns>The signature.</returns>
    public override string ToString() => $"{Name}({string.Join(", ", Parameters)}) -> {ResultType}";
}

/// <summary>
/// The fields and functions of one resource that filters, <c>order_by</c> strings and field masks may use, like
/// aip-go's <c>filtering.Declarations</c>. The standard functions <c>timestamp(string)</c> and
/// <c>duration(string)</c> are always declared. Instances are immutable and safe to share.
/// </summary>
public sealed class FilterDeclarations
{
    /// <summary>The standard functions of AIP-160: <c>timestamp(string)</c> and <c>duration(string)</c>.</summary>
    public static IReadOnlyList<FilterFunctionDeclaration> StandardFunctions { get; } = Array.AsReadOnly(
    [
        new FilterFunctionDeclaration("timestamp", FilterType.Timestamp, FilterType.String),
        new FilterFunctionDeclaration("duration", FilterType.Duration, FilterType.String),
    ]);

    private readonly Dictionary<string, List<FilterFunctionDeclaration>> functionsByName;

    /// <summary>Declares fields and (optionally) extra functions.</summary>
    /// <param name="fields">The top-level fields of the resource.</param>
    /// <param name="functions">Functions besides the standard ones.</param>
    /// <exception cref="ArgumentException">A field is declared twice.</exception>
    public FilterDeclarations(IEnumerable<FilterFieldDeclaration> fields, IEnumerable<FilterFunctionDeclaration>? functions = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var fieldList = fields.ToArray();
        Root = FilterType.Message("(resource)", fieldList);
        _ = Root.Fields;
        var functionList = StandardFunctions.Concat(functions ?? []).Distinct().ToArray();
        Functions = Array.AsReadOnly(functionList);
        functionsByName = new Dictionary<string, List<FilterFunctionDeclaration>>(StringComparer.Ordinal);
        foreach (var function in functionList)
        {
            ArgumentNullException.ThrowIfNull(function, nameof(functions));
            if (!functionsByName.TryGetValue(function.Name, out var overloads))
            {
                functionsByName[function.Name] = overloads = [];
            }

            overloads.Add(function);
        }
    }

    /// <summary>The top-level fields.</summary>
    public IReadOnlyList<FilterFieldDeclaration> Fields => Root.Fields;

    /// <summary>Every declared function overload, standard ones first.</summary>
    public IReadOnlyList<FilterFunctionDeclaration> Functions { get; }

    internal MessageFilterType Root { get; }

    /// <summary>
    /// Declares the given typed fields (the form generated field classes use:
    /// <c>FilterDeclarations.FromFields(Snapshot, LatestValidated, State)</c>).
    /// </summary>
    /// <param name="fields">Top-level typed fields.</param>
    /// <returns>The declarations.</returns>
    public static FilterDeclarations FromFields(params IEnumerable<FilterField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return new FilterDeclarations(fields.Select(f =>
        {
            if (f is null)
            {
                throw new ArgumentException(
                    "A field is null; in a generated class, declare Declarations after every field.", nameof(fields));
            }

            return f.ToDeclaration();
        }));
    }

    /// <summary>Returns declarations with extra function overloads added.</summary>
    /// <param name="functions">The functions to add.</param>
    /// <returns>New declarations.</returns>
    public FilterDeclarations WithFunctions(params IEnumerable<FilterFunctionDeclaration> functions) =>
        new(Fields, Functions.Skip(StandardFunctions.Count).Concat(functions));

    /// <summary>Looks up a top-level field.</summary>
    /// <param name="name">The proto name.</param>
    /// <param name="field">The field, when declared.</param>
    /// <returns>Whether it is declared.</returns>
    public bool TryGetField(string name, [NotNullWhen(true)] out FilterFieldDeclaration? field) => Root.TryGetField(name, out field);

    /// <summary>The overloads declared under <paramref name="name"/> (empty when none).</summary>
    /// <param name="name">The function name.</param>
    /// <returns>The overloads.</returns>
    public IReadOnlyList<FilterFunctionDeclaration> GetFunctionOverloads(string name) =>
        functionsByName.TryGetValue(name, out var overloads) ? overloads : [];

    /// <summary>
    /// Parses and type-checks a raw filter string, returning it as a <see cref="Filter"/> that can be passed on.
    /// </summary>
    /// <param name="filter">The raw filter text.</param>
    /// <returns>The parsed filter.</returns>
    /// <exception cref="FilterParseException">The text is malformed.</exception>
    /// <exception cref="AipValidationException">The filter uses undeclared fields, wrong value types or wrong operators.</exception>
    public Filter Validate(string filter)
    {
        var parsed = Filter.Parse(filter);
        var diagnostics = Check(parsed);
        return diagnostics.Count == 0 ? parsed : throw new AipValidationException("filter", filter, diagnostics);
    }

    /// <summary>Parses and type-checks a raw filter string without throwing.</summary>
    /// <param name="filter">The raw filter text.</param>
    /// <param name="result">The parsed filter when it is valid.</param>
    /// <param name="diagnostics">The problems found (a syntax error is reported as one diagnostic).</param>
    /// <returns>Whether the filter is valid.</returns>
    public bool TryValidate(string filter, [NotNullWhen(true)] out Filter? result, out IReadOnlyList<AipDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(filter);
        result = null;
        if (!Filter.TryParse(filter, out var parsed, out var error))
        {
            diagnostics = [new AipDiagnostic(error.Position, error.Reason)];
            return false;
        }

        diagnostics = Check(parsed);
        if (diagnostics.Count > 0)
        {
            return false;
        }

        result = parsed;
        return true;
    }

    /// <summary>
    /// Type-checks a filter: every field is declared, values have the field's type, comparators suit the type.
    /// A built filter is checked through its printed text, so diagnostics carry positions in that text.
    /// </summary>
    /// <param name="filter">The filter.</param>
    /// <returns>The problems found, in source order (empty when valid).</returns>
    public IReadOnlyList<AipDiagnostic> Check(Filter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.IsEmpty)
        {
            return [];
        }

        var expression = filter.Expression.Position.IsKnown ? filter.Expression : Filter.Parse(filter.ToString()).Expression!;
        return FilterChecker.Check(this, expression);
    }

    /// <summary>Parses an <c>order_by</c> string and checks every field against these declarations.</summary>
    /// <param name="orderBy">The raw order_by text, such as <c>create_time desc,name</c>.</param>
    /// <returns>The parsed order.</returns>
    /// <exception cref="OrderByParseException">The text is malformed.</exception>
    /// <exception cref="AipValidationException">A field is undeclared or cannot be sorted on.</exception>
    public OrderBy ValidateOrderBy(string orderBy)
    {
        var parsed = OrderBy.Parse(orderBy);
        var diagnostics = Check(parsed);
        return diagnostics.Count == 0 ? parsed : throw new AipValidationException("order_by", orderBy, diagnostics);
    }

    /// <summary>Checks that every field of an order is declared and sortable (a scalar, not inside a repeated field).</summary>
    /// <param name="orderBy">The order.</param>
    /// <returns>The problems found.</returns>
    public IReadOnlyList<AipDiagnostic> Check(OrderBy orderBy)
    {
        ArgumentNullException.ThrowIfNull(orderBy);
        var diagnostics = new List<AipDiagnostic>();
        for (var i = 0; i < orderBy.Fields.Count; i++)
        {
            var field = orderBy.Fields[i];
            var position = orderBy.GetPosition(i);
            var type = PathResolver.Resolve(this, field.Path, position, diagnostics, out var crossesRepeated);
            if (type is null)
            {
                continue;
            }

            if (crossesRepeated)
            {
                diagnostics.Add(new AipDiagnostic(position, $"cannot sort on '{field.Path}': the path goes through a repeated field"));
            }
            else if (!type.IsScalar)
            {
                diagnostics.Add(new AipDiagnostic(position, $"cannot sort on '{field.Path}' of type {type}; sort on one of its scalar fields"));
            }
        }

        return diagnostics;
    }

    /// <summary>Parses a field mask and checks every path against these declarations.</summary>
    /// <param name="fieldMask">The raw mask, such as <c>display_name,min_replica_count</c>.</param>
    /// <returns>The parsed mask.</returns>
    /// <exception cref="FieldMaskParseException">The text is malformed.</exception>
    /// <exception cref="AipValidationException">A path is undeclared or goes through a repeated field.</exception>
    public FieldMask ValidateFieldMask(string fieldMask)
    {
        var parsed = FieldMask.Parse(fieldMask);
        var diagnostics = Check(parsed);
        return diagnostics.Count == 0 ? parsed : throw new AipValidationException("field mask", fieldMask, diagnostics);
    }

    /// <summary>Checks that every path of a mask names a declared field and does not go through a repeated field.</summary>
    /// <param name="fieldMask">The mask.</param>
    /// <returns>The problems found.</returns>
    public IReadOnlyList<AipDiagnostic> Check(FieldMask fieldMask)
    {
        ArgumentNullException.ThrowIfNull(fieldMask);
        var diagnostics = new List<AipDiagnostic>();
        for (var i = 0; i < fieldMask.Paths.Count; i++)
        {
            var path = fieldMask.Paths[i];
            if (path.IsWildcard)
            {
                continue;
            }

            var position = fieldMask.GetPosition(i);
            var type = PathResolver.Resolve(this, path, position, diagnostics, out var crossesRepeated);
            if (type is not null && crossesRepeated)
            {
                diagnostics.Add(new AipDiagnostic(position, $"field mask path '{path}' goes through a repeated field; name the repeated field itself"));
            }
        }

        return diagnostics;
    }
}
