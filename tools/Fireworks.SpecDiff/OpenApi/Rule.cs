namespace Fireworks.SpecDiff.OpenApi;

/// <summary>How much a change matters to existing clients. Ordered: a larger value is more severe.</summary>
public enum Severity
{
    /// <summary>Compatible; worth knowing (oasdiff's INFO).</summary>
    Info = 0,

    /// <summary>Compatible on the wire, but may surprise strict clients (oasdiff's WARN).</summary>
    Warning = 1,

    /// <summary>Existing clients can fail (oasdiff's ERR).</summary>
    Breaking = 2,
}

/// <summary>Which way a schema travels for an operation: what the client sends, what it receives, or both.</summary>
[Flags]
public enum Directions
{
    /// <summary>Not on the wire for any operation (an unused schema, or an operation-level change).</summary>
    None = 0,

    /// <summary>Part of a request (parameter or request body): the client sends it.</summary>
    Request = 1,

    /// <summary>Part of a response: the client receives it.</summary>
    Response = 2,

    /// <summary>Both directions.</summary>
    Both = Request | Response,
}

/// <summary>A check with a stable id (oasdiff-style kebab-case; never reused) and a fixed severity.</summary>
/// <param name="Id">The stable rule id, e.g. <c>request-property-enum-value-removed</c>.</param>
/// <param name="Severity">The severity every finding of this rule has.</param>
/// <param name="Summary">One line saying what the rule detects.</param>
public sealed record Rule(string Id, Severity Severity, string Summary);

/// <summary>
/// The request and response variants of one schema check. A change in a schema reached both ways is reported
/// once, under the variant that matters most (the more severe one; the request variant on a tie).
/// </summary>
/// <param name="Request">The rule when the schema is sent by clients.</param>
/// <param name="Response">The rule when the schema is received by clients.</param>
public sealed record DirectionalRule(Rule Request, Rule Response)
{
    /// <summary>The variant that applies to a change reaching <paramref name="directions"/>.</summary>
    /// <param name="directions">The directions the changed schema travels; must not be <see cref="Directions.None"/>.</param>
    /// <returns>The rule to report.</returns>
    public Rule For(Directions directions) => directions switch
    {
        Directions.Request => Request,
        Directions.Response => Response,
        Directions.Both => Response.Severity > Request.Severity ? Response : Request,
        _ => throw new ArgumentOutOfRangeException(nameof(directions), directions, "A change that reaches no operation has no direction."),
    };
}
