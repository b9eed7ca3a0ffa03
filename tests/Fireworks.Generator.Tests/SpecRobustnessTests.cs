using Microsoft.CodeAnalysis;
using Xunit;

namespace Fireworks.Generator.Tests;

/// <summary>
/// Specs that used to make the generator emit code that does not compile: each now generates code that compiles
/// with the runtime, and whatever had to change is a positioned diagnostic (id, file, line).
/// </summary>
public sealed class SpecRobustnessTests
{
    private const string SpecPath = "/specs/robust.openapi.yaml";

    private const string Header = "openapi: 3.0.0\ninfo:\n  title: Robust\n  version: 1.0.0\n";

    private static GeneratorRunResult Generate(string yaml)
    {
        var result = GeneratorHarness.Run(new[] { (AdditionalText)new InMemoryAdditionalText(SpecPath, Header + yaml) }.Concat(GeneratorHarness.Templates()));
        Assert.Null(result.Exception);
        return result;
    }

    private static void AssertCompiles(GeneratorRunResult result) =>
        Assert.Empty(GeneratedCompiler.Errors(result).Select(e => e.ToString()));

    private static Diagnostic Single(GeneratorRunResult result, string id)
    {
        var matching = result.Diagnostics.Where(d => d.Id == id).ToList();
        Assert.True(matching.Count == 1, $"expected one {id}, got: {string.Join(" | ", result.Diagnostics)}");
        Assert.Equal(SpecPath, matching[0].Location.GetLineSpan().Path);
        return matching[0];
    }

    private static int Line(Location location) => location.GetLineSpan().StartLinePosition.Line + 1;

    private const string Hostile = "Ends a comment */ and a doc </summary><summary> & \"quotes\" \\ back\\slash {{ scriban }} ]]> \u2028 after U+2028 \r lone CR \u0085 NEL \u0001 control";

    [Fact]
    public void Hostile_text_is_escaped_in_docs_comments_strings_and_names()
    {
        var quoted = "\"" + Hostile.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\u2028", "\\u2028").Replace("\r", "\\r").Replace("\u0085", "\\u0085").Replace("\u0001", "\\u0001") + "\"";
        var result = Generate($$"""
            paths:
              /v1/things/{thing_id}:
                get:
                  operationId: 'Svc_Get"Thing\'
                  summary: {{quoted}}
                  description: {{quoted}}
                  parameters:
                    - name: thing_id
                      in: path
                      required: true
                      description: {{quoted}}
                      schema: {type: string}
                    - name: 'we"ird\name'
                      in: query
                      description: {{quoted}}
                      schema: {type: string}
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
                  title: {{quoted}}
                  description: {{quoted}}
                  properties:
                    'we"ird\json':
                      type: string
                      description: {{quoted}}
                    color:
                      $ref: '#/components/schemas/Color'
                Color:
                  type: string
                  description: {{quoted}}
                  enum: ['RE"D\', "GREEN BRACES", "BLUE */"]
            """.Replace("BRACES", "{{ x }}", StringComparison.Ordinal));
        AssertCompiles(result);
        var model = result.Source("Fireworks.Models.Thing.g.cs");
        Assert.Contains("&lt;/summary&gt;&lt;summary&gt; &amp; \"quotes\"", model, StringComparison.Ordinal);
        Assert.Contains("{{ scriban }} ]]&gt;", model, StringComparison.Ordinal);
        Assert.DoesNotContain("\u2028", model, StringComparison.Ordinal);
        var converter = result.Source("Fireworks.Serialization.ThingJsonConverter.g.cs");
        Assert.Contains("\"we\\\"ird\\\\json\"u8", converter, StringComparison.Ordinal);
        Assert.Contains("\"RE\\\"D\\\\\"u8", result.Source("Fireworks.Models.Color.g.cs"), StringComparison.Ordinal);
        Assert.Contains("\"Svc_Get\\\"Thing\\\\\"", result.Source("Fireworks.ThingsClient.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void Awkward_names_become_valid_identifiers()
    {
        var result = Generate("""
            paths:
              /v1/things:
                get:
                  operationId: Svc_ListThings
                  parameters:
                    - {name: options, in: query, schema: {type: string}}
                    - {name: cancellation_token, in: query, schema: {type: string}}
                    - {name: page_size, in: query, schema: {type: integer}}
                    - {name: pageSize, in: query, schema: {type: integer}}
                    - {name: class, in: query, schema: {type: string}}
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema:
                            $ref: '#/components/schemas/Options'
            components:
              schemas:
                Options:
                  type: object
                  properties:
                    options: {type: string}
                    additionalProperties: {type: string}
                    toString: {type: string}
                    '': {type: string}
                    '2fast': {type: string}
                    größe: {type: string}
                    class: {type: string}
                    kind:
                      type: string
                      enum: [KIND, UNRECOGNIZED, '1ST', 'ÜBER', '']
            """);
        AssertCompiles(result);
        var renamed = result.Diagnostics.Where(d => d.Id == "FWG021").Select(d => d.GetMessage()).ToList();
        Assert.Contains(renamed, m => m.Contains("'Options'", StringComparison.Ordinal) && m.Contains("OptionsModel", StringComparison.Ordinal));
        Assert.Contains(renamed, m => m.Contains("'options'", StringComparison.Ordinal) && m.Contains("optionsValue", StringComparison.Ordinal));
        Assert.Contains(renamed, m => m.Contains("'pageSize'", StringComparison.Ordinal) && m.Contains("pageSize2", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var model = result.Source("Fireworks.Models.OptionsModel.g.cs");
        Assert.Contains(" Größe { get; set; }", model, StringComparison.Ordinal);
        Assert.Contains(" _2fast { get; set; }", model, StringComparison.Ordinal);
        Assert.Contains(" AdditionalPropertiesValue { get; set; }", model, StringComparison.Ordinal);
        Assert.Contains(" ToStringValue { get; set; }", model, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_enum_value_is_merged_with_FWG020()
    {
        var result = Generate("""
            paths: {}
            components:
              schemas:
                Format:
                  type: string
                  enum:
                    - FORMAT_UNSPECIFIED
                    - FORMAT_JSON
                    - FORMAT_UNSPECIFIED
            """);
        var d = Single(result, "FWG020");
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal(13, Line(d.Location));
        Assert.Contains("FORMAT_UNSPECIFIED", d.GetMessage(), StringComparison.Ordinal);
        AssertCompiles(result);
        var source = result.Source("Fireworks.Models.Format.g.cs");
        Assert.Single(source.Split(" Unspecified { get; } = new(WireValues.Unspecified);", StringSplitOptions.None).Skip(1));
    }

    [Fact]
    public void Enum_values_with_one_csharp_name_get_distinct_members_with_FWG021()
    {
        var result = Generate("""
            paths: {}
            components:
              schemas:
                Tier:
                  type: string
                  enum:
                    - tier-one
                    - TIER-ONE
                    - TierOne
            """);
        var renamed = result.Diagnostics.Where(d => d.Id == "FWG021").ToList();
        Assert.Equal(2, renamed.Count);
        Assert.Equal(new[] { 12, 13 }, renamed.Select(d => Line(d.Location)).Order());
        AssertCompiles(result);
        var source = result.Source("Fireworks.Models.Tier.g.cs");
        foreach (var wire in new[] { "\"tier-one\"", "\"TIER-ONE\"", "\"TierOne\"" }) Assert.Contains(wire, source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_operationId_is_FWG004_naming_both_locations()
    {
        var result = Generate("""
            paths:
              /v1/things:
                get:
                  operationId: Svc_ListThings
                  responses:
                    '200': {description: ok}
              /v1/others:
                get:
                  operationId: Svc_ListThings
                  responses:
                    '200': {description: ok}
            """);
        var d = Single(result, "FWG004");
        Assert.Equal(13, Line(d.Location));
        var first = Assert.Single(d.AdditionalLocations);
        Assert.Equal(8, Line(first));
        Assert.Contains("(8,", d.GetMessage(), StringComparison.Ordinal);
        AssertCompiles(result);
    }

    [Fact]
    public void A_schema_name_given_twice_is_FWG004_naming_both_keys_and_the_first_is_generated()
    {
        var result = Generate("""
            paths: {}
            components:
              schemas:
                Job:
                  type: object
                  properties:
                    name: {type: string}
                Other:
                  type: object
                  properties:
                    job: {$ref: '#/components/schemas/Job'}
                Job:
                  type: object
                  properties:
                    title: {type: string}
            """);
        var d = Single(result, "FWG004");
        Assert.Equal(16, Line(d.Location));
        Assert.Equal(8, Line(Assert.Single(d.AdditionalLocations)));
        AssertCompiles(result);
        Assert.Contains("Name { get; set; }", result.Source("Fireworks.Models.Job.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_properties_with_one_csharp_name_are_FWG004_naming_both()
    {
        var result = Generate("""
            paths: {}
            components:
              schemas:
                Job:
                  type: object
                  properties:
                    page_size: {type: integer}
                    pageSize: {type: integer}
            """);
        var d = Single(result, "FWG004");
        Assert.Equal(12, Line(d.Location));
        Assert.Equal(11, Line(Assert.Single(d.AdditionalLocations)));
        AssertCompiles(result);
    }

    private const string RecursiveSpec = """
            paths: {}
            components:
              schemas:
                Node:
                  type: object
                  properties:
                    self: {$ref: '#/components/schemas/Node'}
                    children:
                      type: array
                      items: {$ref: '#/components/schemas/Node'}
                    byName:
                      type: object
                      additionalProperties: {$ref: '#/components/schemas/Node'}
                    other: {$ref: '#/components/schemas/Other'}
                Other:
                  type: object
                  properties:
                    back: {$ref: '#/components/schemas/Node'}
                    nodes: {$ref: '#/components/schemas/NodeList'}
                NodeList:
                  type: array
                  items: {$ref: '#/components/schemas/Other'}
            """;

    [Fact]
    public void Recursive_schemas_through_properties_arrays_and_maps_compile()
    {
        var result = Generate(RecursiveSpec);
        Assert.Empty(result.Diagnostics.Select(d => d.ToString()));
        AssertCompiles(result);
    }

    [Fact]
    public void Recursive_models_round_trip_through_the_generated_converters()
    {
        var result = Generate(RecursiveSpec);
        var context = new System.Runtime.Loader.AssemblyLoadContext("recursive-models", isCollectible: true);
        try
        {
            var assembly = GeneratedCompiler.Load(result, context);
            var json = """{"self":{"children":[{"byName":{"k":{"other":{"back":{},"nodes":[{"back":{"self":{}}}]}}}}]},"extra":[1,{"deep":true}]}""";
            var nodeType = assembly.GetType("Fireworks.Models.Node", throwOnError: true)!;
            var jsonContext = (System.Text.Json.Serialization.JsonSerializerContext)assembly.GetType("Fireworks.Serialization.FireworksJsonContext", throwOnError: true)!
                .GetProperty("Default")!.GetValue(null)!;
            var value = System.Text.Json.JsonSerializer.Deserialize(json, nodeType, jsonContext);
            var written = System.Text.Json.JsonSerializer.Serialize(value, nodeType, jsonContext);
            Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(json), System.Text.Json.Nodes.JsonNode.Parse(written)), written);
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void An_array_without_items_keeps_each_element_as_JSON_and_round_trips_it()
    {
        // JSON Schema (OpenAPI 3.1): no 'items', or 'items: true', constrains nothing; llama-stack's spec has 74 of these.
        var result = Generate("""
            paths: {}
            components:
              schemas:
                Table:
                  type: object
                  properties:
                    rows: {type: array}
                    flags: {type: array, items: true}
                    byKey:
                      type: object
                      additionalProperties: {type: array}
            """);
        Assert.Empty(result.Diagnostics.Select(d => d.ToString()));
        AssertCompiles(result);
        Assert.Contains("IList<global::System.Text.Json.JsonElement>? Rows { get; set; }", result.Source("Fireworks.Models.Table.g.cs"), StringComparison.Ordinal);
        var context = new System.Runtime.Loader.AssemblyLoadContext("array-without-items", isCollectible: true);
        try
        {
            var assembly = GeneratedCompiler.Load(result, context);
            var json = """{"rows":[1,"two",{"three":[3]},null,true],"flags":[],"byKey":{"a":[{"x":1.5e300}],"b":[]}}""";
            var tableType = assembly.GetType("Fireworks.Models.Table", throwOnError: true)!;
            var jsonContext = (System.Text.Json.Serialization.JsonSerializerContext)assembly.GetType("Fireworks.Serialization.FireworksJsonContext", throwOnError: true)!
                .GetProperty("Default")!.GetValue(null)!;
            var value = System.Text.Json.JsonSerializer.Deserialize(json, tableType, jsonContext);
            var written = System.Text.Json.JsonSerializer.Serialize(value, tableType, jsonContext);
            Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(json), System.Text.Json.Nodes.JsonNode.Parse(written)), written);
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void A_schema_that_is_only_a_ref_to_itself_is_FWG022_and_its_users_keep_JSON()
    {
        var result = Generate("""
            paths: {}
            components:
              schemas:
                Loop:
                  $ref: '#/components/schemas/Loop'
                Ring:
                  type: array
                  items: {$ref: '#/components/schemas/Ring'}
                Holder:
                  type: object
                  properties:
                    loop: {$ref: '#/components/schemas/Loop'}
                    ring: {$ref: '#/components/schemas/Ring'}
                    name: {type: string}
            """);
        var cycles = result.Diagnostics.Where(d => d.Id == "FWG022").ToList();
        Assert.Equal(2, cycles.Count);
        Assert.Equal(new[] { 9, 11 }, cycles.Select(d => Line(d.Location)).Order());
        Assert.All(cycles, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        var kept = result.Diagnostics.Where(d => d.Id == "FWG023").Select(d => Line(d.Location)).Order();
        Assert.Equal(new[] { 16, 17 }, kept);
        AssertCompiles(result);
        Assert.Contains("JsonElement? Loop { get; set; }", result.Source("Fireworks.Models.Holder.g.cs"), StringComparison.Ordinal);
    }

    private const string ListSpec = """
        paths:
          /v1/things:
            get:
              operationId: Svc_ListThings
              parameters:
                - {name: pageToken, in: query, schema: {type: string}}
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/ListThingsResponse'
        components:
          schemas:
            Thing:
              type: object
              properties:
                name: {type: string}
            ListThingsResponse:
              type: object
              properties:
                things:
                  type: array
                  items: {$ref: '#/components/schemas/Thing'}
                nextPageToken: NEXT
                totalSize: TOTAL
        """;

    [Fact]
    public void A_page_member_that_became_a_union_is_kept_as_JSON_and_paging_still_compiles()
    {
        var result = Generate(ListSpec.Replace("NEXT", "{type: string}").Replace("TOTAL", "{not: {type: string}}"));
        Assert.Equal(31, Line(Single(result, "FWG003").Location));
        Assert.Equal(31, Line(Single(result, "FWG023").Location));
        AssertCompiles(result);
        Assert.Contains("AsyncPageable<global::Fireworks.Models.Thing> ListAsync(", result.Source("Fireworks.ThingsClient.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_token_that_became_a_union_turns_the_list_into_a_single_page_call_with_FWG024()
    {
        var result = Generate(ListSpec.Replace("NEXT", "{not: {type: string}}").Replace("TOTAL", "{type: integer}"));
        Assert.Equal(30, Line(Single(result, "FWG003").Location));
        var d = Single(result, "FWG024");
        Assert.Equal(8, Line(d.Location));
        Assert.Contains("nextPageToken", d.GetMessage(), StringComparison.Ordinal);
        AssertCompiles(result);
        var client = result.Source("Fireworks.ThingsClient.g.cs");
        Assert.Contains("Task<global::Fireworks.Models.ListThingsResponse> ListAsync(", client, StringComparison.Ordinal);
        Assert.DoesNotContain("AsyncPageable", client, StringComparison.Ordinal);
    }
}
