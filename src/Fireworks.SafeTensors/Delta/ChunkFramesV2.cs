using System.Buffers.Binary;
using ZstdSharp;

namespace Fireworks.Delta;

/// <summary>
/// Version-2 chunk frames (docs/delta-format.md, section 8): one transform byte, then either a version-1 frame of the
/// XOR byte planes, or the folded ULP deltas grouped by the base element's exponent, each group coded as a version-1
/// frame of its own byte planes. Grouping is the context model: the share of weights an update moves, and by how many
/// ULPs, depends on the weight's magnitude, so each group's zero-run tokens and values get their own zstd Huffman
/// tables and reach that group's order-0 entropy instead of the mixture's.
/// </summary>
internal static class ChunkFramesV2
{
    public const byte TransformXor = 0;
    public const byte TransformUlp = 1;

    /// <summary>
    /// Exponents with fewer elements than this in a chunk share one trailing group: a group costs descriptors, zstd
    /// tables, ~20 µs per zstd call and one compare-and-expand per 32 elements in the vector kernels. Measured on 4 MiB
    /// BF16 chunks: 8192 lists 9 exponents where 2048 lists 12, costs 0.4 % (lr 1e-4) to 1.5 % (lr 1e-5) of the delta
    /// size, and encodes ~6 % and decodes ~13 % faster (512 gives the smallest deltas).
    /// </summary>
    internal const int MinGroupElements = 8192;

    private const int GroupHeaderStart = 3;
    private const int GroupEntryLength = 6;
    private const int SampleElements = 16 * 1024;

    /// <summary>Upper bound of a v2 frame's length for a chunk of <paramref name="chunkLength"/> bytes.</summary>
    public static int MaxFrameLength(int chunkLength, int width, FloatLayout? layout)
    {
        var xor = 1 + ChunkCodec.MaxFrameLength(chunkLength, width);
        if (layout is not { } l)
        {
            return xor;
        }

        var count = chunkLength / width;
        var listed = Math.Min(l.Exponents, count);

        // Σ compressBound(n_g) ≤ compressBound(n) + 64 per group (zstd's small-input margin).
        var ulp = GroupHeaderStart + (GroupEntryLength * listed) + ((listed + 1) * width * (ChunkCodec.DescriptorLength + 64))
            + (width * Compressor.GetCompressBound(count));
        return Math.Max(xor, ulp);
    }

    /// <summary>
    /// Encodes the chunk <paramref name="next"/> (in <see cref="WorkerBuffers.Data"/>) against <paramref name="previous"/>
    /// (in <see cref="WorkerBuffers.Scratch"/>, or empty for zeros) into <paramref name="frame"/>.
    /// </summary>
    /// <returns>The frame length; 0 when the chunk did not change.</returns>
    public static int Encode(
        ChunkCodec codec, FloatLayout? layout, int width, ReadOnlySpan<byte> previous, ReadOnlySpan<byte> next, Span<byte> frame, WorkerBuffers buffers, double zeroRunShare)
    {
        var planes = buffers.Planes.AsSpan(0, next.Length);
        if (layout is { } l && !previous.IsEmpty)
        {
            if (!UlpDeltas.Fold(previous, next, planes, width))
            {
                return 0;
            }

            if (SampledBits(previous, next, planes, width, ulp: true) <= SampledBits(previous, next, planes, width, ulp: false))
            {
                return EncodeGroups(codec, l, previous, planes, frame, buffers, zeroRunShare);
            }
        }

        if (!BytePlanes.XorSplit(previous, next, planes, width))
        {
            return 0;
        }

        frame[0] = TransformXor;
        return 1 + codec.Encode(planes, width, frame[1..], buffers.Scratch, buffers.Values, zeroRunShare);
    }

    /// <summary>
    /// Applies a frame to <paramref name="output"/>, which holds the base chunk (or zeros for a tensor stored whole).
    /// With <paramref name="baseKnown"/> false (a structural check without the base), frames are parsed and
    /// decompressed but the output means nothing. With <c>vectorized</c> false the exponent grouping is always undone by
    /// the scalar permutation instead of <see cref="VectorGroups"/> (for comparison; the output is the same).
    /// </summary>
    /// <returns>An error description, or <see langword="null"/>; <paramref name="wrongBase"/> says the base's exponents do not match the frame.</returns>
    public static string? Decode(
        ChunkCodec codec, FloatLayout? layout, int width, ReadOnlySpan<byte> frame, Span<byte> output, bool baseKnown, WorkerBuffers buffers, out bool wrongBase, bool vectorized = true)
    {
        wrongBase = false;
        if (frame.IsEmpty)
        {
            return null;
        }

        switch (frame[0])
        {
            case TransformXor:
                return codec.Decode(frame[1..], output, width, buffers.Planes, buffers.Scratch, buffers.Values);
            case TransformUlp when layout is { } l:
                return DecodeGroups(codec, l, frame, output, baseKnown, buffers, vectorized && width == 2 && VectorGroups.IsSupported, out wrongBase);
            case TransformUlp:
                return "the ULP transform is only defined for BF16, F16, F32 and F64 tensors";
            default:
                return $"unknown transform {frame[0]}";
        }
    }

    private static int EncodeGroups(ChunkCodec codec, FloatLayout layout, ReadOnlySpan<byte> previous, ReadOnlySpan<byte> folded, Span<byte> frame, WorkerBuffers buffers, double zeroRunShare)
    {
        var width = layout.Width;
        var exponents = layout.Exponents;
        var vectorized = width == 2 && VectorGroups.IsSupported;
        var keys = buffers.Keys.AsSpan(0, folded.Length / width);
        var counts = buffers.Counts.AsSpan(0, UlpDeltas.Segments * exponents);
        var totals = buffers.Totals.AsSpan(0, exponents);
        if (vectorized)
        {
            VectorGroups.CountExponents16(layout, previous, totals);
        }
        else
        {
            UlpDeltas.ExponentKeys(previous, layout, keys);
            UlpDeltas.CountSegments(keys, exponents, counts);
            for (var e = 0; e < exponents; e++)
            {
                var total = 0;
                for (var s = 0; s < UlpDeltas.Segments; s++)
                {
                    total += counts[(s * exponents) + e];
                }

                totals[e] = total;
            }
        }

        Span<int> groupOf = stackalloc int[exponents];
        var listed = 0;
        for (var e = 0; e < exponents; e++)
        {
            groupOf[e] = totals[e] >= MinGroupElements ? listed++ : -1;
        }

        for (var e = 0; e < exponents; e++)
        {
            groupOf[e] = groupOf[e] < 0 ? listed : groupOf[e];
        }

        var groups = listed + 1;
        var sizes = buffers.Sizes.AsSpan(0, groups);
        var cursors = buffers.Cursors.AsSpan(0, UlpDeltas.Segments * groups);
        if (vectorized)
        {
            sizes.Clear();
            for (var e = 0; e < exponents; e++)
            {
                sizes[groupOf[e]] += totals[e];
            }
        }
        else
        {
            UlpDeltas.SegmentCursors(counts, exponents, groupOf, groups, cursors, sizes);
        }

        frame[0] = TransformUlp;
        BinaryPrimitives.WriteUInt16LittleEndian(frame[1..], (ushort)listed);
        var position = GroupHeaderStart;
        for (var e = 0; e < exponents; e++)
        {
            if (groupOf[e] < listed)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(frame[position..], (ushort)e);
                BinaryPrimitives.WriteInt32LittleEndian(frame[(position + 2)..], sizes[groupOf[e]]);
                position += GroupEntryLength;
            }
        }

        Span<int> starts = stackalloc int[groups];
        var grouped = buffers.Grouped.AsSpan();
        if (vectorized)
        {
            Span<ushort> listedExponents = stackalloc ushort[listed];
            for (var e = 0; e < exponents; e++)
            {
                if (groupOf[e] < listed)
                {
                    listedExponents[groupOf[e]] = (ushort)e;
                }
            }

            VectorGroups.Group16(layout, listedExponents, groupOf, sizes, previous, folded, grouped, starts);
        }
        else
        {
            UlpDeltas.Group(keys, folded, grouped[..folded.Length], width, groupOf, cursors, groups);
            var start = 0;
            for (var g = 0; g < groups; g++)
            {
                starts[g] = start;
                start += sizes[g];
            }
        }

        // The base chunk is no longer needed: its buffer becomes the zero-run token scratch.
        var planes = buffers.Planes.AsSpan();
        for (var g = 0; g < groups; g++)
        {
            var size = sizes[g];
            if (size == 0)
            {
                continue;
            }

            var slice = grouped.Slice(starts[g] * width, size * width);
            BytePlanes.XorSplit(ReadOnlySpan<byte>.Empty, slice, planes, width);

            // ULP planes hold no long matches, only skewed symbols: the fastest level with Huffman literals codes them as
            // well as level 1 (measured slightly smaller) without level 1's ~30 µs per-call table set-up on small groups.
            position += codec.Encode(planes[..slice.Length], width, frame[position..], buffers.Scratch, buffers.Values, zeroRunShare, denseAtTokenLevel: true);
        }

        return position;
    }

    private static string? DecodeGroups(ChunkCodec codec, FloatLayout layout, ReadOnlySpan<byte> frame, Span<byte> output, bool baseKnown, WorkerBuffers buffers, bool vectorized, out bool wrongBase)
    {
        wrongBase = false;
        var width = layout.Width;
        var exponents = layout.Exponents;
        var count = output.Length / width;
        if (frame.Length < GroupHeaderStart)
        {
            return "frame is shorter than its group header";
        }

        var listed = BinaryPrimitives.ReadUInt16LittleEndian(frame[1..]);
        if (listed > exponents || frame.Length < GroupHeaderStart + (GroupEntryLength * listed))
        {
            return $"frame lists {listed} exponent groups, more than fit";
        }

        Span<int> groupOf = stackalloc int[exponents];
        groupOf.Fill(listed);
        Span<ushort> listedExponents = stackalloc ushort[listed];
        var groups = listed + 1;
        var sizes = buffers.Sizes.AsSpan(0, groups);
        long listedTotal = 0;
        var previousExponent = -1;
        for (var g = 0; g < listed; g++)
        {
            var entry = frame.Slice(GroupHeaderStart + (g * GroupEntryLength), GroupEntryLength);
            int exponent = BinaryPrimitives.ReadUInt16LittleEndian(entry);
            var size = BinaryPrimitives.ReadInt32LittleEndian(entry[2..]);
            if (exponent <= previousExponent || exponent > layout.ExponentMask || size <= 0)
            {
                return $"exponent group {g} is invalid (exponent {exponent}, {size} elements)";
            }

            previousExponent = exponent;
            groupOf[exponent] = g;
            listedExponents[g] = (ushort)exponent;
            sizes[g] = size;
            listedTotal += size;
        }

        if (listedTotal > count)
        {
            return $"exponent groups hold {listedTotal} elements but the chunk has {count}";
        }

        sizes[listed] = (int)(count - listedTotal);
        var keys = buffers.Keys.AsSpan(0, count);
        var cursors = buffers.Cursors.AsSpan(0, UlpDeltas.Segments * groups);
        if (baseKnown && !vectorized)
        {
            UlpDeltas.ExponentKeys(output, layout, keys);
            var counts = buffers.Counts.AsSpan(0, UlpDeltas.Segments * exponents);
            UlpDeltas.CountSegments(keys, exponents, counts);
            Span<int> baseSizes = stackalloc int[groups];
            UlpDeltas.SegmentCursors(counts, exponents, groupOf, groups, cursors, baseSizes);
            for (var g = 0; g < listed; g++)
            {
                if (baseSizes[g] != sizes[g])
                {
                    wrongBase = true;
                    return GroupSizeError(g, baseSizes[g], sizes[g]);
                }
            }
        }

        var grouped = buffers.Grouped.AsSpan(0, output.Length);
        var position = GroupHeaderStart + (GroupEntryLength * listed);
        var start = 0;
        for (var g = 0; g < groups; g++)
        {
            if (sizes[g] == 0)
            {
                continue;
            }

            var rest = frame[position..];
            var length = ChunkCodec.FrameLength(rest, width);
            if (length < 0 || length > rest.Length)
            {
                return $"exponent group {g} has an invalid or truncated frame";
            }

            var slice = grouped.Slice(start * width, sizes[g] * width);
            slice.Clear();
            var error = codec.Decode(rest[..(int)length], slice, width, buffers.Planes, buffers.Scratch, buffers.Values);
            if (error is not null)
            {
                return $"exponent group {g}: {error}";
            }

            position += (int)length;
            start += sizes[g];
        }

        if (position != frame.Length)
        {
            return $"exponent groups end at byte {position} but the frame is {frame.Length} bytes";
        }

        if (baseKnown && vectorized)
        {
            var mismatch = VectorGroups.UngroupUnfold16(layout, listedExponents, groupOf, sizes, buffers.Grouped.AsSpan(0, output.Length + VectorGroups.Padding), output);
            if (mismatch >= 0)
            {
                // Found part-way through the chunk, so the base's own count of that group is not known here.
                wrongBase = true;
                return $"the base's exponents do not give exponent group {mismatch} the {sizes[mismatch]} elements the delta's base had";
            }
        }
        else if (baseKnown)
        {
            var ordered = buffers.Planes.AsSpan(0, output.Length);
            UlpDeltas.Ungroup(keys, grouped, ordered, width, groupOf, cursors, groups);
            UlpDeltas.Unfold(output, ordered, output, width);
        }

        return null;
    }

    private static string GroupSizeError(int group, int baseSize, int deltaSize) =>
        $"the base has {baseSize} elements in exponent group {group} where the delta's base had {deltaSize}";

    /// <summary>
    /// Order-0 entropy, in bits, of the byte planes of an evenly spaced sample of the chunk's ULP deltas (in
    /// <paramref name="folded"/>) or XOR: the measured size that picks the transform. Deterministic.
    /// </summary>
    private static double SampledBits(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> next, ReadOnlySpan<byte> folded, int width, bool ulp)
    {
        var count = next.Length / width;
        Span<int> histogram = stackalloc int[width * 256];
        histogram.Clear();
        var step = Math.Max(1, count / SampleElements);
        var samples = 0;
        for (var i = 0; i < count; i += step)
        {
            for (var p = 0; p < width; p++)
            {
                var at = (i * width) + p;
                var b = ulp ? folded[at] : (byte)(previous[at] ^ next[at]);
                histogram[(p * 256) + b]++;
            }

            samples++;
        }

        double bits = 0;
        foreach (var c in histogram)
        {
            if (c > 0)
            {
                bits -= c * Math.Log2((double)c / samples);
            }
        }

        return bits;
    }
}
