using BenchmarkDotNet.Attributes;
using Fireworks.Delta;
using Fireworks.SafeTensors;

namespace Fireworks.Benchmarks.Codec;

/// <summary>
/// The codec's hot loops on one 4 MiB chunk of a simulated BF16 update (lr 1e-4, the densest BF16 case), so each
/// result reads directly as per-core throughput: 4 MiB / mean time.
/// </summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private const int ChunkBytes = 4 << 20;
    private byte[] _previous = [];
    private byte[] _next = [];
    private byte[] _planes = [];
    private byte[] _output = [];
    private byte[] _tokens = [];
    private byte[] _values = [];
    private byte[] _frame = [];
    private int _frameLength;
    private int _tokenCount;
    private int _valueCount;
    private ChunkCodec? _codec;

    /// <summary>Learning rate of the simulated step.</summary>
    [Params(1e-5f, 1e-4f)]
    public float LearningRate { get; set; }

    /// <summary>Builds one chunk of previous/next weights and its encoded frame.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var checkpoint = SyntheticCheckpoint.Llama(1, SafeTensorsDType.BF16, 256L << 20);
        _previous = new byte[ChunkBytes];
        _next = new byte[ChunkBytes];
        checkpoint.Fill(1, 0, ChunkBytes / 2, LearningRate, _previous, _next);
        _planes = new byte[ChunkBytes];
        _output = new byte[ChunkBytes];
        _tokens = new byte[ZeroRuns.MaxTokens(ChunkBytes)];
        _values = new byte[ChunkBytes];
        _frame = new byte[WorkerBuffers.FrameCapacity(ChunkBytes)];
        _codec = ChunkCodec.Rent(DeltaCodec.DefaultCompressionLevel, DeltaCodec.DefaultTokenCompressionLevel);
        BytePlanes.XorSplit(_previous, _next, _planes, 2);
        (_tokenCount, _valueCount) = ZeroRuns.Tokenize(_planes.AsSpan(0, ChunkBytes / 2), _tokens, _values);
        _frameLength = _codec.Encode(_planes, 2, _frame, new byte[ZeroRuns.MaxTokens(ChunkBytes)], new byte[ChunkBytes]);
    }

    /// <summary>Adler-32 of 4 MiB.</summary>
    [Benchmark]
    public uint Adler32Chunk() => Adler32.Compute(_next);

    /// <summary>XOR and split into two byte planes.</summary>
    [Benchmark]
    public bool XorSplit() => BytePlanes.XorSplit(_previous, _next, _planes, 2);

    /// <summary>Merge two byte planes and XOR with the base.</summary>
    [Benchmark]
    public void MergeXor() => BytePlanes.MergeXor(_planes, _previous, _output, 2);

    /// <summary>Zero-run tokenisation of the low byte plane (the busy one).</summary>
    [Benchmark]
    public int TokenizeLowPlane() => ZeroRuns.Tokenize(_planes.AsSpan(0, ChunkBytes / 2), _tokens, _values).Tokens;

    /// <summary>Scatter the low plane's values back into an interleaved chunk.</summary>
    [Benchmark]
    public bool ScatterLowPlane() => ZeroRuns.ScatterXor(_tokens.AsSpan(0, _tokenCount), _values.AsSpan(0, _valueCount), _output, 2, 0, ChunkBytes / 2);

    /// <summary>Whole chunk encode from planes to frame (tokenise + zstd), as a worker does it.</summary>
    [Benchmark]
    public int EncodeChunk() => _codec!.Encode(_planes, 2, _frame, _tokens, _values);

    /// <summary>Whole chunk decode from frame onto the base chunk.</summary>
    [Benchmark]
    public string? DecodeChunk()
    {
        _previous.CopyTo(_output, 0);
        return _codec!.Decode(_frame.AsSpan(0, _frameLength), _output, 2, _planes, _tokens, _values);
    }
}
