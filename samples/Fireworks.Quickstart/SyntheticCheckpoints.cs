using System.Buffers.Binary;
using Fireworks.SafeTensors;

namespace Fireworks.Quickstart;

/// <summary>
/// Writes small, realistic-looking checkpoints (HuggingFace layout: one safetensors shard + config.json) so the
/// quickstart can push a full snapshot and then a delta without a real trainer.
/// </summary>
internal static class SyntheticCheckpoints
{
    private static readonly (string Name, SafeTensorsDType DType, long[] Shape)[] Layout =
    [
        ("model.embed_tokens.weight", SafeTensorsDType.BF16, [2048, 256]),
        ("model.layers.0.self_attn.q_proj.weight", SafeTensorsDType.BF16, [256, 256]),
        ("model.layers.0.self_attn.k_proj.weight", SafeTensorsDType.BF16, [256, 256]),
        ("model.layers.0.mlp.up_proj.weight", SafeTensorsDType.BF16, [1024, 256]),
        ("model.layers.0.mlp.down_proj.weight", SafeTensorsDType.BF16, [256, 1024]),
        ("model.norm.weight", SafeTensorsDType.F32, [256]),
    ];

    /// <summary>
    /// Writes the checkpoint of <paramref name="step"/>: weights ~N(0, 0.02) from a fixed seed, moved by
    /// <paramref name="step"/> Adam-like updates of size ≈ lr·m/(√v+ε) with lr = 1e-5 (most changes are below one
    /// BF16 ulp, which is what makes deltas small).
    /// </summary>
    public static string Write(string root, int step)
    {
        var directory = Path.Combine(root, $"checkpoint-{step:D4}");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "config.json"), """{"model_type":"llama","hidden_size":256,"num_hidden_layers":1,"vocab_size":2048}""");

        var header = SafeTensorsHeader.Create(Layout.Select(t => new SafeTensorSpec(t.Name, t.DType, t.Shape)));
        using var writer = SafeTensorsWriter.Create(Path.Combine(directory, "model-00001-of-00001.safetensors"), header);
        foreach (var tensor in header.TensorsByOffset)
        {
            var baseRandom = new Random(StableSeed(tensor.Name));
            var updateRandom = new Random(tensor.Name.Length * 7919 + 17);
            var bytes = new byte[tensor.ByteLength];
            for (long i = 0; i < tensor.ElementCount; i++)
            {
                var weight = Gaussian(baseRandom) * 0.02f;
                for (var s = 0; s < step; s++)
                {
                    // Adam-like: the normalised update is ~±1 scaled by lr, mostly far below the weight's magnitude.
                    weight += 1e-5f * MathF.Tanh(Gaussian(updateRandom));
                }
                if (tensor.DType == SafeTensorsDType.F32)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan((int)(i * 4)), weight);
                }
                else
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan((int)(i * 2)), (ushort)(BitConverter.SingleToUInt32Bits(weight) >> 16));
                }
            }
            writer.Write(bytes);
        }
        writer.Commit();
        return directory;
    }

    private static int StableSeed(string name)
    {
        var seed = 1234;
        foreach (var c in name) seed = unchecked(seed * 31 + c);
        return seed;
    }

    private static float Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }
}
