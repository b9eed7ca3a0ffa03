using Microsoft.CodeAnalysis;
using Xunit;

namespace Fireworks.Generator.Tests;

/// <summary>Every spec the generator cannot map gives a diagnostic with an id and a location, never an exception.</summary>
public sealed class DiagnosticTests
{
    private const string SpecPath = "/specs/broken.openapi.yaml";

    private const string Header = "openapi: 3.0.0\ninfo:\n  title: Broken\n  version: 1.0.0\n";

    private static Diagnostic Single(string id, params AdditionalText[] extra)
    {
        var result = GeneratorHarness.Run(extra.Concat(GeneratorHarness.Templates()));
        Assert.Null(result.Exception);
        var matching = result.Diagnostics.Where(d => d.Id == id).ToList();
        Assert.True(matching.Count == 1, $"expected one {id}, got: {string.Join(" | ", result.Diagnostics)}");
        return matching[0];
    }

    private static AdditionalText Spec(string yaml) => new InMemoryAdditionalText(SpecPath, yaml);

    [Fact]
    public void Malformed_yaml_is_FWG001_at_the_broken_line()
    {
        var d = Single("FWG001", Spec(Header + "paths:\n  /x:\n    get: [unclosed\n"));
        Assert.Equal(SpecPath, d.Location.GetLineSpan().Path);
        Assert.True(d.Line() >= 7, $"line {d.Line()}");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
    }

    [Fact]
    public void A_dangling_ref_is_FWG002_naming_the_reference_and_its_user()
    {
        var d = Single("FWG002", Spec(Header + """
            paths: {}
            components:
              schemas:
                Job:
                  type: object
                  properties:
                    owner:
                      $ref: '#/components/schemas/Missing'
            """));
        Assert.Contains("#/components/schemas/Missing", d.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("Job/properties/owner", d.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(12, d.Line());
    }

    [Fact]
    public void Not_is_FWG003_unsupported()
    {
        var d = Single("FWG003", Spec(Header + """
            paths: {}
            components:
              schemas:
                Shape:
                  type: object
                  properties:
                    size:
                      not:
                        type: string
            """));
        Assert.Contains("'not'", d.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(13, d.Line());
    }

    [Fact]
    public void A_union_whose_json_cannot_tell_its_variants_apart_is_FWG023_and_kept_as_json()
    {
        var result = GeneratorHarness.Run(new[] { Spec(Header + """
            paths: {}
            components:
              schemas:
                Cat:
                  type: object
                  properties:
                    name: { type: string }
                Dog:
                  type: object
                  properties:
                    name: { type: string }
                Pet:
                  type: object
                  properties:
                    animal:
                      oneOf:
                        - $ref: '#/components/schemas/Cat'
                        - $ref: '#/components/schemas/Dog'
            """) }.Concat(GeneratorHarness.Templates()));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("FWG023", d.Id);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal(21, d.Line()); // the oneOf list
        Assert.Contains("#/components/schemas/Pet/properties/animal", d.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("public global::System.Text.Json.JsonElement? Animal { get; set; }", result.Source("Fireworks.Models.Pet.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_schemas_with_one_csharp_name_are_FWG004()
    {
        var d = Single("FWG004", Spec(Header + """
            paths: {}
            components:
              schemas:
                gatewayJob:
                  type: object
                Job:
                  type: object
            """));
        Assert.Contains("'Job'", d.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(11, d.Line());
    }

    [Fact]
    public void A_stale_overlay_entry_is_FWG005_in_the_overlay()
    {
        var overlay = new InMemoryAdditionalText("/specs/broken.overlay.yaml", "appliesTo: broken.openapi.yaml\ntypes:\n  NoSuchSchema: Renamed\n");
        var d = Single("FWG005", Spec(Header + "paths: {}\n"), overlay);
        Assert.Equal("/specs/broken.overlay.yaml", d.Location.GetLineSpan().Path);
        Assert.Equal(3, d.Line());
        Assert.Contains("NoSuchSchema", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_duration_mark_on_a_property_the_spec_lacks_is_FWG005_in_the_overlay()
    {
        // Reported by the field-class builder, which runs after the other checks: its diagnostics must still arrive.
        var overlay = new InMemoryAdditionalText("/specs/broken.overlay.yaml", "appliesTo: broken.openapi.yaml\ndurations:\n  - Thing.noSuchWindow\n");
        var d = Single("FWG005", Spec(Header + "paths: {}\ncomponents:\n  schemas:\n    Thing:\n      type: object\n      properties:\n        window: { type: string }\n"), overlay);
        Assert.Equal("/specs/broken.overlay.yaml", d.Location.GetLineSpan().Path);
        Assert.Equal(3, d.Line());
        Assert.Contains("Thing.noSuchWindow", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_that_does_not_parse_is_FWG006_in_the_template()
    {
        var templates = GeneratorHarness.Templates()
            .Select(t => t.Path.EndsWith("enum.scriban", StringComparison.Ordinal) ? new InMemoryAdditionalText(t.Path, "line one\n{{ for x in }}\n") : t)
            .ToList();
        var spec = Spec(Header + "paths: {}\ncomponents:\n  schemas:\n    Color:\n      type: string\n      enum: [RED, GREEN]\n");
        var result = GeneratorHarness.Run(new[] { spec }.Concat(templates));
        var d = Assert.Single(result.Diagnostics, x => x.Id == "FWG006");
        Assert.EndsWith("enum.scriban", d.Location.GetLineSpan().Path, StringComparison.Ordinal);
        Assert.Equal(2, d.Line());
    }

    [Fact]
    public void A_missing_template_is_FWG007()
    {
        var templates = GeneratorHarness.Templates().Where(t => !t.Path.EndsWith("enum.scriban", StringComparison.Ordinal));
        var spec = Spec(Header + "paths: {}\ncomponents:\n  schemas:\n    Color:\n      type: string\n      enum: [RED, GREEN]\n");
        var result = GeneratorHarness.Run(new[] { spec }.Concat(templates));
        var d = Assert.Single(result.Diagnostics, x => x.Id == "FWG007");
        Assert.Contains("enum.scriban", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_operation_without_operationId_is_FWG008()
    {
        var d = Single("FWG008", Spec(Header + """
            paths:
              /v1/things:
                get:
                  responses:
                    '200':
                      description: ok
            """));
        Assert.Contains("GET /v1/things", d.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(8, d.Line()); // the operation's body, under "get:"
    }

    [Fact]
    public void A_broken_operation_is_reported_and_the_rest_still_generates()
    {
        var result = GeneratorHarness.Run(new[] { Spec(Header + """
            paths:
              /v1/things:
                get:
                  operationId: Svc_ListThings
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema:
                            $ref: '#/components/schemas/Thing'
              /v1/other:
                get:
                  operationId: Svc_GetOther
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema:
                            $ref: '#/components/schemas/Gone'
            components:
              schemas:
                Thing:
                  type: object
                  properties:
                    name:
                      type: string
            """) }.Concat(GeneratorHarness.Templates()));
        Assert.Contains(result.Diagnostics, d => d.Id == "FWG002");
        Assert.Contains(result.GeneratedSources, s => s.HintName == "Fireworks.ThingsClient.g.cs");
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName == "Fireworks.OtherClient.g.cs");
    }

    [Fact]
    public void Two_versions_of_one_spec_beside_their_overlay_are_one_FWG004_naming_both_not_a_generator_crash()
    {
        // A new vendor release dropped into spec/ next to the current one: both match the overlay's appliesTo and
        // would generate every type twice. Roslyn rejects the second file of each name by throwing, which discarded
        // the generator's whole output and left hundreds of unrelated CS errors.
        const string Things = """
            paths:
              /v1/things/{thing_id}:
                get:
                  operationId: Svc_GetThing
                  parameters:
                    - name: thing_id
                      in: path
                      required: true
                      schema: { type: string }
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema:
                            $ref: '#/components/schemas/Thing'
            components:
              schemas:
                Thing:
                  type: object
                  properties:
                    name:
                      type: string
            """;
        var current = new InMemoryAdditionalText("/specs/things-1.0.0.openapi.yaml", Header + Things);
        var dropped = new InMemoryAdditionalText("/specs/things-1.1.0.openapi.yaml", Header.Replace("1.0.0", "1.1.0", StringComparison.Ordinal) + Things);
        var overlay = new InMemoryAdditionalText("/specs/things.overlay.yaml", "appliesTo: things-*.openapi.yaml\n");

        var result = GeneratorHarness.Run(new AdditionalText[] { dropped, overlay, current }.Concat(GeneratorHarness.Templates()));

        Assert.Null(result.Exception);
        var d = Assert.Single(result.Diagnostics, x => x.Id == "FWG004");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("/specs/things-1.1.0.openapi.yaml", d.Location.GetLineSpan().Path);
        Assert.Contains("things-1.0.0.openapi.yaml", d.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("things-*.openapi.yaml", d.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(d.AdditionalLocations, l => l.GetLineSpan().Path == "/specs/things-1.0.0.openapi.yaml");
        Assert.Single(result.GeneratedSources, s => s.HintName == "Fireworks.Models.Thing.g.cs");
        Assert.Empty(GeneratedCompiler.Errors(result));
    }
}
