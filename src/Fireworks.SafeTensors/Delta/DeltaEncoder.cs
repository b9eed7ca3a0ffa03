using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Fireworks.SafeTensors;

namespace Fireworks.Delta;

/// <summary>
/// One encode (or statistics) run over a shard pair. Work items are (tensor, chunk) pairs in target data order;
/// workers take them in order, encode them independently, and an <see cref="OrderedCommitter{T}"/> appends their
/// frames in sequence, so the output is identical whatever the parallelism. The delta header is written last,
/// into space reserved up front (see <see cref="BuildHeader"/>), so frames stream straight to disk.
/// </summary>
internal sealed class DeltaEncoder : IDisposable
{
    private readonly DeltaEncodeOptions _options;
    private readonly SafeTensorsFile _target;
    private readonly SafeTensorsFile? _previous;
    private readonly bool _collectStats;
    private readonly IProgress<DeltaProgress>? _progress;
    private readonly List<WorkItem> _items = [];
    private readonly OrderedCommitter<EncodedChunk> _committer;
    private readonly string _targetHeaderBlob;
    private readonly string _targetHeaderChecksum;
    private AtomicFileWriter? _output;
    private long _dataStart;
    private long _written;
    private long _processed;
    private long _nextItem;

    public DeltaEncoder(string? previousPath, string nextPath, DeltaEncodeOptions options, bool collectStats, IProgress<DeltaProgress>? progress)
    {
        ArgumentException.ThrowIfNullOrEmpty(nextPath);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.BaseIdentity, nameof(options));
        var chunkBytes = options.ChunkBytes;
        if (chunkBytes < DeltaFormat.MinChunkBytes || chunkBytes > DeltaFormat.MaxChunkBytes || chunkBytes % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), chunkBytes, $"ChunkBytes must be a multiple of 8 between {DeltaFormat.MinChunkBytes} and {DeltaFormat.MaxChunkBytes}.");
        }

        // zstd clamps an out-of-range level without a word: a typo like 99 or -200 would silently measure or write
        // with a level nobody asked for.
        foreach (var (level, name) in new[] { (options.CompressionLevel, nameof(options.CompressionLevel)), (options.TokenCompressionLevel, nameof(options.TokenCompressionLevel)) })
        {
            if (level < DeltaCodec.MinCompressionLevel || level > DeltaCodec.MaxCompressionLevel)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(options), level, $"{name} must be a zstd level between {DeltaCodec.MinCompressionLevel} and {DeltaCodec.MaxCompressionLevel}.");
            }
        }

        if (options.FormatVersion is not (DeltaFormat.Version or DeltaFormat.V1Version))
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.FormatVersion, $"FormatVersion must be {DeltaFormat.V1Version} or {DeltaFormat.Version}.");
        }

        _options = options;
        _collectStats = collectStats;
        _progress = progress;
        _target = SafeTensorsFile.Open(nextPath);
        try
        {
            _previous = previousPath is null ? null : SafeTensorsFile.Open(previousPath);
            if (DeltaFormat.IsDelta(_target.Metadata))
            {
                throw new ArgumentException($"'{_target.FilePath}' is a delta; encode needs the full next snapshot.", nameof(nextPath));
            }

            if (_previous is not null && DeltaFormat.IsDelta(_previous.Metadata))
            {
                throw new ArgumentException($"'{_previous.FilePath}' is a delta; the base must be a full snapshot.", nameof(previousPath));
            }

            Removed = PlanTensors(chunkBytes);

            // Two parked results per worker keep both cores busy past a slow chunk; each holds at most one frame.
            var workers = DeltaCodec.WorkerCount(options.MaxDegreeOfParallelism, _items.Count);
            _committer = new OrderedCommitter<EncodedChunk>(_items.Count, 3 * workers, Commit);
            _targetHeaderBlob = DeltaManifest.EncodeTargetHeader(_target.RawHeader.Span);
            _targetHeaderChecksum = Adler32.ToHex(Adler32.Compute(_target.RawHeader.Span));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Target tensors in data order, with their frames and checksums once encoded.</summary>
    public List<TensorPlan> Plans { get; } = [];

    /// <summary>Base tensors the target no longer has.</summary>
    public List<SafeTensorInfo> Removed { get; }

    public long TargetBytes => _target.FileLength;

    /// <summary>Encodes every chunk; writes the delta to <paramref name="deltaPath"/> (or nowhere for statistics).</summary>
    /// <returns>The size of the delta file.</returns>
    public async Task<long> RunAsync(string? deltaPath, CancellationToken cancellationToken)
    {
        _output = deltaPath is null ? null : new AtomicFileWriter(deltaPath);
        var reserved = BuildHeader(maximal: true).Length;
        _dataStart = 8L + reserved;
        _progress?.Report(new DeltaProgress(FileName, 0, _target.Header.DataLength));
        await Workers.RunAsync(DeltaCodec.WorkerCount(_options.MaxDegreeOfParallelism, _items.Count), WorkAsync, cancellationToken).ConfigureAwait(false);

        var header = BuildHeader(maximal: false);
        if (header.Length > reserved)
        {
            throw new InvalidOperationException($"The delta header ({header.Length} bytes) outgrew its reservation ({reserved} bytes).");
        }

        var deltaBytes = _dataStart + _written;
        if (_output is not null)
        {
            // The final header is padded with spaces up to the space reserved before the frames were written.
            var prefixAndHeader = new byte[8 + reserved];
            BinaryPrimitives.WriteUInt64LittleEndian(prefixAndHeader, (ulong)reserved);
            header.CopyTo(prefixAndHeader, 8);
            prefixAndHeader.AsSpan(8 + header.Length).Fill((byte)' ');
            _output.Write(0, prefixAndHeader);
            _output.Commit(deltaBytes, _options.FlushToDisk);
        }

        return deltaBytes;
    }

    public void Dispose()
    {
        _output?.Dispose();
        _previous?.Dispose();
        _target.Dispose();
    }

    private string FileName => Path.GetFileName(_target.FilePath);

    /// <summary>Lists target tensors in data order with their base counterparts and cuts them into chunk work items.</summary>
    /// <returns>The base tensors the target no longer has.</returns>
    private List<SafeTensorInfo> PlanTensors(int chunkBytes)
    {
        foreach (var tensor in _target.Header.TensorsByOffset)
        {
            SafeTensorInfo? baseTensor = null;
            if (_previous is not null && _previous.Header.TryGetTensor(tensor.Name, out var candidate) && candidate.HasSameLayout(tensor))
            {
                baseTensor = candidate;
            }

            var chunks = (int)((tensor.ByteLength + chunkBytes - 1) / chunkBytes);
            for (var c = 0; c < chunks; c++)
            {
                var offset = (long)c * chunkBytes;
                _items.Add(new WorkItem(Plans.Count, c, offset, (int)Math.Min(chunkBytes, tensor.ByteLength - offset)));
            }

            Plans.Add(new TensorPlan(tensor, baseTensor, chunks, _collectStats));
        }

        return _previous?.Header.TensorsByOffset.Where(t => !_target.Header.TryGetTensor(t.Name, out _)).ToList() ?? [];
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        var codec = ChunkCodec.Rent(_options.CompressionLevel, _options.TokenCompressionLevel);
        var buffers = WorkerBuffers.Rent(_options.ChunkBytes);
        try
        {
            while (true)
            {
                await _committer.WaitForSlotAsync(cancellationToken).ConfigureAwait(false);
                var index = Interlocked.Increment(ref _nextItem) - 1;
                if (index >= _items.Count)
                {
                    _committer.ReleaseUnusedSlot();
                    return;
                }

                cancellationToken.ThrowIfCancellationRequested();
                _committer.Complete(index, EncodeChunk(_items[(int)index], codec, buffers));
            }
        }
        finally
        {
            ChunkCodec.Return(codec);
            WorkerBuffers.Return(buffers);
        }
    }

    private EncodedChunk EncodeChunk(WorkItem item, ChunkCodec codec, WorkerBuffers buffers)
    {
        var plan = Plans[item.Plan];
        var width = plan.Width;
        var next = buffers.Data.AsSpan(0, item.Length);
        _target.ReadTensorData(plan.Target, item.Offset, next);
        var targetAdler = Adler32.Compute(next);
        var baseAdler = Adler32.Initial;
        var previous = Span<byte>.Empty;
        if (plan.Base is not null)
        {
            previous = buffers.Scratch.AsSpan(0, item.Length);
            _previous!.ReadTensorData(plan.Base, item.Offset, previous);
            baseAdler = Adler32.Compute(previous);
        }

        var changed = 0L;
        if (_collectStats)
        {
            changed = plan.Base is null ? item.Length / width : CountChangedElements(previous, next, width);
        }

        var planes = buffers.Planes.AsSpan(0, item.Length);
        long[]? histogram = null;
        int[]? ulpHistogram = null;
        if (_collectStats)
        {
            // Statistics runs measure both transforms' bounds before the frame encode reuses the buffers.
            histogram = new long[width * 256];
            BytePlanes.XorSplit(previous, next, planes, width);
            AddHistogram(planes, width, histogram);
            if (plan.UlpHistogram is not null)
            {
                var folded = buffers.Values.AsSpan(0, item.Length);
                UlpDeltas.Fold(previous, next, folded, width);
                ulpHistogram = UlpStatistics.Histogram(previous, folded, plan.Layout!.Value);
            }
        }

        // The frame is handed to the committer with the result and returned to the pool once written.
        var frame = WorkerBuffers.RentFrame(_options.ChunkBytes);
        int frameLength;
        if (_options.FormatVersion == DeltaFormat.V1Version)
        {
            frameLength = BytePlanes.XorSplit(previous, next, planes, width)
                ? codec.Encode(planes, width, frame, buffers.Scratch, buffers.Values, _options.ZeroRunShare)
                : 0;
        }
        else
        {
            frameLength = ChunkFramesV2.Encode(codec, plan.Layout, width, previous, next, frame, buffers, _options.ZeroRunShare);
        }

        if (frameLength == 0)
        {
            WorkerBuffers.ReturnFrame(_options.ChunkBytes, frame);
            frame = null;
        }

        return new EncodedChunk(item, frame, frameLength, targetAdler, baseAdler, changed, histogram, ulpHistogram);
    }

    /// <summary>Appends one chunk's frame and folds its checksums and statistics into its tensor; runs in item order.</summary>
    private void Commit(EncodedChunk chunk)
    {
        var item = chunk.Item;
        var plan = Plans[item.Plan];
        if (chunk.Frame is not null)
        {
            _output?.Write(_dataStart + _written, chunk.Frame.AsSpan(0, chunk.FrameLength));
            WorkerBuffers.ReturnFrame(_options.ChunkBytes, chunk.Frame);
        }

        _written += chunk.FrameLength;
        plan.Frames[item.Chunk] = chunk.FrameLength;
        plan.TargetAdler = Adler32.Combine(plan.TargetAdler, chunk.TargetAdler, item.Length);
        plan.BaseAdler = Adler32.Combine(plan.BaseAdler, chunk.BaseAdler, item.Length);
        if (chunk.Histogram is not null)
        {
            plan.ChangedElements += chunk.ChangedElements;
            for (var i = 0; i < plan.Histogram.Length; i++)
            {
                plan.Histogram[i] += chunk.Histogram[i];
            }
        }

        if (chunk.UlpHistogram is not null)
        {
            for (var i = 0; i < chunk.UlpHistogram.Length; i++)
            {
                plan.UlpHistogram![i] += chunk.UlpHistogram[i];
            }
        }

        if (plan.UlpHistogram is not null && item.Chunk == plan.Frames.Length - 1)
        {
            // Commits run in order, so this is the tensor's last chunk: keep the bound, drop the large histogram.
            (plan.UlpBoundBytes, plan.ContextBoundBytes) = UlpStatistics.EntropyBytes(plan.UlpHistogram, plan.Layout!.Value);
            plan.UlpHistogram = null;
        }

        _processed += item.Length;
        _progress?.Report(new DeltaProgress(FileName, _processed, _target.Header.DataLength));
    }

    /// <summary>
    /// Renders the delta header. With <paramref name="maximal"/> every frame length and checksum takes its largest
    /// possible value, so the result is at least as long as the final header: that length is reserved before any
    /// frame is written, and the final header is padded with spaces up to it.
    /// </summary>
    private byte[] BuildHeader(bool maximal)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [DeltaFormat.FormatKey] = DeltaFormat.NameOf(_options.FormatVersion),
            [DeltaFormat.VersionKey] = _options.FormatVersion.ToString(CultureInfo.InvariantCulture),
            [DeltaFormat.ChecksumKey] = DeltaFormat.ChecksumFormat,
            [DeltaFormat.BaseIdentityKey] = _options.BaseIdentity,
            [DeltaFormat.ChunkBytesKey] = _options.ChunkBytes.ToString(CultureInfo.InvariantCulture),
            [DeltaFormat.TargetLengthKey] = _target.FileLength.ToString(CultureInfo.InvariantCulture),
            [DeltaFormat.TargetHeaderChecksumKey] = _targetHeaderChecksum,
            [DeltaFormat.TargetHeaderKey] = _targetHeaderBlob,
        };
        var specs = new List<SafeTensorSpec>(Plans.Count);
        foreach (var plan in Plans)
        {
            var frames = maximal
                ? Enumerable.Repeat((long)DeltaManifest.MaxFrameLength(_options.FormatVersion, _options.ChunkBytes, plan.Target.DType), plan.Frames.Length).ToArray()
                : plan.Frames;
            metadata[DeltaFormat.TensorKeyPrefix + plan.Target.Name] = DeltaManifest.RecordJson(new TensorRecord
            {
                Encoding = plan.Base is null ? "full" : DeltaManifest.AgainstBaseEncoding(_options.FormatVersion),
                BaseAlder32 = plan.Base is null ? null : Adler32.ToHex(maximal ? uint.MaxValue : plan.BaseAdler),
                TargetAlder32 = Adler32.ToHex(maximal ? uint.MaxValue : plan.TargetAdler),
                Frames = frames,
            });
            specs.Add(new SafeTensorSpec(plan.Target.Name, SafeTensorsDType.U8, [frames.Sum()]));
        }

        foreach (var tensor in Removed)
        {
            metadata[DeltaFormat.TensorKeyPrefix + tensor.Name] = DeltaManifest.RecordJson(new TensorRecord { Encoding = "removed" });
        }

        return SafeTensorsHeader.Create(specs, metadata).ToUtf8Bytes(alignment: 8);
    }

    /// <summary>Counts elements of <paramref name="width"/> bytes that differ (vectorised byte compare, bits folded per element).</summary>
    private static long CountChangedElements(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> next, int width)
    {
        // A set bit per differing byte, folded so bit 0 of each element's group says "some byte of this element differs".
        var elementBits = width switch { 1 => 0xFFFFFFFFu, 2 => 0x55555555u, 4 => 0x11111111u, _ => 0x01010101u };
        long changed = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var a = ref MemoryMarshal.GetReference(previous);
            ref var b = ref MemoryMarshal.GetReference(next);
            for (; i + 32 <= next.Length; i += 32)
            {
                var differ = ~Vector256.Equals(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i)).ExtractMostSignificantBits();
                if (width >= 2)
                {
                    differ |= differ >> 1;
                }

                if (width >= 4)
                {
                    differ |= differ >> 2;
                }

                if (width >= 8)
                {
                    differ |= differ >> 4;
                }

                changed += BitOperations.PopCount(differ & elementBits);
            }
        }

        for (; i < next.Length; i += width)
        {
            if (!previous.Slice(i, width).SequenceEqual(next.Slice(i, width)))
            {
                changed++;
            }
        }

        return changed;
    }

    private static void AddHistogram(ReadOnlySpan<byte> planes, int width, long[] histogram)
    {
        var count = planes.Length / width;
        for (var p = 0; p < width; p++)
        {
            var plane = planes.Slice(p * count, count);
            var counts = histogram.AsSpan(p * 256, 256);

            // Unchanged planes are the common case: one vectorised scan instead of a byte-by-byte histogram.
            if (!plane.ContainsAnyExcept((byte)0))
            {
                counts[0] += count;
                continue;
            }

            foreach (var b in plane)
            {
                counts[b]++;
            }
        }
    }

    internal sealed class TensorPlan(SafeTensorInfo target, SafeTensorInfo? baseTensor, int chunks, bool collectStats)
    {
        public SafeTensorInfo Target { get; } = target;

        public SafeTensorInfo? Base { get; } = baseTensor;

        public int Width { get; } = target.DType.SizeInBytes();

        public long[] Frames { get; } = new long[chunks];

        public uint TargetAdler { get; set; } = Adler32.Initial;

        public uint BaseAdler { get; set; } = Adler32.Initial;

        public long[] Histogram { get; } = collectStats ? new long[target.DType.SizeInBytes() * 256] : [];

        public long ChangedElements { get; set; }

        public FloatLayout? Layout { get; } = FloatLayout.For(target.DType);

        /// <summary>Statistics runs, float tensors with a base: folded ULP delta histogram by base exponent, until the last chunk.</summary>
        public long[]? UlpHistogram { get; set; } = collectStats && baseTensor is not null && FloatLayout.For(target.DType) is { } layout
            ? new long[layout.Exponents * layout.Width * 256]
            : null;

        /// <summary>Order-0 entropy of the folded ULP delta planes, in bytes (statistics runs, float tensors with a base).</summary>
        public double? UlpBoundBytes { get; set; }

        /// <summary>The same conditioned on the base exponent, in bytes.</summary>
        public double? ContextBoundBytes { get; set; }
    }

    private readonly record struct WorkItem(int Plan, int Chunk, long Offset, int Length);

    private sealed record EncodedChunk(WorkItem Item, byte[]? Frame, int FrameLength, uint TargetAdler, uint BaseAdler, long ChangedElements, long[]? Histogram, int[]? UlpHistogram);
}
