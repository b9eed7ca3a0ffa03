using Xunit;

namespace Fireworks.Tests.Files;

/// <summary>
/// The client checks uploads and downloads against the CRC-32C the storage reports, and the emulator computes that
/// value with this same type: a wrong CRC would agree with itself, so it is pinned to published test vectors here.
/// </summary>
public sealed class Crc32CTests
{
    /// <summary>The CRC catalogue's check value and the iSCSI vectors of RFC 3720, appendix B.4.</summary>
    public static TheoryData<string, byte[], uint> KnownAnswers => new()
    {
        { "the check string 123456789", "123456789"u8.ToArray(), 0xE3069283 },
        { "32 zero bytes", new byte[32], 0x8A9136AA },
        { "32 bytes of 0xFF", Enumerable.Repeat((byte)0xFF, 32).ToArray(), 0x62A8AB43 },
        { "bytes 0 to 31", Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), 0x46DD794E },
        { "bytes 31 down to 0", Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray(), 0x113FDB5C },
    };

    [Theory]
    [MemberData(nameof(KnownAnswers))]
    public void Published_vectors_are_reproduced(string name, byte[] data, uint expected)
    {
        var crc = new Crc32C();
        crc.Append(data);

        Assert.True(expected == crc.Value, $"{name}: 0x{crc.Value:X8}, expected 0x{expected:X8}");
        Assert.Equal(expected, OneChain(data));
    }

    /// <summary>Lengths around the three-lane block (and its multiples), where the lanes are joined.</summary>
    public static TheoryData<int> Lengths
    {
        get
        {
            const int block = 3 * Crc32C.LaneWords * sizeof(ulong);
            return new TheoryData<int> { 0, 1, 7, 8, 9, block - 9, block - 1, block, block + 1, block + 8, (2 * block) + 13, (5 * block) + 4095 };
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Lanes_give_the_one_chain_checksum(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        var crc = new Crc32C();
        crc.Append(data);

        Assert.Equal(OneChain(data), crc.Value);
    }

    [Fact]
    public void Appending_in_pieces_equals_appending_at_once()
    {
        var random = new Random(20261206);
        var data = new byte[(7 * 3 * Crc32C.LaneWords * sizeof(ulong)) + 12345];
        random.NextBytes(data);
        var whole = new Crc32C();
        whole.Append(data);

        for (var round = 0; round < 5; round++)
        {
            var pieces = new Crc32C();
            var offset = 0;
            while (offset < data.Length)
            {
                var take = Math.Min(data.Length - offset, random.Next(0, 300_000));
                pieces.Append(data.AsSpan(offset, take));
                offset += take;
            }

            Assert.Equal(whole.Value, pieces.Value);
        }

        Assert.Equal(OneChain(data), whole.Value);
    }

    /// <summary>The plain loop, one CRC instruction per byte in one chain: the reference the lanes are checked against.</summary>
    private static uint OneChain(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc = System.Numerics.BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }

    [Fact]
    public void The_storage_header_form_is_the_big_endian_base64()
    {
        var crc = new Crc32C();
        crc.Append("123456789"u8);

        // 0xE3069283 as bytes E3 06 92 83.
        Assert.Equal(Convert.ToBase64String([0xE3, 0x06, 0x92, 0x83]), crc.ToBase64());
    }
}
