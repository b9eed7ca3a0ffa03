using Microsoft.CodeAnalysis;
using Xunit;

namespace Fireworks.Generator.Tests;

/// <summary>
/// The overlay's <c>immutable</c> section is the one home of the fields a caller sets at create and never changes:
/// the generator lists them on <c>{Resource}Fields</c>, and every entry it cannot place is an FWG005 in the overlay.
/// </summary>
public sealed class ImmutableOverlayTests
{
    private const string SpecPath = "/specs/things.openapi.yaml";
    private const string OverlayPath = "/specs/things.overlay.yaml";

    // One resource updated with a field mask (so it gets ThingFields), one that is only read (no field class), one
    // that is listed with a filter (so it gets WidgetFields) but never updated.
    private const string Spec = """
        openapi: 3.0.0
        info: { title: Things, version: 1.0.0 }
        paths:
          /v1/things/{thing_id}:
            patch:
              operationId: Things_UpdateThing
              parameters:
                - { name: thing_id, in: path, required: true, schema: { type: string } }
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/Thing' }
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Thing' }
          /v1/gadgets/{gadget_id}:
            get:
              operationId: Gadgets_GetGadget
              parameters:
                - { name: gadget_id, in: path, required: true, schema: { type: string } }
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Gadget' }
          /v1/widgets:
            get:
              operationId: Widgets_ListWidgets
              parameters:
                - { name: filter, in: query, schema: { type: string } }
                - { name: pageToken, in: query, schema: { type: string } }
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/ListWidgetsResponse' }
        components:
          schemas:
            Widget:
              type: object
              properties:
                name: { type: string }
                colour: { type: string }
            ListWidgetsResponse:
              type: object
              properties:
                widgets: { type: array, items: { $ref: '#/components/schemas/Widget' } }
                nextPageToken: { type: string }
            Thing:
              type: object
              properties:
                name: { type: string }
                region: { type: string }
                displayName: { type: string }
                owner: { type: string }
                createTime: { type: string, format: date-time, readOnly: true }
            Gadget:
              type: object
              properties:
                name: { type: string }
                size: { type: integer }
        """;

    private static GeneratorRunResult Run(string immutableSection) =>
        GeneratorHarness.RunWithOverlay(SpecPath, Spec, OverlayPath, "appliesTo: things.openapi.yaml\nimmutable:\n" + immutableSection);

    [Fact]
    public void Marked_fields_are_listed_on_the_resource_fields_class_in_spec_order_and_compile()
    {
        var result = Run("  Thing:\n    owner: handed over at create\n    region: chosen at create\n");
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics.Select(d => d.ToString()));

        var fields = result.Source("Fireworks.Filtering.ThingFields.g.cs");
        Assert.Contains("ImmutableJsonNames { get; } = new string[] { \"region\", \"owner\", };", fields, StringComparison.Ordinal);
        Assert.Contains("OutputOnlyJsonNames { get; } = new string[] { \"createTime\", };", fields, StringComparison.Ordinal);
        Assert.Empty(GeneratedCompiler.Errors(result));
    }

    [Fact]
    public void A_resource_that_is_listed_but_never_updated_lists_nothing_immutable()
    {
        var result = Run("  Thing:\n    region: chosen at create\n");
        Assert.Contains(
            "ImmutableJsonNames { get; } = new string[] { };",
            result.Source("Fireworks.Filtering.WidgetFields.g.cs"),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Without_marks_the_list_is_empty()
    {
        var result = Run("  {}\n");
        Assert.Null(result.Exception);
        Assert.Contains(
            "ImmutableJsonNames { get; } = new string[] { };",
            result.Source("Fireworks.Filtering.ThingFields.g.cs"),
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  Thing:\n    colour: chosen at create\n", "'Thing.colour' immutable, which this spec does not define")]
    [InlineData("  Sprocket:\n    region: chosen at create\n", "'Sprocket.region' immutable, which this spec does not define")]
    [InlineData("  Thing:\n    createTime: set by the server\n", "but the spec marks it output-only (readOnly)")]
    [InlineData("  Gadget:\n    size: chosen at create\n", "'Gadget' has no update with a field mask for it to restrict")]
    [InlineData("  Widget:\n    colour: chosen at create\n", "'Widget' has no update with a field mask for it to restrict")]
    [InlineData("  Thing:\n    region: \"\"\n", "'immutable.Thing.region' needs the reason as its value")]
    public void An_entry_the_generator_cannot_place_is_FWG005_at_its_line_in_the_overlay(string section, string message)
    {
        GeneratorHarness.AssertSingleOverlayProblem(Run(section), OverlayPath, line: 4, message);
    }
}
