using Fireworks.SpecDiff.Loading;
using Fireworks.SpecDiff.OpenApi;
using Xunit;

namespace Fireworks.SpecDiff.Tests;

/// <summary>
/// How constraint changes are judged: by the values a schema admits, not by how the bound is spelled. The rule cases
/// under TestData/rules/ cover each rule; these cover the equivalences (which must report nothing, so they cannot be
/// rule cases) and the arithmetic.
/// </summary>
public sealed class ConstraintTests
{
    [Fact]
    public void A_3_0_boolean_exclusive_bound_rewritten_as_a_3_1_numeric_one_is_no_change()
    {
        var findings = Diff(
            "3.0.3", "type: number\nminimum: 0\nexclusiveMinimum: true\nmaximum: 10\nexclusiveMaximum: true",
            "3.1.0", "type: number\nexclusiveMinimum: 0\nexclusiveMaximum: 10");

        Assert.Empty(findings);
    }

    [Fact]
    public void On_an_integer_an_exclusive_bound_equals_the_next_inclusive_one()
    {
        Assert.Empty(Diff("3.1.0", "type: integer\nexclusiveMinimum: 0\nexclusiveMaximum: 10", "3.1.0", "type: integer\nminimum: 1\nmaximum: 9"));

        // A number has values between 0 and 1, which the inclusive bound now rejects.
        var tightened = Diff("3.1.0", "type: number\nexclusiveMinimum: 0", "3.1.0", "type: number\nminimum: 1");
        Assert.Equal(["request-property-constraint-tightened", "response-property-constraint-tightened"], RuleIds(tightened));
    }

    [Fact]
    public void With_both_3_1_bounds_the_tighter_one_applies()
    {
        Assert.Empty(Diff("3.1.0", "type: number\nminimum: 5\nexclusiveMinimum: 0", "3.1.0", "type: number\nminimum: 5"));

        var tightened = Diff("3.1.0", "type: number\nminimum: 5", "3.1.0", "type: number\nminimum: 5\nexclusiveMinimum: 5");
        Assert.Equal(["request-property-constraint-tightened", "response-property-constraint-tightened"], RuleIds(tightened));
        Assert.Contains("changed from `≥ 5` to `> 5`", tightened[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zero_minimum_length_or_count_is_the_same_as_none()
    {
        Assert.Empty(Diff("3.1.0", "type: string", "3.1.0", "type: string\nminLength: 0"));
        Assert.Empty(Diff("3.1.0", "type: array\nitems:\n  type: string", "3.1.0", "type: array\nminItems: 0\nitems:\n  type: string"));
    }

    [Fact]
    public void A_bound_written_differently_but_equal_is_no_change()
    {
        Assert.Empty(Diff("3.1.0", "type: number\nmaximum: 100\nmaxLength: 10", "3.1.0", "type: number\nmaximum: 1e2\nmaxLength: 10.0"));
    }

    [Fact]
    public void Multiple_of_is_compared_in_decimal_so_a_finer_step_loosens_and_a_coarser_one_tightens()
    {
        Assert.Equal(["request-property-constraint-tightened", "response-property-constraint-tightened"],
            RuleIds(Diff("3.1.0", "type: number\nmultipleOf: 0.1", "3.1.0", "type: number\nmultipleOf: 0.2")));
        Assert.Equal(["request-property-constraint-loosened", "response-property-constraint-loosened"],
            RuleIds(Diff("3.1.0", "type: number\nmultipleOf: 0.2", "3.1.0", "type: number\nmultipleOf: 0.1")));
    }

    [Fact]
    public void A_replaced_step_or_pattern_is_a_tightening_for_senders_and_a_loosening_for_receivers()
    {
        Assert.Equal(["request-property-constraint-tightened", "response-property-constraint-loosened"],
            RuleIds(Diff("3.1.0", "type: number\nmultipleOf: 0.2", "3.1.0", "type: number\nmultipleOf: 0.3")));
        Assert.Equal(["request-property-constraint-tightened", "response-property-constraint-loosened"],
            RuleIds(Diff("3.1.0", "type: string\npattern: '^a'", "3.1.0", "type: string\npattern: '^b'")));
    }

    [Fact]
    public void Unique_items_switched_on_tightens()
    {
        Assert.Equal(["request-property-constraint-tightened", "response-property-constraint-tightened"],
            RuleIds(Diff("3.1.0", "type: array\nitems:\n  type: string", "3.1.0", "type: array\nuniqueItems: true\nitems:\n  type: string")));
    }

    [Fact]
    public void A_default_written_differently_but_equal_is_no_change_and_an_added_one_is_reported()
    {
        Assert.Empty(Diff("3.1.0", "type: array\nitems:\n  type: string\ndefault: [a, b]", "3.1.0", "type: array\nitems:\n  type: string\ndefault:\n- a\n- b"));

        var added = Diff("3.1.0", "type: string", "3.1.0", "type: string\ndefault: ''");
        Assert.Equal(["request-property-default-changed", "response-property-default-changed"], RuleIds(added));
        Assert.Contains("changed from `(none)` to `\"\"`", added[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_changed_keyword_is_one_finding_that_names_it_with_both_values()
    {
        var findings = Diff("3.1.0", "type: string\nmaxLength: 64\nminLength: 1", "3.1.0", "type: string\nmaxLength: 32\nminLength: 2");

        var sent = findings.Where(f => f.Via == Directions.Request).Select(f => f.Message).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            ["`maxLength` of the property `value` changed from `64` to `32`", "`minLength` of the property `value` changed from `1` to `2`"],
            sent);
    }

    /// <summary>
    /// The findings for one property schema changed from <paramref name="oldSchema"/> to <paramref name="newSchema"/>,
    /// once in a body clients send (<c>Sent</c>) and once in one they receive (<c>Received</c>), request findings first.
    /// </summary>
    private static List<Finding> Diff(string oldVersion, string oldSchema, string newVersion, string newSchema)
    {
        var findings = OpenApiDiffer.Compare(Spec(oldVersion, oldSchema), Spec(newVersion, newSchema));
        return findings.OrderBy(f => f.Via).ThenBy(f => f.Message, StringComparer.Ordinal).ToList();
    }

    private static List<string> RuleIds(List<Finding> findings) => findings.Select(f => f.RuleId).Distinct().ToList();

    private static SpecDocument Spec(string openApiVersion, string valueSchema)
    {
        var indented = string.Join("\n", valueSchema.Split('\n').Select(l => "          " + l));
        var text = $$"""
            openapi: {{openApiVersion}}
            info:
              title: Constraints
              version: 1.0.0
            paths:
              /v1/things:
                post:
                  operationId: Things_Create
                  requestBody:
                    required: true
                    content:
                      application/json:
                        schema:
                          $ref: '#/components/schemas/Sent'
                  responses:
                    '200':
                      description: OK
                      content:
                        application/json:
                          schema:
                            $ref: '#/components/schemas/Received'
            components:
              schemas:
                Sent:
                  type: object
                  properties:
                    value:
            {{indented}}
                Received:
                  type: object
                  properties:
                    value:
            {{indented}}
            """;
        return SpecLoader.Parse("constraints.yaml", text);
    }
}
