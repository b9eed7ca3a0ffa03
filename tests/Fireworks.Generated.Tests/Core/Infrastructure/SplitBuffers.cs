using System.Buffers;

namespace Fireworks.Tests.Core.Infrastructure;

/// <summary>UTF-8 in two buffers, as a reader sees a body that arrived in two reads (its values then span segments).</summary>
public static class SplitBuffers
{
    /// <summary>The bytes as a sequence of two segments, the second starting at <paramref name="splitAt"/>.</summary>
    /// <param name="utf8">The bytes.</param>
    /// <param name="splitAt">Where the second segment starts (1 to the length minus 1).</param>
    /// <returns>The sequence.</returns>
    public static ReadOnlySequence<byte> At(byte[] utf8, int splitAt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(splitAt, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(splitAt, utf8.Length);
        var first = new Segment(utf8.AsMemory(0, splitAt), 0);
        var second = new Segment(utf8.AsMemory(splitAt), splitAt);
        first.Link(second);
        return new ReadOnlySequence<byte>(first, 0, second, second.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public void Link(Segment next) => Next = next;
    }
}
