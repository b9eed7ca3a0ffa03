using System.Buffers.Binary;
using Fireworks.Delta;
using Fireworks.SafeTensors;

namespace Fireworks.SafeTensors.Tests;

/// <summary>Version 2 (<c>fwdelta-ulp-ctx-zstd</c>): the ULP transform, exponent groups, and compatibility with version 1.</summary>
public sealed class DeltaCodecV2Tests
{
    private static readonly SafeTensorsDType[] FloatTypes = [SafeTensorsDType.BF16, SafeTensorsDType.F16, SafeTensorsDType.F32, SafeTensorsDType.F64];

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void FoldAndUnfoldAreInverseForEveryBitPatternIncludingSignedZeroNaNAndInfinity(int width)
    {
        var random = new Random(60 + width);
        const int count = 1 << 16;
        var previous = TestFiles.RandomBytes(random, count * width);
        var next = TestFiles.RandomBytes(random, count * width);
        if (width == 2)
        {
            // Every 16-bit pattern as base, against random targets and against its neighbours.
            for (var i = 0; i < count; i++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(previous.AsSpan(i * 2), (ushort)i);
            }
        }

        // Signed zeros, infinities, NaNs and extremes as both base and target.
        var specials = new ulong[] { 0, 1UL << ((width * 8) - 1), ulong.MaxValue >> (64 - (width * 8)), (1UL << ((width * 8) - 1)) - 1, 1, (1UL << ((width * 8) - 1)) + 1 };
        for (var i = 0; i < specials.Length * specials.Length; i++)
        {
            Write(previous, i, width, specials[i / specials.Length]);
            Write(next, i + 64, width, specials[i % specials.Length]);
        }

        var folded = new byte[count * width];
        var rebuilt = new byte[count * width];
        UlpDeltas.Fold(previous, next, folded, width);
        UlpDeltas.Unfold(previous, folded, rebuilt, width);
        Assert.Equal(next, rebuilt);

        // In place, as the decoder runs it.
        var inPlace = (byte[])previous.Clone();
        UlpDeltas.Unfold(inPlace, folded, inPlace, width);
        Assert.Equal(next, inPlace);
    }

    [Fact]
    public void OneUlpStepsFoldToOneAndTwoAcrossMantissaBoundariesAndZero()
    {
        // BF16 1.0 = 0x3F80; its neighbours 0x3F7F and 0x3F81 differ in 8 bits of XOR but are one ULP away.
        ushort[] bases = [0x3F80, 0x3F80, 0x0000, 0x8000, 0xBF80];
        ushort[] targets = [0x3F81, 0x3F7F, 0x8000, 0x0000, 0xBF81];
        ushort[] expected = [2, 1, 1, 2, 1];
        var previous = new byte[bases.Length * 2];
        var next = new byte[bases.Length * 2];
        for (var i = 0; i < bases.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(previous.AsSpan(i * 2), bases[i]);
            BinaryPrimitives.WriteUInt16LittleEndian(next.AsSpan(i * 2), targets[i]);
        }

        var folded = new byte[previous.Length];
        UlpDeltas.Fold(previous, next, folded, 2);
        for (var i = 0; i < bases.Length; i++)
        {
            Assert.Equal(expected[i], BinaryPrimitives.ReadUInt16LittleEndian(folded.AsSpan(i * 2)));
        }
    }

    /// <summary>Seeded property test: random float tensors (weights with optimizer-like steps, specials, new and removed tensors), both versions, any parallelism.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public async Task RandomCheckpointsRoundTripBitExactInBothVersions(int seed)
    {
        using var dir = new TempDirectory();
        var random = new Random(1000 + seed);
        var previous = new List<TestTensor>();
        var next = new List<TestTensor>();
        for (var t = 0; t < 5; t++)
        {
            var dtype = FloatTypes[random.Next(FloatTypes.Length)];
            var shape = new long[] { 1 + random.Next(300), 1 + random.Next(200) };
            var step = Math.Pow(10, -1 - random.Next(6));
            var (a, b) = WeightsWithStep(random, dtype, shape, step, random.NextDouble() < 0.3);
            previous.Add(new TestTensor($"layers.{t}.{dtype}", dtype, shape, a));
            next.Add(new TestTensor($"layers.{t}.{dtype}", dtype, shape, b));
        }

        previous.Add(TestFiles.Random(random, "removed", SafeTensorsDType.BF16, 17));
        next.Add(TestFiles.Random(random, "added", SafeTensorsDType.F32, 33));
        var prev = TestFiles.Write(dir.File("p.safetensors"), previous);
        var nxt = TestFiles.Write(dir.File("n.safetensors"), next);
        var chunk = 4096 * (1 + random.Next(16));
        long? v1Bytes = null;
        foreach (var version in new[] { 1, 2 })
        {
            var options = new DeltaEncodeOptions { BaseIdentity = "step-1", ChunkBytes = chunk, FormatVersion = version, MaxDegreeOfParallelism = 1 + random.Next(3) };
            var delta = dir.File($"v{version}/model.safetensors");
            var result = await DeltaCodec.EncodeFileAsync(prev, nxt, delta, options);
            var info = DeltaCodec.ReadInfo(delta);
            Assert.Equal(version, info.FormatVersion);
            Assert.Equal(DeltaFormat.NameOf(version), info.FormatName);
            await DeltaCodec.DecodeFileAsync(prev, delta, dir.File($"out{version}/model.safetensors"), new DeltaDecodeOptions { ExpectedBaseIdentity = "step-1" });
            Assert.Equal(File.ReadAllBytes(nxt), File.ReadAllBytes(dir.File($"out{version}/model.safetensors")));
            await DeltaCodec.VerifyAsync(null, delta);
            if (version == 1)
            {
                v1Bytes = result.DeltaBytes;
            }
            else
            {
                Assert.True(result.DeltaBytes <= v1Bytes * 1.02, $"v2 {result.DeltaBytes} bytes vs v1 {v1Bytes}");
            }
        }
    }

    [Fact]
    public async Task SmallBf16StepsCompressClearlyBetterThanVersion1AndReportTheContextBound()
    {
        using var dir = new TempDirectory();
        var random = new Random(77);
        var shape = new long[] { 1024, 512 };
        var (a, b) = WeightsWithStep(random, SafeTensorsDType.BF16, shape, 2e-5, specials: false);
        var prev = TestFiles.Write(dir.File("p.safetensors"), [new TestTensor("w", SafeTensorsDType.BF16, shape, a)]);
        var nxt = TestFiles.Write(dir.File("n.safetensors"), [new TestTensor("w", SafeTensorsDType.BF16, shape, b)]);
        var v1 = await DeltaCodec.EncodeFileAsync(prev, nxt, dir.File("v1.safetensors"), new DeltaEncodeOptions { FormatVersion = 1 });
        var v2 = await DeltaCodec.EncodeFileAsync(prev, nxt, dir.File("v2.safetensors"));
        Assert.True(v1.DeltaBytes > 1.2 * v2.DeltaBytes, $"v1 {v1.DeltaBytes} bytes, v2 {v2.DeltaBytes} bytes");

        var stats = await DeltaCodec.ComputeStatsAsync(prev, nxt);
        var tensor = Assert.Single(stats.Tensors);
        Assert.NotNull(tensor.ContextEntropyBoundBytes);
        Assert.True(tensor.ContextEntropyBoundBytes < tensor.UlpEntropyBoundBytes);
        Assert.True(tensor.UlpEntropyBoundBytes < tensor.EntropyBoundBytes);
        Assert.Equal(v2.DeltaBytes, stats.DeltaBytes);
        Assert.InRange(stats.ShareOfContextBound, 0.6, 1.0);
    }

    [Fact]
    public async Task DecodingAgainstABaseWithOtherExponentsIsABaseMismatch()
    {
        using var dir = new TempDirectory();
        var random = new Random(78);
        var shape = new long[] { 256, 256 };
        var (a, b) = WeightsWithStep(random, SafeTensorsDType.BF16, shape, 1e-4, specials: false);
        var (other, _) = WeightsWithStep(random, SafeTensorsDType.BF16, shape, 1e-4, specials: false);
        var prev = TestFiles.Write(dir.File("p.safetensors"), [new TestTensor("w", SafeTensorsDType.BF16, shape, a)]);
        var wrong = TestFiles.Write(dir.File("wrong.safetensors"), [new TestTensor("w", SafeTensorsDType.BF16, shape, other)]);
        var nxt = TestFiles.Write(dir.File("n.safetensors"), [new TestTensor("w", SafeTensorsDType.BF16, shape, b)]);
        var delta = (await DeltaCodec.EncodeFileAsync(prev, nxt, dir.File("d/n.safetensors"), new DeltaEncodeOptions { BaseIdentity = "step-7" })).DeltaPath;
        var ex = await Assert.ThrowsAsync<DeltaBaseMismatchException>(() => DeltaCodec.DecodeFileAsync(wrong, delta, dir.File("out/n.safetensors")));
        Assert.Contains("step-7", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("out/n.safetensors")));
    }

    /// <summary>Seeded corruption of version-2 frames: an error or some output, never an exception, a hang or an out-of-range write.</summary>
    [Theory]
    [InlineData(SafeTensorsDType.BF16, 1e-4)]
    [InlineData(SafeTensorsDType.F32, 1e-5)]
    [InlineData(SafeTensorsDType.F16, 1e-3)]
    public void CorruptedVersion2FramesFailCleanly(SafeTensorsDType dtype, double step)
    {
        var random = new Random(90 + (int)dtype);
        const int chunk = 64 * 1024;
        var width = dtype.SizeInBytes();
        var layout = FloatLayout.For(dtype);
        var (previous, next) = WeightsWithStep(random, dtype, [chunk / width], step, specials: true);
        var buffers = WorkerBuffers.Rent(chunk);
        var codec = ChunkCodec.Rent(DeltaCodec.DefaultCompressionLevel, DeltaCodec.DefaultTokenCompressionLevel);
        try
        {
            var frame = new byte[WorkerBuffers.FrameCapacity(chunk)];
            previous.CopyTo(buffers.Scratch, 0);
            var length = ChunkFramesV2.Encode(codec, layout, width, buffers.Scratch.AsSpan(0, chunk), next, frame, buffers, ChunkCodec.DefaultZeroRunShare);
            Assert.InRange(length, 1, ChunkFramesV2.MaxFrameLength(chunk, width, layout));
            Assert.Equal(ChunkFramesV2.TransformUlp, frame[0]);
            var valid = frame.AsSpan(0, length).ToArray();
            var output = (byte[])previous.Clone();
            Assert.Null(ChunkFramesV2.Decode(codec, layout, width, valid, output, baseKnown: true, buffers, out _));
            Assert.Equal(next, output);

            var errors = 0;
            for (var iteration = 0; iteration < 300; iteration++)
            {
                var corrupted = (byte[])valid.Clone();
                switch (iteration % 4)
                {
                    case 0:
                        corrupted[random.Next(corrupted.Length)] ^= (byte)(1 << random.Next(8));
                        break;
                    case 1:
                        corrupted[random.Next(Math.Min(corrupted.Length, 64))] = (byte)random.Next(256);
                        break;
                    case 2:
                        corrupted = corrupted[..random.Next(corrupted.Length)];
                        break;
                    default:
                        corrupted[0] = (byte)random.Next(4);
                        corrupted[1 + random.Next(Math.Min(corrupted.Length - 1, 40))] = (byte)random.Next(256);
                        break;
                }

                output = (byte[])previous.Clone();
                var known = iteration % 5 != 0;
                if (ChunkFramesV2.Decode(codec, layout, width, corrupted, output, known, buffers, out _) is not null)
                {
                    errors++;
                }
            }

            Assert.True(errors > 150, $"only {errors} of 300 corruptions were reported by the frame decoder itself");
        }
        finally
        {
            ChunkCodec.Return(codec);
            WorkerBuffers.Return(buffers);
        }
    }

    [Fact]
    public async Task CorruptedVersion2FilesAreReportedNamingTheTensorAndNothingIsWritten()
    {
        using var dir = new TempDirectory();
        var random = new Random(91);
        var shape = new long[] { 128, 128 };
        var (a, b) = WeightsWithStep(random, SafeTensorsDType.BF16, shape, 1e-4, specials: false);
        var prev = TestFiles.Write(dir.File("p.safetensors"), [new TestTensor("w", SafeTensorsDType.BF16, shape, a)]);
        var nxt = TestFiles.Write(dir.File("n.safetensors"), [new TestTensor("w", SafeTensorsDType.BF16, shape, b)]);
        var delta = (await DeltaCodec.EncodeFileAsync(prev, nxt, dir.File("d/n.safetensors"), new DeltaEncodeOptions { ChunkBytes = 8192 })).DeltaPath;
        var bytes = File.ReadAllBytes(delta);
        var dataStart = 8 + (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        for (var trial = 0; trial < 40; trial++)
        {
            var corrupted = (byte[])bytes.Clone();
            corrupted[dataStart + random.NextInt64(bytes.Length - dataStart)] ^= (byte)(1 << random.Next(8));
            var path = dir.File($"bad{trial}/n.safetensors");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, corrupted);
            var output = dir.File($"out{trial}/n.safetensors");
            var ex = await Assert.ThrowsAnyAsync<Exception>(() => DeltaCodec.DecodeFileAsync(prev, path, output));
            Assert.True(ex is DeltaIntegrityException or DeltaBaseMismatchException, ex.ToString());
            Assert.Contains("'w'", ex.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(output));
        }
    }

    [Fact]
    public void VersionOneStaysReadableAndUnknownVersionsAreNamed()
    {
        Assert.True(DeltaFormat.IsSupported(DeltaFormat.V1Name));
        Assert.True(DeltaFormat.IsSupported(DeltaFormat.Name));
        Assert.False(DeltaFormat.IsSupported("arc_v2"));
        Assert.Throws<ArgumentOutOfRangeException>(() => DeltaFormat.NameOf(3));
    }

    /// <summary>
    /// Weights ~N(0, 0.02) rounded to <paramref name="dtype"/>, and the same weights after a step of about
    /// <paramref name="step"/> in FP64, rounded again; optionally sprinkled with zeros, infinities, NaNs and subnormals.
    /// </summary>
    internal static (byte[] Previous, byte[] Next) WeightsWithStep(Random random, SafeTensorsDType dtype, long[] shape, double step, bool specials)
    {
        var count = (int)shape.Aggregate(1L, (x, y) => x * y);
        var width = dtype.SizeInBytes();
        var previous = new byte[count * width];
        var next = new byte[count * width];
        for (var i = 0; i < count; i++)
        {
            var w = 0.02 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var w2 = w + (step * (random.NextDouble() - 0.5));
            if (specials && random.Next(50) == 0)
            {
                double[] special = [0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN, 1e-40, -1e-45, 65504];
                (w, w2) = random.Next(2) == 0 ? (special[random.Next(special.Length)], w2) : (w, special[random.Next(special.Length)]);
            }

            Store(previous, i, dtype, w);
            Store(next, i, dtype, w2);
        }

        return (previous, next);
    }

    private static void Store(byte[] buffer, int index, SafeTensorsDType dtype, double value)
    {
        switch (dtype)
        {
            case SafeTensorsDType.F64:
                BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(index * 8), value);
                break;
            case SafeTensorsDType.F32:
                BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(index * 4), (float)value);
                break;
            case SafeTensorsDType.F16:
                BinaryPrimitives.WriteHalfLittleEndian(buffer.AsSpan(index * 2), (Half)value);
                break;
            default:
                BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(index * 2), (ushort)(BitConverter.SingleToUInt32Bits((float)value) >> 16));
                break;
        }
    }

    private static void Write(byte[] buffer, int index, int width, ulong value)
    {
        for (var b = 0; b < width; b++)
        {
            buffer[(index * width) + b] = (byte)(value >> (8 * b));
        }
    }
}
