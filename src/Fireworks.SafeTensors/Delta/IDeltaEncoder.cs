namespace Fireworks.Delta;

/// <summary>
/// Makes the delta of one shard for a hot-load snapshot chain, and names the format of the bytes it makes. The chain
/// signals exactly <see cref="CompressionFormat"/> and <see cref="ChecksumFormat"/>, so an encoder must declare the
/// format it really writes: <see cref="CodecDeltaEncoder"/> (the default) declares this library's
/// <see cref="DeltaFormat.Name"/>; an <see cref="ExternalCommandDeltaEncoder"/> wrapping Fireworks' reference encoder
/// declares <c>arc_v2</c>.
/// </summary>
public interface IDeltaEncoder
{
    /// <summary>The <c>compression_format</c> of the deltas this encoder writes.</summary>
    string CompressionFormat { get; }

    /// <summary>The <c>checksum_format</c> of the deltas this encoder writes.</summary>
    string ChecksumFormat { get; }

    /// <summary>Writes the delta of one shard to <see cref="DeltaShardJob.DeltaPath"/>; nothing is left there on failure.</summary>
    /// <param name="job">The base and target shards, where to write, and the base identity.</param>
    /// <param name="progress">Receives target bytes processed, when the encoder can tell.</param>
    /// <param name="cancellationToken">Cancels the encode.</param>
    /// <returns>The size of the delta written, in bytes.</returns>
    Task<long> EncodeShardAsync(DeltaShardJob job, IProgress<DeltaProgress>? progress, CancellationToken cancellationToken);
}

/// <summary>One shard to encode.</summary>
/// <param name="PreviousPath">The base shard, or <see langword="null"/> when the base snapshot has no shard of that name.</param>
/// <param name="NextPath">The new full shard.</param>
/// <param name="DeltaPath">Where the delta must be written (the same file name in the incremental snapshot directory).</param>
/// <param name="BaseIdentity">Identity of the base snapshot (the snapshot the deployment serves).</param>
public sealed record DeltaShardJob(string? PreviousPath, string NextPath, string DeltaPath, string BaseIdentity);

/// <summary>The default <see cref="IDeltaEncoder"/>: this library's codec (<see cref="DeltaCodec"/>).</summary>
/// <param name="options">Encode options; the base identity is taken from each job.</param>
public sealed class CodecDeltaEncoder(DeltaEncodeOptions? options = null) : IDeltaEncoder
{
    private readonly DeltaEncodeOptions _options = options ?? new DeltaEncodeOptions();

    /// <inheritdoc/>
    public string CompressionFormat => DeltaFormat.NameOf(_options.FormatVersion);

    /// <inheritdoc/>
    public string ChecksumFormat => DeltaFormat.ChecksumFormat;

    /// <inheritdoc/>
    public async Task<long> EncodeShardAsync(DeltaShardJob job, IProgress<DeltaProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var result = await DeltaCodec.EncodeFileAsync(job.PreviousPath, job.NextPath, job.DeltaPath, _options with { BaseIdentity = job.BaseIdentity }, progress, cancellationToken)
            .ConfigureAwait(false);
        return result.DeltaBytes;
    }
}
