using Microsoft.CodeAnalysis;
using Snapshooter;
using Snapshooter.Xunit;
using Xunit;

namespace Fireworks.Generator.Tests;

/// <summary>
/// OpenAPI 3.1 / JSON Schema constructs of FastAPI/Pydantic-style documents, each in a small spec: the generated
/// source is snapshotted (reviewed like code), and the runtime round-trips are in Fireworks.Generated.Tests/Inference.
/// </summary>
public sealed class OpenApi31Tests
{
    private const string Spec = """
        openapi: 3.1.0
        info: { title: Shapes API, version: 1.0.0 }
        servers:
          - url: https://example.test/api
        paths:
          /v1/shapes:
            post:
              operationId: create_shape_v1_shapes_post
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/ShapeRequest' }
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Shape' }
                    text/event-stream:
                      schema: { $ref: '#/components/schemas/ShapeChunk' }
        components:
          schemas:
            Base:
              type: object
              required: [id]
              properties:
                id: { type: string }
            Circle:
              type: object
              required: [kind]
              properties:
                kind: { type: string, const: circle }
                radius: { type: number, minimum: 0, exclusiveMaximum: 100 }
            Square:
              type: object
              required: [kind]
              properties:
                kind: { type: string, const: square }
                side: { type: number }
            Legacy:
              type: object
              properties:
                tokens: { type: array, items: { type: string } }
            Modern:
              type: object
              properties:
                content: { type: array, items: { type: integer } }
            Shape:
              allOf:
                - $ref: '#/components/schemas/Base'
                - type: object
                  properties:
                    label:
                      anyOf: [{ type: string, maxLength: 64 }, { type: 'null' }]
                    count:
                      type: [integer, 'null']
                    scores:
                      type: object
                      additionalProperties: { type: number }
                    grid:
                      type: array
                      items: { type: array, items: { type: integer } }
                    rows:
                      type: array
                    flags:
                      type: array
                      items: true
            ShapeChunk:
              type: object
              properties:
                delta: { type: string }
            ShapeRequest:
              type: object
              required: [geometry, type]
              properties:
                type: { type: string, const: shape }
                stream:
                  anyOf: [{ type: boolean }, { type: 'null' }]
                geometry:
                  oneOf:
                    - $ref: '#/components/schemas/Circle'
                    - $ref: '#/components/schemas/Square'
                stop:
                  anyOf:
                    - type: string
                    - type: array
                      items: { type: string }
                    - type: 'null'
                history:
                  anyOf:
                    - $ref: '#/components/schemas/Legacy'
                    - $ref: '#/components/schemas/Modern'
                    - type: 'null'
                parent:
                  allOf:
                    - $ref: '#/components/schemas/Base'
                  description: The parent shape.
        """;

    private static readonly Lazy<GeneratorRunResult> Run = new(() => GeneratorHarness.Run(
        new AdditionalText[] { new InMemoryAdditionalText("/specs/shapes.openapi.yaml", Spec) }.Concat(GeneratorHarness.Templates())));

    [Fact]
    public void The_spec_maps_without_diagnostics()
    {
        Assert.Null(Run.Value.Exception);
        Assert.Empty(Run.Value.Diagnostics.Select(d => d.ToString()));
    }

    [Theory]
    [InlineData("Fireworks.Models.Shape.g.cs")]                       // allOf merge, nullable anyOf, type: [X, null], additionalProperties schema, nested arrays, bounds as docs
    [InlineData("Fireworks.Serialization.ShapeJsonConverter.g.cs")]    // nested-array readers/writers
    [InlineData("Fireworks.Models.ShapeRequest.g.cs")]                // const, single-ref allOf, union properties
    [InlineData("Fireworks.Models.ShapeRequestStop.g.cs")]            // string | string[]: implicit conversions
    [InlineData("Fireworks.Models.ShapeRequestGeometry.g.cs")]        // discriminated by a const property
    [InlineData("Fireworks.Models.ShapeRequestHistory.g.cs")]         // told apart by marker properties
    [InlineData("Fireworks.ShapesClient.g.cs")]                       // JSON call and text/event-stream call
    public void Generated_source_matches_the_reviewed_snapshot(string hintName)
    {
        ReviewedSnapshot.Match(Run.Value.Source(hintName), hintName);
    }
}
