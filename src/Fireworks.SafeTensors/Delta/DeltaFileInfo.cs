using Fireworks.SafeTensors;

namespace Fireworks.Delta;

/// <summary>What a delta file says about itself, read from its metadata without decoding any data.</summary>
/// <param name="FormatName"><see cref="DeltaFormat.Name"/> or <see cref="DeltaFormat.V1Name"/>.</param>
/// <param name="FormatVersion">The format version.</param>
/// <param name="BaseIdentity">Identity of the snapshot the delta was made against (may be empty).</param>
/// <param name="ChunkBytes">Chunk size used by the encoder.</param>
/// <param name="TargetBytes">Size of the shard the delta rebuilds.</param>
/// <param name="DeltaBytes">Size of the delta file.</param>
/// <param name="Tensors">Target tensors in data order, then removed tensors.</param>
public sealed record DeltaFileInfo(
    string FormatName,
    int FormatVersion,
    string BaseIdentity,
    int ChunkBytes,
    long TargetBytes,
    long DeltaBytes,
    IReadOnlyList<DeltaTensorInfo> Tensors)
{
    /// <summary>Target bytes over delta bytes.</summary>
    public double CompressionRatio => DeltaBytes == 0 ? 0 : (double)TargetBytes / DeltaBytes;
}

/// <summary>One tensor as a delta records it.</summary>
/// <param name="Name">Tensor name.</param>
/// <param name="Encoding">How it is carried.</param>
/// <param name="DType">Target dtype (<see langword="null"/> when removed).</param>
/// <param name="Shape">Target shape (<see langword="null"/> when removed).</param>
/// <param name="TargetBytes">Target size of the tensor (0 when removed).</param>
/// <param name="CompressedBytes">Bytes of its frames in the delta.</param>
/// <param name="TargetAlder32">Adler-32 of the target tensor (<see langword="null"/> when removed).</param>
/// <param name="BaseAlder32">Adler-32 of the base tensor (XOR tensors only).</param>
public sealed record DeltaTensorInfo(
    string Name,
    DeltaTensorEncoding Encoding,
    SafeTensorsDType? DType,
    IReadOnlyList<long>? Shape,
    long TargetBytes,
    long CompressedBytes,
    uint? TargetAlder32,
    uint? BaseAlder32);
