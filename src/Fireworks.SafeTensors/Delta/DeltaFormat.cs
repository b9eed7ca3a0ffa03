namespace Fireworks.Delta;

/// <summary>
/// Identity of this library's delta formats (documented byte for byte in docs/delta-format.md): version 2,
/// <c>fwdelta-ulp-ctx-zstd</c> (written by default), and version 1, <c>fwdelta-xor-bp-zstd</c> (still written on request
/// and always read). They are our own formats, not Fireworks' <c>arc_v2</c>, whose byte layout is not public, so a
/// hot-load signal must carry the format's own name rather than claim <c>arc_v2</c>.
/// </summary>
public static class DeltaFormat
{
    /// <summary>The current format's name (version 2), written to <c>__metadata__["fwdelta.format"]</c>.</summary>
    public const string Name = "fwdelta-ulp-ctx-zstd";

    /// <summary>The current format version, written to <c>__metadata__["fwdelta.version"]</c>.</summary>
    public const int Version = 2;

    /// <summary>The version-1 format's name (XOR byte planes only).</summary>
    public const string V1Name = "fwdelta-xor-bp-zstd";

    /// <summary>The version-1 format's version.</summary>
    public const int V1Version = 1;

    /// <summary>Every format name this library decodes, newest first.</summary>
    public static IReadOnlyList<string> SupportedNames { get; } = [Name, V1Name];

    /// <summary>The format name of a format version this library writes.</summary>
    /// <param name="version">1 or 2.</param>
    /// <returns>The name carried in the delta's metadata and in a hot-load signal's <c>compression_format</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Not a version this library writes.</exception>
    public static string NameOf(int version) => version switch
    {
        Version => Name,
        V1Version => V1Name,
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, $"Delta format versions are {V1Version} and {Version}."),
    };

    /// <summary>Whether <paramref name="compressionFormat"/> names a format this library decodes.</summary>
    /// <param name="compressionFormat">A <c>compression_format</c> value, for example from a hot-load signal.</param>
    /// <returns><see langword="true"/> for <see cref="Name"/> and <see cref="V1Name"/>.</returns>
    public static bool IsSupported(string? compressionFormat) => compressionFormat is Name or V1Name;

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

    /// <summary>Whether a safetensors file's metadata marks it as a delta of any version of these formats.</summary>
    /// <param name="metadata">The file's <c>__metadata__</c> map.</param>
    /// <returns><see langword="true"/> when <c>fwdelta.format</c> is one of <see cref="SupportedNames"/>.</returns>
    public static bool IsDelta(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(FormatKey, out var name) && IsSupported(name);
}
