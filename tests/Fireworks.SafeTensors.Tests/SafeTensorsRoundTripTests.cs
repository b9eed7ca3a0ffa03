using System.Buffers.Binary;
using System.Text;
using Fireworks.SafeTensors;

namespace Fireworks.SafeTensors.Tests;

public sealed class SafeTensorsRoundTripTests
{
    [Fact]
    public void EveryDTypeRoundTripsThroughWriterAndReader()
    {
        using var dir = new TempDirectory();
        var random = new Random(1);
        var tensors = TestFiles.AllDTypes.Select((d, i) => TestFiles.Random(random, $"t{i}.{d}", d, 3, 5)).ToList();
        tensors.Add(TestFiles.Random(random, "scalar", SafeTensorsDType.F32));
        tensors.Add(TestFiles.Random(random, "empty", SafeTensorsDType.BF16, 0, 7));
        var path = TestFiles.Write(dir.File("all.safetensors"), tensors, new Dictionary<string, string> { ["format"] = "pt" });

        using var file = SafeTensorsFile.Open(path);
        Assert.Equal("pt", file.Metadata!["format"]);
        Assert.Equal(tensors.Count, file.Tensors.Count);
        foreach (var expected in tensors)
        {
            var actual = file.Header[expected.Name];
            Assert.Equal(expected.DType, actual.DType);
            Assert.Equal(expected.Shape, actual.Shape);
            Assert.Equal(expected.Data, file.ReadTensorBytes(actual));
        }

        Assert.Equal(0, file.HeaderLength % 8);
        Assert.Equal(file.FileLength, file.DataOffset + file.Header.DataLength);
    }

    [Theory]
    [InlineData(SafeTensorsDType.F64, 8)]
    [InlineData(SafeTensorsDType.F32, 4)]
    [InlineData(SafeTensorsDType.F16, 2)]
    [InlineData(SafeTensorsDType.BF16, 2)]
    [InlineData(SafeTensorsDType.I64, 8)]
    [InlineData(SafeTensorsDType.I32, 4)]
    [InlineData(SafeTensorsDType.I16, 2)]
    [InlineData(SafeTensorsDType.I8, 1)]
    [InlineData(SafeTensorsDType.U64, 8)]
    [InlineData(SafeTensorsDType.U32, 4)]
    [InlineData(SafeTensorsDType.U16, 2)]
    [InlineData(SafeTensorsDType.U8, 1)]
    [InlineData(SafeTensorsDType.BOOL, 1)]
    [InlineData(SafeTensorsDType.F8_E4M3, 1)]
    [InlineData(SafeTensorsDType.F8_E5M2, 1)]
    public void DTypeSizesAndWireNamesMatchTheFormat(SafeTensorsDType dtype, int size)
    {
        Assert.Equal(size, dtype.SizeInBytes());
        Assert.True(SafeTensorsDTypeExtensions.TryParseWireName(dtype.ToWireName(), out var parsed));
        Assert.Equal(dtype, parsed);
        Assert.Equal(dtype.ToString(), dtype.ToWireName());
    }

    [Fact]
    public void ReadsTheFormatDocumentationExample()
    {
        // The example from the safetensors README, built by hand: metadata after the tensor, no padding.
        var json = """{"test":{"dtype":"I32","shape":[2,2],"data_offsets":[0,16]},"__metadata__":{"foo":"bar"}}""";
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + 16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8 + header.Length + (4 * i)), i + 1);
        }

        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("example.safetensors"), bytes);
        using var file = SafeTensorsFile.Open(dir.File("example.safetensors"));
        var tensor = Assert.Single(file.Tensors);
        Assert.Equal(SafeTensorsDType.I32, tensor.DType);
        Assert.Equal([2L, 2L], tensor.Shape);
        Assert.Equal("bar", file.Metadata!["foo"]);
        Assert.Equal(3, BinaryPrimitives.ReadInt32LittleEndian(file.ReadTensorBytes(tensor).AsSpan(8)));
        Assert.Equal(header, file.RawHeader.ToArray());
    }

    [Fact]
    public void WritesCompactHeaderPaddedWithSpacesToEightBytes()
    {
        var header = SafeTensorsHeader.Create(
            [new SafeTensorSpec("w", SafeTensorsDType.BF16, [2, 3])],
            new Dictionary<string, string> { ["k"] = "v" });
        var text = Encoding.UTF8.GetString(header.ToUtf8Bytes());
        Assert.Equal("""{"__metadata__":{"k":"v"},"w":{"dtype":"BF16","shape":[2,3],"data_offsets":[0,12]}}""", text.TrimEnd(' '));
        Assert.Equal(0, text.Length % 8);
        Assert.True(text.Length - text.TrimEnd(' ').Length < 8);
    }

    [Fact]
    public void MemoryMapStreamAndRangedReadsReturnTheSameBytes()
    {
        using var dir = new TempDirectory();
        var random = new Random(2);
        var tensors = new[] { TestFiles.Random(random, "a", SafeTensorsDType.F32, 100, 33), TestFiles.Random(random, "b", SafeTensorsDType.U8, 1000) };
        var path = TestFiles.Write(dir.File("m.safetensors"), tensors);
        using var file = SafeTensorsFile.Open(path);
        using var map = file.CreateMemoryMap();
        var a = file.Header["a"];
        Assert.Equal(tensors[0].Data, map.GetSpan(a).ToArray());
        Assert.Equal(tensors[0].Data.AsSpan(100, 50).ToArray(), map.GetSpan(a, 100, 50).ToArray());
        var ranged = new byte[50];
        file.ReadTensorData(a, 100, ranged);
        Assert.Equal(tensors[0].Data.AsSpan(100, 50).ToArray(), ranged);

        using var stream = file.OpenTensorStream(file.Header["b"]);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.Equal(tensors[1].Data, copy.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => file.ReadTensorData(a, a.ByteLength - 10, new byte[11]));
    }

    [Fact]
    public async Task AsyncOpenAndRangedReadsMatchSyncReads()
    {
        using var dir = new TempDirectory();
        var tensor = TestFiles.Random(new Random(3), "x", SafeTensorsDType.I16, 300);
        var path = TestFiles.Write(dir.File("a.safetensors"), [tensor]);
        using var file = await SafeTensorsFile.OpenAsync(path, cancellationToken: CancellationToken.None);
        var buffer = new byte[tensor.Data.Length];
        await file.ReadTensorDataAsync(file.Tensors[0], 0, buffer, CancellationToken.None);
        Assert.Equal(tensor.Data, buffer);
    }

    [Fact]
    public void WriterLeavesNothingBehindUntilCommitAndRejectsWrongLengths()
    {
        using var dir = new TempDirectory();
        var path = dir.File("w.safetensors");
        var header = SafeTensorsHeader.Create([new SafeTensorSpec("x", SafeTensorsDType.U8, [4])]);
        using (var writer = SafeTensorsWriter.Create(path, header))
        {
            writer.Write(new byte[3]);
            Assert.False(File.Exists(path));
            Assert.Throws<InvalidOperationException>(() => writer.Write(new byte[2]));
            Assert.Throws<InvalidOperationException>(writer.Commit);
        }

        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(dir.Path));

        using (var writer = SafeTensorsWriter.Create(path, header))
        {
            writer.Write([1, 2, 3, 4]);
            writer.Commit();
        }

        using var file = SafeTensorsFile.Open(path);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, file.ReadTensorBytes(file.Tensors[0]));
    }

    [Fact]
    public void CreateRejectsDuplicateReservedAndNegativeShapes()
    {
        Assert.Throws<ArgumentException>(() => SafeTensorsHeader.Create([new("a", SafeTensorsDType.U8, [1]), new("a", SafeTensorsDType.U8, [1])]));
        Assert.Throws<ArgumentException>(() => SafeTensorsHeader.Create([new("__metadata__", SafeTensorsDType.U8, [1])]));
        Assert.Throws<ArgumentException>(() => SafeTensorsHeader.Create([new("a", SafeTensorsDType.U8, [-1])]));
        Assert.Throws<ArgumentException>(() => SafeTensorsHeader.Create([new("a", SafeTensorsDType.F64, [long.MaxValue, 2])]));
    }
}
