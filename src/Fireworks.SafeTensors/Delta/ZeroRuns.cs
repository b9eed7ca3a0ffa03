using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Fireworks.Delta;

/// <summary>
/// Zero-run tokenisation of a sparse byte plane. The plane becomes two streams: run tokens (a byte r &lt; 255 means
/// "r zero bytes, then the next value"; 255 means "255 zero bytes, no value") and the non-zero values in order.
/// Both streams are nearly memoryless, so an order-0 coder on them reaches the plane's order-0 entropy, which zstd's
/// Huffman literals on the raw plane cannot do once one byte value dominates (a prefix code spends at least one bit
/// per byte).
/// </summary>
internal static class ZeroRuns
{
    public const byte Escape = 255;

    /// <summary>Largest token count a plane of <paramref name="planeLength"/> bytes can produce.</summary>
    public static int MaxTokens(int planeLength) => planeLength + (planeLength / Escape) + 1;

    /// <summary>Tokenises <paramref name="plane"/>; returns the token and value counts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (int Tokens, int Values) Tokenize(ReadOnlySpan<byte> plane, Span<byte> tokens, Span<byte> values)
    {
        var length = plane.Length;
        if (tokens.Length < MaxTokens(length) || values.Length < length)
        {
            throw new ArgumentException("Token buffers are too small for the plane.");
        }

        ref var src = ref MemoryMarshal.GetReference(plane);
        ref var tok = ref MemoryMarshal.GetReference(tokens);
        ref var val = ref MemoryMarshal.GetReference(values);
        nint t = 0, v = 0;
        nint last = 0;
        nint i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 64 <= length; i += 64)
            {
                var mask = ~Vector512.Equals(Vector512.LoadUnsafe(ref src, (nuint)i), Vector512<byte>.Zero).ExtractMostSignificantBits();
                EmitMask(ref src, ref tok, ref val, ref t, ref v, ref last, i, mask);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 64 <= length; i += 64)
            {
                var low = ~Vector256.Equals(Vector256.LoadUnsafe(ref src, (nuint)i), Vector256<byte>.Zero).ExtractMostSignificantBits();
                var high = ~Vector256.Equals(Vector256.LoadUnsafe(ref src, (nuint)(i + 32)), Vector256<byte>.Zero).ExtractMostSignificantBits();
                EmitMask(ref src, ref tok, ref val, ref t, ref v, ref last, i, low | ((ulong)high << 32));
            }
        }

        for (; i < length; i++)
        {
            var value = Unsafe.Add(ref src, i);
            if (value != 0)
            {
                Emit(ref tok, ref val, ref t, ref v, i - last, value);
                last = i + 1;
            }
        }

        return ((int)t, (int)v);
    }

    /// <summary>
    /// XORs the decoded values into <paramref name="output"/> at byte <c>i·stride + lane</c> of each non-zero
    /// element i, for element count <paramref name="count"/>.
    /// </summary>
    /// <returns><see langword="false"/> when the streams are inconsistent (run past the plane, values left over or missing).</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool ScatterXor(ReadOnlySpan<byte> tokens, ReadOnlySpan<byte> values, Span<byte> output, int stride, int lane, int count)
    {
        if ((long)count * stride > output.Length || (uint)lane >= (uint)stride)
        {
            return false;
        }

        // Validate the whole stream up front (two vectorised passes) so the scatter loop needs no checks: every value
        // token must have a value, and the final position (Σ tokens + value tokens) must stay inside the plane.
        var escapes = tokens.Count(Escape);
        var valueTokens = tokens.Length - escapes;
        if (valueTokens != values.Length || SumBytes(tokens) + valueTokens > count)
        {
            return false;
        }

        // An escape is always followed by a value token, so no escape is last and every position written is inside.
        ref var tok = ref MemoryMarshal.GetReference(tokens);
        ref var val = ref MemoryMarshal.GetReference(values);
        ref var dst = ref Unsafe.Add(ref MemoryMarshal.GetReference(output), lane);
        nint position = 0;
        nint v = 0;
        var length = tokens.Length;
        if (escapes == 0)
        {
            for (nint t = 0; t < length; t++)
            {
                position += Unsafe.Add(ref tok, t);
                Unsafe.Add(ref dst, position * stride) ^= Unsafe.Add(ref val, t);
                position++;
            }

            return true;
        }

        for (nint t = 0; t < length; t++)
        {
            var token = Unsafe.Add(ref tok, t);
            position += token;
            if (token == Escape)
            {
                continue;
            }

            Unsafe.Add(ref dst, position * stride) ^= Unsafe.Add(ref val, v);
            v++;
            position++;
        }

        return true;
    }

    private static long SumBytes(ReadOnlySpan<byte> bytes)
    {
        long sum = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var start = ref MemoryMarshal.GetReference(bytes);
            var acc = Vector256<ulong>.Zero;
            for (; i + 32 <= bytes.Length; i += 32)
            {
                var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref start, (nuint)i));
                var (a, b) = Vector256.Widen(lo + hi);
                var (c, d) = Vector256.Widen(a + b);
                acc += c + d;
            }

            sum = (long)Vector256.Sum(acc);
        }

        for (; i < bytes.Length; i++)
        {
            sum += bytes[i];
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void EmitMask(ref byte src, ref byte tok, ref byte val, ref nint t, ref nint v, ref nint last, nint blockStart, ulong mask)
    {
        // One bit per non-zero byte of a 64-byte block; all-zero blocks (the common case in sparse planes) cost one test.
        while (mask != 0)
        {
            var position = blockStart + BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            Emit(ref tok, ref val, ref t, ref v, position - last, Unsafe.Add(ref src, position));
            last = position + 1;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Emit(ref byte tok, ref byte val, ref nint t, ref nint v, nint run, byte value)
    {
        while (run >= Escape)
        {
            Unsafe.Add(ref tok, t++) = Escape;
            run -= Escape;
        }

        Unsafe.Add(ref tok, t++) = (byte)run;
        Unsafe.Add(ref val, v++) = value;
    }
}
