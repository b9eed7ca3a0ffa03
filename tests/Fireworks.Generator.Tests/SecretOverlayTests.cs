using Microsoft.CodeAnalysis;
using Xunit;

namespace Fireworks.Generator.Tests;

/// <summary>
/// The overlay's <c>secrets</c> section is the one home of the properties whose values must appear in no error or log
/// text: the generator makes each model holding one (itself, through a model, a list or a map of models, or as an update
/// body restating its resource) report them, and every entry it cannot place is an FWG005 in the overlay.
/// </summary>
public sealed class SecretOverlayTests
{
    private const string SpecPath = "/specs/vault.openapi.yaml";
    private const string OverlayPath = "/specs/vault.overlay.yaml";

    private const string Spec = """
        openapi: 3.0.0
        info: { title: Vault, version: 1.0.0 }
        paths:
          /v1/things/{thing_id}:
            patch:
              operationId: Things_UpdateThing
              parameters:
                - { name: thing_id, in: path, required: true, schema: { type: string } }
                - { name: updateMask, in: query, schema: { type: string } }
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        token: { type: string }
                        label: { type: string }
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Thing' }
          /v1/holders:
            post:
              operationId: Holders_CreateHolder
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/Holder' }
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Holder' }
        components:
          schemas:
            Thing:
              type: object
              properties:
                name: { type: string }
                token: { type: string }
                label: { type: string }
                keys: { type: array, items: { type: string } }
                vault: { type: object, additionalProperties: { type: string } }
                size: { type: integer }
            Holder:
              type: object
              properties:
                thing: { $ref: '#/components/schemas/Thing' }
                things: { type: array, items: { $ref: '#/components/schemas/Thing' } }
                byName: { type: object, additionalProperties: { $ref: '#/components/schemas/Thing' } }
                note: { type: string }
            Outer:
              type: object
              properties:
                holder: { $ref: '#/components/schemas/Holder' }
            Grid:
              type: object
              properties:
                rows: { type: array, items: { type: array, items: { $ref: '#/components/schemas/Thing' } } }
            Plain:
              type: object
              properties:
                token: { type: string }
        """;

    private static GeneratorRunResult Run(string secretsSection) =>
        GeneratorHarness.RunWithOverlay(SpecPath, Spec, OverlayPath, "appliesTo: vault.openapi.yaml\nsecrets:\n" + secretsSection);

    [Fact]
    public void Every_model_holding_a_secret_reports_it_and_the_rest_do_not()
    {
        var result = Run("  Thing:\n    token: a bearer token\n    keys: API keys\n    vault: stored passwords\n");
        Assert.Null(result.Exception);
        Assert.Empty(GeneratedCompiler.Errors(result));

        var thing = result.Source("Fireworks.Models.Thing.g.cs");
        Assert.Contains("public sealed partial class Thing : global::Fireworks.ISecretHolder", thing, StringComparison.Ordinal);
        Assert.Contains("global::Fireworks.SecretValues.Add(secrets, Token);", thing, StringComparison.Ordinal);
        Assert.Contains("global::Fireworks.SecretValues.AddAll(secrets, Keys);", thing, StringComparison.Ordinal);
        Assert.Contains("global::Fireworks.SecretValues.AddAll(secrets, Vault?.Values);", thing, StringComparison.Ordinal);
        Assert.DoesNotContain("(secrets, Label)", thing, StringComparison.Ordinal);
        Assert.DoesNotContain("(secrets, Size)", thing, StringComparison.Ordinal);

        var holder = result.Source("Fireworks.Models.Holder.g.cs");
        Assert.Contains("global::Fireworks.SecretValues.AddFrom(secrets, Thing);", holder, StringComparison.Ordinal);
        Assert.Contains("global::Fireworks.SecretValues.AddFromAll(secrets, Things);", holder, StringComparison.Ordinal);
        Assert.Contains("global::Fireworks.SecretValues.AddFromAll(secrets, ByName?.Values);", holder, StringComparison.Ordinal);
        Assert.DoesNotContain("(secrets, Note)", holder, StringComparison.Ordinal);

        // Two levels down, and through the update body that restates the resource's field.
        Assert.Contains("global::Fireworks.SecretValues.AddFrom(secrets, Holder);", result.Source("Fireworks.Models.Outer.g.cs"), StringComparison.Ordinal);
        var update = result.Source("Fireworks.Models.UpdateThingRequest.g.cs");
        Assert.Contains("global::Fireworks.SecretValues.Add(secrets, Token);", update, StringComparison.Ordinal);
        Assert.DoesNotContain("(secrets, Label)", update, StringComparison.Ordinal);

        // Same name, another schema: not a secret.
        Assert.DoesNotContain("ISecretHolder", result.Source("Fireworks.Models.Plain.g.cs"), StringComparison.Ordinal);

        Assert.Contains("A secret: a call that sends it has it cut from every error and log text", thing, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_secrets_no_model_changes_shape()
    {
        var result = Run("  {}\n");
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics.Where(d => d.Id == "FWG005"));
        Assert.DoesNotContain(result.GeneratedSources, s => s.SourceText.ToString().Contains("ISecretHolder", StringComparison.Ordinal));
    }

    [Fact]
    public void A_holder_inside_nested_lists_is_reported_rather_than_silently_skipped()
    {
        var result = Run("  Thing:\n    token: a bearer token\n");
        var d = Assert.Single(result.Diagnostics, d => d.Id == "FWG005");
        Assert.Equal(OverlayPath, d.Location.GetLineSpan().Path);
        Assert.Contains("'Grid.Rows' holds a model with a secret inside nested collections", d.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(GeneratedCompiler.Errors(result));
    }

    [Theory]
    [InlineData("  Thing:\n    password: a password\n", "'Thing.password' secret, which this spec does not define")]
    [InlineData("  Sprocket:\n    token: a token\n", "'Sprocket.token' secret, which this spec does not define")]
    [InlineData("  Thing:\n    size: a number\n", "'Thing.size' secret, but its type is int32")]
    [InlineData("  Holder:\n    thing: a model\n", "'Holder.thing' secret, but its type is model")]
    [InlineData("  Thing:\n    token: \"\"\n", "'secrets.Thing.token' needs the reason as its value")]
    public void An_entry_the_generator_cannot_place_is_FWG005_at_its_line_in_the_overlay(string section, string message)
    {
        GeneratorHarness.AssertSingleOverlayProblem(Run(section), OverlayPath, line: 4, message);
    }
}
