using Fireworks.SafeTensors;

namespace Fireworks.Delta;

/// <summary>How a target tensor is carried by a delta.</summary>
public enum DeltaTensorEncoding
{
    /// <summary>
    /// Coded against the base tensor of the same name, dtype and shape: XOR in version 1; in version 2, per chunk, the
    /// ULP difference (float dtypes) or XOR, whichever measures smaller.
    /// </summary>
    Xor,

    /// <summary>Stored whole (byte planes of the raw bytes): the tensor is new, or its dtype or shape changed.</summary>
    Full,

    /// <summary>Present in the base but not in the target: recorded, carries no data.</summary>
    Removed,
}

/// <summary>Outcome of encoding one shard.</summary>
/// <param name="DeltaPath">Path of the delta written.</param>
/// <param name="TargetBytes">Size of the target (next) shard.</param>
/// <param name="DeltaBytes">Size of the delta file.</param>
/// <param name="XorTensors">Tensors encoded as XOR against the base.</param>
/// <param name="FullTensors">Tensors stored whole (added or reshaped).</param>
/// <param name="RemovedTensors">Base tensors absent from the target.</param>
public sealed record DeltaEncodeResult(string DeltaPath, long TargetBytes, long DeltaBytes, int XorTensors, int FullTensors, int RemovedTensors)
{
    /// <summary>Target size divided by delta size.</summary>
    public double CompressionRatio => DeltaBytes == 0 ? 0 : (double)TargetBytes / DeltaBytes;
}

/// <summary>Outcome of decoding or verifying one delta.</summary>
/// <param name="OutputPath">Path of the decoded shard, or <see langword="null"/> for a verification.</param>
/// <param name="TargetBytes">Size of the reconstructed shard.</param>
/// <param name="TensorCount">Tensors reconstructed and checked.</param>
/// <param name="BaseIdentity">The base identity recorded in the delta.</param>
/// <param name="BaseChecked">Whether base checksums were checked (a verification without a base checks only the delta).</param>
public sealed record DeltaDecodeResult(string? OutputPath, long TargetBytes, int TensorCount, string BaseIdentity, bool BaseChecked);

/// <summary>Outcome of a directory-level operation on a HuggingFace snapshot directory.</summary>
/// <param name="Encoded">Shards encoded (encode) — empty for a decode.</param>
/// <param name="Decoded">Shards decoded (decode) — empty for an encode.</param>
/// <param name="CopiedFiles">Other files copied as they are, relative to the directory.</param>
public sealed record DeltaDirectoryResult(
    IReadOnlyList<DeltaEncodeResult> Encoded,
    IReadOnlyList<DeltaDecodeResult> Decoded,
    IReadOnlyList<string> CopiedFiles);

/// <summary>Compression statistics of one tensor.</summary>
public sealed record TensorDeltaStats
{
    /// <summary>Tensor name.</summary>
    public required string Name { get; init; }

    /// <summary>How the tensor is encoded.</summary>
    public required DeltaTensorEncoding Encoding { get; init; }

    /// <summary>Element type (of the target; of the base for a removed tensor).</summary>
    public required SafeTensorsDType DType { get; init; }

    /// <summary>Shape (of the target; of the base for a removed tensor).</summary>
    public required IReadOnlyList<long> Shape { get; init; }

    /// <summary>Bytes of the tensor in the target (0 when removed).</summary>
    public required long TargetBytes { get; init; }

    /// <summary>Bytes of the tensor's frames in the delta.</summary>
    public required long CompressedBytes { get; init; }

    /// <summary>Elements in the target.</summary>
    public required long ElementCount { get; init; }

    /// <summary>Elements whose bytes differ from the base (all of them for a tensor stored whole).</summary>
    public required long ChangedElements { get; init; }

    /// <summary>Order-0 entropy of each XOR byte plane in bits per byte (plane p = byte p of each little-endian element).</summary>
    public required IReadOnlyList<double> PlaneEntropyBits { get; init; }

    /// <summary>The order-0 entropy bound: Σ over planes of (elements × entropy) / 8, in bytes.</summary>
    public required double EntropyBoundBytes { get; init; }

    /// <summary>
    /// Float tensors with a base: order-0 entropy of the byte planes of the folded ULP deltas (version 2's numeric
    /// transform), in bytes; <see langword="null"/> otherwise.
    /// </summary>
    public double? UlpEntropyBoundBytes { get; init; }

    /// <summary>
    /// Float tensors with a base: the same conditioned on the base element's exponent (Σ over exponents e and planes p of
    /// n_e · H(plane p | e) / 8), in bytes; <see langword="null"/> otherwise.
    /// </summary>
    public double? ContextEntropyBoundBytes { get; init; }

    /// <summary>The bound version 2 is measured against: the smaller of <see cref="EntropyBoundBytes"/> and <see cref="ContextEntropyBoundBytes"/>.</summary>
    public double ContextBoundBytes => Math.Min(EntropyBoundBytes, ContextEntropyBoundBytes ?? double.PositiveInfinity);

    /// <summary>Target bytes over compressed bytes.</summary>
    public double CompressionRatio => CompressedBytes == 0 ? double.PositiveInfinity : (double)TargetBytes / CompressedBytes;

    /// <summary>Changed elements over all elements.</summary>
    public double ChangedFraction => ElementCount == 0 ? 0 : (double)ChangedElements / ElementCount;

    /// <summary>Bound bytes over compressed bytes: 1 means the codec reaches the order-0 bound.</summary>
    public double ShareOfBound => CompressedBytes == 0 ? 1 : EntropyBoundBytes / CompressedBytes;
}

/// <summary>Compression statistics of one shard pair.</summary>
public sealed record DeltaStats
{
    /// <summary>Per-tensor statistics in target order, removed tensors last.</summary>
    public required IReadOnlyList<TensorDeltaStats> Tensors { get; init; }

    /// <summary>Size of the target shard file.</summary>
    public required long TargetBytes { get; init; }

    /// <summary>Size the delta file would have (header included).</summary>
    public required long DeltaBytes { get; init; }

    /// <summary>Sum of the tensors' entropy bounds, in bytes.</summary>
    public double EntropyBoundBytes => Tensors.Sum(t => t.EntropyBoundBytes);

    /// <summary>Sum of the tensors' ULP bounds (XOR bound where there is none), in bytes.</summary>
    public double UlpBoundBytes => Tensors.Sum(t => t.UlpEntropyBoundBytes ?? t.EntropyBoundBytes);

    /// <summary>Sum of the tensors' <see cref="TensorDeltaStats.ContextBoundBytes"/>: the bound version 2 is measured against.</summary>
    public double ContextBoundBytes => Tensors.Sum(t => t.ContextBoundBytes);

    /// <summary>Target bytes over <see cref="UlpBoundBytes"/>.</summary>
    public double UlpBoundRatio => UlpBoundBytes <= 0 ? double.PositiveInfinity : TargetBytes / UlpBoundBytes;

    /// <summary>Target bytes over <see cref="ContextBoundBytes"/>.</summary>
    public double ContextBoundRatio => ContextBoundBytes <= 0 ? double.PositiveInfinity : TargetBytes / ContextBoundBytes;

    /// <summary>Achieved ratio as a share of <see cref="ContextBoundRatio"/>.</summary>
    public double ShareOfContextBound => DeltaBytes == 0 ? 0 : ContextBoundBytes / DeltaBytes;

    /// <summary>Target bytes over delta bytes.</summary>
    public double CompressionRatio => DeltaBytes == 0 ? 0 : (double)TargetBytes / DeltaBytes;

    /// <summary>Target bytes over the entropy bound: the best ratio an order-0 coder of the XOR planes could reach.</summary>
    public double BoundRatio => EntropyBoundBytes <= 0 ? double.PositiveInfinity : TargetBytes / EntropyBoundBytes;

    /// <summary>Achieved ratio as a share of <see cref="BoundRatio"/>.</summary>
    public double ShareOfBound => DeltaBytes == 0 ? 0 : EntropyBoundBytes / DeltaBytes;

    /// <summary>Elements that changed over all target elements.</summary>
    public double ChangedFraction
    {
        get
        {
            var elements = Tensors.Sum(t => t.ElementCount);
            return elements == 0 ? 0 : (double)Tensors.Sum(t => t.ChangedElements) / elements;
        }
    }
}
