using Fireworks.Delta;
using Fireworks.SafeTensors;

namespace Fireworks.SafeTensors.Tests;

public sealed class FrameFuzzTests
{
    /// <summary>
    /// Seeded corruption of encoded chunk frames (bit flips, truncation, forged descriptors): decoding must report an
    /// error or produce some output, never throw, and a frame that decodes "successfully" to different bytes is exactly
    /// what the per-tensor Adler-32 exists to catch.
    /// </summary>
    [Theory]
    [InlineData(SafeTensorsDType.BF16, 0.05)]
    [InlineData(SafeTensorsDType.F32, 0.5)]
    [InlineData(SafeTensorsDType.U8, 0.01)]
    public void CorruptedFramesFailCleanly(SafeTensorsDType dtype, double changed)
    {
        var random = new Random(40 + (int)dtype);
        var width = dtype.SizeInBytes();
        const int chunk = 64 * 1024;
        var previous = TestFiles.RandomBytes(random, chunk);
        var next = (byte[])previous.Clone();
        for (var i = 0; i < chunk; i += width)
        {
            if (random.NextDouble() < changed)
            {
                next[i] ^= (byte)random.Next(1, 256);
            }
        }

        var planes = new byte[chunk];
        var tokens = new byte[ZeroRuns.MaxTokens(chunk)];
        var values = new byte[chunk];
        var frame = new byte[WorkerBuffers.FrameCapacity(chunk)];
        var codec = ChunkCodec.Rent(DeltaCodec.DefaultCompressionLevel, DeltaCodec.DefaultTokenCompressionLevel);
        try
        {
            BytePlanes.XorSplit(previous, next, planes, width);
            var length = codec.Encode(planes, width, frame, tokens, values);
            var valid = frame[..length];
            var output = (byte[])previous.Clone();
            Assert.Null(codec.Decode(valid, output, width, planes, tokens, values));
            Assert.Equal(next, output);

            var errors = 0;
            for (var iteration = 0; iteration < 400; iteration++)
            {
                var corrupted = (byte[])valid.Clone();
                switch (iteration % 4)
                {
                    case 0:
                        corrupted[random.Next(corrupted.Length)] ^= (byte)(1 << random.Next(8));
                        break;
                    case 1:
                        corrupted[random.Next(Math.Min(corrupted.Length, ChunkCodec.DescriptorLength * width))] = (byte)random.Next(256);
                        break;
                    case 2:
                        corrupted = corrupted[..random.Next(corrupted.Length)];
                        break;
                    default:
                        for (var k = 0; k < 8; k++)
                        {
                            corrupted[random.Next(corrupted.Length)] = (byte)random.Next(256);
                        }

                        break;
                }

                output = (byte[])previous.Clone();
                if (codec.Decode(corrupted, output, width, planes, tokens, values) is not null)
                {
                    errors++;
                }
                else if (!output.AsSpan().SequenceEqual(next) && Adler32.Compute(output) == Adler32.Compute(next))
                {
                    Assert.Fail($"iteration {iteration}: a corrupted frame decoded to different bytes with the same Adler-32");
                }
            }

            Assert.True(errors > 200, $"only {errors} of 400 corruptions were reported by the frame decoder itself");
        }
        finally
        {
            ChunkCodec.Return(codec);
        }
    }

    [Fact]
    public void IncompressiblePlanesAreStoredAndForgedStoredLengthsAreRejected()
    {
        var random = new Random(45);
        const int chunk = 256 * 1024;
        var previous = TestFiles.RandomBytes(random, chunk);
        var next = TestFiles.RandomBytes(random, chunk);
        var planes = new byte[chunk];
        var codec = ChunkCodec.Rent(DeltaCodec.DefaultCompressionLevel, DeltaCodec.DefaultTokenCompressionLevel);
        try
        {
            BytePlanes.XorSplit(previous, next, planes, 4);
            var frame = new byte[WorkerBuffers.FrameCapacity(chunk)];
            var length = codec.Encode(planes, 4, frame, new byte[ZeroRuns.MaxTokens(chunk)], new byte[chunk]);
            for (var p = 0; p < 4; p++)
            {
                Assert.Equal(ChunkCodec.ModeStored, frame[p * ChunkCodec.DescriptorLength]);
            }

            Assert.Equal((4 * ChunkCodec.DescriptorLength) + chunk, length);
            var output = (byte[])previous.Clone();
            Assert.Null(codec.Decode(frame.AsSpan(0, length), output, 4, planes, new byte[ZeroRuns.MaxTokens(chunk)], new byte[chunk]));
            Assert.Equal(next, output);

            frame[1] ^= 1; // plane 0's stored length no longer equals the plane length
            Assert.Contains("invalid descriptor", codec.Decode(frame.AsSpan(0, length), output, 4, planes, new byte[ZeroRuns.MaxTokens(chunk)], new byte[chunk]), StringComparison.Ordinal);
        }
        finally
        {
            ChunkCodec.Return(codec);
        }
    }
}
