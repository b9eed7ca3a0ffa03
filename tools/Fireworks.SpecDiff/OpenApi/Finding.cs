namespace Fireworks.SpecDiff.OpenApi;

/// <summary>An operation a change reaches, and how (through what it sends, what it receives, or both).</summary>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="Path">The path template.</param>
/// <param name="OperationId">The operationId (the new spec's when both have one), if any.</param>
/// <param name="Via">The directions through which the change reaches this operation.</param>
public sealed record OperationUsage(string Method, string Path, string? OperationId, Directions Via)
{
    /// <summary><c>METHOD /path</c>.</summary>
    public string Key => Method + " " + Path;
}

/// <summary>One OpenAPI-level change.</summary>
/// <param name="Rule">The rule that detected it (id and severity).</param>
/// <param name="Group">What the change belongs to: <c>info</c>, an operation (<c>GET /v1/…</c>) or a schema (<c>#/components/schemas/X</c>).</param>
/// <param name="Location">Where exactly: a JSON pointer below a schema, or the operation followed by <c>#parameters/query/name</c>-style detail.</param>
/// <param name="Message">What changed, in words.</param>
/// <param name="Via">The directions of the change (none for operation-level and info changes).</param>
/// <param name="Operations">The operations the change reaches.</param>
public sealed record Finding(Rule Rule, string Group, string Location, string Message, Directions Via, IReadOnlyList<OperationUsage> Operations)
{
    /// <summary>The rule id.</summary>
    public string RuleId => Rule.Id;

    /// <summary>The rule's severity.</summary>
    public Severity Severity => Rule.Severity;
}
