using System.Text;
using System.Text.Json;
using Fireworks.Models;
using Fireworks.Serialization;
using Xunit;

namespace Fireworks.Generated.Tests.Generated;

/// <summary>
/// <see cref="JsonWire.ReadArray{T}"/> collects short arrays on the stack before it makes the list: every length around
/// that buffer's size must read the same elements, in order, into an ordinary list the caller can grow.
/// </summary>
public sealed class JsonWireArrayTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(1000)]
    public void Arrays_of_every_length_read_every_element_in_order(int length)
    {
        var expected = Enumerable.Range(0, length).Select(i => (i * 7919) - 500).ToList();
        var json = Encoding.UTF8.GetBytes("[" + string.Join(',', expected) + "]");
        var reader = new Utf8JsonReader(json);
        reader.Read();

        var read = JsonWire.ReadArray(ref reader, FireworksJsonContext.Default.Options, JsonWire.ReadInt32);

        Assert.Equal(expected, read);
        Assert.Equal(JsonTokenType.EndArray, reader.TokenType);
        Assert.False(reader.Read());
        read.Add(42);
        Assert.Equal(length + 1, read.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(20)]
    public void Arrays_of_objects_and_nested_arrays_round_trip(int tokens)
    {
        var content = string.Join(',', Enumerable.Range(0, tokens).Select(i =>
            $$"""{"token":"t{{i}}","logprob":-{{i}}.5,"bytes":[{{string.Join(',', Enumerable.Range(0, i % 11))}}],"top_logprobs":[{"token":"a","logprob":-1.25,"token_id":97,"bytes":[97]}],"token_id":{{i}},"text_offset":{{i}}}"""));
        var json = $$"""{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"x"},"logprobs":{"content":[{{content}}]},"token_ids":[{{string.Join(',', Enumerable.Range(0, tokens))}}]}]}""";

        var chunk = JsonSerializer.Deserialize(json, FireworksJsonContext.Default.ChatCompletionStreamResponse)!;

        var read = chunk.Choices[0].Logprobs!.AsNewLogProbs().Content!;
        Assert.Equal(tokens, read.Count);
        Assert.Equal(Enumerable.Range(0, tokens).Select(i => "t" + i), read.Select(t => t.Token));
        Assert.Equal(Enumerable.Range(0, tokens).Select(i => Enumerable.Range(0, i % 11)), read.Select(t => t.Bytes));
        Assert.Equal(Enumerable.Range(0, tokens), chunk.Choices[0].TokenIds!);
        Assert.Equal(json, JsonSerializer.Serialize(chunk, FireworksJsonContext.Default.ChatCompletionStreamResponse));
    }

    [Theory]
    [InlineData("[1,2,3")]
    [InlineData("[1,2,3,4,5,6,7,8,9,10")]
    public void A_truncated_array_is_an_error(string json)
    {
        Assert.ThrowsAny<JsonException>(() =>
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), isFinalBlock: true, state: default);
            reader.Read();
            JsonWire.ReadArray(ref reader, FireworksJsonContext.Default.Options, JsonWire.ReadInt32);
        });
    }
}
