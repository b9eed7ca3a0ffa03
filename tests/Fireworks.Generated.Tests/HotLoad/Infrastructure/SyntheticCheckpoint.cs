using System.Buffers.Binary;
using Fireworks.SafeTensors;

namespace Fireworks.Tests.HotLoad.Infrastructure;

/// <summary>
/// A tiny, seeded stand-in for a model under training: two safetensors shards (BF16 and F32 tensors drawn from
/// N(0, 0.02)), config.json and tokenizer.json, plus a hidden cache file that is not part of the snapshot. Each
/// <see cref="Step"/> nudges a fraction of the weights, as an optimizer step does.
/// </summary>
internal sealed class SyntheticCheckpoint
{
    public const string ConfigJson = """{"architectures": ["TestForCausalLM"], "hidden_size": 64}""";
    public const string TokenizerJson = """{"version": "1.0"}""";

    private readonly Random _random;
    private readonly List<Tensor> _tensors;

    public SyntheticCheckpoint(int seed)
    {
        _random = new Random(seed);
        _tensors =
        [
            Create("model-00000.safetensors", "model.embed_tokens.weight", SafeTensorsDType.BF16, 256, 64),
            Create("model-00000.safetensors", "model.layers.0.mlp.weight", SafeTensorsDType.F32, 64, 128),
            Create("model-00000.safetensors", "model.layers.0.norm.weight", SafeTensorsDType.F32, 64),
            Create("model-00001.safetensors", "model.layers.1.mlp.weight", SafeTensorsDType.F32, 64, 128),
            Create("model-00001.safetensors", "lm_head.weight", SafeTensorsDType.BF16, 64, 256),
        ];
    }

    /// <summary>The files of a snapshot, as relative paths.</summary>
    public static readonly string[] SnapshotFiles = ["config.json", "model-00000.safetensors", "model-00001.safetensors", "tokenizer.json"];

    /// <summary>Changes <paramref name="fraction"/> of the elements of every tensor by a relative 1e-3 (F32) or one ulp (BF16).</summary>
    public void Step(double fraction = 0.05)
    {
        foreach (var tensor in _tensors)
        {
            var width = tensor.DType == SafeTensorsDType.F32 ? 4 : 2;
            var count = tensor.Data.Length / width;
            for (var i = 0; i < count; i++)
            {
                if (_random.NextDouble() >= fraction)
                {
                    continue;
                }

                var slot = tensor.Data.AsSpan(i * width, width);
                if (width == 4)
                {
                    var value = BinaryPrimitives.ReadSingleLittleEndian(slot);
                    BinaryPrimitives.WriteSingleLittleEndian(slot, value + (value * 1e-3f * (float)Gaussian()));
                }
                else
                {
                    var bits = BinaryPrimitives.ReadUInt16LittleEndian(slot);
                    BinaryPrimitives.WriteUInt16LittleEndian(slot, (ushort)(bits + (_random.Next(2) == 0 ? 1 : -1)));
                }
            }
        }
    }

    /// <summary>Writes the checkpoint into <paramref name="directory"/> (created) with the SafeTensors writer.</summary>
    public string WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var shard in _tensors.GroupBy(static tensor => tensor.Shard))
        {
            var header = SafeTensorsHeader.Create(shard.Select(static tensor => new SafeTensorSpec(tensor.Name, tensor.DType, tensor.Shape)));
            using var writer = SafeTensorsWriter.Create(Path.Combine(directory, shard.Key), header);
            foreach (var tensor in shard)
            {
                writer.Write(tensor.Data);
            }

            writer.Commit();
        }

        File.WriteAllText(Path.Combine(directory, "config.json"), ConfigJson);
        File.WriteAllText(Path.Combine(directory, "tokenizer.json"), TokenizerJson);
        Directory.CreateDirectory(Path.Combine(directory, ".cache"));
        File.WriteAllText(Path.Combine(directory, ".cache", "download.lock"), "not part of the snapshot");
        return directory;
    }

    private Tensor Create(string shard, string name, SafeTensorsDType dtype, params long[] shape)
    {
        var count = (int)shape.Aggregate(1L, static (a, b) => a * b);
        var data = new byte[count * dtype.SizeInBytes()];
        for (var i = 0; i < count; i++)
        {
            var value = (float)(0.02 * Gaussian());
            if (dtype == SafeTensorsDType.F32)
            {
                BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * 4), value);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(i * 2), (ushort)(BitConverter.SingleToUInt32Bits(value) >> 16));
            }
        }

        return new Tensor(shard, name, dtype, shape, data);
    }

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    private sealed record Tensor(string Shard, string Name, SafeTensorsDType DType, long[] Shape, byte[] Data);
}
