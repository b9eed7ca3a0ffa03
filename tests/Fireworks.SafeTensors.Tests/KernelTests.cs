using System.Text;
using Fireworks.Delta;

namespace Fireworks.SafeTensors.Tests;

public sealed class Adler32Tests
{
    [Theory]
    [InlineData("", 0x00000001u)]
    [InlineData("a", 0x00620062u)]
    [InlineData("abc", 0x024d0127u)]
    [InlineData("Wikipedia", 0x11E60398u)]
    [InlineData("message digest", 0x29750586u)]
    [InlineData("abcdefghijklmnopqrstuvwxyz", 0x90860B20u)]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890", 0x97B61069u)]
    public void MatchesPublishedVectors(string text, uint expected) =>
        Assert.Equal(expected, Adler32.Compute(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void VectorisedPathMatchesTheDefinitionOnWorstCaseAndRandomInputs()
    {
        var random = new Random(5);
        foreach (var length in new[] { 31, 32, 33, 63, 64, 65, 100, 5552, 5553, 65535, 65536, 65537, 200_003, 1 << 20 })
        {
            var ones = Enumerable.Repeat((byte)0xFF, length).ToArray();
            Assert.Equal(Reference(ones), Adler32.Compute(ones));
            var data = TestFiles.RandomBytes(random, length);
            Assert.Equal(Reference(data), Adler32.Compute(data));
        }
    }

    [Fact]
    public void UpdateAndCombineAgreeWithOneShotChecksum()
    {
        var data = TestFiles.RandomBytes(new Random(6), 300_000);
        foreach (var split in new[] { 0, 1, 31, 4096, 150_001, 300_000 })
        {
            var first = Adler32.Compute(data.AsSpan(0, split));
            var second = Adler32.Compute(data.AsSpan(split));
            Assert.Equal(Adler32.Compute(data), Adler32.Update(first, data.AsSpan(split)));
            Assert.Equal(Adler32.Compute(data), Adler32.Combine(first, second, data.Length - split));
        }

        Assert.Equal("11e60398", Adler32.ToHex(0x11E60398));
    }

    private static uint Reference(ReadOnlySpan<byte> data)
    {
        uint a = 1, b = 0;
        foreach (var x in data)
        {
            a = (a + x) % 65521;
            b = (b + a) % 65521;
        }

        return (b << 16) | a;
    }
}

public sealed class BytePlaneTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void SplitMatchesDefinitionAndMergeInvertsIt(int width)
    {
        var random = new Random(width);
        foreach (var elements in new[] { 0, 1, 15, 16, 31, 32, 33, 100, 1000, 4099 })
        {
            var previous = TestFiles.RandomBytes(random, elements * width);
            var next = TestFiles.RandomBytes(random, elements * width);
            var planes = new byte[next.Length];
            var any = BytePlanes.XorSplit(previous, next, planes, width);
            for (var i = 0; i < elements; i++)
            {
                for (var p = 0; p < width; p++)
                {
                    Assert.Equal((byte)(previous[(i * width) + p] ^ next[(i * width) + p]), planes[(p * elements) + i]);
                }
            }

            Assert.Equal(planes.Any(b => b != 0), any);
            var rebuilt = new byte[next.Length];
            BytePlanes.MergeXor(planes, previous, rebuilt, width);
            Assert.Equal(next, rebuilt);

            // In place: the base buffer becomes the target, as the decoder uses it.
            var inPlace = (byte[])previous.Clone();
            BytePlanes.MergeXor(planes, inPlace, inPlace, width);
            Assert.Equal(next, inPlace);

            // Without a base the planes are the raw bytes.
            BytePlanes.XorSplit([], next, planes, width);
            BytePlanes.MergeXor(planes, [], rebuilt, width);
            Assert.Equal(next, rebuilt);
        }
    }

    [Fact]
    public void IdenticalInputsReportNoChange()
    {
        var data = TestFiles.RandomBytes(new Random(9), 4096);
        Assert.False(BytePlanes.XorSplit(data, data, new byte[4096], 2));
        Assert.False(BytePlanes.XorSplit(data, data, new byte[4096], 1));
    }
}

public sealed class ZeroRunTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.001)]
    [InlineData(0.05)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void TokensRoundTripAtAnyDensity(double density)
    {
        var random = new Random((int)(density * 1000) + 1);
        foreach (var length in new[] { 0, 1, 254, 255, 256, 510, 1000, 70_000 })
        {
            var plane = new byte[length];
            for (var i = 0; i < length; i++)
            {
                plane[i] = random.NextDouble() < density ? (byte)random.Next(1, 256) : (byte)0;
            }

            var tokens = new byte[ZeroRuns.MaxTokens(length)];
            var values = new byte[length];
            var (tokenCount, valueCount) = ZeroRuns.Tokenize(plane, tokens, values);
            Assert.Equal(plane.Count(b => b != 0), valueCount);
            var rebuilt = new byte[length];
            Assert.True(ZeroRuns.ScatterXor(tokens.AsSpan(0, tokenCount), values.AsSpan(0, valueCount), rebuilt, 1, 0, length));
            Assert.Equal(plane, rebuilt);
        }
    }

    [Fact]
    public void RunsOfExactly255ZerosUseAnEscapeThenAZeroRun()
    {
        var plane = new byte[300];
        plane[255] = 7;
        var tokens = new byte[ZeroRuns.MaxTokens(300)];
        var values = new byte[300];
        var (tokenCount, valueCount) = ZeroRuns.Tokenize(plane, tokens, values);
        Assert.Equal(new byte[] { 255, 0 }, tokens[..tokenCount]);
        Assert.Equal(new byte[] { 7 }, values[..valueCount]);
    }

    [Fact]
    public void FormatDocumentExampleTokenisesAsDocumented()
    {
        var plane = new byte[259];
        plane[2] = 0x07;
        plane[258] = 0x03;
        var tokens = new byte[ZeroRuns.MaxTokens(plane.Length)];
        var values = new byte[plane.Length];
        var (tokenCount, valueCount) = ZeroRuns.Tokenize(plane, tokens, values);
        Assert.Equal(new byte[] { 0x02, 0xFF, 0x00 }, tokens[..tokenCount]);
        Assert.Equal(new byte[] { 0x07, 0x03 }, values[..valueCount]);
    }

    [Fact]
    public void ScatterRejectsInconsistentStreams()
    {
        var output = new byte[10];
        Assert.False(ZeroRuns.ScatterXor([9, 0], [1, 2], output, 1, 0, 10));
        Assert.False(ZeroRuns.ScatterXor([0], [1, 2], output, 1, 0, 10));
        Assert.False(ZeroRuns.ScatterXor([0, 0], [1], output, 1, 0, 10));
        Assert.False(ZeroRuns.ScatterXor([255, 0], [1], output, 1, 0, 10));
        Assert.False(ZeroRuns.ScatterXor([0], [1], output, 2, 0, 10));
        Assert.True(ZeroRuns.ScatterXor([9], [1], output, 1, 0, 10));
        Assert.Equal(1, output[9]);
    }
}
