using Fireworks.SafeTensors;

namespace Fireworks.Delta;

/// <summary>
/// The <see cref="DeltaFormat.Name"/> weight-snapshot codec: <c>encode(previous, next) → delta</c> and
/// <c>decode(previous, delta) → next</c>, bit-exact. Each tensor is XORed with the base tensor of the same name,
/// split into byte planes, sparse planes are zero-run tokenised, and everything is zstd-compressed in independent
/// chunks processed in parallel. Memory is bounded by (workers × chunk size), never by shard size; outputs are
/// written to a temporary file in the destination directory and renamed into place only when complete.
/// </summary>
/// <example>
/// <code>
/// await DeltaCodec.EncodeFileAsync("step-0001/model-00001.safetensors", "step-0002-full/model-00001.safetensors",
///     "step-0002/model-00001.safetensors", new DeltaEncodeOptions { BaseIdentity = "step-0001" });
/// await DeltaCodec.DecodeFileAsync("step-0001/model-00001.safetensors", "step-0002/model-00001.safetensors",
///     "rebuilt/model-00001.safetensors");
/// </code>
/// </example>
public static class DeltaCodec
{
    /// <summary>Default zstd level for dense planes (measured best trade-off; see docs/codec-benchmarks.md).</summary>
    public const int DefaultCompressionLevel = 1;

    /// <summary>
    /// Default zstd level for zero-run token streams: zstd's fastest (<c>ZSTD_minCLevel()</c>), which all but skips the
    /// match search. The streams are memoryless, so what matches level −50 found were short and cost more sequence
    /// codes than they saved: the minimum level makes the BF16 deltas 5–8 % smaller as well as faster to encode and
    /// decode (measured in docs/codec-benchmarks.md).
    /// </summary>
    public const int DefaultTokenCompressionLevel = -131072;

    /// <summary>Lowest zstd level accepted for <see cref="DeltaEncodeOptions.CompressionLevel"/> and the token level (zstd's <c>ZSTD_minCLevel()</c>).</summary>
    public const int MinCompressionLevel = -131072;

    /// <summary>Highest zstd level accepted (zstd's <c>ZSTD_maxCLevel()</c>).</summary>
    public const int MaxCompressionLevel = 22;

    private const string SafeTensorsExtension = ".safetensors";

    /// <summary>Encodes the delta that turns <paramref name="previousPath"/> into <paramref name="nextPath"/>.</summary>
    /// <param name="previousPath">The base shard (the snapshot the deployment serves), or <see langword="null"/> to store every tensor whole.</param>
    /// <param name="nextPath">The new full shard.</param>
    /// <param name="deltaPath">Where to write the delta (conventionally the same file name under the new identity's directory).</param>
    /// <param name="options">Base identity, chunk size, levels, parallelism.</param>
    /// <param name="progress">Receives target bytes processed.</param>
    /// <param name="cancellationToken">Cancels the encode; nothing is left at <paramref name="deltaPath"/>.</param>
    /// <returns>Sizes and tensor counts.</returns>
    /// <exception cref="SafeTensorsFormatException">An input is not a valid safetensors file.</exception>
    /// <exception cref="ArgumentException">An input is itself a delta, <paramref name="deltaPath"/> is one of the inputs, or the options are invalid.</exception>
    public static async Task<DeltaEncodeResult> EncodeFileAsync(
        string? previousPath,
        string nextPath,
        string deltaPath,
        DeltaEncodeOptions? options = null,
        IProgress<DeltaProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deltaPath);
        ArgumentException.ThrowIfNullOrEmpty(nextPath);
        CheckOutputIsNoInput(deltaPath, "delta", (nextPath, "next snapshot"), (previousPath, "base"));
        using var encoder = new DeltaEncoder(previousPath, nextPath, options ?? new DeltaEncodeOptions(), collectStats: false, progress);
        var deltaBytes = await encoder.RunAsync(deltaPath, cancellationToken).ConfigureAwait(false);
        return new DeltaEncodeResult(
            Path.GetFullPath(deltaPath),
            encoder.TargetBytes,
            deltaBytes,
            encoder.Plans.Count(p => p.Base is not null),
            encoder.Plans.Count(p => p.Base is null),
            encoder.Removed.Count);
    }

    /// <summary>Rebuilds the target shard from its base and a delta, bit for bit.</summary>
    /// <param name="previousPath">The base shard the delta was made against (may be <see langword="null"/> when the delta stores every tensor whole).</param>
    /// <param name="deltaPath">The delta.</param>
    /// <param name="outputPath">Where to write the rebuilt shard; written to a temporary file and renamed only when every checksum matched.</param>
    /// <param name="options">Expected base identity, parallelism.</param>
    /// <param name="progress">Receives target bytes processed.</param>
    /// <param name="cancellationToken">Cancels the decode; nothing is left at <paramref name="outputPath"/>.</param>
    /// <returns>What was rebuilt.</returns>
    /// <exception cref="DeltaBaseMismatchException">The base is not the one the delta was made against.</exception>
    /// <exception cref="DeltaIntegrityException">The delta is corrupted or truncated; the message names the tensor.</exception>
    /// <exception cref="DeltaFormatException">The file is not a delta of this format and version.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputPath"/> is one of the inputs.</exception>
    public static Task<DeltaDecodeResult> DecodeFileAsync(
        string? previousPath,
        string deltaPath,
        string outputPath,
        DeltaDecodeOptions? options = null,
        IProgress<DeltaProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        ArgumentException.ThrowIfNullOrEmpty(deltaPath);
        CheckOutputIsNoInput(outputPath, "output", (deltaPath, "delta"), (previousPath, "base"));
        return RunDecoderAsync(previousPath, deltaPath, outputPath, options ?? new DeltaDecodeOptions(), progress, cancellationToken);
    }

    /// <summary>
    /// Decodes without writing anything and checks every checksum. Without a base, only tensors stored whole are
    /// checked end to end; XOR tensors are checked for well-formed frames.
    /// </summary>
    /// <param name="previousPath">The base shard, or <see langword="null"/> for a structural check of the delta alone.</param>
    /// <param name="deltaPath">The delta.</param>
    /// <param name="options">Expected base identity, parallelism.</param>
    /// <param name="progress">Receives target bytes processed.</param>
    /// <param name="cancellationToken">Cancels the verification.</param>
    /// <returns>What was checked.</returns>
    /// <exception cref="DeltaBaseMismatchException">The base is not the one the delta was made against.</exception>
    /// <exception cref="DeltaIntegrityException">The delta is corrupted or truncated.</exception>
    public static Task<DeltaDecodeResult> VerifyAsync(
        string? previousPath,
        string deltaPath,
        DeltaDecodeOptions? options = null,
        IProgress<DeltaProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        RunDecoderAsync(previousPath, deltaPath, null, options ?? new DeltaDecodeOptions(), progress, cancellationToken);

    /// <summary>
    /// Encodes in memory (writing nothing) and reports per-tensor compression ratio, changed-element fraction, the
    /// order-0 entropy bound of the XOR byte planes and, for float tensors, of the folded ULP deltas with and without
    /// the base exponent as context.
    /// </summary>
    /// <param name="previousPath">The base shard, or <see langword="null"/>.</param>
    /// <param name="nextPath">The new full shard.</param>
    /// <param name="options">Chunk size and levels to measure with.</param>
    /// <param name="progress">Receives target bytes processed.</param>
    /// <param name="cancellationToken">Cancels the measurement.</param>
    /// <returns>The statistics.</returns>
    public static async Task<DeltaStats> ComputeStatsAsync(
        string? previousPath,
        string nextPath,
        DeltaEncodeOptions? options = null,
        IProgress<DeltaProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        using var encoder = new DeltaEncoder(previousPath, nextPath, options ?? new DeltaEncodeOptions(), collectStats: true, progress);
        var deltaBytes = await encoder.RunAsync(null, cancellationToken).ConfigureAwait(false);
        var tensors = new List<TensorDeltaStats>();
        foreach (var plan in encoder.Plans)
        {
            var entropies = new double[plan.Width];
            double boundBits = 0;
            var planeLength = plan.Target.ElementCount;
            for (var p = 0; p < plan.Width; p++)
            {
                entropies[p] = Entropy(plan.Histogram.AsSpan(p * 256, 256), planeLength);
                boundBits += entropies[p] * planeLength;
            }

            tensors.Add(new TensorDeltaStats
            {
                Name = plan.Target.Name,
                Encoding = plan.Base is null ? DeltaTensorEncoding.Full : DeltaTensorEncoding.Xor,
                DType = plan.Target.DType,
                Shape = plan.Target.Shape,
                TargetBytes = plan.Target.ByteLength,
                CompressedBytes = plan.Frames.Sum(),
                ElementCount = plan.Target.ElementCount,
                ChangedElements = plan.ChangedElements,
                PlaneEntropyBits = entropies,
                EntropyBoundBytes = boundBits / 8,
                UlpEntropyBoundBytes = plan.UlpBoundBytes,
                ContextEntropyBoundBytes = plan.ContextBoundBytes,
            });
        }

        foreach (var removed in encoder.Removed)
        {
            tensors.Add(new TensorDeltaStats
            {
                Name = removed.Name,
                Encoding = DeltaTensorEncoding.Removed,
                DType = removed.DType,
                Shape = removed.Shape,
                TargetBytes = 0,
                CompressedBytes = 0,
                ElementCount = 0,
                ChangedElements = 0,
                PlaneEntropyBits = [],
                EntropyBoundBytes = 0,
            });
        }

        return new DeltaStats { Tensors = tensors, TargetBytes = encoder.TargetBytes, DeltaBytes = deltaBytes };
    }

    /// <summary>Reads what a delta records about itself (format, base identity, tensors, checksums) without decoding data.</summary>
    /// <param name="deltaPath">The delta.</param>
    /// <returns>The delta's description.</returns>
    /// <exception cref="DeltaFormatException">The file is not a delta of this format and version.</exception>
    public static DeltaFileInfo ReadInfo(string deltaPath)
    {
        using var delta = DeltaDecoder.OpenDelta(deltaPath);
        var manifest = DeltaManifest.Read(delta);
        var tensors = manifest.Tensors
            .Select(t => new DeltaTensorInfo(
                t.Target.Name, t.Encoding, t.Target.DType, t.Target.Shape, t.Target.ByteLength, t.Entry.ByteLength, t.TargetAlder32,
                t.Encoding == DeltaTensorEncoding.Xor ? t.BaseAlder32 : null))
            .Concat(manifest.Removed.Select(name => new DeltaTensorInfo(name, DeltaTensorEncoding.Removed, null, null, 0, 0, null, null)))
            .ToList();
        return new DeltaFileInfo(DeltaFormat.NameOf(manifest.Version), manifest.Version, manifest.BaseIdentity, manifest.ChunkBytes, manifest.TargetLength, delta.FileLength, tensors);
    }

    /// <summary>
    /// Encodes a HuggingFace snapshot directory: every <c>*.safetensors</c> file of <paramref name="nextDirectory"/>
    /// becomes a delta of the same relative path against the same file in <paramref name="previousDirectory"/>
    /// (stored whole when the base has no such file); every other file (config, tokenizer, index) is copied.
    /// </summary>
    /// <param name="previousDirectory">The base snapshot directory.</param>
    /// <param name="nextDirectory">The new full snapshot directory.</param>
    /// <param name="deltaDirectory">The incremental snapshot directory to write (upload this one).</param>
    /// <param name="options">Encode options applied to every shard.</param>
    /// <param name="progress">Receives per-file progress.</param>
    /// <param name="cancellationToken">Cancels the operation; nothing is left in <paramref name="deltaDirectory"/>.</param>
    /// <returns>Per-shard results and copied files.</returns>
    /// <remarks>
    /// Every file is written to a hidden staging directory next to <paramref name="deltaDirectory"/> and moved into it
    /// only when every shard is encoded: a failure or cancellation leaves no partial snapshot behind.
    /// </remarks>
    public static async Task<DeltaDirectoryResult> EncodeDirectoryAsync(
        string previousDirectory,
        string nextDirectory,
        string deltaDirectory,
        DeltaEncodeOptions? options = null,
        IProgress<DeltaProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var encoded = new List<DeltaEncodeResult>();
        var copied = await EncodeShardsAsync(
            previousDirectory,
            nextDirectory,
            deltaDirectory,
            async (basePath, source, destination, _) =>
                encoded.Add(await EncodeFileAsync(basePath, source, destination, options, progress, cancellationToken).ConfigureAwait(false)),
            cancellationToken).ConfigureAwait(false);
        var final = Path.GetFullPath(deltaDirectory);
        return new DeltaDirectoryResult(
            encoded.Select(r => r with { DeltaPath = Path.Combine(final, Path.GetRelativePath(copied.Staging, r.DeltaPath)) }).ToList(), [], copied.Files);
    }

    /// <summary>
    /// Like <see cref="EncodeDirectoryAsync(string, string, string, DeltaEncodeOptions?, IProgress{DeltaProgress}?, CancellationToken)"/>,
    /// but every shard is encoded by <paramref name="encoder"/> (for example an external command writing Fireworks'
    /// <c>arc_v2</c>); other files are copied.
    /// </summary>
    /// <param name="previousDirectory">The base snapshot directory.</param>
    /// <param name="nextDirectory">The new full snapshot directory.</param>
    /// <param name="deltaDirectory">The incremental snapshot directory to write.</param>
    /// <param name="encoder">Encodes each shard.</param>
    /// <param name="baseIdentity">Identity of the base snapshot, passed to the encoder.</param>
    /// <param name="progress">Receives per-file progress.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The delta bytes written per shard (relative path) and the copied files.</returns>
    public static async Task<(IReadOnlyDictionary<string, long> Shards, IReadOnlyList<string> CopiedFiles)> EncodeDirectoryAsync(
        string previousDirectory,
        string nextDirectory,
        string deltaDirectory,
        IDeltaEncoder encoder,
        string baseIdentity,
        IProgress<DeltaProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(baseIdentity);
        var shards = new Dictionary<string, long>(StringComparer.Ordinal);
        var copied = await EncodeShardsAsync(
            previousDirectory,
            nextDirectory,
            deltaDirectory,
            async (basePath, source, destination, relative) =>
                shards[relative] = await encoder.EncodeShardAsync(new DeltaShardJob(basePath, source, destination, baseIdentity), progress, cancellationToken)
                    .ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        return (shards, copied.Files);
    }

    /// <summary>
    /// Rebuilds a full snapshot directory from its base directory and an incremental (delta) directory. Shards that
    /// are deltas are decoded against the same relative path in <paramref name="previousDirectory"/>; every other
    /// file is copied. Everything is written to a hidden staging directory next to <paramref name="outputDirectory"/>
    /// and moved into it only when every shard has decoded and matched its checksums: a failure or cancellation leaves
    /// no partial snapshot behind.
    /// </summary>
    /// <param name="previousDirectory">The base snapshot directory.</param>
    /// <param name="deltaDirectory">The incremental snapshot directory.</param>
    /// <param name="outputDirectory">Where to write the full snapshot.</param>
    /// <param name="options">Decode options applied to every shard.</param>
    /// <param name="progress">Receives per-file progress.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Per-shard results and copied files.</returns>
    public static async Task<DeltaDirectoryResult> DecodeDirectoryAsync(
        string previousDirectory,
        string deltaDirectory,
        string outputDirectory,
        DeltaDecodeOptions? options = null,
        IProgress<DeltaProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        CheckDirectories(previousDirectory, deltaDirectory, outputDirectory);
        var decoded = new List<DeltaDecodeResult>();
        var copied = new List<string>();
        var final = Path.GetFullPath(outputDirectory);
        await WithStagingDirectoryAsync(outputDirectory, async staging =>
        {
            foreach (var relative in SnapshotFiles(deltaDirectory))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var source = Path.Combine(deltaDirectory, relative);
                if (IsShard(relative) && IsDeltaFile(source))
                {
                    var basePath = Path.Combine(previousDirectory, relative);
                    var result = await DecodeFileAsync(File.Exists(basePath) ? basePath : null, source, Path.Combine(staging, relative), options, progress, cancellationToken)
                        .ConfigureAwait(false);
                    decoded.Add(result with { OutputPath = Path.Combine(final, relative) });
                }
                else
                {
                    await CopyAtomicallyAsync(source, Path.Combine(staging, relative), cancellationToken).ConfigureAwait(false);
                    copied.Add(relative);
                }
            }
        }).ConfigureAwait(false);
        return new DeltaDirectoryResult([], decoded, copied);
    }

    /// <summary>
    /// Walks a snapshot directory: each shard goes to <paramref name="encodeShard"/> (base path or null, source,
    /// destination, relative path), every other file is copied; returns the copied files.
    /// </summary>
    private static async Task<(List<string> Files, string Staging)> EncodeShardsAsync(
        string previousDirectory, string nextDirectory, string deltaDirectory, Func<string?, string, string, string, Task> encodeShard, CancellationToken cancellationToken)
    {
        CheckDirectories(previousDirectory, nextDirectory, deltaDirectory);
        var copied = new List<string>();
        var staging = await WithStagingDirectoryAsync(deltaDirectory, async staging =>
        {
            foreach (var relative in SnapshotFiles(nextDirectory))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var source = Path.Combine(nextDirectory, relative);
                var destination = Path.Combine(staging, relative);
                if (IsShard(relative))
                {
                    var basePath = Path.Combine(previousDirectory, relative);
                    await encodeShard(File.Exists(basePath) ? basePath : null, source, destination, relative).ConfigureAwait(false);
                }
                else
                {
                    await CopyAtomicallyAsync(source, destination, cancellationToken).ConfigureAwait(false);
                    copied.Add(relative);
                }
            }
        }).ConfigureAwait(false);
        return (copied, staging);
    }

    /// <summary>
    /// Runs <paramref name="write"/> against a hidden staging directory next to <paramref name="outputDirectory"/> and
    /// moves what it wrote into <paramref name="outputDirectory"/> only when it completes; otherwise deletes it. Each
    /// shard is already written atomically, but a snapshot directory missing some of its shards must never appear
    /// complete to whatever loads it. Returns the staging directory's path (gone by then) to map result paths.
    /// </summary>
    private static async Task<string> WithStagingDirectoryAsync(string outputDirectory, Func<string, Task> write)
    {
        var final = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDirectory));
        var parent = Path.GetDirectoryName(final) ?? throw new ArgumentException($"The output directory '{outputDirectory}' has no parent directory.", nameof(outputDirectory));
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(final)}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(staging);
        try
        {
            await write(staging).ConfigureAwait(false);
            Publish(staging, final);
        }
        finally
        {
            try
            {
                if (Directory.Exists(staging))
                {
                    Directory.Delete(staging, recursive: true);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The staging directory is hidden and uniquely named; failing to remove it must not mask the original error.
            }
        }

        return staging;
    }

    private static void Publish(string staging, string final)
    {
        if (!Directory.Exists(final))
        {
            // A new output directory appears whole, in one rename.
            Directory.Move(staging, final);
            return;
        }

        // An existing output directory keeps its other files; each file is replaced by a rename.
        foreach (var file in Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories).ToList())
        {
            var destination = Path.Combine(final, Path.GetRelativePath(staging, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Move(file, destination, overwrite: true);
        }
    }

    /// <summary>
    /// Refuses an output path that names one of the inputs: the output is renamed over its destination when complete,
    /// which would silently replace the input with the result.
    /// </summary>
    private static void CheckOutputIsNoInput(string output, string outputRole, params (string? Path, string Role)[] inputs)
    {
        var resolvedOutput = Canonical(output);
        foreach (var (input, role) in inputs)
        {
            if (input is not null && string.Equals(resolvedOutput, Canonical(input), PathComparison))
            {
                throw new ArgumentException(
                    $"the {outputRole} path '{output}' is the {role} '{input}'; writing it would replace that input. Choose another output path.", nameof(output));
            }
        }
    }

    private static StringComparison PathComparison =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>The full path, through a symbolic link to its final target when the path is one.</summary>
    private static string Canonical(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        try
        {
            return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            // A broken or looping link is not one of the (readable) inputs.
            return full;
        }
    }

    private static async Task<DeltaDecodeResult> RunDecoderAsync(
        string? previousPath, string deltaPath, string? outputPath, DeltaDecodeOptions options, IProgress<DeltaProgress>? progress, CancellationToken cancellationToken)
    {
        using var decoder = new DeltaDecoder(previousPath, deltaPath, options, progress);
        await decoder.RunAsync(outputPath, cancellationToken).ConfigureAwait(false);
        return new DeltaDecodeResult(
            outputPath is null ? null : Path.GetFullPath(outputPath), decoder.TargetLength, decoder.TensorCount, decoder.BaseIdentity, decoder.HasBase);
    }

    private static bool IsDeltaFile(string path)
    {
        using var file = DeltaDecoder.OpenDelta(path);
        return DeltaFormat.IsDelta(file.Metadata);
    }

    internal static int WorkerCount(int? requested, int items)
    {
        var count = requested ?? Environment.ProcessorCount;
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(requested), count, "MaxDegreeOfParallelism must be at least 1.");
        }

        return Math.Max(1, Math.Min(count, items));
    }

    private static double Entropy(ReadOnlySpan<long> counts, long total)
    {
        if (total == 0)
        {
            return 0;
        }

        double bits = 0;
        foreach (var count in counts)
        {
            if (count > 0)
            {
                var p = (double)count / total;
                bits -= p * Math.Log2(p);
            }
        }

        return bits;
    }

    private static void CheckDirectories(string source, string other, string destination)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentException.ThrowIfNullOrEmpty(other);
        ArgumentException.ThrowIfNullOrEmpty(destination);
        foreach (var input in new[] { source, other })
        {
            if (!Directory.Exists(input))
            {
                throw new DirectoryNotFoundException($"Snapshot directory '{input}' does not exist.");
            }
        }

        var full = Canonical(destination);
        if (string.Equals(full, Canonical(source), PathComparison) || string.Equals(full, Canonical(other), PathComparison))
        {
            throw new ArgumentException($"The output directory '{destination}' must differ from the input directories.", nameof(destination));
        }

        if (File.Exists(destination))
        {
            throw new ArgumentException($"The output directory '{destination}' is an existing file; a snapshot directory is written there.", nameof(destination));
        }
    }

    private static IEnumerable<string> SnapshotFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f))
            .Where(f => !(Path.GetFileName(f).StartsWith('.') && f.EndsWith(".tmp", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static bool IsShard(string relativePath) => relativePath.EndsWith(SafeTensorsExtension, StringComparison.OrdinalIgnoreCase);

    private static async Task CopyAtomicallyAsync(string source, string destination, CancellationToken cancellationToken)
    {
        using var writer = new AtomicFileWriter(destination);
        var buffer = new byte[1 << 20];
        await using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        long position = 0;
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await writer.WriteAsync(position, buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            position += read;
        }

        writer.Commit(position, flushToDisk: false);
    }
}
