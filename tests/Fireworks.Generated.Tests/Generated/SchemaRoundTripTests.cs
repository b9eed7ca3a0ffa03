using System.Text.Json;
using System.Text.Json.Nodes;
using Fireworks.Serialization;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace Fireworks.Generated.Tests.Generated;

/// <summary>Every component schema round-trips JSON → model → JSON unchanged, on a sample built from the schema.</summary>
public sealed class SchemaRoundTripTests
{
    public static TheoryData<string> SchemaNames()
    {
        var data = new TheoryData<string>();
        foreach (var entry in RawSpec.Gateway.Schemas.Children) data.Add(((YamlScalarNode)entry.Key).Value!);
        return data;
    }

    [Fact]
    public void All_301_schemas_have_a_generated_type()
    {
        var names = RawSpec.Gateway.Schemas.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList();
        Assert.Equal(301, names.Count);
        var missing = names.Where(n => !FireworksOperations.SchemaTypes.ContainsKey(RawSpec.GatewayFile + "#" + n)).ToList();
        Assert.Empty(missing);
    }

    [Theory]
    [MemberData(nameof(SchemaNames))]
    public void Schema_sample_round_trips_unchanged(string schemaName)
    {
        var spec = RawSpec.Gateway;
        var schema = (YamlMappingNode)RawSpec.Get(spec.Schemas, schemaName)!;
        var sample = spec.Sample(schema)!;
        var type = FireworksOperations.SchemaTypes[RawSpec.GatewayFile + "#" + schemaName];
        var typeInfo = FireworksJsonContext.Default.GetTypeInfo(type)!;

        var json = sample.ToJsonString();
        var model = JsonSerializer.Deserialize(json, typeInfo);
        var written = JsonSerializer.Serialize(model, typeInfo);

        Assert.True(JsonNode.DeepEquals(sample, JsonNode.Parse(written)), $"{schemaName}\n  in:  {json}\n  out: {written}");
    }
}
