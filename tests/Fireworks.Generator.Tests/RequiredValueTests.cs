using System.Runtime.Loader;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Fireworks.Generator.Tests;

/// <summary>
/// Required properties of value types (numbers, bools, enums, timestamps, JSON values) have no null to say "absent":
/// the generated models write them only when the caller set them or the reader read them, so a model read without
/// one writes it back absent instead of a made-up 0, <c>false</c>, first enum value or year one.
/// </summary>
public sealed class RequiredValueTests(RequiredValueTests.GeneratedMeter generated) : IClassFixture<RequiredValueTests.GeneratedMeter>
{
    private const string Spec = """
        openapi: 3.0.0
        info: { title: Meters, version: 1.0.0 }
        paths:
          /v1/meters/{meter_id}:
            patch:
              operationId: Meters_UpdateMeter
              parameters:
                - { name: meter_id, in: path, required: true, schema: { type: string } }
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/Meter' }
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Meter' }
        components:
          schemas:
            Meter:
              type: object
              required: [name, count, ratio, enabled, kind, since, settings]
              properties:
                name: { type: string }
                count: { type: integer, format: int32 }
                ratio: { type: number, format: double }
                enabled: { type: boolean }
                kind: { type: string, enum: [KIND_UNSPECIFIED, KIND_A] }
                since: { type: string, format: date-time }
                settings: { type: object }
                limit: { type: integer, format: int32 }
        """;

    private static readonly Lazy<GeneratorRunResult> Run = new(() => GeneratorHarness.Run(
        new AdditionalText[] { new InMemoryAdditionalText("/specs/meters.openapi.yaml", Spec) }.Concat(GeneratorHarness.Templates())));

    [Fact]
    public void The_spec_maps_without_diagnostics()
    {
        Assert.Null(Run.Value.Exception);
        Assert.Empty(Run.Value.Diagnostics.Select(d => d.ToString()));
    }

    [Theory]
    [InlineData("Fireworks.Models.Meter.g.cs")]                     // a presence flag per required value type but the JSON value; the update mask tests it
    [InlineData("Fireworks.Serialization.MeterJsonConverter.g.cs")] // the reader raises the flag (null clears it), the writer tests it
    public void Generated_source_matches_the_reviewed_snapshot(string hintName)
    {
        ReviewedSnapshot.Match(Run.Value.Source(hintName), hintName);
    }

    [Theory]
    [InlineData("""{"name":"m"}""")]
    [InlineData("""{"name":"m","count":null,"ratio":null,"enabled":null,"kind":null,"since":null,"settings":null}""")]
    public void A_model_read_without_its_required_values_writes_them_back_absent(string json)
    {
        var (meter, context) = (generated.Type, generated.Context);
        var model = JsonSerializer.Deserialize(json, meter, context);

        Assert.Equal("""{"name":"m"}""", JsonSerializer.Serialize(model, meter, context));
        Assert.Equal(["name"], UpdateMaskPaths(meter, model!));
    }

    [Fact]
    public void Required_values_read_as_their_zero_values_are_written_back()
    {
        // Present is not the same as non-zero: a value the server sent is written back even when it is the default.
        const string json = """{"name":"m","count":0,"ratio":0,"enabled":false,"kind":"KIND_UNSPECIFIED","since":"0001-01-01T00:00:00Z","settings":{"a":[1,null]},"limit":0}""";
        var (meter, context) = (generated.Type, generated.Context);
        var written = JsonSerializer.Serialize(JsonSerializer.Deserialize(json, meter, context), meter, context);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(written)), written);
    }

    [Fact]
    public void A_null_after_a_value_of_the_same_property_leaves_it_absent()
    {
        // Of repeated names the last wins, as everywhere in the reader.
        var (meter, context) = (generated.Type, generated.Context);
        var model = JsonSerializer.Deserialize("""{"name":"m","count":3,"count":null}""", meter, context)!;

        Assert.Equal("""{"name":"m"}""", JsonSerializer.Serialize(model, meter, context));
        Assert.Equal(0, meter.GetProperty("Count")!.GetValue(model));
    }

    [Fact]
    public void A_required_value_the_caller_sets_is_written_even_when_it_is_the_default()
    {
        var (meter, context) = (generated.Type, generated.Context);
        var model = JsonSerializer.Deserialize("""{"name":"m"}""", meter, context)!;
        meter.GetProperty("Count")!.SetValue(model, 0);
        meter.GetProperty("Enabled")!.SetValue(model, false);
        meter.GetProperty("Since")!.SetValue(model, DateTimeOffset.UnixEpoch);
        meter.GetProperty("Settings")!.SetValue(model, JsonSerializer.Deserialize<JsonElement>("{}"));

        Assert.Equal(
            """{"name":"m","count":0,"enabled":false,"since":"1970-01-01T00:00:00Z","settings":{}}""",
            JsonSerializer.Serialize(model, meter, context));
        Assert.Equal(["name", "count", "enabled", "since", "settings"], UpdateMaskPaths(meter, model));
    }

    [Fact]
    public void A_model_the_caller_builds_must_still_set_every_required_property()
    {
        // The check stays where it was, at compile time (C# 'required'): the presence flags add no run-time rule.
        var compilation = GeneratedCompiler.Compilation(Run.Value.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())))
            .AddSyntaxTrees(CSharpSyntaxTree.ParseText(
                "namespace User; public static class Build { public static Fireworks.Models.Meter Meter() => new() { Name = \"m\", Ratio = 1, Enabled = true, Kind = default, Since = default, Settings = default }; }",
                new CSharpParseOptions(LanguageVersion.Preview),
                "user/Build.cs"));
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "user/Build.cs");

        var errors = compilation.GetSemanticModel(tree).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

        var missing = Assert.Single(errors);
        Assert.Equal("CS9035", missing.Id); // required member 'Meter.Count' must be set
        Assert.Contains("Meter.Count", missing.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    private static List<string> UpdateMaskPaths(Type meter, object model) =>
        (List<string>)meter.GetMethod("GetUpdateMaskPaths")!.Invoke(model, null)!;

    /// <summary>The generated code of <see cref="Spec"/> with the runtime, compiled and loaded once for the class.</summary>
    public sealed class GeneratedMeter : IDisposable
    {
        private readonly AssemblyLoadContext _loadContext = new("required-values", isCollectible: true);

        public GeneratedMeter()
        {
            // The models and their converters only: the update's client needs the full runtime (see GeneratedCompiler.Load).
            var assembly = GeneratedCompiler.Load(
                Run.Value.GeneratedSources
                    .Where(s => !s.HintName.EndsWith("Client.g.cs", StringComparison.Ordinal) && !s.HintName.EndsWith("Client.Groups.g.cs", StringComparison.Ordinal))
                    .Select(s => (s.HintName, s.SourceText.ToString())),
                _loadContext);
            Type = assembly.GetType("Fireworks.Models.Meter", throwOnError: true)!;
            Context = (JsonSerializerContext)assembly.GetType("Fireworks.Serialization.FireworksJsonContext", throwOnError: true)!
                .GetProperty("Default")!.GetValue(null)!;
        }

        public Type Type { get; }

        public JsonSerializerContext Context { get; }

        public void Dispose() => _loadContext.Unload();
    }
}
