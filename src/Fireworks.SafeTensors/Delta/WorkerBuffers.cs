using System.Collections.Concurrent;
using Fireworks.SafeTensors;
using ZstdSharp;

namespace Fireworks.Delta;

/// <summary>
/// One worker's chunk buffers. Encoders and decoders run once per shard per training step, so sets are kept in a
/// small pool (at most one per core per chunk size) instead of being reallocated: the process's memory stays flat
/// across steps and is bounded by cores × chunk size, never by shard size.
/// </summary>
internal sealed class WorkerBuffers
{
    private static readonly ConcurrentDictionary<int, ConcurrentBag<WorkerBuffers>> Pool = new();
    private static readonly ConcurrentDictionary<int, ConcurrentBag<byte[]>> Frames = new();
    private const int MaxExponents = 2048;
    private byte[]? _frame;

    private WorkerBuffers(int chunkBytes)
    {
        ChunkBytes = chunkBytes;
        Data = GC.AllocateUninitializedArray<byte>(chunkBytes);
        Scratch = GC.AllocateUninitializedArray<byte>(ZeroRuns.MaxTokens(chunkBytes));
        Planes = GC.AllocateUninitializedArray<byte>(chunkBytes);
        Values = GC.AllocateUninitializedArray<byte>(chunkBytes);
        Grouped = GC.AllocateUninitializedArray<byte>(chunkBytes + Math.Max(VectorGroups.Padding, VectorGroups.GroupSlack));
        Keys = GC.AllocateUninitializedArray<ushort>(chunkBytes / 2);
    }

    public int ChunkBytes { get; }

    /// <summary>A chunk of tensor data (encode: the target chunk; decode: base chunk turned into target chunk).</summary>
    public byte[] Data { get; }

    /// <summary>Encode: the base chunk, then run tokens. Decode: run tokens. At least <see cref="ZeroRuns.MaxTokens"/> of a chunk.</summary>
    public byte[] Scratch { get; }

    /// <summary>Byte planes of a chunk.</summary>
    public byte[] Planes { get; }

    /// <summary>Zero-run values of a plane.</summary>
    public byte[] Values { get; }

    /// <summary>Version 2: a chunk's ULP deltas grouped by base exponent, with room after them for the vector kernels (<see cref="VectorGroups.Padding"/>, <see cref="VectorGroups.GroupSlack"/>).</summary>
    public byte[] Grouped { get; }

    /// <summary>Version 2: the base exponent of each element of a chunk.</summary>
    public ushort[] Keys { get; }

    /// <summary>Version 2: per-segment exponent counts.</summary>
    public int[] Counts { get; } = new int[UlpDeltas.Segments * MaxExponents];

    /// <summary>Version 2: element count of each exponent value in a chunk.</summary>
    public int[] Totals { get; } = new int[MaxExponents];

    /// <summary>Version 2: per-segment group cursors.</summary>
    public int[] Cursors { get; } = new int[UlpDeltas.Segments * (MaxExponents + 1)];

    /// <summary>Version 2: group sizes.</summary>
    public int[] Sizes { get; } = new int[MaxExponents + 1];

    /// <summary>One chunk frame (decoders; encoders hand frames over and rent a fresh one per chunk).</summary>
    public byte[] Frame => _frame ??= RentFrame(ChunkBytes);

    /// <summary>
    /// Bytes a frame buffer needs: the frame of any element width, including the moment the last plane's zero-run
    /// streams are compressed after every earlier plane took its largest dense size (w = 1 is the worst case).
    /// </summary>
    public static int FrameCapacity(int chunkBytes)
    {
        var xor = new[] { 1, 2, 4, 8 }.Max(w =>
        {
            var plane = chunkBytes / w;
            return 1 + (w * ChunkCodec.DescriptorLength) + ((w - 1) * Compressor.GetCompressBound(plane))
                + Compressor.GetCompressBound(ZeroRuns.MaxTokens(plane)) + Compressor.GetCompressBound(plane);
        });

        // Version 2's exponent groups: every group at its bound, plus the last plane's zero-run attempt.
        var ulp = new[] { SafeTensorsDType.BF16, SafeTensorsDType.F16, SafeTensorsDType.F32, SafeTensorsDType.F64 }.Max(dtype =>
        {
            var layout = FloatLayout.For(dtype)!.Value;
            var plane = chunkBytes / layout.Width;
            return ChunkFramesV2.MaxFrameLength(chunkBytes, layout.Width, layout)
                + Compressor.GetCompressBound(ZeroRuns.MaxTokens(plane)) + Compressor.GetCompressBound(plane);
        });
        return Math.Max(xor, ulp);
    }

    /// <summary>A frame buffer of <see cref="FrameCapacity"/> bytes for this chunk size.</summary>
    public static byte[] RentFrame(int chunkBytes) =>
        Frames.GetOrAdd(chunkBytes, _ => []).TryTake(out var frame) ? frame : GC.AllocateUninitializedArray<byte>(FrameCapacity(chunkBytes));

    /// <summary>Returns a frame buffer (kept while fewer than a few per core are pooled).</summary>
    public static void ReturnFrame(int chunkBytes, byte[] frame)
    {
        var bag = Frames.GetOrAdd(chunkBytes, _ => []);
        if (bag.Count < 4 * Environment.ProcessorCount)
        {
            bag.Add(frame);
        }
    }

    public static WorkerBuffers Rent(int chunkBytes) =>
        Pool.GetOrAdd(chunkBytes, _ => []).TryTake(out var buffers) ? buffers : new WorkerBuffers(chunkBytes);

    public static void Return(WorkerBuffers buffers)
    {
        var bag = Pool.GetOrAdd(buffers.ChunkBytes, _ => []);
        if (bag.Count < Environment.ProcessorCount)
        {
            bag.Add(buffers);
        }
    }
}
