using Fireworks.SafeTensors;

namespace Fireworks.Benchmarks.Codec;

/// <summary>Writes the previous and next shards of a <see cref="SyntheticCheckpoint"/> step, streaming and in parallel.</summary>
internal static class ShardGenerator
{
    private const int SegmentElements = 4 << 20;
    private const int BlockElements = 1 << 16;

    public static void Write(SyntheticCheckpoint checkpoint, float learningRate, string previousPath, string nextPath)
    {
        var header = SafeTensorsHeader.Create(
            checkpoint.Tensors.Select(t => new SafeTensorSpec(t.Name, checkpoint.DType, t.Shape)),
            new Dictionary<string, string> { ["format"] = "pt", ["generator"] = $"fireworks-synthetic seed={checkpoint.Seed}" });
        var width = checkpoint.DType.SizeInBytes();
        var previousBuffer = new byte[SegmentElements * width];
        var nextBuffer = new byte[SegmentElements * width];
        using var previous = SafeTensorsWriter.Create(previousPath, header);
        using var next = SafeTensorsWriter.Create(nextPath, header);
        for (var t = 0; t < checkpoint.Tensors.Count; t++)
        {
            var elements = checkpoint.Tensors[t].ElementCount;
            for (long first = 0; first < elements; first += SegmentElements)
            {
                var count = (int)Math.Min(SegmentElements, elements - first);
                var blocks = (count + BlockElements - 1) / BlockElements;
                var tensorIndex = t;
                var segmentStart = first;
                Parallel.For(0, blocks, b =>
                {
                    var start = b * BlockElements;
                    var n = Math.Min(BlockElements, count - start);
                    checkpoint.Fill(
                        tensorIndex, segmentStart + start, n, learningRate,
                        previousBuffer.AsSpan(start * width, n * width), nextBuffer.AsSpan(start * width, n * width));
                });
                previous.Write(previousBuffer.AsSpan(0, count * width));
                next.Write(nextBuffer.AsSpan(0, count * width));
            }
        }

        previous.Commit();
        next.Commit();
    }
}
