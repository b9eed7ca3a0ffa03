using Fireworks.SafeTensors;

namespace Fireworks.SafeTensors.Tests;

/// <summary>A tensor to write in a test file.</summary>
internal sealed record TestTensor(string Name, SafeTensorsDType DType, long[] Shape, byte[] Data);

/// <summary>A temporary directory deleted after the test, plus helpers to build small safetensors files.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fw-st-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS temp directory is cleaned eventually.
        }
    }
}

internal static class TestFiles
{
    public static readonly SafeTensorsDType[] AllDTypes = Enum.GetValues<SafeTensorsDType>();

    public static string Write(string path, IEnumerable<TestTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = tensors.ToList();
        var header = SafeTensorsHeader.Create(list.Select(t => new SafeTensorSpec(t.Name, t.DType, t.Shape)), metadata);
        using var writer = SafeTensorsWriter.Create(path, header);
        foreach (var tensor in list)
        {
            writer.Write(tensor.Data);
        }

        writer.Commit();
        return path;
    }

    public static byte[] RandomBytes(Random random, long length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    public static TestTensor Random(Random random, string name, SafeTensorsDType dtype, params long[] shape)
    {
        var length = shape.Aggregate(1L, (a, b) => a * b) * dtype.SizeInBytes();
        return new TestTensor(name, dtype, shape, RandomBytes(random, length));
    }

    /// <summary>A copy of <paramref name="tensor"/> with about <paramref name="fraction"/> of its bytes changed in the low bits.</summary>
    public static TestTensor Perturb(Random random, TestTensor tensor, double fraction)
    {
        var data = (byte[])tensor.Data.Clone();
        var width = tensor.DType.SizeInBytes();
        for (var i = 0; i < data.Length; i += width)
        {
            if (random.NextDouble() < fraction)
            {
                data[i] ^= (byte)(1 + random.Next(7));
            }
        }

        return tensor with { Data = data };
    }

    public static byte[] Build(IEnumerable<TestTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var dir = new TempDirectory();
        return System.IO.File.ReadAllBytes(Write(dir.File("x.safetensors"), tensors, metadata));
    }
}
