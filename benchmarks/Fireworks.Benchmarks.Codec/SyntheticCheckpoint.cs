using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Fireworks.SafeTensors;

namespace Fireworks.Benchmarks.Codec;

/// <summary>One tensor of a synthetic checkpoint shard.</summary>
/// <param name="Name">HuggingFace-style tensor name.</param>
/// <param name="Shape">Tensor shape.</param>
/// <param name="Kind">How its weights are initialised.</param>
internal sealed record SyntheticTensor(string Name, long[] Shape, WeightKind Kind)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
}

/// <summary>How a synthetic tensor's master weights are drawn.</summary>
internal enum WeightKind
{
    /// <summary>N(0, 0.02): linear layers and embeddings.</summary>
    Matrix,

    /// <summary>1 + N(0, 0.02): RMSNorm gains.</summary>
    Norm,
}

/// <summary>
/// A seeded, streamable synthetic checkpoint: Llama-style transformer shapes, FP32 master weights ~N(0, 0.02), and
/// one simulated AdamW step. Every element is a pure function of (seed, tensor, element index), so any chunk can be
/// generated independently and in parallel, and the "previous" and "next" shards never need to be in memory.
/// </summary>
/// <remarks>
/// The optimizer step is modelled on steady-state Adam with noisy gradients, per element:
/// g_t = μ + σ·ξ_t with a weak per-element signal μ ~ N(0, (0.1σ)²) (RL gradients are noisy);
/// m = EMA_{β1=0.9}(g) ~ μ + σ·√((1−β1)/(1+β1))·z₁; v = EMA_{β2=0.999}(g²) ≈ (μ² + σ²)·(1 + √(2/1999)·z₂);
/// Δw = −lr·(m/(√v + ε) + λ·w) with ε = 1e-8, λ = 0.01 and σ = 1e-3 (so ε is negligible, as in practice).
/// The typical |Δw| is about 0.18·lr, i.e. mostly well below lr. The exported checkpoint is the master weight cast to
/// the shard dtype (BF16: round-to-nearest-even of the FP32 master), which is how trainers publish BF16 weights.
/// </remarks>
internal sealed class SyntheticCheckpoint
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const float Epsilon = 1e-8f;
    private const float WeightDecay = 0.01f;
    private const float GradientNoise = 1e-3f;
    private const float SignalToNoise = 0.1f;
    private static readonly float MomentumNoise = (float)Math.Sqrt((1 - Beta1) / (1 + Beta1));
    private static readonly float SecondMomentNoise = (float)Math.Sqrt(2 / ((2 / (1 - Beta2)) - 1));
    private static readonly float[] NormalQuantiles = BuildNormalQuantiles();

    public SyntheticCheckpoint(ulong seed, SafeTensorsDType dtype, IReadOnlyList<SyntheticTensor> tensors)
    {
        if (dtype is not (SafeTensorsDType.BF16 or SafeTensorsDType.F32))
        {
            throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "The generator writes BF16 or F32 shards.");
        }

        Seed = seed;
        DType = dtype;
        Tensors = tensors;
    }

    public ulong Seed { get; }

    public SafeTensorsDType DType { get; }

    public IReadOnlyList<SyntheticTensor> Tensors { get; }

    public long TotalBytes => Tensors.Sum(t => t.ElementCount) * DType.SizeInBytes();

    /// <summary>
    /// Llama-style layers (hidden 2048, 16 heads, 4 KV heads, MLP 5632, vocab 32000) until the shard reaches
    /// roughly <paramref name="targetBytes"/>; the embedding comes first when it fits, as in a first shard.
    /// </summary>
    public static SyntheticCheckpoint Llama(ulong seed, SafeTensorsDType dtype, long targetBytes) =>
        Llama(seed, dtype, targetBytes, hidden: 2048, intermediate: 5632, kv: 512, vocab: 32000);

    /// <summary>The same layout with a smaller model (hidden 512, MLP 1408, vocab 8000) for smoke runs.</summary>
    public static SyntheticCheckpoint SmallLlama(ulong seed, SafeTensorsDType dtype, long targetBytes) =>
        Llama(seed, dtype, targetBytes, hidden: 512, intermediate: 1408, kv: 128, vocab: 8000);

    private static SyntheticCheckpoint Llama(ulong seed, SafeTensorsDType dtype, long targetBytes, int hidden, int intermediate, int kv, int vocab)
    {
        var width = dtype.SizeInBytes();
        var tensors = new List<SyntheticTensor>();
        long bytes = 0;
        void Add(string name, WeightKind kind, params long[] shape)
        {
            var t = new SyntheticTensor(name, shape, kind);
            tensors.Add(t);
            bytes += t.ElementCount * width;
        }

        if ((long)vocab * hidden * width <= targetBytes / 2)
        {
            Add("model.embed_tokens.weight", WeightKind.Matrix, vocab, hidden);
        }

        for (var layer = 0; bytes < targetBytes; layer++)
        {
            var p = $"model.layers.{layer}.";
            Add(p + "input_layernorm.weight", WeightKind.Norm, hidden);
            Add(p + "self_attn.q_proj.weight", WeightKind.Matrix, hidden, hidden);
            Add(p + "self_attn.k_proj.weight", WeightKind.Matrix, kv, hidden);
            Add(p + "self_attn.v_proj.weight", WeightKind.Matrix, kv, hidden);
            Add(p + "self_attn.o_proj.weight", WeightKind.Matrix, hidden, hidden);
            Add(p + "post_attention_layernorm.weight", WeightKind.Norm, hidden);
            if (bytes >= targetBytes)
            {
                break;
            }

            Add(p + "mlp.gate_proj.weight", WeightKind.Matrix, intermediate, hidden);
            Add(p + "mlp.up_proj.weight", WeightKind.Matrix, intermediate, hidden);
            Add(p + "mlp.down_proj.weight", WeightKind.Matrix, hidden, intermediate);
        }

        return new SyntheticCheckpoint(seed, dtype, tensors);
    }

    /// <summary>
    /// Fills the raw little-endian bytes of elements [firstElement, firstElement + count) of tensor
    /// <paramref name="tensorIndex"/> before (<paramref name="previous"/>) and after (<paramref name="next"/>) one
    /// optimizer step with learning rate <paramref name="learningRate"/>.
    /// </summary>
    public void Fill(int tensorIndex, long firstElement, int count, float learningRate, Span<byte> previous, Span<byte> next)
    {
        var tensor = Tensors[tensorIndex];
        var key = Mix(Seed ^ Mix((ulong)tensorIndex + 0x9E3779B97F4A7C15UL));
        var isNorm = tensor.Kind == WeightKind.Norm;
        var bf16 = DType == SafeTensorsDType.BF16;
        for (var i = 0; i < count; i++)
        {
            var index = (ulong)(firstElement + i);
            var r0 = Mix(key + (2 * index));
            var r1 = Mix(key + (2 * index) + 1);
            var master = (isNorm ? 1f : 0f) + (0.02f * Normal((uint)r0));
            var signal = SignalToNoise * GradientNoise * Normal((uint)(r0 >> 32));
            var m = signal + (GradientNoise * MomentumNoise * Normal((uint)r1));
            var v = ((signal * signal) + (GradientNoise * GradientNoise)) * (1 + (SecondMomentNoise * Normal((uint)(r1 >> 32))));
            var step = learningRate * ((m / (MathF.Sqrt(v) + Epsilon)) + (WeightDecay * master));
            var updated = master - step;
            if (bf16)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(previous[(i * 2)..], ToBFloat16(master));
                BinaryPrimitives.WriteUInt16LittleEndian(next[(i * 2)..], ToBFloat16(updated));
            }
            else
            {
                BinaryPrimitives.WriteSingleLittleEndian(previous[(i * 4)..], master);
                BinaryPrimitives.WriteSingleLittleEndian(next[(i * 4)..], updated);
            }
        }
    }

    /// <summary>Round-to-nearest-even FP32 → BF16 (no NaNs arise here).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ushort ToBFloat16(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        return (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1)) >> 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong z)
    {
        // SplitMix64 finaliser: a counter-based generator, so every element is independent of generation order.
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Normal(uint uniform)
    {
        // Inverse-CDF table with linear interpolation: 16 bits pick the cell, 16 bits interpolate.
        var cell = uniform >> 16;
        var fraction = (uniform & 0xFFFF) * (1f / 65536f);
        var lo = NormalQuantiles[cell];
        return lo + ((NormalQuantiles[cell + 1] - lo) * fraction);
    }

    private static float[] BuildNormalQuantiles()
    {
        var table = new float[65537];
        for (var i = 0; i < table.Length; i++)
        {
            var p = Math.Clamp(i / 65536.0, 1e-7, 1 - 1e-7);
            table[i] = (float)InverseNormalCdf(p);
        }

        return table;
    }

    private static double InverseNormalCdf(double p)
    {
        // Acklam's rational approximation (relative error < 1.2e-9), ample for synthetic weights.
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        double x;
        if (p < 0.02425)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        else if (p > 1 - 0.02425)
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        else
        {
            var q = p - 0.5;
            var r = q * q;
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        }

        return x;
    }
}
