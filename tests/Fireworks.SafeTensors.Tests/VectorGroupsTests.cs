using System.Buffers.Binary;
using Fireworks.Delta;

namespace Fireworks.SafeTensors.Tests;

/// <summary>
/// The vectorised exponent-group kernels against the scalar permutation (the reference): same bytes for any listing,
/// odd sizes and special values, and a base with other exponents is always reported, never read out of range.
/// </summary>
public sealed class VectorGroupsTests
{
    public static TheoryData<int, int, bool> Cases()
    {
        var data = new TheoryData<int, int, bool>();
        foreach (var count in new[] { 1, 31, 32, 33, 100, 4099, 70_001 })
        {
            foreach (var listed in new[] { 0, 1, 2, 5, 12 })
            {
                data.Add(count, listed, true);
                data.Add(count, listed, false);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void UngroupUnfoldMatchesTheScalarPermutationBitForBit(int count, int listed, bool bf16)
    {
        var layout = FloatLayout.For(bf16 ? SafeTensorsDType.BF16 : SafeTensorsDType.F16)!.Value;
        var random = new Random((count * 31) + (listed * 7) + (bf16 ? 1 : 0));
        var (previous, next) = Pair(random, layout, count);
        var (listedExponents, groupOf, sizes, grouped) = GroupLikeTheEncoder(layout, previous, next, listed, random);

        var output = (byte[])previous.Clone();
        if (!VectorGroups.IsSupported)
        {
            // Decoders take the scalar permutation on such machines (ChunkFramesV2 asks IsSupported first).
            Assert.Throws<PlatformNotSupportedException>(() => VectorGroups.UngroupUnfold16(layout, listedExponents, groupOf, sizes, grouped, output));
            return;
        }

        Assert.Equal(-1, VectorGroups.UngroupUnfold16(layout, listedExponents, groupOf, sizes, grouped, output));
        Assert.Equal(next, output);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GroupMatchesTheScalarPermutationBitForBit(int count, int listed, bool bf16)
    {
        var layout = FloatLayout.For(bf16 ? SafeTensorsDType.BF16 : SafeTensorsDType.F16)!.Value;
        var random = new Random((count * 17) + (listed * 5) + (bf16 ? 1 : 0));
        var (previous, next) = Pair(random, layout, count);
        var (listedExponents, groupOf, sizes, grouped) = GroupLikeTheEncoder(layout, previous, next, listed, random);
        var folded = new byte[previous.Length];
        UlpDeltas.Fold(previous, next, folded, 2);
        var vectorized = new byte[previous.Length + VectorGroups.GroupSlack];
        var starts = new int[sizes.Length];
        if (!VectorGroups.IsSupported)
        {
            Assert.Throws<PlatformNotSupportedException>(() => VectorGroups.Group16(layout, listedExponents, groupOf, sizes, previous, folded, vectorized, starts));
            return;
        }

        VectorGroups.Group16(layout, listedExponents, groupOf, sizes, previous, folded, vectorized, starts);
        var reference = 0;
        for (var g = 0; g < sizes.Length; g++)
        {
            Assert.Equal(grouped.AsSpan(reference * 2, sizes[g] * 2).ToArray(), vectorized.AsSpan(starts[g] * 2, sizes[g] * 2).ToArray());
            reference += sizes[g];
        }
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(33, false)]
    [InlineData(4099, false)]
    [InlineData(70_001, false)]
    [InlineData(33, true)]
    [InlineData(70_001, true)]
    public void CountExponentsMatchesTheScalarHistogramExactly(int count, bool everyExponent)
    {
        // everyExponent: uniformly random bits, so far more exponents than the vector pass takes as candidates.
        var layout = FloatLayout.For(SafeTensorsDType.BF16)!.Value;
        var random = new Random(count + (everyExponent ? 1 : 0));
        var previous = everyExponent ? RandomBytes(random, count * 2) : Pair(random, layout, count).Previous;
        var keys = new ushort[count];
        UlpDeltas.ExponentKeys(previous, layout, keys);
        var segments = new int[UlpDeltas.Segments * layout.Exponents];
        UlpDeltas.CountSegments(keys, layout.Exponents, segments);
        var expected = Enumerable.Range(0, layout.Exponents)
            .Select(e => Enumerable.Range(0, UlpDeltas.Segments).Sum(s => segments[(s * layout.Exponents) + e]))
            .ToArray();
        var counts = new int[layout.Exponents];
        if (!VectorGroups.IsSupported)
        {
            Assert.Throws<PlatformNotSupportedException>(() => VectorGroups.CountExponents16(layout, previous, counts));
            return;
        }

        VectorGroups.CountExponents16(layout, previous, counts);
        Assert.Equal(expected, counts);
    }

    [Theory]
    [InlineData(33, 1)]
    [InlineData(4099, 5)]
    [InlineData(70_001, 5)]
    public void ABaseWithOtherExponentsIsReportedWithoutReadingPastTheDeltas(int count, int listed)
    {
        var layout = FloatLayout.For(SafeTensorsDType.BF16)!.Value;
        var random = new Random(count + listed);
        var (previous, next) = Pair(random, layout, count);
        var (listedExponents, groupOf, sizes, grouped) = GroupLikeTheEncoder(layout, previous, next, listed, random);
        if (!VectorGroups.IsSupported)
        {
            Assert.Throws<PlatformNotSupportedException>(() => VectorGroups.UngroupUnfold16(layout, listedExponents, groupOf, sizes, grouped, previous));
            return;
        }

        foreach (var at in new[] { 0, count / 2, count - 1 })
        {
            // Move one element of a listed group (or of the rest) into another group: every group size is still plausible.
            var wrong = (byte[])previous.Clone();
            var value = BinaryPrimitives.ReadUInt16LittleEndian(wrong.AsSpan(at * 2));
            var exponent = (value >> layout.ExponentShift) & layout.ExponentMask;
            var other = groupOf[exponent] == listedExponents.Length && listedExponents.Length > 0 ? listedExponents[0] : exponent ^ 0x40;
            BinaryPrimitives.WriteUInt16LittleEndian(wrong.AsSpan(at * 2), (ushort)((value & ~(layout.ExponentMask << layout.ExponentShift)) | (other << layout.ExponentShift)));
            Assert.True(VectorGroups.UngroupUnfold16(layout, listedExponents, groupOf, sizes, grouped, wrong) >= 0);
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Weights around 0.02 (a handful of exponents) with ±1–3 ULP steps, and signed zeros, infinities and NaNs.</summary>
    private static (byte[] Previous, byte[] Next) Pair(Random random, FloatLayout layout, int count)
    {
        var previous = new byte[count * 2];
        var next = new byte[count * 2];
        ushort[] specials = [0x0000, 0x8000, (ushort)(layout.ExponentMask << layout.ExponentShift), 0xFFFF, 0x0001, 0x7FFF];
        for (var i = 0; i < count; i++)
        {
            var exponent = (layout.ExponentMask / 2) - 6 + random.Next(8);
            var value = (ushort)((random.Next(2) << 15) | (exponent << layout.ExponentShift) | random.Next(1 << layout.ExponentShift));
            var step = random.Next(10) < 7 ? 0 : random.Next(-3, 4);
            var target = (ushort)(value + step);
            if (random.Next(50) == 0)
            {
                value = specials[random.Next(specials.Length)];
                target = specials[random.Next(specials.Length)];
            }

            BinaryPrimitives.WriteUInt16LittleEndian(previous.AsSpan(i * 2), value);
            BinaryPrimitives.WriteUInt16LittleEndian(next.AsSpan(i * 2), target);
        }

        return (previous, next);
    }

    /// <summary>The scalar reference: fold, then the stable counting sort by group that version-2 frames hold.</summary>
    private static (ushort[] Listed, int[] GroupOf, int[] Sizes, byte[] Grouped) GroupLikeTheEncoder(FloatLayout layout, byte[] previous, byte[] next, int listed, Random random)
    {
        var count = previous.Length / 2;
        var keys = new ushort[count];
        UlpDeltas.ExponentKeys(previous, layout, keys);
        var present = keys.Distinct().Order().ToArray();
        var listedExponents = present.OrderBy(_ => random.Next()).Take(Math.Min(listed, present.Length)).Order().ToArray();
        var groupOf = Enumerable.Repeat(listedExponents.Length, layout.Exponents).ToArray();
        for (var g = 0; g < listedExponents.Length; g++)
        {
            groupOf[listedExponents[g]] = g;
        }

        var groups = listedExponents.Length + 1;
        var counts = new int[UlpDeltas.Segments * layout.Exponents];
        UlpDeltas.CountSegments(keys, layout.Exponents, counts);
        var cursors = new int[UlpDeltas.Segments * groups];
        var sizes = new int[groups];
        UlpDeltas.SegmentCursors(counts, layout.Exponents, groupOf, groups, cursors, sizes);
        var folded = new byte[previous.Length];
        UlpDeltas.Fold(previous, next, folded, 2);

        // Deltas, then the padding the kernel may read, filled with noise so that reading it cannot go unnoticed.
        var grouped = new byte[previous.Length + VectorGroups.Padding];
        random.NextBytes(grouped);
        UlpDeltas.Group(keys, folded, grouped.AsSpan(0, previous.Length), 2, groupOf, cursors, groups);
        return (listedExponents, groupOf, sizes, grouped);
    }
}
