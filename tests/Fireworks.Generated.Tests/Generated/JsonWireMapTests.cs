using System.Text;
using System.Text.Json;
using Fireworks.Serialization;
using Xunit;

namespace Fireworks.Generated.Tests.Generated;

/// <summary>
/// <see cref="JsonWire.ReadMap{T}"/> keeps small maps in one exact-size array (<see cref="SmallMap{TValue}"/>) and longer
/// ones in a dictionary: either way every member is read in order, a repeated key keeps its last value, the map is an
/// ordinary mutable dictionary, and it is written back unchanged.
/// </summary>
public sealed class JsonWireMapTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(100)]
    public void Maps_of_every_size_read_every_member_in_order_and_write_back_unchanged(int size)
    {
        var expected = Enumerable.Range(0, size).Select(i => new KeyValuePair<string, long>($"k{(i * 37) % 101}", (i * 7919L) - 500)).ToList();
        var json = "{" + string.Join(',', expected.Select(e => $"\"{e.Key}\":\"{e.Value}\"")) + "}";

        var map = Read(json, JsonWire.ReadInt64);

        Assert.Equal(expected, map);
        Assert.Equal(size, map.Count);
        Assert.All(expected, e => Assert.Equal(e.Value, map[e.Key]));
        Assert.False(map.ContainsKey("absent"));
        Assert.Equal(json, Write(map, JsonWire.WriteInt64));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(12)]
    public void A_repeated_key_keeps_its_last_value_in_its_first_place(int size)
    {
        var json = "{" + string.Join(',', Enumerable.Range(0, size).Select(i => $"\"k{i}\":{i}")) + ",\"k1\":-1}";

        var map = Read(json, JsonWire.ReadInt32);

        Assert.Equal(size, map.Count);
        Assert.Equal(-1, map["k1"]);
        Assert.Equal(["k0", "k1", "k2"], map.Keys.Take(3));
    }

    [Fact]
    public void A_small_map_read_from_json_can_be_changed_like_a_dictionary()
    {
        var map = Read("""{"a":"1","b":"2"}""", JsonWire.ReadString);

        map["a"] = "one";
        map.Add("c", "3");
        Assert.Throws<ArgumentException>(() => map.Add("b", "again"));
        Assert.True(map.Remove("b"));
        Assert.False(map.Remove("b"));
        Assert.Equal([new("a", "one"), new("c", "3")], map);
        Assert.Throws<KeyNotFoundException>(() => map["b"]);
        Assert.True(map.TryGetValue("c", out var c) && c == "3");

        for (var i = 0; i < 20; i++) map[$"n{i}"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(22, map.Count);
        Assert.Equal("one", map["a"]);
        Assert.Equal("19", map["n19"]);
        Assert.Equal(["a", "c", "n0"], map.Keys.Take(3));

        map.Clear();
        Assert.Empty(map);
    }

    [Fact]
    public void Changing_a_small_map_while_enumerating_it_fails_like_a_dictionary()
    {
        var map = Read("""{"a":1,"b":2}""", JsonWire.ReadInt32);

        Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var entry in map) map.Remove(entry.Key);
        });
    }

    [Theory]
    [InlineData("""{"a":1,"b":2""")]
    [InlineData("""{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9""")]
    public void A_truncated_map_is_an_error(string json)
    {
        Assert.ThrowsAny<JsonException>(() => Read(json, JsonWire.ReadInt32));
    }

    private static IDictionary<string, T> Read<T>(string json, JsonReadFunc<T> readValue)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), isFinalBlock: true, state: default);
        reader.Read();
        var map = JsonWire.ReadMap(ref reader, FireworksJsonContext.Default.Options, readValue);
        Assert.Equal(JsonTokenType.EndObject, reader.TokenType);
        Assert.False(reader.Read());
        return map;
    }

    private static string Write<T>(IDictionary<string, T> map, JsonWriteFunc<T> writeValue)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            JsonWire.WriteMap(writer, map, FireworksJsonContext.Default.Options, writeValue);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
