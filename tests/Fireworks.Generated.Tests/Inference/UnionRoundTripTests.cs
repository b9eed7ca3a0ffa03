using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fireworks.Models;
using Fireworks.Serialization;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace Fireworks.Tests.Inference;

/// <summary>
/// The OpenAPI 3.1 shapes of the inference spec in C#: every schema and every alternative of every union round-trips
/// unchanged on schema-built samples and lands in the right variant; unions are natural to write.
/// </summary>
public sealed class UnionRoundTripTests
{
    public static TheoryData<string> SchemaNames()
    {
        var data = new TheoryData<string>();
        foreach (var entry in InferenceSpec.Spec.Schemas.Children) data.Add(((YamlScalarNode)entry.Key).Value!);
        return data;
    }

    public static TheoryData<string, int> UnionAlternatives()
    {
        var data = new TheoryData<string, int>();
        foreach (var site in InferenceSpec.UnionSites())
        {
            for (var i = 0; i < site.Alternatives.Count; i++) data.Add(site.ToString(), i);
        }

        return data;
    }

    [Fact]
    public void The_spec_has_the_unions_these_tests_cover()
    {
        var sites = InferenceSpec.UnionSites().Select(s => s.ToString()).ToList();
        Assert.Equal(27, sites.Count);
        Assert.Contains("ChatMessage.content", sites);
        Assert.Contains("ChatCompletionRequest.stop", sites);
        Assert.Contains("ChatCompletionRequest.thinking", sites);
        Assert.Contains("Choice.logprobs", sites);
    }

    [Theory]
    [MemberData(nameof(SchemaNames))]
    public void Every_schema_has_a_type_and_its_sample_round_trips(string schemaName)
    {
        var sample = InferenceSpec.Sample((YamlMappingNode)RawSpecGet(schemaName))!;
        AssertRoundTrips(schemaName, sample);
    }

    [Theory]
    [MemberData(nameof(UnionAlternatives))]
    public void Every_union_alternative_round_trips_into_its_variant(string site, int alternative)
    {
        var union = InferenceSpec.UnionSites().Single(s => s.ToString() == site);
        var owner = InferenceSpec.Sample((YamlMappingNode)RawSpecGet(union.Schema))!.AsObject();
        owner[union.Property] = InferenceSpec.Sample(union.Alternatives[alternative], seed: union.Property);

        var model = AssertRoundTrips(union.Schema, owner);

        var property = model.GetType().GetProperty(Pascal(union.Property))!;
        var value = property.GetValue(model)!;
        var tag = (int)value.GetType().GetProperty("Tag", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(value)!;
        Assert.True(alternative + 1 == tag, $"{site} alternative {alternative} was read as variant {tag}: {value}");
    }

    [Fact]
    public void Json_that_matches_no_variant_is_kept_and_written_back_unchanged()
    {
        const string json = """{"model":"m","messages":[],"stop":{"unexpected":[1,2]},"thinking":{"type":"adaptive","budget":3}}""";
        var request = JsonSerializer.Deserialize(json, FireworksJsonContext.Default.ChatCompletionRequest)!;

        Assert.True(request.Stop!.IsRawJson);
        Assert.True(request.Thinking!.IsRawJson); // an unknown discriminator value
        Assert.Throws<InvalidOperationException>(() => request.Stop.AsString());
        Assert.Equal(json, JsonSerializer.Serialize(request, FireworksJsonContext.Default.ChatCompletionRequest));
    }

    [Fact]
    public void Unions_are_natural_to_write()
    {
        var request = new ChatCompletionRequest
        {
            Model = "accounts/fireworks/models/toy",
            Messages =
            [
                new ChatMessage { Role = "system", Content = "Be brief." },
                new ChatMessage
                {
                    Role = "user",
                    Content = new[] { new ChatMessageContentPart { Type = "text", Text = "Hi" } },
                },
            ],
            Stop = new[] { "\n\n", "END" },
            ToolChoice = ChatToolChoiceMode.Auto,
            Thinking = new ThinkingConfigEnabled { BudgetTokens = 64 },
            Logprobs = true,
            ReasoningEffort = ReasoningEffortMode.Low,
        };

        var json = JsonSerializer.Serialize(request, FireworksJsonContext.Default.ChatCompletionRequest);

        var node = JsonNode.Parse(json)!;
        Assert.Equal("Be brief.", (string)node["messages"]![0]!["content"]!);
        Assert.Equal("Hi", (string)node["messages"]![1]!["content"]![0]!["text"]!);
        Assert.Equal("END", (string)node["stop"]![1]!);
        Assert.Equal("auto", (string)node["tool_choice"]!);
        Assert.Equal("enabled", (string)node["thinking"]!["type"]!);
        Assert.Equal(64, (int)node["thinking"]!["budget_tokens"]!);
        Assert.True((bool)node["logprobs"]!);
        Assert.Equal("low", (string)node["reasoning_effort"]!);

        var read = JsonSerializer.Deserialize(json, FireworksJsonContext.Default.ChatCompletionRequest)!;
        Assert.True(read.Messages[0].Content!.TryGetString(out var text) && text == "Be brief.");
        Assert.Equal("Hi", read.Messages[1].Content!.AsChatMessageContentPartList()[0].Text);
        Assert.Equal(new[] { "\n\n", "END" }, read.Stop!.AsStringList());
        Assert.True(read.Thinking!.IsThinkingConfigEnabled);
        Assert.Equal(64, read.Thinking.AsThinkingConfigEnabled().BudgetTokens);
    }

    private static object AssertRoundTrips(string schemaName, JsonNode sample)
    {
        Assert.True(FireworksOperations.SchemaTypes.TryGetValue(InferenceSpec.File + "#" + schemaName, out var type), $"no type for {schemaName}");
        var typeInfo = FireworksJsonContext.Default.GetTypeInfo(type!)!;
        var json = sample.ToJsonString();
        var model = JsonSerializer.Deserialize(json, typeInfo)!;
        var written = JsonSerializer.Serialize(model, typeInfo);
        Assert.True(JsonNode.DeepEquals(sample, JsonNode.Parse(written)), $"{schemaName}\n  in:  {json}\n  out: {written}");
        return model;
    }

    private static YamlNode RawSpecGet(string schemaName) =>
        Fireworks.Generated.Tests.Generated.RawSpec.Get(InferenceSpec.Spec.Schemas, schemaName)!;

    private static string Pascal(string snake) => string.Concat(snake.Split('_').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
}
