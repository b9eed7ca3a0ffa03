using System.Buffers.Binary;
using System.Text;
using Fireworks.SafeTensors;

namespace Fireworks.SafeTensors.Tests;

public sealed class SafeTensorsValidationTests
{
    public static TheoryData<string, long, string> BadHeaders => new()
    {
        { """[]""", 0, "must be a JSON object" },
        { """ {}""", 0, "starting with '{'" },
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}""", 8, "not valid JSON" },
        { """{"a":{"dtype":"F33","shape":[2],"data_offsets":[0,8]}}""", 8, "unsupported dtype 'F33'" },
        { """{"a":{"dtype":"f32","shape":[2],"data_offsets":[0,8]}}""", 8, "unsupported dtype 'f32'" },
        { """{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", 8, "= 12 bytes but its data_offsets [0, 8] span 8" },
        { """{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", 8, "non-negative integers" },
        { """{"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}""", 8, "non-negative integers" },
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}""", 8, "end before they begin" },
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8,9]}}""", 8, "must be [begin, end]" },
        { """{"a":{"dtype":"F32","shape":[2]}}""", 8, "has no data_offsets" },
        { """{"a":{"shape":[2],"data_offsets":[0,8]}}""", 8, "has no dtype" },
        { """{"a":{"dtype":"F32","data_offsets":[0,8]}}""", 8, "has no shape" },
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}""", 16, "more than once" },
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12, "overlaps tensor 'a'" },
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[12,20]}}""", 20, "leaves a gap" },
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12, "leaves a gap after the start" },
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 4, "truncated" },
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 9, "trailing data" },
        { """{"__metadata__":{"k":1}}""", 0, "must be a string" },
        { """{"__metadata__":{"k":"v","k":"w"}}""", 0, "more than once" },
        { """{"__metadata__":[]}""", 0, "must be an object" },
        { """{"a":{"dtype":"F64","shape":[4611686018427387904,4611686018427387904],"data_offsets":[0,8]}}""", 8, "overflows 64 bits" },
        { """{"a\ud800":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}""", 1, "invalid string" },
        { """{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}} x""", 1, "not valid JSON" },
        { """{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},}""", 1, "not valid JSON" },
        { """{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1],"x":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}""", 1, "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public void RejectsInvalidHeadersNamingTheProblem(string json, long dataLength, string expected)
    {
        var ex = Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsHeader.Parse(Encoding.UTF8.GetBytes(json), dataLength));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AcceptsUnknownFieldsNullMetadataZeroSizedTensorsAndSpacePadding()
    {
        var json = """{"__metadata__":null,"e":{"dtype":"U8","shape":[0],"data_offsets":[0,0]},"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2],"extra":{"x":[1]}}}     """;
        var header = SafeTensorsHeader.Parse(Encoding.UTF8.GetBytes(json), 2);
        Assert.Null(header.Metadata);
        Assert.Equal(2, header.Tensors.Count);
        Assert.Equal(["e", "a"], header.TensorsByOffset.Select(t => t.Name));
    }

    [Fact]
    public void RejectsInvalidUtf8()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}""");
        bytes[3] = 0xFF;
        var ex = Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsHeader.Parse(bytes, 1));
        Assert.Contains("UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "shorter than the 8-byte")]
    [InlineData(5, "shorter than the 8-byte")]
    public void RejectsFilesTooShortForThePrefix(int length, string expected)
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("s.safetensors"), new byte[length]);
        var ex = Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsFile.Open(dir.File("s.safetensors")));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsHeaderLengthsBeyondTheFileOrTheLimitWithoutAllocatingThem()
    {
        using var dir = new TempDirectory();
        var path = dir.File("h.safetensors");
        var bytes = new byte[64];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue);
        File.WriteAllBytes(path, bytes);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsFile.Open(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
        Assert.Contains("exceeds", ex.Message, StringComparison.Ordinal);

        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 40);
        File.WriteAllBytes(path, bytes);
        ex = Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsFile.Open(path, new SafeTensorsReadOptions { MaxHeaderLength = 16 }));
        Assert.Contains("limit of 16", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedFileNamesTheTensorThatRunsPastTheEnd()
    {
        using var dir = new TempDirectory();
        var random = new Random(4);
        var bytes = TestFiles.Build([TestFiles.Random(random, "first", SafeTensorsDType.F32, 8), TestFiles.Random(random, "second", SafeTensorsDType.F32, 8)]);
        File.WriteAllBytes(dir.File("t.safetensors"), bytes[..^5]);
        var ex = Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsFile.Open(dir.File("t.safetensors")));
        Assert.Contains("'second'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
        Assert.Contains("t.safetensors", ex.Message, StringComparison.Ordinal);
    }
}
