using System.Buffers.Binary;
using Fireworks.Delta;
using Fireworks.SafeTensors;

namespace Fireworks.SafeTensors.Tests;

public sealed class DeltaCodecTests
{
    private static readonly DeltaEncodeOptions SmallChunks = new() { BaseIdentity = "step-0001", ChunkBytes = 4096 };

    [Fact]
    public async Task EveryDTypeRoundTripsBitExactAcrossChunks()
    {
        using var dir = new TempDirectory();
        var random = new Random(10);
        var previous = TestFiles.AllDTypes.Select((d, i) => TestFiles.Random(random, $"layer.{i}.{d}", d, 37, 61)).ToList();
        var next = previous.Select((t, i) => TestFiles.Perturb(random, t, i % 3 == 0 ? 0.01 : 0.3)).ToList();
        var (prev, nxt) = (TestFiles.Write(dir.File("prev.safetensors"), previous), TestFiles.Write(dir.File("next.safetensors"), next, new Dictionary<string, string> { ["format"] = "pt" }));

        var result = await DeltaCodec.EncodeFileAsync(prev, nxt, dir.File("delta/model.safetensors"), SmallChunks);
        Assert.Equal(previous.Count, result.XorTensors);
        Assert.True(result.DeltaBytes < new FileInfo(nxt).Length);

        await DeltaCodec.DecodeFileAsync(prev, result.DeltaPath, dir.File("out/model.safetensors"));
        Assert.Equal(File.ReadAllBytes(nxt), File.ReadAllBytes(dir.File("out/model.safetensors")));
    }

    [Fact]
    public async Task SparseDenseAndUnchangedPlanesRoundTripInOneFile()
    {
        using var dir = new TempDirectory();
        var random = new Random(11);
        var unchanged = TestFiles.Random(random, "frozen", SafeTensorsDType.BF16, 4096);
        var dense = TestFiles.Random(random, "dense", SafeTensorsDType.F32, 3000);
        var sparse = TestFiles.Random(random, "sparse", SafeTensorsDType.F16, 9000);
        var prev = TestFiles.Write(dir.File("p.safetensors"), [unchanged, dense, sparse]);
        var next = TestFiles.Write(dir.File("n.safetensors"), [unchanged, TestFiles.Random(random, "dense", SafeTensorsDType.F32, 3000), TestFiles.Perturb(random, sparse, 0.002)]);

        var stats = await DeltaCodec.ComputeStatsAsync(prev, next, SmallChunks);
        Assert.Equal(0, stats.Tensors.Single(t => t.Name == "frozen").CompressedBytes);
        Assert.Equal(0, stats.Tensors.Single(t => t.Name == "frozen").ChangedElements);
        Assert.All(stats.Tensors.Single(t => t.Name == "frozen").PlaneEntropyBits, bits => Assert.Equal(0, bits));

        var delta = await DeltaCodec.EncodeFileAsync(prev, next, dir.File("d.safetensors"), SmallChunks);
        Assert.Equal(stats.DeltaBytes, delta.DeltaBytes);
        await DeltaCodec.DecodeFileAsync(prev, delta.DeltaPath, dir.File("o.safetensors"));
        Assert.Equal(File.ReadAllBytes(next), File.ReadAllBytes(dir.File("o.safetensors")));
    }

    [Fact]
    public async Task AddedRemovedReshapedAndRetypedTensorsAreStoredWholeOrRecorded()
    {
        using var dir = new TempDirectory();
        var random = new Random(12);
        var kept = TestFiles.Random(random, "kept", SafeTensorsDType.BF16, 64, 64);
        var prev = TestFiles.Write(dir.File("p.safetensors"), [
            kept,
            TestFiles.Random(random, "removed", SafeTensorsDType.F32, 10),
            TestFiles.Random(random, "reshaped", SafeTensorsDType.F32, 4, 6),
            TestFiles.Random(random, "retyped", SafeTensorsDType.F32, 8),
        ]);
        var next = TestFiles.Write(dir.File("n.safetensors"), [
            TestFiles.Random(random, "added", SafeTensorsDType.I32, 5, 5),
            TestFiles.Random(random, "reshaped", SafeTensorsDType.F32, 6, 4),
            TestFiles.Random(random, "retyped", SafeTensorsDType.BF16, 8),
            TestFiles.Perturb(random, kept, 0.05),
            TestFiles.Random(random, "scalar", SafeTensorsDType.F64),
            new TestTensor("empty", SafeTensorsDType.U16, [0, 3], []),
        ]);

        var result = await DeltaCodec.EncodeFileAsync(prev, next, dir.File("d.safetensors"), SmallChunks);
        Assert.Equal((1, 5, 1), (result.XorTensors, result.FullTensors, result.RemovedTensors));
        var info = DeltaCodec.ReadInfo(result.DeltaPath);
        Assert.Equal(DeltaTensorEncoding.Removed, info.Tensors.Single(t => t.Name == "removed").Encoding);
        Assert.Equal(DeltaTensorEncoding.Full, info.Tensors.Single(t => t.Name == "reshaped").Encoding);
        Assert.Equal(DeltaTensorEncoding.Xor, info.Tensors.Single(t => t.Name == "kept").Encoding);

        await DeltaCodec.DecodeFileAsync(prev, result.DeltaPath, dir.File("o.safetensors"));
        Assert.Equal(File.ReadAllBytes(next), File.ReadAllBytes(dir.File("o.safetensors")));
    }

    [Fact]
    public async Task NewShardWithoutBaseDecodesWithoutBase()
    {
        using var dir = new TempDirectory();
        var next = TestFiles.Write(dir.File("n.safetensors"), [TestFiles.Random(new Random(13), "w", SafeTensorsDType.BF16, 3000)]);
        var result = await DeltaCodec.EncodeFileAsync(null, next, dir.File("d.safetensors"), SmallChunks);
        Assert.Equal(1, result.FullTensors);
        await DeltaCodec.DecodeFileAsync(null, result.DeltaPath, dir.File("o.safetensors"));
        Assert.Equal(File.ReadAllBytes(next), File.ReadAllBytes(dir.File("o.safetensors")));
        Assert.True((await DeltaCodec.VerifyAsync(null, result.DeltaPath)).TensorCount == 1);
    }

    [Fact]
    public async Task DeltaIsValidSafeTensorsWithFormatIdentityAndChecksumsInMetadata()
    {
        using var dir = new TempDirectory();
        var (prev, next) = Pair(dir, new Random(14));
        var result = await DeltaCodec.EncodeFileAsync(prev, next, dir.File("step-0002/model-00001.safetensors"), SmallChunks);

        using var delta = SafeTensorsFile.Open(result.DeltaPath);
        var meta = delta.Metadata!;
        Assert.Equal(DeltaFormat.Name, meta["fwdelta.format"]);
        Assert.Equal("fwdelta-ulp-ctx-zstd", DeltaFormat.Name);
        Assert.Equal("2", meta["fwdelta.version"]);
        Assert.Equal("alder32", meta["fwdelta.checksum_format"]);
        Assert.Equal("step-0001", meta["fwdelta.base_identity"]);
        Assert.True(DeltaFormat.IsDelta(meta));
        Assert.DoesNotContain(meta.Values, v => v.Contains("arc_v2", StringComparison.Ordinal));

        using var target = SafeTensorsFile.Open(next);
        using var baseFile = SafeTensorsFile.Open(prev);
        var info = DeltaCodec.ReadInfo(result.DeltaPath);
        Assert.Equal("step-0001", info.BaseIdentity);
        foreach (var tensor in info.Tensors)
        {
            Assert.Equal(Adler32.Compute(target.ReadTensorBytes(target.Header[tensor.Name])), tensor.TargetAlder32);
            Assert.Equal(Adler32.Compute(baseFile.ReadTensorBytes(baseFile.Header[tensor.Name])), tensor.BaseAlder32);
            Assert.Equal(SafeTensorsDType.U8, delta.Header[tensor.Name].DType);
        }
    }

    [Fact]
    public async Task OutputIsDeterministicWhateverTheParallelism()
    {
        using var dir = new TempDirectory();
        var (prev, next) = Pair(dir, new Random(15));
        await DeltaCodec.EncodeFileAsync(prev, next, dir.File("one.safetensors"), SmallChunks with { MaxDegreeOfParallelism = 1 });
        await DeltaCodec.EncodeFileAsync(prev, next, dir.File("four.safetensors"), SmallChunks with { MaxDegreeOfParallelism = 4 });
        Assert.Equal(File.ReadAllBytes(dir.File("one.safetensors")), File.ReadAllBytes(dir.File("four.safetensors")));
    }

    [Fact]
    public async Task WrongBaseSaysWhatTheDeltaWasMadeAgainstAndWritesNothing()
    {
        using var dir = new TempDirectory();
        var random = new Random(16);
        var (prev, next) = Pair(dir, random);
        var delta = (await DeltaCodec.EncodeFileAsync(prev, next, dir.File("d.safetensors"), SmallChunks)).DeltaPath;
        var other = TestFiles.Write(dir.File("other.safetensors"), SafeTensorsFile.Open(prev).Tensors.Select(t => TestFiles.Random(random, t.Name, t.DType, [.. t.Shape])).ToList());
        var output = dir.File("o.safetensors");

        var ex = await Assert.ThrowsAsync<DeltaBaseMismatchException>(() => DeltaCodec.DecodeFileAsync(other, delta, output));
        Assert.StartsWith("this delta was made against base 'step-0001'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("alder32", ex.Message, StringComparison.Ordinal);
        Assert.Equal("step-0001", ex.ExpectedBaseIdentity);
        Assert.NotNull(ex.TensorName);
        AssertNothingWritten(dir, output);

        ex = await Assert.ThrowsAsync<DeltaBaseMismatchException>(() => DeltaCodec.DecodeFileAsync(prev, delta, output, new DeltaDecodeOptions { ExpectedBaseIdentity = "step-0007" }));
        Assert.Contains("not 'step-0007'", ex.Message, StringComparison.Ordinal);

        ex = await Assert.ThrowsAsync<DeltaBaseMismatchException>(() => DeltaCodec.DecodeFileAsync(null, delta, output));
        Assert.Contains("no base file was given", ex.Message, StringComparison.Ordinal);

        var missing = TestFiles.Write(dir.File("missing.safetensors"), [TestFiles.Random(random, "unrelated", SafeTensorsDType.U8, 4)]);
        ex = await Assert.ThrowsAsync<DeltaBaseMismatchException>(() => DeltaCodec.VerifyAsync(missing, delta));
        Assert.Contains("has no such tensor", ex.Message, StringComparison.Ordinal);
        AssertNothingWritten(dir, output);
    }

    [Fact]
    public async Task CorruptedByteInEveryTensorIsReportedAsThatTensorAndNothingIsWritten()
    {
        using var dir = new TempDirectory();
        var (prev, next) = Pair(dir, new Random(17));
        var delta = (await DeltaCodec.EncodeFileAsync(prev, next, dir.File("d.safetensors"), SmallChunks)).DeltaPath;
        var pristine = File.ReadAllBytes(delta);
        using (var file = SafeTensorsFile.Open(delta))
        {
            var output = dir.File("o.safetensors");
            File.WriteAllText(output, "previous content");
            foreach (var entry in file.Tensors.Where(t => t.ByteLength > 0))
            {
                foreach (var offset in new[] { 0L, entry.ByteLength / 2, entry.ByteLength - 1 })
                {
                    var corrupted = (byte[])pristine.Clone();
                    corrupted[file.DataOffset + entry.DataStart + offset] ^= 0x5A;
                    var path = dir.File("corrupt.safetensors");
                    File.WriteAllBytes(path, corrupted);
                    var ex = await Assert.ThrowsAsync<DeltaIntegrityException>(() => DeltaCodec.DecodeFileAsync(prev, path, output));
                    Assert.Equal(entry.Name, ex.TensorName);
                    Assert.Contains($"'{entry.Name}'", ex.Message, StringComparison.Ordinal);
                    Assert.Equal("previous content", File.ReadAllText(output));
                    await Assert.ThrowsAsync<DeltaIntegrityException>(() => DeltaCodec.VerifyAsync(prev, path));
                }
            }
        }

        AssertNoTempFiles(dir);
    }

    [Fact]
    public async Task CorruptedHeaderOrPrefixIsAFormatErrorNeverAPartialFile()
    {
        using var dir = new TempDirectory();
        var (prev, next) = Pair(dir, new Random(18));
        var delta = (await DeltaCodec.EncodeFileAsync(prev, next, dir.File("d.safetensors"), SmallChunks)).DeltaPath;
        var pristine = File.ReadAllBytes(delta);
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(pristine);
        var random = new Random(19);
        var output = dir.File("o.safetensors");
        var failures = 0;
        for (var i = 0; i < 200; i++)
        {
            var corrupted = (byte[])pristine.Clone();
            var position = i < 8 ? i : 8 + random.Next(headerLength);
            corrupted[position] ^= (byte)(1 << random.Next(8));
            var path = dir.File("c.safetensors");
            File.WriteAllBytes(path, corrupted);
            try
            {
                await DeltaCodec.DecodeFileAsync(prev, path, output);
                Assert.Equal(File.ReadAllBytes(next), File.ReadAllBytes(output));
                File.Delete(output);
            }
            catch (DeltaFormatException)
            {
                failures++;
                Assert.False(File.Exists(output));
            }
        }

        Assert.True(failures > 100, $"only {failures} of 200 header corruptions were detected");
        AssertNoTempFiles(dir);
    }

    [Fact]
    public async Task TruncatedDeltaIsRejectedNamingTheTensorWhenTheDataIsCut()
    {
        using var dir = new TempDirectory();
        var (prev, next) = Pair(dir, new Random(20));
        var delta = (await DeltaCodec.EncodeFileAsync(prev, next, dir.File("d.safetensors"), SmallChunks)).DeltaPath;
        var bytes = File.ReadAllBytes(delta);
        string lastTensor;
        using (var file = SafeTensorsFile.Open(delta))
        {
            lastTensor = file.Header.TensorsByOffset[^1].Name;
        }

        foreach (var cut in new[] { 1, 100, bytes.Length / 2, bytes.Length - 4 })
        {
            File.WriteAllBytes(dir.File("t.safetensors"), bytes[..cut]);
            var ex = await Assert.ThrowsAsync<DeltaFormatException>(() => DeltaCodec.DecodeFileAsync(prev, dir.File("t.safetensors"), dir.File("o.safetensors")));
            Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(dir.File("o.safetensors")));
        }

        File.WriteAllBytes(dir.File("t.safetensors"), bytes[..^3]);
        var last = await Assert.ThrowsAsync<DeltaFormatException>(() => DeltaCodec.VerifyAsync(prev, dir.File("t.safetensors")));
        Assert.Contains($"'{lastTensor}'", last.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancellationLeavesNoOutputAndNoTempFile()
    {
        using var dir = new TempDirectory();
        var (prev, next) = Pair(dir, new Random(21));
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(_ => cts.Cancel());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            DeltaCodec.EncodeFileAsync(prev, next, dir.File("d.safetensors"), SmallChunks with { MaxDegreeOfParallelism = 1 }, progress, cts.Token));
        Assert.False(File.Exists(dir.File("d.safetensors")));
        AssertNoTempFiles(dir);
    }

    [Fact]
    public async Task ProgressReachesTheTargetSize()
    {
        using var dir = new TempDirectory();
        var (prev, next) = Pair(dir, new Random(22));
        var reports = new List<DeltaProgress>();
        var progress = new SyncProgress(p => { lock (reports) { reports.Add(p); } });
        await DeltaCodec.EncodeFileAsync(prev, next, dir.File("d.safetensors"), SmallChunks, progress);
        using var target = SafeTensorsFile.Open(next);
        Assert.Equal(target.Header.DataLength, reports.Max(r => r.ProcessedBytes));
        Assert.All(reports, r => Assert.Equal("n.safetensors", r.FileName));
    }

    [Fact]
    public async Task StatsReportChangedFractionAndEntropyBound()
    {
        using var dir = new TempDirectory();
        var previous = new TestTensor("w", SafeTensorsDType.U16, [1000], new byte[2000]);
        var nextData = new byte[2000];
        for (var i = 0; i < 250; i++)
        {
            nextData[i * 8] = 1; // elements 0, 4, 8, … change in their low byte: a quarter of the elements
        }

        var prev = TestFiles.Write(dir.File("p.safetensors"), [previous]);
        var next = TestFiles.Write(dir.File("n.safetensors"), [previous with { Data = nextData }]);
        var stats = await DeltaCodec.ComputeStatsAsync(prev, next, SmallChunks);
        var tensor = Assert.Single(stats.Tensors);
        Assert.Equal(250, tensor.ChangedElements);
        Assert.Equal(0.25, tensor.ChangedFraction, 6);
        var expectedBits = -((0.25 * Math.Log2(0.25)) + (0.75 * Math.Log2(0.75)));
        Assert.Equal(expectedBits, tensor.PlaneEntropyBits[0], 6);
        Assert.Equal(0, tensor.PlaneEntropyBits[1]);
        Assert.Equal(1000 * expectedBits / 8, tensor.EntropyBoundBytes, 3);
        Assert.Equal(DeltaTensorEncoding.Xor, tensor.Encoding);
        Assert.True(stats.BoundRatio > stats.CompressionRatio);
    }

    [Theory]
    [InlineData(SafeTensorsDType.U8)]
    [InlineData(SafeTensorsDType.BF16)]
    [InlineData(SafeTensorsDType.F32)]
    [InlineData(SafeTensorsDType.F64)]
    public async Task StatsCountChangedElementsWhicheverByteChanges(SafeTensorsDType dtype)
    {
        using var dir = new TempDirectory();
        var width = dtype.SizeInBytes();
        const int elements = 1001;
        var previous = TestFiles.Random(new Random(25), "w", dtype, elements);
        var next = (byte[])previous.Data.Clone();
        var expected = 0;
        for (var i = 0; i < elements; i += 3)
        {
            next[(i * width) + (i % width)] ^= 0x80; // every third element, a different byte of it each time
            expected++;
        }

        var prev = TestFiles.Write(dir.File("p.safetensors"), [previous]);
        var nxt = TestFiles.Write(dir.File("n.safetensors"), [previous with { Data = next }]);
        var stats = await DeltaCodec.ComputeStatsAsync(prev, nxt, SmallChunks);
        Assert.Equal(expected, Assert.Single(stats.Tensors).ChangedElements);
    }

    [Fact]
    public async Task RejectsDeltasAsSnapshotsAndNonDeltasAsDeltas()
    {
        using var dir = new TempDirectory();
        var (prev, next) = Pair(dir, new Random(23));
        var delta = (await DeltaCodec.EncodeFileAsync(prev, next, dir.File("d.safetensors"), SmallChunks)).DeltaPath;
        await Assert.ThrowsAsync<ArgumentException>(() => DeltaCodec.EncodeFileAsync(prev, delta, dir.File("x.safetensors")));
        await Assert.ThrowsAsync<ArgumentException>(() => DeltaCodec.EncodeFileAsync(delta, next, dir.File("x.safetensors")));
        var ex = await Assert.ThrowsAsync<DeltaFormatException>(() => DeltaCodec.DecodeFileAsync(prev, next, dir.File("x.safetensors")));
        Assert.Contains("is not a fwdelta-ulp-ctx-zstd or fwdelta-xor-bp-zstd delta", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => DeltaCodec.EncodeFileAsync(prev, next, dir.File("x.safetensors"), new DeltaEncodeOptions { ChunkBytes = 1000 }));
    }

    [Fact]
    public async Task DirectoryHelpersRoundTripAHuggingFaceSnapshot()
    {
        using var dir = new TempDirectory();
        var random = new Random(24);
        var previousDir = Directory.CreateDirectory(dir.File("step-0001")).FullName;
        var nextDir = Directory.CreateDirectory(dir.File("step-0002-full")).FullName;
        var shard0 = TestFiles.Random(random, "a", SafeTensorsDType.BF16, 2000);
        var shard1 = TestFiles.Random(random, "b", SafeTensorsDType.F32, 700);
        TestFiles.Write(Path.Combine(previousDir, "model-00000.safetensors"), [shard0]);
        TestFiles.Write(Path.Combine(previousDir, "model-00001.safetensors"), [shard1]);
        TestFiles.Write(Path.Combine(nextDir, "model-00000.safetensors"), [TestFiles.Perturb(random, shard0, 0.05)]);
        TestFiles.Write(Path.Combine(nextDir, "model-00001.safetensors"), [TestFiles.Perturb(random, shard1, 0.05)]);
        TestFiles.Write(Path.Combine(nextDir, "model-00002.safetensors"), [TestFiles.Random(random, "c", SafeTensorsDType.I8, 99)]);
        File.WriteAllText(Path.Combine(nextDir, "config.json"), """{"model_type":"llama"}""");
        Directory.CreateDirectory(Path.Combine(nextDir, "tokenizer"));
        File.WriteAllText(Path.Combine(nextDir, "tokenizer", "tokenizer.json"), "{}");

        var encoded = await DeltaCodec.EncodeDirectoryAsync(previousDir, nextDir, dir.File("step-0002"), SmallChunks);
        Assert.Equal(3, encoded.Encoded.Count);
        Assert.Equal(["config.json", Path.Combine("tokenizer", "tokenizer.json")], encoded.CopiedFiles);
        Assert.True(File.Exists(dir.File("step-0002/model-00001.safetensors")));

        var decoded = await DeltaCodec.DecodeDirectoryAsync(previousDir, dir.File("step-0002"), dir.File("rebuilt"));
        Assert.Equal(3, decoded.Decoded.Count);
        foreach (var file in Directory.GetFiles(nextDir, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(nextDir, file);
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(dir.File("rebuilt"), relative)));
        }

        await Assert.ThrowsAsync<ArgumentException>(() => DeltaCodec.EncodeDirectoryAsync(previousDir, nextDir, nextDir));
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => DeltaCodec.EncodeDirectoryAsync(previousDir, dir.File("nope"), dir.File("x")));
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => DeltaCodec.EncodeDirectoryAsync(dir.File("typo"), nextDir, dir.File("x")));
    }

    [Fact]
    public void CompressionLevelBoundsAreZstds()
    {
        Assert.Equal(DeltaCodec.MinCompressionLevel, ZstdSharp.Compressor.MinCompressionLevel);
        Assert.Equal(DeltaCodec.MaxCompressionLevel, ZstdSharp.Compressor.MaxCompressionLevel);
    }

    [Theory]
    [InlineData(23, DeltaCodec.DefaultTokenCompressionLevel)]
    [InlineData(-131073, DeltaCodec.DefaultTokenCompressionLevel)]
    [InlineData(DeltaCodec.DefaultCompressionLevel, 99)]
    public async Task OutOfRangeCompressionLevelsAreRefusedNotClamped(int level, int tokenLevel)
    {
        using var dir = new TempDirectory();
        var (previous, next) = Pair(dir, new Random(60));
        var options = new DeltaEncodeOptions { CompressionLevel = level, TokenCompressionLevel = tokenLevel };
        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => DeltaCodec.EncodeFileAsync(previous, next, dir.File("d.safetensors"), options));
        Assert.Contains("must be a zstd level between -131072 and 22", ex.Message, StringComparison.Ordinal);
        AssertNothingWritten(dir, dir.File("d.safetensors"));
    }

    [Fact]
    public async Task AnOutputPathNamingAnInputIsRefusedBeforeAnythingIsWritten()
    {
        using var dir = new TempDirectory();
        var (previous, next) = Pair(dir, new Random(61));
        var nextBytes = File.ReadAllBytes(next);
        await Assert.ThrowsAsync<ArgumentException>(() => DeltaCodec.EncodeFileAsync(previous, next, next));
        await Assert.ThrowsAsync<ArgumentException>(() => DeltaCodec.EncodeFileAsync(previous, next, previous));
        var delta = dir.File("d.safetensors");
        await DeltaCodec.EncodeFileAsync(previous, next, delta);
        await Assert.ThrowsAsync<ArgumentException>(() => DeltaCodec.DecodeFileAsync(previous, delta, delta));
        await Assert.ThrowsAsync<ArgumentException>(() => DeltaCodec.DecodeFileAsync(previous, delta, previous));
        Assert.Equal(nextBytes, File.ReadAllBytes(next));
        await DeltaCodec.DecodeFileAsync(previous, delta, dir.File("o.safetensors"));
        Assert.Equal(nextBytes, File.ReadAllBytes(dir.File("o.safetensors")));
    }

    internal static (string Previous, string Next) Pair(TempDirectory dir, Random random)
    {
        var previous = new[]
        {
            TestFiles.Random(random, "embed", SafeTensorsDType.BF16, 100, 64),
            TestFiles.Random(random, "proj", SafeTensorsDType.F32, 50, 40),
            TestFiles.Random(random, "norm", SafeTensorsDType.F16, 64),
        };
        var next = previous.Select(t => TestFiles.Perturb(random, t, 0.2)).ToArray();
        return (TestFiles.Write(dir.File("p.safetensors"), previous), TestFiles.Write(dir.File("n.safetensors"), next));
    }

    private static void AssertNothingWritten(TempDirectory dir, string output)
    {
        Assert.False(File.Exists(output));
        AssertNoTempFiles(dir);
    }

    private static void AssertNoTempFiles(TempDirectory dir) =>
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp", SearchOption.AllDirectories));

    private sealed class SyncProgress(Action<DeltaProgress> report) : IProgress<DeltaProgress>
    {
        public void Report(DeltaProgress value) => report(value);
    }
}
