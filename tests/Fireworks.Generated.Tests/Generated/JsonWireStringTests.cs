using System.Text;
using System.Text.Json;
using Fireworks.Serialization;
using Fireworks.Tests.Core.Infrastructure;
using Xunit;

namespace Fireworks.Generated.Tests.Generated;

/// <summary>
/// <see cref="JsonWire.ReadString"/> and map keys read plain ASCII without the general UTF-8 path: every other spelling
/// (escapes, other UTF-8, a value split across buffers) must read exactly as <see cref="Utf8JsonReader.GetString"/>
/// reads it, and invalid UTF-8 must still fail.
/// </summary>
public sealed class JsonWireStringTests
{
    public static TheoryData<string> Texts => new()
    {
        "",
        "a",
        "accounts/acct-cobalt/deployments/solstice-cedar-76b6",
        "all 95 printable ASCII: !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~",
        "café",                                  // two-byte UTF-8 after ASCII
        "é at the start",
        "模型部署",                               // three-byte UTF-8 only
        "rocket 🚀 in a long enough string to cross one vector of ASCII before it",
        "a quote \" and a backslash \\ and a newline \n and a tab \t",   // escaped on the wire
        "\u007f delete is ASCII",
        new string('x', 4096),
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_string_reads_as_the_reader_reads_it(string text)
    {
        Assert.Equal(text, ReadWhole(RawJson(text)));
        Assert.Equal(text, ReadEscapedEverywhere(text));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_string_split_across_buffers_reads_the_same(string text)
    {
        var utf8 = RawJson(text);
        for (var splitAt = 1; splitAt < utf8.Length; splitAt += Math.Max(1, utf8.Length / 7))
        {
            var reader = new Utf8JsonReader(SplitBuffers.At(utf8, splitAt));
            reader.Read();

            Assert.Equal(text, JsonWire.ReadString(ref reader, JsonSerializerOptions.Default));
        }
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_map_key_reads_as_the_reader_reads_it(string key)
    {
        byte[] json = [(byte)'{', .. RawJson(key), .. ":1,"u8, .. RawJson(key + "2"), .. ":2}"u8];
        var reader = new Utf8JsonReader(json);
        reader.Read();

        var map = JsonWire.ReadMap(ref reader, JsonSerializerOptions.Default, JsonWire.ReadInt32);

        Assert.Equal([key, key + "2"], map.Keys);
    }

    [Fact]
    public void Invalid_utf8_in_a_string_still_fails()
    {
        // "ab" then a lone continuation byte: not ASCII, so the reader's own transcoding rejects it.
        byte[] utf8 = [(byte)'"', (byte)'a', (byte)'b', 0x80, (byte)'"'];
        var reader = new Utf8JsonReader(utf8);
        reader.Read();
        try
        {
            JsonWire.ReadString(ref reader, JsonSerializerOptions.Default);
            Assert.Fail("Invalid UTF-8 was read as a string.");
        }
        catch (InvalidOperationException)
        {
        }
    }

    [Fact]
    public void A_token_that_is_not_a_string_fails_naming_it()
    {
        var reader = new Utf8JsonReader("42"u8);
        reader.Read();
        try
        {
            JsonWire.ReadString(ref reader, JsonSerializerOptions.Default);
            Assert.Fail("A number was read as a string.");
        }
        catch (JsonException exception)
        {
            Assert.Contains("a string", exception.Message, StringComparison.Ordinal);
            Assert.Contains("Number", exception.Message, StringComparison.Ordinal);
        }
    }

    // The text as a JSON string with only what JSON requires escaped (the serializer's default encoder would escape all
    // non-ASCII too, and so never send other UTF-8 down the reading path under test).
    private static byte[] RawJson(string text)
    {
        var json = new StringBuilder("\"");
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => json.Append("\\\""),
                '\\' => json.Append(@"\\"),
                < ' ' => json.Append(@"\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)),
                _ => json.Append(c),
            };
        }

        return Encoding.UTF8.GetBytes(json.Append('"').ToString());
    }

    private static string ReadWhole(byte[] utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        reader.Read();
        return JsonWire.ReadString(ref reader, JsonSerializerOptions.Default);
    }

    // Every character as \uXXXX: the same text through the reader's unescaping path.
    private static string ReadEscapedEverywhere(string text)
    {
        var json = new StringBuilder("\"");
        foreach (var c in text) json.Append(@"\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
        return ReadWhole(Encoding.UTF8.GetBytes(json.Append('"').ToString()));
    }
}
