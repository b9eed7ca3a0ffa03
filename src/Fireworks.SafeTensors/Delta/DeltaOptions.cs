namespace Fireworks.Delta;

/// <summary>Options for encoding a delta.</summary>
public sealed record DeltaEncodeOptions
{
    /// <summary>
    /// Identity of the base snapshot (for example the hot-load identity <c>step-0001</c>), recorded in the delta so a
    /// decode against the wrong base can say what it expected. Empty when not given.
    /// </summary>
    public string BaseIdentity { get; init; } = string.Empty;

    /// <summary>
    /// Format version to write: <see cref="DeltaFormat.Version"/> (default) or <see cref="DeltaFormat.V1Version"/> for a
    /// reader that only knows <see cref="DeltaFormat.V1Name"/>.
    /// </summary>
    public int FormatVersion { get; init; } = DeltaFormat.Version;

    /// <summary>Chunk size in bytes (a multiple of 8 between <see cref="DeltaFormat.MinChunkBytes"/> and <see cref="DeltaFormat.MaxChunkBytes"/>).</summary>
    public int ChunkBytes { get; init; } = DeltaFormat.DefaultChunkBytes;

    /// <summary>
    /// zstd level for dense byte planes (the measured best trade-off by default; see docs/codec-benchmarks.md), between
    /// <see cref="DeltaCodec.MinCompressionLevel"/> and <see cref="DeltaCodec.MaxCompressionLevel"/>.
    /// </summary>
    public int CompressionLevel { get; init; } = DeltaCodec.DefaultCompressionLevel;

    /// <summary>zstd level for the zero-run token streams of sparse planes (memoryless, so the fastest level loses nothing); same range as <see cref="CompressionLevel"/>.</summary>
    public int TokenCompressionLevel { get; init; } = DeltaCodec.DefaultTokenCompressionLevel;

    /// <summary>Worker count; defaults to <see cref="Environment.ProcessorCount"/>.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Flush the delta to stable storage before renaming it into place.</summary>
    public bool FlushToDisk { get; init; }

    /// <summary>Share of zero bytes from which a plane is zero-run tokenised; above 1 disables tokenising (benchmark ablation).</summary>
    internal double ZeroRunShare { get; init; } = ChunkCodec.DefaultZeroRunShare;
}

/// <summary>Options for decoding or verifying a delta.</summary>
public sealed record DeltaDecodeOptions
{
    /// <summary>
    /// When set, the delta's recorded base identity must equal this value, checked before any data is read.
    /// </summary>
    public string? ExpectedBaseIdentity { get; init; }

    /// <summary>Worker count; defaults to <see cref="Environment.ProcessorCount"/>.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Flush the decoded file to stable storage before renaming it into place.</summary>
    public bool FlushToDisk { get; init; }
}

/// <summary>Progress of a codec operation over one file, in target (full-snapshot) bytes.</summary>
/// <param name="FileName">Name of the shard being processed.</param>
/// <param name="ProcessedBytes">Target bytes done.</param>
/// <param name="TotalBytes">Target bytes in the file.</param>
public readonly record struct DeltaProgress(string FileName, long ProcessedBytes, long TotalBytes);
