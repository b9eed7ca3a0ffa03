namespace Fireworks.Delta;

/// <summary>
/// Identity of this library's delta format, <c>fwdelta-xor-bp-zstd</c> version 1 (documented byte for byte in
/// docs/delta-format.md). It is our own format: it is not Fireworks' <c>arc_v2</c>, whose byte layout is not public,
/// so a hot-load signal must carry <see cref="Name"/> (and <see cref="Version"/>) rather than claim <c>arc_v2</c>.
/// </summary>
public static class DeltaFormat
{
    /// <summary>The format name, written to <c>__metadata__["fwdelta.format"]</c>.</summary>
    public const string Name = "fwdelta-xor-bp-zstd";

    /// <summary>The format version, written to <c>__metadata__["fwdelta.version"]</c>.</summary>
    public const int Version = 1;

    /// <summary>The checksum's wire name as Fireworks spells it (Adler-32).</summary>
    public const string ChecksumFormat = "alder32";

    /// <summary>Default chunk size: big tensors are split into chunks of this many bytes, encoded in parallel.</summary>
    public const int DefaultChunkBytes = 4 * 1024 * 1024;

    /// <summary>Smallest chunk size a delta may declare.</summary>
    public const int MinChunkBytes = 4096;

    /// <summary>Largest chunk size a delta may declare (bounds a decoder's memory).</summary>
    public const int MaxChunkBytes = 256 * 1024 * 1024;

    internal const string FormatKey = "fwdelta.format";
    internal const string VersionKey = "fwdelta.version";
    internal const string ChecksumKey = "fwdelta.checksum_format";
    internal const string BaseIdentityKey = "fwdelta.base_identity";
    internal const string ChunkBytesKey = "fwdelta.chunk_bytes";
    internal const string TargetLengthKey = "fwdelta.target_length";
    internal const string TargetHeaderKey = "fwdelta.target_header";
    internal const string TargetHeaderChecksumKey = "fwdelta.target_header_alder32";
    internal const string TensorKeyPrefix = "fwdelta.tensor.";

    /// <summary>Whether a safetensors file's metadata marks it as a delta of any version of this format.</summary>
    /// <param name="metadata">The file's <c>__metadata__</c> map.</param>
    /// <returns><see langword="true"/> when <c>fwdelta.format</c> equals <see cref="Name"/>.</returns>
    public static bool IsDelta(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(FormatKey, out var name) && name == Name;
}
