using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Fireworks.Delta;

/// <summary>
/// Version 2's exponent grouping (docs/delta-format.md, section 8) undone 32 two-byte elements at a time with AVX-512
/// expand: for each group, a compare of the 32 base exponents gives the members' lanes, and <c>vpexpandw</c> moves the
/// group's next deltas into those lanes. No exponent counts, key buffer or separate unfold pass are needed, and the
/// group sizes the base implies are checked on the way (the wrong-base check). The scalar permutation in
/// <see cref="UlpDeltas"/> stays the reference and the fallback on other machines and widths.
/// </summary>
internal static class VectorGroups
{
    private const int Lanes = 32;

    // CountExponents16: elements sampled to pick the exponents counted by vector, and at most how many are.
    private const int CandidateSample = 4096;
    private const int MaxCandidates = 16;

    /// <summary>Bytes past a chunk's grouped deltas that may be read (a full vector from a group's last cursor).</summary>
    public const int Padding = Lanes * sizeof(ushort);

    /// <summary>
    /// Bytes <see cref="Group16"/> needs past a chunk's deltas: a vector's worth of gap after each of up to 257 groups
    /// (BF16: 256 exponents and the rest), so each group's stores may spill into its own gap instead of being masked.
    /// </summary>
    public const int GroupSlack = 257 * Padding;

    /// <summary>Whether this machine has AVX-512 VBMI2 (16-bit expand) and BW.</summary>
    public static bool IsSupported => Avx512Vbmi2.IsSupported && Avx512BW.IsSupported && Popcnt.IsSupported;

    /// <summary>
    /// output[i] = o⁻¹(o(output[i]) + unfold(z)) for every 2-byte element i, z being the next unused delta of element i's
    /// group in <paramref name="grouped"/> (the groups' deltas one after another: listed groups in order, the rest last).
    /// </summary>
    /// <param name="layout">A 2-byte float layout (BF16 or F16).</param>
    /// <param name="listedExponents">The exponent of each listed group.</param>
    /// <param name="groupOf">The group of each exponent value (the rest group for unlisted exponents).</param>
    /// <param name="sizes">Element count of each group, listed groups then the rest.</param>
    /// <param name="grouped">The grouped folded deltas, followed by at least <see cref="Padding"/> readable bytes.</param>
    /// <param name="output">The base chunk, turned into the target chunk in place.</param>
    /// <returns>-1 when the base's group sizes are <paramref name="sizes"/>; otherwise a group whose size differs (the output is then meaningless).</returns>
    public static unsafe int UngroupUnfold16(
        FloatLayout layout, ReadOnlySpan<ushort> listedExponents, ReadOnlySpan<int> groupOf, ReadOnlySpan<int> sizes, ReadOnlySpan<byte> grouped, Span<byte> output)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("The vectorised exponent-group kernels need AVX-512 VBMI2 and BW.");
        }

        var count = output.Length / sizeof(ushort);
        var listed = listedExponents.Length;
        if (layout.Width != sizeof(ushort) || grouped.Length < output.Length + Padding || sizes.Length < listed + 1 || groupOf.Length < layout.Exponents)
        {
            throw new ArgumentException("Buffers do not match the chunk.");
        }

        Span<int> cursors = stackalloc int[listed + 1];
        Span<int> ends = stackalloc int[listed + 1];
        var start = 0;
        for (var g = 0; g <= listed; g++)
        {
            cursors[g] = start;
            start += sizes[g];
            ends[g] = start;
        }

        if (start != count)
        {
            return listed;
        }

        var shift = layout.ExponentShift;
        var exponentMask = Vector512.Create((ushort)layout.ExponentMask);
        var magnitude = Vector512.Create((short)0x7FFF);
        fixed (byte* deltaBytes = grouped)
        fixed (byte* outputBytes = output)
        {
            var deltas = (ushort*)deltaBytes;
            var values = (short*)outputBytes;
            var i = 0;
            for (; i + Lanes <= count; i += Lanes)
            {
                var b = Vector512.Load(values + i);
                var keys = (b.AsUInt16() >>> shift) & exponentMask;

                // Each group expands into zeroed lanes of its own vector and the groups' lanes are disjoint, so OR-ing the
                // results gives z without chaining every expand on the previous one (a 13-deep latency chain per block
                // when the chunk lists 12 exponents, measured as the largest part of the decode). Two accumulators halve
                // the remaining OR chain.
                var even = Vector512<ushort>.Zero;
                var odd = Vector512<ushort>.Zero;
                var taken = Vector512<ushort>.Zero;
                var overrun = 0;
                var g = 0;
                for (; g + 1 < listed; g += 2)
                {
                    var first = Vector512.Equals(keys, Vector512.Create(listedExponents[g]));
                    var second = Vector512.Equals(keys, Vector512.Create(listedExponents[g + 1]));
                    var firstCursor = cursors[g];
                    var secondCursor = cursors[g + 1];

                    // A cursor past its group's end reads the next group's deltas (inside the padded buffer) and is
                    // reported below, before any further read.
                    even |= Avx512Vbmi2.Expand(Vector512<ushort>.Zero, first, Vector512.Load(deltas + firstCursor));
                    odd |= Avx512Vbmi2.Expand(Vector512<ushort>.Zero, second, Vector512.Load(deltas + secondCursor));
                    firstCursor += BitOperations.PopCount(first.ExtractMostSignificantBits());
                    secondCursor += BitOperations.PopCount(second.ExtractMostSignificantBits());
                    cursors[g] = firstCursor;
                    cursors[g + 1] = secondCursor;
                    overrun |= (ends[g] - firstCursor) | (ends[g + 1] - secondCursor);
                    taken |= first | second;
                }

                if (g < listed)
                {
                    var members = Vector512.Equals(keys, Vector512.Create(listedExponents[g]));
                    var cursor = cursors[g];
                    even |= Avx512Vbmi2.Expand(Vector512<ushort>.Zero, members, Vector512.Load(deltas + cursor));
                    cursor += BitOperations.PopCount(members.ExtractMostSignificantBits());
                    cursors[g] = cursor;
                    overrun |= ends[g] - cursor;
                    taken |= members;
                }

                var rest = ~taken;
                var last = cursors[listed];
                var z = even | odd | Avx512Vbmi2.Expand(Vector512<ushort>.Zero, rest, Vector512.Load(deltas + last));
                last += BitOperations.PopCount(rest.ExtractMostSignificantBits());
                cursors[listed] = last;
                overrun |= ends[listed] - last;
                if (overrun < 0)
                {
                    return FirstOverrun(cursors, ends);
                }

                var d = z.AsInt16();
                var o = (d >>> 1) ^ (Vector512<short>.Zero - (d & Vector512<short>.One));
                var t = o + (b ^ ((b >> 15) & magnitude));
                (t ^ ((t >> 15) & magnitude)).Store(values + i);
            }

            for (; i < count; i++)
            {
                var g = groupOf[(values[i] >> shift) & layout.ExponentMask];
                if (cursors[g] >= ends[g])
                {
                    return g;
                }

                int z = deltas[cursors[g]++];
                int b = values[i];
                var t = (short)(((z >> 1) ^ -(z & 1)) + (b ^ ((b >> 15) & 0x7FFF)));
                values[i] = (short)(t ^ ((t >> 15) & 0x7FFF));
            }
        }

        for (var g = 0; g <= listed; g++)
        {
            if (cursors[g] != ends[g])
            {
                return g;
            }
        }

        return -1;
    }

    /// <summary>
    /// The encoder's side: grouped = the folded deltas of a chunk of 2-byte elements, stably sorted by their base
    /// element's group (listed groups in order, the rest last), as <see cref="UlpDeltas.Group"/> does, 32 elements at a
    /// time with AVX-512 compress. Each group gets its own run of <paramref name="grouped"/> followed by a gap of one
    /// vector, so a group's full-vector stores never reach another group's deltas (masked stores cost several times more).
    /// </summary>
    /// <param name="layout">A 2-byte float layout (BF16 or F16).</param>
    /// <param name="listedExponents">The exponent of each listed group.</param>
    /// <param name="groupOf">The group of each exponent value (the rest group for unlisted exponents).</param>
    /// <param name="sizes">Element count of each group in <paramref name="previous"/>, listed groups then the rest.</param>
    /// <param name="previous">The base chunk.</param>
    /// <param name="folded">The chunk's folded deltas.</param>
    /// <param name="grouped">Receives the grouped deltas: at least <see cref="GroupSlack"/> bytes more than the chunk.</param>
    /// <param name="starts">Receives the element offset of each group's deltas in <paramref name="grouped"/>.</param>
    public static unsafe void Group16(
        FloatLayout layout, ReadOnlySpan<ushort> listedExponents, ReadOnlySpan<int> groupOf, ReadOnlySpan<int> sizes, ReadOnlySpan<byte> previous, ReadOnlySpan<byte> folded, Span<byte> grouped, Span<int> starts)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("The vectorised exponent-group kernels need AVX-512 VBMI2 and BW.");
        }

        var count = previous.Length / sizeof(ushort);
        var listed = listedExponents.Length;
        if (layout.Width != sizeof(ushort) || folded.Length < previous.Length || sizes.Length < listed + 1 || groupOf.Length < layout.Exponents
            || grouped.Length < previous.Length + ((listed + 1) * Padding) || starts.Length < listed + 1)
        {
            throw new ArgumentException("Buffers do not match the chunk.");
        }

        Span<int> cursors = stackalloc int[listed + 1];
        Span<int> ends = stackalloc int[listed + 1];
        var start = 0;
        var total = 0;
        for (var g = 0; g <= listed; g++)
        {
            starts[g] = start;
            cursors[g] = start;
            start += sizes[g];
            total += sizes[g];
            ends[g] = start;
            start += Lanes;
        }

        if (total != count)
        {
            throw new ArgumentException("Group sizes do not add up to the chunk.", nameof(sizes));
        }

        var shift = layout.ExponentShift;
        var exponentMask = Vector512.Create((ushort)layout.ExponentMask);
        fixed (byte* baseBytes = previous)
        fixed (byte* deltaBytes = folded)
        fixed (byte* groupedBytes = grouped)
        {
            var values = (ushort*)baseBytes;
            var deltas = (ushort*)deltaBytes;
            var output = (ushort*)groupedBytes;
            var i = 0;
            for (; i + Lanes <= count; i += Lanes)
            {
                var keys = (Vector512.Load(values + i) >>> shift) & exponentMask;
                var z = Vector512.Load(deltas + i);
                var rest = Vector512<ushort>.AllBitsSet;

                // Checked once per block: every cursor is within its group when the block starts, so a store (at most one
                // vector) stays inside that group's run and gap even when the sizes were wrong.
                var overrun = 0;
                for (var g = 0; g < listed; g++)
                {
                    var members = Vector512.Equals(keys, Vector512.Create(listedExponents[g]));
                    var cursor = cursors[g];
                    Avx512Vbmi2.Compress(Vector512<ushort>.Zero, members, z).Store(output + cursor);
                    cursor += BitOperations.PopCount(members.ExtractMostSignificantBits());
                    cursors[g] = cursor;
                    overrun |= ends[g] - cursor;
                    rest = Vector512.AndNot(rest, members);
                }

                var last = cursors[listed];
                Avx512Vbmi2.Compress(Vector512<ushort>.Zero, rest, z).Store(output + last);
                last += BitOperations.PopCount(rest.ExtractMostSignificantBits());
                cursors[listed] = last;
                if ((overrun | (ends[listed] - last)) < 0)
                {
                    throw new ArgumentException("Group sizes do not match the base chunk.", nameof(sizes));
                }
            }

            for (; i < count; i++)
            {
                var g = groupOf[(values[i] >> shift) & layout.ExponentMask];
                if (cursors[g] >= ends[g])
                {
                    throw new ArgumentException("Group sizes do not match the base chunk.", nameof(sizes));
                }

                output[cursors[g]++] = deltas[i];
            }
        }
    }

    /// <summary>
    /// counts[e] = number of 2-byte elements of <paramref name="chunk"/> whose exponent is e, exactly as
    /// <see cref="UlpDeltas.ExponentKeys"/> and <see cref="UlpDeltas.CountSegments"/> summed over segments give it. The
    /// exponents common in an evenly spaced sample are counted 32 elements at a time (a compare and a population count
    /// each; measured 0.7 ms per 4 MiB BF16 chunk against 1.2 ms for the keys and the scalar histogram); elements with
    /// any other exponent are counted one by one.
    /// </summary>
    /// <param name="layout">A 2-byte float layout (BF16 or F16).</param>
    /// <param name="chunk">The base chunk.</param>
    /// <param name="counts">Receives the count of each exponent value (at least <see cref="FloatLayout.Exponents"/> entries).</param>
    public static unsafe void CountExponents16(FloatLayout layout, ReadOnlySpan<byte> chunk, Span<int> counts)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("The vectorised exponent-group kernels need AVX-512 VBMI2 and BW.");
        }

        var exponents = layout.Exponents;
        if (layout.Width != sizeof(ushort) || counts.Length < exponents)
        {
            throw new ArgumentException("Buffers do not match the chunk.");
        }

        counts[..exponents].Clear();
        var count = chunk.Length / sizeof(ushort);
        var shift = layout.ExponentShift;
        var mask = layout.ExponentMask;
        var data = MemoryMarshal.Cast<byte, ushort>(chunk)[..count];

        // Candidates: the exponents of a sample, most frequent first (so the common lanes are claimed early), at most
        // MaxCandidates of them to bound the per-block work; the rest are still counted exactly below.
        Span<int> sampled = stackalloc int[exponents];
        sampled.Clear();
        var step = Math.Max(1, count / CandidateSample);
        var samples = 0;
        for (var i = 0; i < count; i += step)
        {
            sampled[(data[i] >> shift) & mask]++;
            samples++;
        }

        // An exponent rarer than this costs less one element at a time than a compare per block.
        var minimum = Math.Max(1, samples / 256);

        Span<ushort> candidates = stackalloc ushort[MaxCandidates];
        var candidateCount = 0;
        while (candidateCount < MaxCandidates)
        {
            var best = -1;
            for (var e = 0; e < exponents; e++)
            {
                if (sampled[e] >= minimum && (best < 0 || sampled[e] > sampled[best]))
                {
                    best = e;
                }
            }

            if (best < 0)
            {
                break;
            }

            candidates[candidateCount++] = (ushort)best;
            sampled[best] = 0;
        }

        Span<int> candidateCounts = stackalloc int[MaxCandidates];
        candidateCounts.Clear();
        var exponentMask = Vector512.Create((ushort)mask);
        fixed (ushort* values = data)
        {
            var i = 0;
            for (; i + Lanes <= count; i += Lanes)
            {
                var keys = (Vector512.Load(values + i) >>> shift) & exponentMask;
                var taken = Vector512<ushort>.Zero;
                for (var c = 0; c < candidateCount; c++)
                {
                    var members = Vector512.Equals(keys, Vector512.Create(candidates[c]));
                    candidateCounts[c] += BitOperations.PopCount(members.ExtractMostSignificantBits());
                    taken |= members;
                }

                var others = ~(uint)taken.ExtractMostSignificantBits();
                while (others != 0)
                {
                    counts[(values[i + BitOperations.TrailingZeroCount(others)] >> shift) & mask]++;
                    others &= others - 1;
                }
            }

            for (; i < count; i++)
            {
                counts[(values[i] >> shift) & mask]++;
            }
        }

        for (var c = 0; c < candidateCount; c++)
        {
            counts[candidates[c]] += candidateCounts[c];
        }
    }

    private static int FirstOverrun(ReadOnlySpan<int> cursors, ReadOnlySpan<int> ends)
    {
        for (var g = 0; g < cursors.Length; g++)
        {
            if (cursors[g] > ends[g])
            {
                return g;
            }
        }

        throw new InvalidOperationException("An exponent group was reported to overrun but none did.");
    }
}
