using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Fireworks.SafeTensors;

namespace Fireworks.Delta;

/// <summary>Where the exponent sits in an IEEE-754-style float of one of the safetensors float dtypes.</summary>
/// <param name="Width">Element width in bytes (2, 4 or 8).</param>
/// <param name="ExponentShift">Bit position of the exponent's least significant bit.</param>
/// <param name="ExponentMask">The exponent's bits once shifted down (its largest value).</param>
internal readonly record struct FloatLayout(int Width, int ExponentShift, int ExponentMask)
{
    /// <summary>Number of distinct exponent values.</summary>
    public int Exponents => ExponentMask + 1;

    /// <summary>The layout of a float dtype whose ordered-integer difference the v2 codec may use, or null.</summary>
    public static FloatLayout? For(SafeTensorsDType dtype) => dtype switch
    {
        SafeTensorsDType.BF16 => new FloatLayout(2, 7, 0xFF),
        SafeTensorsDType.F16 => new FloatLayout(2, 10, 0x1F),
        SafeTensorsDType.F32 => new FloatLayout(4, 23, 0xFF),
        SafeTensorsDType.F64 => new FloatLayout(8, 52, 0x7FF),
        _ => null,
    };
}

/// <summary>
/// The v2 numeric transform (docs/delta-format.md, section 8). A float's bits, read as a sign-magnitude integer, are
/// mapped to a two's-complement integer that orders like the float (<c>o = s XOR ((s &gt;&gt; (bits−1)) AND maxPositive)</c>,
/// an involution); the delta is <c>o(target) − o(base)</c> modulo 2^bits, i.e. the signed distance in ULPs, folded to
/// unsigned by zigzag (<c>(d &lt;&lt; 1) XOR (d &gt;&gt; (bits−1))</c>) so that ±1 ULP become 2 and 1. An optimizer step moves most
/// weights by 0 or ±1 ULP, which the XOR transform spreads over several bits whenever the change crosses a mantissa
/// boundary; the ULP distance keeps it one small number.
/// </summary>
internal static class UlpDeltas
{
    /// <summary>z = fold(o(next) − o(previous)) element-wise; <paramref name="previous"/> empty means zeros.</summary>
    /// <returns>Whether any z is non-zero.</returns>
    public static bool Fold(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> next, Span<byte> folded, int width) => width switch
    {
        2 => Fold<short>(previous, next, folded, 0x7FFF),
        4 => Fold<int>(previous, next, folded, int.MaxValue),
        8 => Fold<long>(previous, next, folded, long.MaxValue),
        _ => throw new ArgumentOutOfRangeException(nameof(width), width, "ULP deltas need 2-, 4- or 8-byte floats."),
    };

    /// <summary>Inverse of <see cref="Fold"/>: next = o⁻¹(o(previous) + unfold(z)); <paramref name="next"/> may alias <paramref name="previous"/>.</summary>
    public static void Unfold(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> folded, Span<byte> next, int width)
    {
        switch (width)
        {
            case 2:
                Unfold<short>(previous, folded, next, 0x7FFF);
                break;
            case 4:
                Unfold<int>(previous, folded, next, int.MaxValue);
                break;
            case 8:
                Unfold<long>(previous, folded, next, long.MaxValue);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(width), width, "ULP deltas need 2-, 4- or 8-byte floats.");
        }
    }

    /// <summary>Number of interleaved segments the grouping permutation walks at once (independent cursor chains).</summary>
    public const int Segments = 4;

    /// <summary>keys[i] = exponent of element i of <paramref name="data"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ExponentKeys(ReadOnlySpan<byte> data, FloatLayout layout, Span<ushort> keys)
    {
        var shift = layout.ExponentShift;
        var mask = (ushort)layout.ExponentMask;
        var i = 0;
        switch (layout.Width)
        {
            case 2:
            {
                var values = MemoryMarshal.Cast<byte, ushort>(data);
                if (Vector256.IsHardwareAccelerated)
                {
                    var m = Vector256.Create(mask);
                    for (; i + 16 <= values.Length; i += 16)
                    {
                        ((Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(values), (nuint)i) >>> shift) & m)
                            .StoreUnsafe(ref MemoryMarshal.GetReference(keys), (nuint)i);
                    }
                }

                for (; i < values.Length; i++)
                {
                    keys[i] = (ushort)((values[i] >> shift) & mask);
                }

                break;
            }

            case 4:
            {
                var values = MemoryMarshal.Cast<byte, uint>(data);
                if (Vector256.IsHardwareAccelerated)
                {
                    var m = Vector256.Create((uint)mask);
                    for (; i + 16 <= values.Length; i += 16)
                    {
                        var a = (Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(values), (nuint)i) >>> shift) & m;
                        var b = (Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(values), (nuint)(i + 8)) >>> shift) & m;
                        Vector256.Narrow(a, b).StoreUnsafe(ref MemoryMarshal.GetReference(keys), (nuint)i);
                    }
                }

                for (; i < values.Length; i++)
                {
                    keys[i] = (ushort)((values[i] >> shift) & mask);
                }

                break;
            }

            default:
            {
                var values = MemoryMarshal.Cast<byte, ulong>(data);
                for (; i < values.Length; i++)
                {
                    keys[i] = (ushort)((values[i] >> shift) & mask);
                }

                break;
            }
        }
    }

    /// <summary>
    /// counts[s · exponents + e] = number of elements of segment s whose key is e. Segment s of n elements covers
    /// [s·⌊n/4⌋, (s+1)·⌊n/4⌋), the last one running to n.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CountSegments(ReadOnlySpan<ushort> keys, int exponents, Span<int> counts)
    {
        counts[..(Segments * exponents)].Clear();
        var quarter = keys.Length / Segments;
        ref var k = ref MemoryMarshal.GetReference(keys);
        ref var c = ref MemoryMarshal.GetReference(counts);
        for (var j = 0; j < quarter; j++)
        {
            Unsafe.Add(ref c, Unsafe.Add(ref k, j))++;
            Unsafe.Add(ref c, exponents + Unsafe.Add(ref k, quarter + j))++;
            Unsafe.Add(ref c, (2 * exponents) + Unsafe.Add(ref k, (2 * quarter) + j))++;
            Unsafe.Add(ref c, (3 * exponents) + Unsafe.Add(ref k, (3 * quarter) + j))++;
        }

        for (var j = 4 * quarter; j < keys.Length; j++)
        {
            Unsafe.Add(ref c, (3 * exponents) + Unsafe.Add(ref k, j))++;
        }
    }

    /// <summary>
    /// Stable counting sort by group: element i (key e) goes to <c>grouped[cursor]</c>, where cursors start at each group's
    /// first index plus the elements of the same group in earlier segments. <paramref name="cursors"/> holds
    /// <c>Segments × groups</c> entries (segment-major), as <see cref="SegmentCursors"/> fills it.
    /// </summary>
    public static void Group(ReadOnlySpan<ushort> keys, ReadOnlySpan<byte> source, Span<byte> grouped, int width, ReadOnlySpan<int> groupOf, Span<int> cursors, int groups)
    {
        switch (width)
        {
            case 2:
                Permute<ushort>(keys, source, grouped, groupOf, cursors, groups, toGroups: true);
                break;
            case 4:
                Permute<uint>(keys, source, grouped, groupOf, cursors, groups, toGroups: true);
                break;
            default:
                Permute<ulong>(keys, source, grouped, groupOf, cursors, groups, toGroups: true);
                break;
        }
    }

    /// <summary>Inverse of <see cref="Group"/>, with cursors filled the same way.</summary>
    public static void Ungroup(ReadOnlySpan<ushort> keys, ReadOnlySpan<byte> grouped, Span<byte> ordered, int width, ReadOnlySpan<int> groupOf, Span<int> cursors, int groups)
    {
        switch (width)
        {
            case 2:
                Permute<ushort>(keys, grouped, ordered, groupOf, cursors, groups, toGroups: false);
                break;
            case 4:
                Permute<uint>(keys, grouped, ordered, groupOf, cursors, groups, toGroups: false);
                break;
            default:
                Permute<ulong>(keys, grouped, ordered, groupOf, cursors, groups, toGroups: false);
                break;
        }
    }

    /// <summary>
    /// Fills <paramref name="cursors"/> (segment-major, <c>Segments × groups</c>) with each segment's first index in each
    /// group, from per-segment exponent counts, and <paramref name="sizes"/> with each group's size.
    /// </summary>
    public static void SegmentCursors(ReadOnlySpan<int> counts, int exponents, ReadOnlySpan<int> groupOf, int groups, Span<int> cursors, Span<int> sizes)
    {
        cursors[..(Segments * groups)].Clear();
        for (var s = 0; s < Segments; s++)
        {
            for (var e = 0; e < exponents; e++)
            {
                cursors[(s * groups) + groupOf[e]] += counts[(s * exponents) + e];
            }
        }

        var start = 0;
        for (var g = 0; g < groups; g++)
        {
            var size = 0;
            for (var s = 0; s < Segments; s++)
            {
                var count = cursors[(s * groups) + g];
                cursors[(s * groups) + g] = start + size;
                size += count;
            }

            sizes[g] = size;
            start += size;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Permute<T>(ReadOnlySpan<ushort> keys, ReadOnlySpan<byte> source, Span<byte> destination, ReadOnlySpan<int> groupOf, Span<int> cursors, int groups, bool toGroups)
        where T : unmanaged
    {
        var n = keys.Length;
        var quarter = n / Segments;
        ref var k = ref MemoryMarshal.GetReference(keys);
        ref var src = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<byte, T>(source));
        ref var dst = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<byte, T>(destination));
        ref var group = ref MemoryMarshal.GetReference(groupOf);
        ref var c0 = ref MemoryMarshal.GetReference(cursors);
        ref var c1 = ref Unsafe.Add(ref c0, groups);
        ref var c2 = ref Unsafe.Add(ref c0, 2 * groups);
        ref var c3 = ref Unsafe.Add(ref c0, 3 * groups);
        if (toGroups)
        {
            for (var j = 0; j < quarter; j++)
            {
                Unsafe.Add(ref dst, Unsafe.Add(ref c0, Unsafe.Add(ref group, Unsafe.Add(ref k, j)))++) = Unsafe.Add(ref src, j);
                Unsafe.Add(ref dst, Unsafe.Add(ref c1, Unsafe.Add(ref group, Unsafe.Add(ref k, quarter + j)))++) = Unsafe.Add(ref src, quarter + j);
                Unsafe.Add(ref dst, Unsafe.Add(ref c2, Unsafe.Add(ref group, Unsafe.Add(ref k, (2 * quarter) + j)))++) = Unsafe.Add(ref src, (2 * quarter) + j);
                Unsafe.Add(ref dst, Unsafe.Add(ref c3, Unsafe.Add(ref group, Unsafe.Add(ref k, (3 * quarter) + j)))++) = Unsafe.Add(ref src, (3 * quarter) + j);
            }

            for (var j = 4 * quarter; j < n; j++)
            {
                Unsafe.Add(ref dst, Unsafe.Add(ref c3, Unsafe.Add(ref group, Unsafe.Add(ref k, j)))++) = Unsafe.Add(ref src, j);
            }
        }
        else
        {
            for (var j = 0; j < quarter; j++)
            {
                Unsafe.Add(ref dst, j) = Unsafe.Add(ref src, Unsafe.Add(ref c0, Unsafe.Add(ref group, Unsafe.Add(ref k, j)))++);
                Unsafe.Add(ref dst, quarter + j) = Unsafe.Add(ref src, Unsafe.Add(ref c1, Unsafe.Add(ref group, Unsafe.Add(ref k, quarter + j)))++);
                Unsafe.Add(ref dst, (2 * quarter) + j) = Unsafe.Add(ref src, Unsafe.Add(ref c2, Unsafe.Add(ref group, Unsafe.Add(ref k, (2 * quarter) + j)))++);
                Unsafe.Add(ref dst, (3 * quarter) + j) = Unsafe.Add(ref src, Unsafe.Add(ref c3, Unsafe.Add(ref group, Unsafe.Add(ref k, (3 * quarter) + j)))++);
            }

            for (var j = 4 * quarter; j < n; j++)
            {
                Unsafe.Add(ref dst, j) = Unsafe.Add(ref src, Unsafe.Add(ref c3, Unsafe.Add(ref group, Unsafe.Add(ref k, j)))++);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Fold<T>(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> next, Span<byte> folded, T magnitude)
        where T : unmanaged, IBinaryInteger<T>, ISignedNumber<T>
    {
        var bits = Unsafe.SizeOf<T>() * 8;
        var count = next.Length / Unsafe.SizeOf<T>();
        var hasPrevious = !previous.IsEmpty;
        ref var prev = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<byte, T>(previous));
        ref var cur = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<byte, T>(next));
        ref var dst = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<byte, T>(folded));
        var i = 0;
        var any = Vector256<T>.Zero;
        if (Vector256.IsHardwareAccelerated)
        {
            var mask = Vector256.Create(magnitude);
            for (; i + Vector256<T>.Count <= count; i += Vector256<T>.Count)
            {
                var t = Vector256.LoadUnsafe(ref cur, (nuint)i);
                var ot = t ^ ((t >> (bits - 1)) & mask);
                var d = ot;
                if (hasPrevious)
                {
                    var b = Vector256.LoadUnsafe(ref prev, (nuint)i);
                    d -= b ^ ((b >> (bits - 1)) & mask);
                }

                var z = (d << 1) ^ (d >> (bits - 1));
                any |= z;
                z.StoreUnsafe(ref dst, (nuint)i);
            }
        }

        var anyScalar = T.Zero;
        for (; i < count; i++)
        {
            var t = Unsafe.Add(ref cur, i);
            var d = t ^ ((t >> (bits - 1)) & magnitude);
            if (hasPrevious)
            {
                var b = Unsafe.Add(ref prev, i);
                d -= b ^ ((b >> (bits - 1)) & magnitude);
            }

            var z = (d << 1) ^ (d >> (bits - 1));
            anyScalar |= z;
            Unsafe.Add(ref dst, i) = z;
        }

        return anyScalar != T.Zero || any != Vector256<T>.Zero;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Unfold<T>(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> folded, Span<byte> next, T magnitude)
        where T : unmanaged, IBinaryInteger<T>, ISignedNumber<T>
    {
        var bits = Unsafe.SizeOf<T>() * 8;
        var count = next.Length / Unsafe.SizeOf<T>();
        var hasPrevious = !previous.IsEmpty;
        ref var prev = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<byte, T>(previous));
        ref var src = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<byte, T>(folded));
        ref var dst = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<byte, T>(next));
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var mask = Vector256.Create(magnitude);
            var one = Vector256<T>.One;
            for (; i + Vector256<T>.Count <= count; i += Vector256<T>.Count)
            {
                var z = Vector256.LoadUnsafe(ref src, (nuint)i);
                var o = (z >>> 1) ^ (Vector256<T>.Zero - (z & one));
                if (hasPrevious)
                {
                    var b = Vector256.LoadUnsafe(ref prev, (nuint)i);
                    o += b ^ ((b >> (bits - 1)) & mask);
                }

                (o ^ ((o >> (bits - 1)) & mask)).StoreUnsafe(ref dst, (nuint)i);
            }
        }

        for (; i < count; i++)
        {
            var z = Unsafe.Add(ref src, i);
            var o = (z >>> 1) ^ (T.Zero - (z & T.One));
            if (hasPrevious)
            {
                var b = Unsafe.Add(ref prev, i);
                o += b ^ ((b >> (bits - 1)) & magnitude);
            }

            Unsafe.Add(ref dst, i) = o ^ ((o >> (bits - 1)) & magnitude);
        }
    }
}
