namespace Fireworks.Delta;

/// <summary>
/// The bound version 2 is measured against: the order-0 entropy of each byte plane of the folded ULP deltas,
/// conditioned on the base element's exponent, i.e. Σ over exponents e and planes p of n_e · H(plane p | e) / 8 bytes.
/// Histograms are indexed <c>((exponent · width) + plane) · 256 + byte</c>.
/// </summary>
internal static class UlpStatistics
{
    /// <summary>Histogram of a chunk's folded ULP deltas (<paramref name="folded"/>) by base exponent and byte plane.</summary>
    public static int[] Histogram(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> folded, FloatLayout layout)
    {
        var width = layout.Width;
        var histogram = new int[layout.Exponents * width * 256];
        for (var i = 0; i < folded.Length; i += width)
        {
            ulong bits = 0;
            for (var b = width - 1; b >= 0; b--)
            {
                bits = (bits << 8) | previous[i + b];
            }

            var row = (int)((bits >> layout.ExponentShift) & (ulong)layout.ExponentMask) * width;
            for (var p = 0; p < width; p++)
            {
                histogram[((row + p) * 256) + folded[i + p]]++;
            }
        }

        return histogram;
    }

    /// <summary>Bytes an order-0 coder of each byte plane needs without context and with the base exponent as context.</summary>
    public static (double Unconditioned, double Conditioned) EntropyBytes(long[] histogram, FloatLayout layout)
    {
        var width = layout.Width;
        var marginal = new long[width * 256];
        double conditioned = 0;
        for (var e = 0; e < layout.Exponents; e++)
        {
            for (var p = 0; p < width; p++)
            {
                var counts = histogram.AsSpan(((e * width) + p) * 256, 256);
                conditioned += Bits(counts);
                for (var b = 0; b < 256; b++)
                {
                    marginal[(p * 256) + b] += counts[b];
                }
            }
        }

        double unconditioned = 0;
        for (var p = 0; p < width; p++)
        {
            unconditioned += Bits(marginal.AsSpan(p * 256, 256));
        }

        return (unconditioned / 8, conditioned / 8);
    }

    /// <summary>n · H of a histogram, in bits.</summary>
    private static double Bits(ReadOnlySpan<long> counts)
    {
        long total = 0;
        foreach (var c in counts)
        {
            total += c;
        }

        double bits = 0;
        foreach (var c in counts)
        {
            if (c > 0)
            {
                bits -= c * Math.Log2((double)c / total);
            }
        }

        return bits;
    }
}
