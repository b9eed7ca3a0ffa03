using System.Text;
using Fireworks.Delta;
using Fireworks.SafeTensors;

namespace Fireworks.Emulator.Tests;

/// <summary>Small synthetic checkpoints: deterministic weights from a seed, and "training steps" that perturb some of them.</summary>
internal static class Snapshots
{
    public const string Shard = "model-00000.safetensors";

    /// <summary>Writes a one-shard HuggingFace-style snapshot (weights + config.json) into <paramref name="directory"/>.</summary>
    public static void WriteFull(string directory, float[] weights, string config = "{\"model_type\":\"qwen3\",\"hidden_size\":64}")
    {
        WriteShard(Path.Combine(directory, Shard), weights);
        File.WriteAllText(Path.Combine(directory, "config.json"), config, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    /// <summary>Writes one single-tensor shard at <paramref name="path"/>, creating its directory.</summary>
    public static void WriteShard(string path, float[] weights)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var header = SafeTensorsHeader.Create([new SafeTensorSpec("model.layers.0.weight", SafeTensorsDType.F32, [weights.Length])]);
        using var writer = SafeTensorsWriter.Create(path, header);
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(weights.AsSpan()));
        writer.Commit();
    }

    /// <summary>Initial weights: a seeded Gaussian-ish spread.</summary>
    public static float[] Initial(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() - 0.5) * 0.2)).ToArray();
    }

    /// <summary>One optimizer step: a seeded fraction of the weights moves a little.</summary>
    public static float[] Step(float[] weights, int seed)
    {
        var random = new Random(seed);
        var next = (float[])weights.Clone();
        for (var i = 0; i < next.Length; i++)
        {
            if (random.NextDouble() < 0.3)
            {
                next[i] += (float)((random.NextDouble() - 0.5) * 1e-3);
            }
        }

        return next;
    }

    /// <summary>Writes the delta snapshot <paramref name="deltaDirectory"/> that turns <paramref name="previousDirectory"/> into <paramref name="nextDirectory"/>.</summary>
    /// <param name="formatVersion">The delta format version to write (the codec's default unless a test needs version 1's layout).</param>
    public static async Task WriteDeltaAsync(string previousDirectory, string nextDirectory, string deltaDirectory, string baseIdentity, int formatVersion = DeltaFormat.Version)
    {
        Directory.CreateDirectory(deltaDirectory);
        await DeltaCodec.EncodeFileAsync(
            Path.Combine(previousDirectory, Shard),
            Path.Combine(nextDirectory, Shard),
            Path.Combine(deltaDirectory, Shard),
            new DeltaEncodeOptions { BaseIdentity = baseIdentity, ChunkBytes = DeltaFormat.MinChunkBytes, MaxDegreeOfParallelism = 1, FormatVersion = formatVersion });
        File.Copy(Path.Combine(nextDirectory, "config.json"), Path.Combine(deltaDirectory, "config.json"), overwrite: true);
    }

    /// <summary>
    /// Writes the delta snapshot of a whole tree (subdirectories included) with the codec's directory encoder, as the
    /// SDK's snapshot chain does.
    /// </summary>
    public static Task WriteDeltaTreeAsync(string previousDirectory, string nextDirectory, string deltaDirectory, string baseIdentity) =>
        DeltaCodec.EncodeDirectoryAsync(
            previousDirectory,
            nextDirectory,
            deltaDirectory,
            new DeltaEncodeOptions { BaseIdentity = baseIdentity, ChunkBytes = DeltaFormat.MinChunkBytes, MaxDegreeOfParallelism = 1 });

    /// <summary>Cuts the last <paramref name="bytes"/> off a file, as an interrupted upload would.</summary>
    public static void Truncate(string path, int bytes)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.SetLength(file.Length - bytes);
    }

    /// <summary>
    /// Flips one byte of a shard's data section: in the middle (for a delta, inside its frame structure) or near the
    /// end (inside the last compressed payload, which only the Adler-32 checksum catches).
    /// </summary>
    public static void CorruptData(string path, bool nearEnd)
    {
        var bytes = File.ReadAllBytes(path);
        var dataStart = 8 + (int)BitConverter.ToUInt64(bytes, 0);
        var target = nearEnd ? bytes.Length - 3 : dataStart + ((bytes.Length - dataStart) / 2);
        bytes[target] ^= 0x5A;
        File.WriteAllBytes(path, bytes);
    }
}
