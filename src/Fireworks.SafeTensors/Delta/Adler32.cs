using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Fireworks.Delta;

/// <summary>
/// Adler-32 (RFC 1950) — the checksum Fireworks names <c>alder32</c> on the wire.
/// <c>System.IO.Hashing</c> has no Adler-32, so this is a small AVX2-vectorised implementation with a scalar fallback.
/// </summary>
public static class Adler32
{
    /// <summary>The checksum of zero bytes.</summary>
    public const uint Initial = 1;

    private const uint Modulus = 65521;

    // Largest n such that 255·n·(n+1)/2 + (n+1)·(Modulus−1) fits in 32 bits: the classic zlib NMAX for the scalar loop.
    private const int ScalarBlock = 5552;

    // Vector runs are summed into 64-bit totals, so a run is bounded only by the 32-bit lanes of the weighted sum
    // (each 32-byte step adds at most 4·255·32 to a lane): 64 KiB keeps every lane far below 2^31.
    private const int VectorRun = 64 * 1024;

    /// <summary>Computes the Adler-32 of <paramref name="data"/>.</summary>
    /// <param name="data">The bytes to checksum.</param>
    /// <returns>The checksum.</returns>
    public static uint Compute(ReadOnlySpan<byte> data) => Update(Initial, data);

    /// <summary>Continues a running Adler-32 with more bytes.</summary>
    /// <param name="adler">The checksum of everything before <paramref name="data"/> (start with <see cref="Initial"/>).</param>
    /// <param name="data">The next bytes.</param>
    /// <returns>The checksum of the concatenation.</returns>
    public static uint Update(uint adler, ReadOnlySpan<byte> data)
    {
        ulong s1 = adler & 0xFFFF;
        ulong s2 = adler >> 16;
        if (Avx2.IsSupported && data.Length >= 64)
        {
            var vectorBytes = data.Length & ~31;
            UpdateAvx2(ref s1, ref s2, data[..vectorBytes]);
            data = data[vectorBytes..];
        }

        UpdateScalar(ref s1, ref s2, data);
        return (uint)(s1 | (s2 << 16));
    }

    /// <summary>
    /// Combines the checksums of two adjacent byte ranges (zlib's <c>adler32_combine</c>) so chunks can be checksummed in parallel.
    /// </summary>
    /// <param name="first">Checksum of the first range.</param>
    /// <param name="second">Checksum of the second range.</param>
    /// <param name="secondLength">Length in bytes of the second range.</param>
    /// <returns>The checksum of the first range followed by the second.</returns>
    public static uint Combine(uint first, uint second, long secondLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(secondLength);
        var remainder = (ulong)(secondLength % Modulus);
        ulong sum1 = first & 0xFFFF;
        var sum2 = remainder * sum1 % Modulus;
        sum1 += (second & 0xFFFF) + Modulus - 1;
        sum2 += (first >> 16) + (second >> 16) + Modulus - remainder;
        sum1 %= Modulus;
        sum2 %= Modulus;
        return (uint)(sum1 | (sum2 << 16));
    }

    /// <summary>Formats a checksum the way delta metadata spells it: eight lowercase hex digits.</summary>
    /// <param name="adler">The checksum.</param>
    /// <returns>For example <c>"11e60398"</c>.</returns>
    public static string ToHex(uint adler) => adler.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);

    private static void UpdateScalar(ref ulong s1, ref ulong s2, ReadOnlySpan<byte> data)
    {
        var a = (uint)s1;
        var b = (uint)s2;
        while (data.Length > 0)
        {
            var n = Math.Min(data.Length, ScalarBlock);
            foreach (var x in data[..n])
            {
                a += x;
                b += a;
            }

            a %= Modulus;
            b %= Modulus;
            data = data[n..];
        }

        s1 = a;
        s2 = b;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UpdateAvx2(ref ulong s1, ref ulong s2, ReadOnlySpan<byte> data)
    {
        // Weights 32..1: byte i of a 32-byte block contributes (32 − i)·x to s2.
        var weights = Vector256.Create(
            (sbyte)32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17,
            16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
        var ones = Vector256.Create((short)1);
        ref var start = ref MemoryMarshal.GetReference(data);
        nuint offset = 0;
        var total = (nuint)data.Length;
        while (offset < total)
        {
            var runEnd = offset + Math.Min((nuint)VectorRun, total - offset);
            var blocks = (runEnd - offset) / 32;
            var byteSums = Vector256<ulong>.Zero;     // Σ bytes, four 64-bit lanes (from SAD).
            var prefixSums = Vector256<ulong>.Zero;   // Σ over blocks of byteSums before that block.
            var weighted = Vector256<int>.Zero;       // Σ (32 − i)·x_i per block.
            for (; offset < runEnd; offset += 32)
            {
                var bytes = Vector256.LoadUnsafe(ref start, offset);
                prefixSums += byteSums;
                byteSums += Avx2.SumAbsoluteDifferences(bytes, Vector256<byte>.Zero).AsUInt64();
                weighted += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(bytes, weights), ones);
            }

            var sumBytes = Vector256.Sum(byteSums);
            var sumPrefix = Vector256.Sum(prefixSums);
            var sumWeighted = (ulong)Vector256.Sum(weighted.AsUInt32());
            s2 = (s2 + 32 * blocks * s1 + 32 * sumPrefix + sumWeighted) % Modulus;
            s1 = (s1 + sumBytes) % Modulus;
        }
    }
}
