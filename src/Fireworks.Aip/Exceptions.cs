namespace Fireworks.Aip;

/// <summary>
/// Base class of the syntax errors raised for malformed filters, <c>order_by</c> strings and field masks.
/// The message names the problem and where it is.
/// </summary>
public abstract class AipSyntaxException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">What was being parsed, for the message (for example "filter").</param>
    /// <param name="input">The text that failed to parse.</param>
    /// <param name="position">Where the problem is.</param>
    /// <param name="reason">What the problem is, without position.</param>
    protected AipSyntaxException(string kind, string input, SourcePosition position, string reason)
        : base($"Invalid {kind} at {position} (offset {position.Offset}): {reason}")
    {
        Input = input;
        Position = position;
        Reason = reason;
    }

    /// <summary>The text that failed to parse.</summary>
    public string Input { get; }

    /// <summary>Where the problem is.</summary>
    public SourcePosition Position { get; }

    /// <summary>What the problem is, without the position prefix of <see cref="Exception.Message"/>.</summary>
    public string Reason { get; }
}

/// <summary>A filter string does not follow the AIP-160 grammar.</summary>
public sealed class FilterParseException : AipSyntaxException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="input">The filter text.</param>
    /// <param name="position">Where the problem is.</param>
    /// <param name="reason">What the problem is.</param>
    public FilterParseException(string input, SourcePosition position, string reason)
        : base("filter", input, position, reason)
    {
    }
}

/// <summary>An <c>order_by</c> string does not follow the AIP-132 syntax (<c>field [asc|desc] {, ...}</c>).</summary>
public sealed class OrderByParseException : AipSyntaxException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="input">The order_by text.</param>
    /// <param name="position">Where the problem is.</param>
    /// <param name="reason">What the problem is.</param>
    public OrderByParseException(string input, SourcePosition position, string reason)
        : base("order_by", input, position, reason)
    {
    }
}

/// <summary>A field mask string does not follow the AIP-161 syntax (comma-separated snake_case paths).</summary>
public sealed class FieldMaskParseException : AipSyntaxException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="input">The field mask text.</param>
    /// <param name="position">Where the problem is.</param>
    /// <param name="reason">What the problem is.</param>
    public FieldMaskParseException(string input, SourcePosition position, string reason)
        : base("field mask", input, position, reason)
    {
    }
}

/// <summary>One problem found when checking a filter, order_by or field mask against declarations.</summary>
/// <param name="Position">Where the problem is (unknown only for inputs that were never text).</param>
/// <param name="Message">What the problem is.</param>
public sealed record AipDiagnostic(SourcePosition Position, string Message)
{
    /// <summary>Formats as <c>line:column: message</c>.</summary>
    /// <returns>The formatted diagnostic.</returns>
    public override string ToString() => $"{Position}: {Message}";
}

/// <summary>
/// A syntactically valid filter, order_by or field mask refers to fields that are not declared, or uses
/// them with the wrong types or operators. <see cref="Diagnostics"/> lists every problem found.
/// </summary>
public sealed class AipValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">What was validated, for the message (for example "filter").</param>
    /// <param name="input">The validated text.</param>
    /// <param name="diagnostics">The problems found; at least one.</param>
    public AipValidationException(string kind, string input, IReadOnlyList<AipDiagnostic> diagnostics)
        : base($"Invalid {kind} '{input}': {string.Join("; ", diagnostics)}")
    {
        ArgumentOutOfRangeException.ThrowIfZero(diagnostics.Count);
        Input = input;
        Diagnostics = diagnostics;
    }

    /// <summary>The validated text.</summary>
    public string Input { get; }

    /// <summary>Every problem found, in source order.</summary>
    public IReadOnlyList<AipDiagnostic> Diagnostics { get; }
}
