using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Fireworks.Delta;

/// <summary>
/// The codec's hot loops: XOR two runs of elements and split the result into byte planes (plane p holds byte p of
/// every element, little-endian), and the inverse. Splitting puts the nearly-constant sign/exponent bytes of
/// consecutive weights next to each other, which is what lets an order-0 entropy coder reach its bound.
/// </summary>
internal static class BytePlanes
{
    /// <summary>
    /// planes[p·n + i] = previous[i·w + p] XOR next[i·w + p], with n = next.Length / w. An empty
    /// <paramref name="previous"/> means all zeros (a tensor stored whole).
    /// </summary>
    /// <returns><see langword="true"/> when any output byte is non-zero.</returns>
    public static bool XorSplit(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> next, Span<byte> planes, int width)
    {
        var length = next.Length;
        if (planes.Length < length || (previous.Length != 0 && previous.Length != length) || length % width != 0)
        {
            throw new ArgumentException("Plane buffers do not match the element width and length.");
        }

        planes = planes[..length];
        if (width == 1)
        {
            return previous.IsEmpty ? CopyAny(next, planes) : XorAny(previous, next, planes);
        }

        var count = length / width;
        ref var prev = ref MemoryMarshal.GetReference(previous);
        ref var cur = ref MemoryMarshal.GetReference(next);
        ref var dst = ref MemoryMarshal.GetReference(planes);
        var hasPrevious = !previous.IsEmpty;
        var done = 0;
        var any = Vector256<byte>.Zero;
        if (Vector256.IsHardwareAccelerated)
        {
            done = width switch
            {
                2 => Split2(ref prev, ref cur, ref dst, count, hasPrevious, ref any),
                4 => Split4(ref prev, ref cur, ref dst, count, hasPrevious, ref any),
                _ => Split8(ref prev, ref cur, ref dst, count, hasPrevious, ref any),
            };
        }

        byte anyScalar = 0;
        for (var i = done; i < count; i++)
        {
            for (var p = 0; p < width; p++)
            {
                var value = (byte)(Unsafe.Add(ref cur, i * width + p) ^ (hasPrevious ? Unsafe.Add(ref prev, i * width + p) : 0));
                Unsafe.Add(ref dst, p * count + i) = value;
                anyScalar |= value;
            }
        }

        return anyScalar != 0 || any != Vector256<byte>.Zero;
    }

    /// <summary>
    /// Inverse of <see cref="XorSplit"/>: next[i·w + p] = planes[p·n + i] XOR previous[i·w + p]
    /// (previous empty means zeros).
    /// </summary>
    public static void MergeXor(ReadOnlySpan<byte> planes, ReadOnlySpan<byte> previous, Span<byte> next, int width)
    {
        var length = next.Length;
        if (planes.Length < length || (previous.Length != 0 && previous.Length != length) || length % width != 0)
        {
            throw new ArgumentException("Plane buffers do not match the element width and length.");
        }

        planes = planes[..length];
        if (width == 1)
        {
            if (previous.IsEmpty)
            {
                planes.CopyTo(next);
            }
            else
            {
                XorAny(previous, planes, next);
            }

            return;
        }

        var count = length / width;
        ref var prev = ref MemoryMarshal.GetReference(previous);
        ref var src = ref MemoryMarshal.GetReference(planes);
        ref var dst = ref MemoryMarshal.GetReference(next);
        var hasPrevious = !previous.IsEmpty;
        var done = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            done = width switch
            {
                2 => Merge2(ref src, ref prev, ref dst, count, hasPrevious),
                4 => Merge4(ref src, ref prev, ref dst, count, hasPrevious),
                _ => Merge8(ref src, ref prev, ref dst, count, hasPrevious),
            };
        }

        for (var i = done; i < count; i++)
        {
            for (var p = 0; p < width; p++)
            {
                Unsafe.Add(ref dst, i * width + p) =
                    (byte)(Unsafe.Add(ref src, p * count + i) ^ (hasPrevious ? Unsafe.Add(ref prev, i * width + p) : 0));
            }
        }
    }

    /// <summary>dst = a XOR b; returns whether any byte is non-zero.</summary>
    public static bool XorAny(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> dst)
    {
        var length = dst.Length;
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(b);
        ref var rd = ref MemoryMarshal.GetReference(dst);
        nuint i = 0;
        var any = Vector256<byte>.Zero;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 32 <= (nuint)length; i += 32)
            {
                var x = Vector256.LoadUnsafe(ref ra, i) ^ Vector256.LoadUnsafe(ref rb, i);
                any |= x;
                x.StoreUnsafe(ref rd, i);
            }
        }

        byte tail = 0;
        for (; i < (nuint)length; i++)
        {
            var x = (byte)(Unsafe.Add(ref ra, i) ^ Unsafe.Add(ref rb, i));
            tail |= x;
            Unsafe.Add(ref rd, i) = x;
        }

        return tail != 0 || any != Vector256<byte>.Zero;
    }

    private static bool CopyAny(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.ContainsAnyExcept((byte)0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Load<T>(ref byte prev, ref byte cur, nuint byteOffset, bool hasPrevious)
        where T : unmanaged
    {
        var x = Vector256.LoadUnsafe(ref cur, byteOffset);
        if (hasPrevious)
        {
            x ^= Vector256.LoadUnsafe(ref prev, byteOffset);
        }

        return x.As<byte, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Split2(ref byte prev, ref byte cur, ref byte dst, int count, bool hasPrevious, ref Vector256<byte> any)
    {
        // 32 elements (64 bytes) per step -> 32 bytes into each of the 2 planes.
        var i = 0;
        for (; i + 32 <= count; i += 32)
        {
            var offset = (nuint)i * 2;
            var x0 = Load<ushort>(ref prev, ref cur, offset, hasPrevious);
            var x1 = Load<ushort>(ref prev, ref cur, offset + 32, hasPrevious);
            var p0 = Vector256.Narrow(x0, x1);
            var p1 = Vector256.Narrow(x0 >>> 8, x1 >>> 8);
            any |= p0 | p1;
            p0.StoreUnsafe(ref dst, (nuint)i);
            p1.StoreUnsafe(ref dst, (nuint)(count + i));
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Split4(ref byte prev, ref byte cur, ref byte dst, int count, bool hasPrevious, ref Vector256<byte> any)
    {
        // 32 elements (128 bytes) per step -> 32 bytes into each of the 4 planes.
        var i = 0;
        for (; i + 32 <= count; i += 32)
        {
            var offset = (nuint)i * 4;
            var x0 = Load<uint>(ref prev, ref cur, offset, hasPrevious);
            var x1 = Load<uint>(ref prev, ref cur, offset + 32, hasPrevious);
            var x2 = Load<uint>(ref prev, ref cur, offset + 64, hasPrevious);
            var x3 = Load<uint>(ref prev, ref cur, offset + 96, hasPrevious);
            var lo01 = Vector256.Narrow(x0, x1);
            var lo23 = Vector256.Narrow(x2, x3);
            var hi01 = Vector256.Narrow(x0 >>> 16, x1 >>> 16);
            var hi23 = Vector256.Narrow(x2 >>> 16, x3 >>> 16);
            var p0 = Vector256.Narrow(lo01, lo23);
            var p1 = Vector256.Narrow(lo01 >>> 8, lo23 >>> 8);
            var p2 = Vector256.Narrow(hi01, hi23);
            var p3 = Vector256.Narrow(hi01 >>> 8, hi23 >>> 8);
            any |= p0 | p1 | p2 | p3;
            p0.StoreUnsafe(ref dst, (nuint)i);
            p1.StoreUnsafe(ref dst, (nuint)(count + i));
            p2.StoreUnsafe(ref dst, (nuint)(2 * count + i));
            p3.StoreUnsafe(ref dst, (nuint)(3 * count + i));
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Split8(ref byte prev, ref byte cur, ref byte dst, int count, bool hasPrevious, ref Vector256<byte> any)
    {
        // 16 elements (128 bytes) per step -> 16 bytes into each of the 8 planes, via 128-bit stores.
        var i = 0;
        for (; i + 16 <= count; i += 16)
        {
            var offset = (nuint)i * 8;
            var x0 = Load<ulong>(ref prev, ref cur, offset, hasPrevious);
            var x1 = Load<ulong>(ref prev, ref cur, offset + 32, hasPrevious);
            var x2 = Load<ulong>(ref prev, ref cur, offset + 64, hasPrevious);
            var x3 = Load<ulong>(ref prev, ref cur, offset + 96, hasPrevious);
            var lo01 = Vector256.Narrow(x0, x1);
            var lo23 = Vector256.Narrow(x2, x3);
            var hi01 = Vector256.Narrow(x0 >>> 32, x1 >>> 32);
            var hi23 = Vector256.Narrow(x2 >>> 32, x3 >>> 32);
            for (var half = 0; half < 2; half++)
            {
                var a = half == 0 ? lo01 : hi01;
                var b = half == 0 ? lo23 : hi23;
                var w0 = Vector256.Narrow(a, b);
                var w1 = Vector256.Narrow(a >>> 16, b >>> 16);
                var q0 = Vector256.Narrow(w0, w0);
                var q1 = Vector256.Narrow(w0 >>> 8, w0 >>> 8);
                var q2 = Vector256.Narrow(w1, w1);
                var q3 = Vector256.Narrow(w1 >>> 8, w1 >>> 8);
                any |= q0 | q1 | q2 | q3;
                var basePlane = half * 4;
                q0.GetLower().StoreUnsafe(ref dst, (nuint)((basePlane + 0) * count + i));
                q1.GetLower().StoreUnsafe(ref dst, (nuint)((basePlane + 1) * count + i));
                q2.GetLower().StoreUnsafe(ref dst, (nuint)((basePlane + 2) * count + i));
                q3.GetLower().StoreUnsafe(ref dst, (nuint)((basePlane + 3) * count + i));
            }
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Merge2(ref byte src, ref byte prev, ref byte dst, int count, bool hasPrevious)
    {
        var i = 0;
        for (; i + 32 <= count; i += 32)
        {
            var (l0, l1) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)i));
            var (h0, h1) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)(count + i)));
            Store(l0 | (h0 << 8), ref prev, ref dst, (nuint)i * 2, hasPrevious);
            Store(l1 | (h1 << 8), ref prev, ref dst, (nuint)i * 2 + 32, hasPrevious);
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Merge4(ref byte src, ref byte prev, ref byte dst, int count, bool hasPrevious)
    {
        var i = 0;
        for (; i + 32 <= count; i += 32)
        {
            var (b0l, b0h) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)i));
            var (b1l, b1h) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)(count + i)));
            var (b2l, b2h) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)(2 * count + i)));
            var (b3l, b3h) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)(3 * count + i)));
            var lo0 = b0l | (b1l << 8);
            var lo1 = b0h | (b1h << 8);
            var hi0 = b2l | (b3l << 8);
            var hi1 = b2h | (b3h << 8);
            var (lo00, lo01) = Vector256.Widen(lo0);
            var (lo10, lo11) = Vector256.Widen(lo1);
            var (hi00, hi01) = Vector256.Widen(hi0);
            var (hi10, hi11) = Vector256.Widen(hi1);
            var offset = (nuint)i * 4;
            Store(lo00 | (hi00 << 16), ref prev, ref dst, offset, hasPrevious);
            Store(lo01 | (hi01 << 16), ref prev, ref dst, offset + 32, hasPrevious);
            Store(lo10 | (hi10 << 16), ref prev, ref dst, offset + 64, hasPrevious);
            Store(lo11 | (hi11 << 16), ref prev, ref dst, offset + 96, hasPrevious);
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Merge8(ref byte src, ref byte prev, ref byte dst, int count, bool hasPrevious)
    {
        // 16 elements per step: widen 16 bytes of each plane to 16 ulongs and OR them together.
        var i = 0;
        for (; i + 16 <= count; i += 16)
        {
            var acc0 = Vector256<ulong>.Zero;
            var acc1 = Vector256<ulong>.Zero;
            var acc2 = Vector256<ulong>.Zero;
            var acc3 = Vector256<ulong>.Zero;
            for (var p = 0; p < 8; p++)
            {
                var bytes = Vector128.LoadUnsafe(ref src, (nuint)(p * count + i));
                var (w0, w1) = Vector128.Widen(bytes);
                var (d0, d1) = Vector256.Widen(Vector256.Create(w0, w1));
                var (q0, q1) = Vector256.Widen(d0);
                var (q2, q3) = Vector256.Widen(d1);
                var shift = p * 8;
                acc0 |= q0 << shift;
                acc1 |= q1 << shift;
                acc2 |= q2 << shift;
                acc3 |= q3 << shift;
            }

            var offset = (nuint)i * 8;
            Store(acc0, ref prev, ref dst, offset, hasPrevious);
            Store(acc1, ref prev, ref dst, offset + 32, hasPrevious);
            Store(acc2, ref prev, ref dst, offset + 64, hasPrevious);
            Store(acc3, ref prev, ref dst, offset + 96, hasPrevious);
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(Vector256<T> value, ref byte prev, ref byte dst, nuint byteOffset, bool hasPrevious)
    {
        var bytes = value.AsByte();
        if (hasPrevious)
        {
            bytes ^= Vector256.LoadUnsafe(ref prev, byteOffset);
        }

        bytes.StoreUnsafe(ref dst, byteOffset);
    }
}
