using Fireworks.Delta;
using Fireworks.Models;

namespace Fireworks;

/// <summary>
/// Builds hot-load signal bodies that are valid by construction: identities are single path segments,
/// and a delta always names the snapshot it was made against and the format it was made with.
/// </summary>
/// <remarks>
/// Deltas are labelled with the format of the encoder that made them: by default this SDK's own format,
/// <see cref="DeltaFormat.Name"/> (checksums <see cref="DeltaFormat.ChecksumFormat"/>), never Fireworks' <c>arc_v2</c>,
/// whose byte layout is not public; <c>arc_v2</c> only when an <see cref="IDeltaEncoder"/> that runs Fireworks' own
/// encoder (<see cref="ExternalCommandDeltaEncoder"/>) declares it.
/// </remarks>
public static class HotLoadSignal
{
    /// <summary>The body that signals a full snapshot.</summary>
    /// <param name="identity">The snapshot's identity (one path segment).</param>
    /// <param name="resetPromptCache">The prompt-cache policy after the swap, or null for the server's default (<c>all</c>).</param>
    /// <param name="extraConfigFieldsToIgnore">Top-level <c>config.json</c> fields the server's validation should ignore (known-safe metadata only), or null.</param>
    /// <returns>The request.</returns>
    /// <exception cref="ArgumentException"><paramref name="identity"/> is not a single path segment.</exception>
    public static HotLoadSignalRequest Full(string identity, ResetPromptCache? resetPromptCache = null, IEnumerable<string>? extraConfigFieldsToIgnore = null) =>
        Create(identity, metadata: null, resetPromptCache, extraConfigFieldsToIgnore);

    /// <summary>The body that signals an incremental (delta) snapshot.</summary>
    /// <param name="identity">The delta snapshot's identity (one path segment).</param>
    /// <param name="previousSnapshotIdentity">The snapshot the deployment serves now, which the delta was encoded against.</param>
    /// <param name="resetPromptCache">The prompt-cache policy after the swap, or null for the server's default (<c>all</c>).</param>
    /// <param name="extraConfigFieldsToIgnore">Top-level <c>config.json</c> fields the server's validation should ignore, or null.</param>
    /// <param name="compressionFormat">The format the delta's encoder declares; this SDK's codec by default.</param>
    /// <param name="checksumFormat">The checksum format the delta's encoder declares.</param>
    /// <returns>The request, with <c>incremental_snapshot_metadata</c>.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="previousSnapshotIdentity"/> is missing (a delta cannot be loaded without the snapshot it
    /// applies to), equals <paramref name="identity"/>, or an identity is not a single path segment.
    /// </exception>
    public static HotLoadSignalRequest Delta(
        string identity,
        string? previousSnapshotIdentity,
        ResetPromptCache? resetPromptCache = null,
        IEnumerable<string>? extraConfigFieldsToIgnore = null,
        string compressionFormat = DeltaFormat.Name,
        string checksumFormat = DeltaFormat.ChecksumFormat) =>
        Create(identity, IncrementalMetadata(identity, previousSnapshotIdentity, compressionFormat, checksumFormat), resetPromptCache, extraConfigFieldsToIgnore);

    /// <summary>The <c>incremental_snapshot_metadata</c> of a delta.</summary>
    /// <param name="identity">The delta snapshot's identity.</param>
    /// <param name="previousSnapshotIdentity">The snapshot the delta was encoded against.</param>
    /// <param name="compressionFormat">The format the delta's encoder declares (<see cref="IDeltaEncoder.CompressionFormat"/>); this SDK's codec by default.</param>
    /// <param name="checksumFormat">The checksum format the delta's encoder declares.</param>
    /// <returns>The metadata: the previous identity, <see cref="DeltaFormat.Name"/> and <see cref="DeltaFormat.ChecksumFormat"/>.</returns>
    /// <exception cref="ArgumentException">The previous identity is missing, invalid, or equals <paramref name="identity"/>.</exception>
    public static IncrementalSnapshotMetadata IncrementalMetadata(
        string identity, string? previousSnapshotIdentity, string compressionFormat = DeltaFormat.Name, string checksumFormat = DeltaFormat.ChecksumFormat)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(compressionFormat);
        ArgumentException.ThrowIfNullOrWhiteSpace(checksumFormat);
        SnapshotIdentity.Validate(identity, nameof(identity));
        if (string.IsNullOrEmpty(previousSnapshotIdentity))
        {
            throw new ArgumentException(
                $"A delta snapshot ('{identity}') needs the identity of the snapshot it was encoded against, and none was given: "
                + "the first snapshot of a chain, and the first after a ledger reset, must be full.",
                nameof(previousSnapshotIdentity));
        }

        SnapshotIdentity.Validate(previousSnapshotIdentity, nameof(previousSnapshotIdentity));
        if (string.Equals(identity, previousSnapshotIdentity, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A delta snapshot cannot be its own base ('{identity}'); every snapshot needs a new identity.", nameof(previousSnapshotIdentity));
        }

        return new IncrementalSnapshotMetadata
        {
            PreviousSnapshotIdentity = previousSnapshotIdentity,
            CompressionFormat = compressionFormat,
            ChecksumFormat = checksumFormat,
        };
    }

    private static HotLoadSignalRequest Create(
        string identity, IncrementalSnapshotMetadata? metadata, ResetPromptCache? resetPromptCache, IEnumerable<string>? extraConfigFieldsToIgnore)
    {
        SnapshotIdentity.Validate(identity, nameof(identity));
        List<string>? ignored = null;
        if (extraConfigFieldsToIgnore is not null)
        {
            ignored = [.. extraConfigFieldsToIgnore];
            if (ignored.Any(string.IsNullOrWhiteSpace))
            {
                throw new ArgumentException("The config fields to ignore must not be empty or whitespace.", nameof(extraConfigFieldsToIgnore));
            }
        }

        return new HotLoadSignalRequest
        {
            Identity = identity,
            IncrementalSnapshotMetadata = metadata,
            ResetPromptCache = resetPromptCache,
            Validation = ignored is { Count: > 0 } ? new SnapshotValidation { ExtraFieldsIgnore = ignored } : null,
        };
    }
}
