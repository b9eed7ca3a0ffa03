using System.Buffers.Binary;
using Fireworks.SafeTensors;

namespace Fireworks.Delta;

/// <summary>
/// One decode (or verification) of a delta. The target's offsets are known from the recorded header, so workers
/// decode chunks in any order and write them at their final offsets in a temporary file; every tensor's base and
/// target Adler-32 is checked as soon as its last chunk is done, and the file is renamed into place only at the end.
/// </summary>
internal sealed class DeltaDecoder : IDisposable
{
    private readonly DeltaDecodeOptions _options;
    private readonly IProgress<DeltaProgress>? _progress;
    private readonly SafeTensorsFile _delta;
    private readonly SafeTensorsFile? _previous;
    private readonly DeltaManifest _manifest;
    private readonly List<TensorState> _states = [];
    private readonly List<WorkItem> _items = [];
    private AtomicFileWriter? _output;
    private long _processed;
    private long _nextItem;

    public DeltaDecoder(string? previousPath, string deltaPath, DeltaDecodeOptions options, IProgress<DeltaProgress>? progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _progress = progress;
        _delta = OpenDelta(deltaPath);
        try
        {
            _manifest = DeltaManifest.Read(_delta);
            if (options.ExpectedBaseIdentity is not null && options.ExpectedBaseIdentity != _manifest.BaseIdentity)
            {
                throw new DeltaBaseMismatchException(
                    $"this delta was made against base '{_manifest.BaseIdentity}', not '{options.ExpectedBaseIdentity}'.", _manifest.BaseIdentity, null);
            }

            _previous = previousPath is null ? null : SafeTensorsFile.Open(previousPath);
            Plan();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string BaseIdentity => _manifest.BaseIdentity;

    public long TargetLength => _manifest.TargetLength;

    public int TensorCount => _states.Count;

    public bool HasBase => _previous is not null;

    /// <summary>Whether any tensor is XOR-encoded, i.e. needs the base to be rebuilt.</summary>
    public bool NeedsBase => _manifest.Tensors.Any(t => t.Encoding == DeltaTensorEncoding.Xor);

    public static SafeTensorsFile OpenDelta(string deltaPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(deltaPath);
        try
        {
            return SafeTensorsFile.Open(deltaPath);
        }
        catch (SafeTensorsFormatException ex)
        {
            throw new DeltaFormatException($"The delta is unreadable (corrupted or truncated): {ex.Message}", ex);
        }
    }

    /// <summary>Decodes every chunk and checks every checksum; writes the target to <paramref name="outputPath"/> when given.</summary>
    public async Task RunAsync(string? outputPath, CancellationToken cancellationToken)
    {
        if (outputPath is not null && _previous is null && NeedsBase)
        {
            throw new DeltaBaseMismatchException(
                $"this delta was made against base '{BaseIdentity}' but no base file was given.", BaseIdentity, null);
        }

        foreach (var state in _states.Where(s => s.Chunks == 0))
        {
            Verify(state);
        }

        _output = outputPath is null ? null : new AtomicFileWriter(outputPath);
        if (_output is not null)
        {
            var prefix = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)_manifest.TargetHeaderBytes.Length);
            _output.Write(0, prefix);
            _output.Write(8, _manifest.TargetHeaderBytes);
        }

        _progress?.Report(new DeltaProgress(FileName, 0, _manifest.TargetHeader.DataLength));
        await Workers.RunAsync(DeltaCodec.WorkerCount(_options.MaxDegreeOfParallelism, _items.Count), Work, cancellationToken).ConfigureAwait(false);
        _output?.Commit(_manifest.TargetLength, _options.FlushToDisk);
    }

    public void Dispose()
    {
        _output?.Dispose();
        _previous?.Dispose();
        _delta.Dispose();
    }

    private string FileName => Path.GetFileName(_delta.FilePath);

    private void Plan()
    {
        var identity = _manifest.BaseIdentity;
        foreach (var tensor in _manifest.Tensors)
        {
            SafeTensorInfo? baseTensor = null;
            if (tensor.Encoding == DeltaTensorEncoding.Xor && _previous is not null
                && (!_previous.Header.TryGetTensor(tensor.Target.Name, out baseTensor) || !baseTensor.HasSameLayout(tensor.Target)))
            {
                var has = baseTensor is null ? "has no such tensor" : $"has it as {Describe(baseTensor)}";
                throw new DeltaBaseMismatchException(
                    $"this delta was made against base '{identity}' where tensor '{tensor.Target.Name}' is {Describe(tensor.Target)} " +
                    $"(alder32 {Adler32.ToHex(tensor.BaseAlder32)}), but '{_previous.FilePath}' {has}.",
                    identity,
                    tensor.Target.Name);
            }

            var chunks = tensor.Frames.Length;
            long frameOffset = 0;
            for (var c = 0; c < chunks; c++)
            {
                var offset = (long)c * _manifest.ChunkBytes;
                _items.Add(new WorkItem(_states.Count, c, offset, (int)Math.Min(_manifest.ChunkBytes, tensor.Target.ByteLength - offset), frameOffset));
                frameOffset += tensor.Frames[c];
            }

            _states.Add(new TensorState(tensor, baseTensor, chunks));
        }
    }

    private Task Work(CancellationToken cancellationToken)
    {
        var codec = ChunkCodec.Rent(DeltaCodec.DefaultCompressionLevel, DeltaCodec.DefaultTokenCompressionLevel);
        var buffers = WorkerBuffers.Rent(_manifest.ChunkBytes);
        try
        {
            while (true)
            {
                var index = Interlocked.Increment(ref _nextItem) - 1;
                if (index >= _items.Count)
                {
                    return Task.CompletedTask;
                }

                cancellationToken.ThrowIfCancellationRequested();
                DecodeChunk(_items[(int)index], codec, buffers);
            }
        }
        finally
        {
            ChunkCodec.Return(codec);
            WorkerBuffers.Return(buffers);
        }
    }

    private void DecodeChunk(WorkItem item, ChunkCodec codec, WorkerBuffers buffers)
    {
        var state = _states[item.Tensor];
        var tensor = state.Tensor;
        var frame = buffers.Frame.AsSpan(0, (int)tensor.Frames[item.Chunk]);
        _delta.ReadTensorData(tensor.Entry, item.FrameOffset, frame);

        // The chunk buffer starts as the base chunk (or zeros) and is turned into the target chunk in place.
        var data = buffers.Data.AsSpan(0, item.Length);
        var baseAdler = Adler32.Initial;
        if (state.Base is not null)
        {
            _previous!.ReadTensorData(state.Base, item.Offset, data);
            baseAdler = Adler32.Compute(data);
        }
        else
        {
            data.Clear();
        }

        var wrongBase = false;
        var error = _manifest.Version == DeltaFormat.V1Version
            ? codec.Decode(frame, data, tensor.Target.DType.SizeInBytes(), buffers.Planes, buffers.Scratch, buffers.Values)
            : ChunkFramesV2.Decode(
                codec, state.Layout, tensor.Target.DType.SizeInBytes(), frame, data, state.Base is not null || tensor.Encoding == DeltaTensorEncoding.Full, buffers, out wrongBase);
        if (wrongBase)
        {
            throw new DeltaBaseMismatchException(
                $"this delta was made against base '{_manifest.BaseIdentity}', but in tensor '{tensor.Target.Name}' chunk {item.Chunk} {error}.",
                _manifest.BaseIdentity,
                tensor.Target.Name);
        }

        if (error is not null)
        {
            throw new DeltaIntegrityException(
                $"'{_delta.FilePath}': tensor '{tensor.Target.Name}' chunk {item.Chunk} is corrupted: {error}.", tensor.Target.Name);
        }

        state.ChunkTargetAdler[item.Chunk] = Adler32.Compute(data);
        state.ChunkBaseAdler[item.Chunk] = baseAdler;
        _output?.Write(8L + _manifest.TargetHeaderBytes.Length + tensor.Target.DataStart + item.Offset, data);

        // Without a base (a structural verification), XOR tensors were applied to zeros: their checksums mean nothing.
        if (Interlocked.Decrement(ref state.Remaining) == 0 && (state.Base is not null || tensor.Encoding != DeltaTensorEncoding.Xor))
        {
            Verify(state);
        }

        _progress?.Report(new DeltaProgress(FileName, Interlocked.Add(ref _processed, item.Length), _manifest.TargetHeader.DataLength));
    }

    private void Verify(TensorState state)
    {
        var tensor = state.Tensor;
        uint baseAdler = Adler32.Initial, targetAdler = Adler32.Initial;
        for (var c = 0; c < state.Chunks; c++)
        {
            var length = Math.Min(_manifest.ChunkBytes, tensor.Target.ByteLength - ((long)c * _manifest.ChunkBytes));
            baseAdler = Adler32.Combine(baseAdler, state.ChunkBaseAdler[c], length);
            targetAdler = Adler32.Combine(targetAdler, state.ChunkTargetAdler[c], length);
        }

        var name = tensor.Target.Name;
        if (tensor.Encoding == DeltaTensorEncoding.Xor && baseAdler != tensor.BaseAlder32)
        {
            throw new DeltaBaseMismatchException(
                $"this delta was made against base '{_manifest.BaseIdentity}' (tensor '{name}' with alder32 {Adler32.ToHex(tensor.BaseAlder32)}), " +
                $"but tensor '{name}' of '{_previous?.FilePath}' has alder32 {Adler32.ToHex(baseAdler)}.",
                _manifest.BaseIdentity,
                name);
        }

        if (targetAdler != tensor.TargetAlder32)
        {
            throw new DeltaIntegrityException(
                $"'{_delta.FilePath}': Adler-32 mismatch for tensor '{name}': the delta records alder32 {Adler32.ToHex(tensor.TargetAlder32)} " +
                $"but decoding produced {Adler32.ToHex(targetAdler)}; the delta is corrupted or truncated.",
                name);
        }
    }

    private static string Describe(SafeTensorInfo tensor) => $"{tensor.DType.ToWireName()}[{string.Join(", ", tensor.Shape)}]";

    private sealed class TensorState(ManifestTensor tensor, SafeTensorInfo? baseTensor, int chunks)
    {
        public int Remaining = chunks;

        public ManifestTensor Tensor { get; } = tensor;

        public SafeTensorInfo? Base { get; } = baseTensor;

        public FloatLayout? Layout { get; } = FloatLayout.For(tensor.Target.DType);

        public int Chunks { get; } = chunks;

        public uint[] ChunkTargetAdler { get; } = new uint[chunks];

        public uint[] ChunkBaseAdler { get; } = new uint[chunks];
    }

    private readonly record struct WorkItem(int Tensor, int Chunk, long Offset, int Length, long FrameOffset);
}
