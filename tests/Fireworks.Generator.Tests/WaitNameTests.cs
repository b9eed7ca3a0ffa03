using Microsoft.CodeAnalysis;
using Xunit;

namespace Fireworks.Generator.Tests;

/// <summary>
/// The waits take an id or exactly the resource's full name, whose one home is its Get path in the spec: the generator
/// emits it as the client's <c>ResourceNamePattern</c> and hands it, with the ids of the parents, to every id a wait
/// reads. A Get path that is not <c>accounts/{account}/{collection}/{id}…</c> gives no pattern and ids only.
/// </summary>
public sealed class WaitNameTests
{
    private const string Spec = """
        openapi: 3.0.0
        info: { title: Gizmos, version: 1.0.0 }
        paths:
          /v1/accounts/{account_id}/gizmos/{gizmo_id}:
            get:
              operationId: Gateway_GetGizmo
              parameters:
                - { name: account_id, in: path, required: true, schema: { type: string } }
                - { name: gizmo_id, in: path, required: true, schema: { type: string } }
              responses:
                '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Gizmo' } } } }
          /v1/accounts/{account_id}/gizmos/{gizmo_id}/parts:
            get:
              operationId: Gateway_ListGizmoParts
              parameters:
                - { name: account_id, in: path, required: true, schema: { type: string } }
                - { name: gizmo_id, in: path, required: true, schema: { type: string } }
              responses:
                '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/ListPartsResponse' } } } }
          /v1/accounts/{account_id}/gizmos/{gizmo_id}/parts/{part_id}:
            get:
              operationId: Gateway_GetGizmoPart
              parameters:
                - { name: account_id, in: path, required: true, schema: { type: string } }
                - { name: gizmo_id, in: path, required: true, schema: { type: string } }
                - { name: part_id, in: path, required: true, schema: { type: string } }
              responses:
                '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Part' } } } }
          /v1/gadgets/{gadget_id}:
            get:
              operationId: Gateway_GetGadget
              parameters:
                - { name: gadget_id, in: path, required: true, schema: { type: string } }
              responses:
                '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Gadget' } } } }
        components:
          schemas:
            ItemState: { type: string, enum: [READY, CREATING] }
            Gizmo:
              type: object
              properties: { name: { type: string }, state: { $ref: '#/components/schemas/ItemState' } }
            Part:
              type: object
              properties: { name: { type: string }, state: { $ref: '#/components/schemas/ItemState' } }
            ListPartsResponse:
              type: object
              properties: { parts: { type: array, items: { $ref: '#/components/schemas/Part' } } }
            Gadget:
              type: object
              properties: { name: { type: string }, state: { $ref: '#/components/schemas/ItemState' } }
        """;

    private const string Overlay = """
        appliesTo: gizmos.openapi.yaml
        states:
          ItemState:
            success: [Ready]
            transient: [Creating]
        """;

    private static readonly Lazy<GeneratorRunResult> Result = new(() => GeneratorHarness.Run(
        new AdditionalText[]
        {
            new InMemoryAdditionalText("/specs/gizmos.openapi.yaml", Spec),
            new InMemoryAdditionalText("/specs/gizmos.overlay.yaml", Overlay),
        }.Concat(GeneratorHarness.Templates())));

    private static string Wait(string client)
    {
        var hintName = $"Fireworks.{client}.Wait.g.cs";
        var names = Result.Value.GeneratedSources.Select(s => s.HintName).ToList();
        Assert.True(names.Contains(hintName), $"no {hintName} among {string.Join(", ", names)}");
        return Result.Value.Source(hintName);
    }

    [Fact]
    public void The_spec_compiles_without_diagnostics()
    {
        Assert.Null(Result.Value.Exception);
        Assert.Empty(Result.Value.Diagnostics.Select(d => d.ToString()));
        Assert.Empty(GeneratedCompiler.Errors(Result.Value));
    }

    [Fact]
    public void A_wait_reads_its_id_by_the_name_pattern_of_its_get_path()
    {
        var wait = Wait("GizmosClient");

        Assert.Contains("internal const string ResourceNamePattern = \"accounts/{account_id}/gizmos/{gizmo_id}\";", wait, StringComparison.Ordinal);
        Assert.Contains("gizmoId = global::Fireworks.ResourceNames.IdOf(gizmoId, nameof(gizmoId), ResourceNamePattern, ref accountId);", wait, StringComparison.Ordinal);
        Assert.Contains("An id, or exactly the full name <c>accounts/{account_id}/gizmos/{gizmo_id}</c> (as in the resource's <c>Name</c>).", wait, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nested_wait_reads_each_id_at_its_own_level_and_hands_the_child_its_parents()
    {
        var wait = Wait("GizmoPartsClient");

        Assert.Contains("internal const string ResourceNamePattern = \"accounts/{account_id}/gizmos/{gizmo_id}/parts/{part_id}\";", wait, StringComparison.Ordinal);
        Assert.Contains("gizmoId = global::Fireworks.ResourceNames.IdOf(gizmoId, nameof(gizmoId), ResourceNamePattern, ref accountId);", wait, StringComparison.Ordinal);
        Assert.Contains("partId = global::Fireworks.ResourceNames.IdOf(partId, nameof(partId), ResourceNamePattern, ref accountId, gizmoId);", wait, StringComparison.Ordinal);
        Assert.Contains("An id, or exactly the full name <c>accounts/{account_id}/gizmos/{gizmo_id}</c>.</param>", wait, StringComparison.Ordinal);
    }

    [Fact]
    public void A_get_path_outside_an_account_gives_no_pattern_and_the_wait_takes_ids_only()
    {
        var wait = Wait("GadgetsClient");

        Assert.DoesNotContain("ResourceNamePattern", wait, StringComparison.Ordinal);
        Assert.DoesNotContain("ResourceNames.IdOf", wait, StringComparison.Ordinal);
        Assert.DoesNotContain("full name", wait, StringComparison.Ordinal);
        Assert.Contains("global::Fireworks.PathSegment.Validate(gadgetId, nameof(gadgetId));", wait, StringComparison.Ordinal);
    }
}
