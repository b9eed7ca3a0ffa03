using System.Globalization;
using Fireworks.OpenApi.Document;

namespace Fireworks.SpecDiff.OpenApi;

/// <summary>Which way a change of a validation constraint moves the set of values a schema admits.</summary>
internal enum ConstraintEffect
{
    /// <summary>Every value the new schema admits, the old one admitted too (fewer values pass).</summary>
    Tightened,

    /// <summary>Every value the old schema admitted, the new one admits too (more values pass).</summary>
    Loosened,

    /// <summary>Neither: some values start passing and others stop (a pattern or <c>multipleOf</c> replaced).</summary>
    Changed,
}

/// <summary>One changed validation constraint of a schema node, in words.</summary>
/// <param name="Effect">Which way the admitted values moved.</param>
/// <param name="Message">What changed, naming the keyword and both values.</param>
internal readonly record struct ConstraintChange(ConstraintEffect Effect, string Message);

/// <summary>
/// Compares the validation keywords of two versions of one schema node (not its children: the differ walks those).
/// Bounds are compared by the values they admit, so a 3.0 bound (<c>minimum</c> + boolean <c>exclusiveMinimum</c>)
/// and the 3.1 spelling of the same bound (numeric <c>exclusiveMinimum</c>) are equal, and on an integer
/// <c>exclusiveMinimum: 0</c> equals <c>minimum: 1</c>.
/// </summary>
internal static class Constraints
{
    private static readonly (string Keyword, bool IsUpper)[] Limits =
    [
        ("maxLength", true), ("minLength", false),
        ("maxItems", true), ("minItems", false),
        ("maxProperties", true), ("minProperties", false),
    ];

    /// <summary>The constraint changes from <paramref name="before"/> to <paramref name="after"/>, in a fixed keyword order.</summary>
    /// <param name="before">The old schema node.</param>
    /// <param name="after">The new schema node.</param>
    /// <param name="subject">How messages name the node, e.g. <c>the property `name`</c>.</param>
    public static List<ConstraintChange> Compare(SpecNode before, SpecNode after, string subject)
    {
        var changes = new List<ConstraintChange>();
        foreach (var (keyword, isUpper) in Limits) CompareLimit(before, after, keyword, isUpper, subject, changes);

        var integer = OpenApiDiffer.Describe(after).StartsWith("integer", StringComparison.Ordinal);
        CompareBound(LowerBound(before, integer), LowerBound(after, integer), isUpper: false, subject, changes);
        CompareBound(UpperBound(before, integer), UpperBound(after, integer), isUpper: true, subject, changes);

        CompareMultipleOf(before.Str("multipleOf"), after.Str("multipleOf"), subject, changes);

        var (oldPattern, newPattern) = (before.Str("pattern"), after.Str("pattern"));
        if (oldPattern != newPattern)
        {
            var effect = oldPattern is null ? ConstraintEffect.Tightened : newPattern is null ? ConstraintEffect.Loosened : ConstraintEffect.Changed;
            changes.Add(new(effect, $"{Code("pattern")} of {subject} changed from {Code(oldPattern)} to {Code(newPattern)}"));
        }

        var (oldUnique, newUnique) = (before.Bool("uniqueItems"), after.Bool("uniqueItems"));
        if (oldUnique != newUnique)
        {
            changes.Add(new(newUnique ? ConstraintEffect.Tightened : ConstraintEffect.Loosened, $"{Code("uniqueItems")} of {subject} changed from {Code(oldUnique ? "true" : "false")} to {Code(newUnique ? "true" : "false")}"));
        }
        return changes;
    }

    /// <summary>The <c>default</c> of each version as comparable text (null when absent), or null when both are equal.</summary>
    public static (string? Before, string? After)? DefaultChange(SpecNode before, SpecNode after)
    {
        var (oldDefault, newDefault) = (before.Get("default"), after.Get("default"));
        if (oldDefault is null && newDefault is null) return null;
        var (oldText, newText) = (oldDefault is null ? null : Canonical(oldDefault), newDefault is null ? null : Canonical(newDefault));
        return oldText == newText ? null : (oldText, newText);
    }

    // ---------------------------------------------------------------- lengths and counts

    private static void CompareLimit(SpecNode before, SpecNode after, string keyword, bool isUpper, string subject, List<ConstraintChange> changes)
    {
        var (oldText, newText) = (before.Str(keyword), after.Str(keyword));
        if (oldText == newText) return;
        // An absent maximum admits any count; an absent minimum is 0.
        var absent = isUpper ? double.PositiveInfinity : 0d;
        ConstraintEffect effect;
        if (TryNumber(oldText, absent, out var oldValue) && TryNumber(newText, absent, out var newValue))
        {
            if (oldValue == newValue) return;
            effect = (newValue < oldValue) == isUpper ? ConstraintEffect.Tightened : ConstraintEffect.Loosened;
        }
        else
        {
            effect = ConstraintEffect.Changed;
        }
        changes.Add(new(effect, $"{Code(keyword)} of {subject} changed from {Code(oldText)} to {Code(newText)}"));
    }

    // ---------------------------------------------------------------- numeric bounds

    /// <summary>A numeric bound: the value compared (normalised), whether it is exclusive, and how to show it.</summary>
    private sealed record Bound(double Value, bool Exclusive, string Text);

    private static Bound? LowerBound(SpecNode schema, bool integer) => EffectiveBound(schema, "minimum", "exclusiveMinimum", isUpper: false, integer);

    private static Bound? UpperBound(SpecNode schema, bool integer) => EffectiveBound(schema, "maximum", "exclusiveMaximum", isUpper: true, integer);

    /// <summary>
    /// The bound a schema enforces: 3.0 marks <c>minimum</c> exclusive with <c>exclusiveMinimum: true</c>; 3.1 gives
    /// <c>exclusiveMinimum</c> its own number, and a schema may carry both (the tighter one applies).
    /// </summary>
    private static Bound? EffectiveBound(SpecNode schema, string inclusiveKeyword, string exclusiveKeyword, bool isUpper, bool integer)
    {
        var inclusiveText = schema.Str(inclusiveKeyword);
        var exclusiveText = schema.Str(exclusiveKeyword);
        var booleanExclusive = exclusiveText is not null && (exclusiveText.Equals("true", StringComparison.OrdinalIgnoreCase) || exclusiveText.Equals("false", StringComparison.OrdinalIgnoreCase));
        var candidates = new List<Bound>();
        if (inclusiveText is not null && TryNumber(inclusiveText, 0, out var inclusive))
        {
            var exclusive = booleanExclusive && exclusiveText!.Equals("true", StringComparison.OrdinalIgnoreCase);
            candidates.Add(Normalize(inclusive, inclusiveText, exclusive, isUpper, integer));
        }
        if (exclusiveText is not null && !booleanExclusive && TryNumber(exclusiveText, 0, out var exclusiveValue))
        {
            candidates.Add(Normalize(exclusiveValue, exclusiveText, true, isUpper, integer));
        }
        if (candidates.Count == 0) return null;
        return candidates.Aggregate((a, b) => Tighter(a, b, isUpper) ? a : b);
    }

    /// <summary>An integer's exclusive or fractional bound is the nearest integer inside it, inclusive.</summary>
    private static Bound Normalize(double value, string spelled, bool exclusive, bool isUpper, bool integer)
    {
        var text = (isUpper ? (exclusive ? "< " : "≤ ") : (exclusive ? "> " : "≥ ")) + spelled;
        if (!integer || double.IsInfinity(value)) return new(value, exclusive, text);
        var inside = isUpper
            ? (exclusive ? Math.Ceiling(value) - 1 : Math.Floor(value))
            : (exclusive ? Math.Floor(value) + 1 : Math.Ceiling(value));
        return new(inside, false, text);
    }

    /// <summary>Whether bound <paramref name="a"/> admits fewer values than <paramref name="b"/>.</summary>
    private static bool Tighter(Bound a, Bound b, bool isUpper)
    {
        if (a.Value != b.Value) return isUpper ? a.Value < b.Value : a.Value > b.Value;
        return a.Exclusive && !b.Exclusive;
    }

    private static void CompareBound(Bound? before, Bound? after, bool isUpper, string subject, List<ConstraintChange> changes)
    {
        if (before is null && after is null) return;
        if (before is not null && after is not null && before.Value == after.Value && before.Exclusive == after.Exclusive) return;
        // No bound admits everything, so adding one tightens and dropping one loosens.
        var tightened = after is not null && (before is null || Tighter(after, before, isUpper));
        var keywords = isUpper ? $"{Code("maximum")}/{Code("exclusiveMaximum")}" : $"{Code("minimum")}/{Code("exclusiveMinimum")}";
        changes.Add(new(
            tightened ? ConstraintEffect.Tightened : ConstraintEffect.Loosened,
            $"the {(isUpper ? "upper" : "lower")} bound ({keywords}) of {subject} changed from {Code(before?.Text)} to {Code(after?.Text)}"));
    }

    // ---------------------------------------------------------------- multipleOf

    private static void CompareMultipleOf(string? oldText, string? newText, string subject, List<ConstraintChange> changes)
    {
        if (oldText == newText) return;
        ConstraintEffect effect;
        if (oldText is null) effect = ConstraintEffect.Tightened;
        else if (newText is null) effect = ConstraintEffect.Loosened;
        // Decimal, not double: 0.2 is an exact multiple of 0.1 only in decimal arithmetic.
        else if (decimal.TryParse(oldText, NumberStyles.Float, CultureInfo.InvariantCulture, out var oldStep)
                 && decimal.TryParse(newText, NumberStyles.Float, CultureInfo.InvariantCulture, out var newStep)
                 && oldStep > 0 && newStep > 0)
        {
            if (oldStep == newStep) return;
            effect = newStep % oldStep == 0 ? ConstraintEffect.Tightened
                : oldStep % newStep == 0 ? ConstraintEffect.Loosened
                : ConstraintEffect.Changed;
        }
        else
        {
            effect = ConstraintEffect.Changed;
        }
        changes.Add(new(effect, $"{Code("multipleOf")} of {subject} changed from {Code(oldText)} to {Code(newText)}"));
    }

    // ---------------------------------------------------------------- helpers

    private static bool TryNumber(string? text, double absent, out double value)
    {
        if (text is null)
        {
            value = absent;
            return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A compact, order-preserving text form of a default value.</summary>
    private static string Canonical(SpecNode node) => node switch
    {
        SpecScalar scalar => scalar.Value,
        SpecSequence seq => "[" + string.Join(", ", seq.Items.Select(Canonical)) + "]",
        SpecMapping map => "{" + string.Join(", ", map.Entries.Select(e => e.Key + ": " + Canonical(e.Value))) + "}",
        _ => "",
    };

    private static string Code(string? text) => "`" + (string.IsNullOrEmpty(text) ? "(none)" : text) + "`";
}
