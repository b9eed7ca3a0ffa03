using System.Buffers.Binary;
using System.Collections.Concurrent;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Fireworks.Delta;

/// <summary>
/// Encodes and decodes one chunk frame (see docs/delta-format.md): a 17-byte descriptor per byte plane followed by the
/// planes' zstd payloads. One instance per worker: it owns reusable zstd contexts and is not thread-safe.
/// </summary>
internal sealed class ChunkCodec : IDisposable
{
    public const int DescriptorLength = 17;
    public const byte ModeZero = 0;
    public const byte ModeDense = 1;
    public const byte ModeZeroRun = 2;
    public const byte ModeStored = 3;

    // A plane whose sampled order-0 entropy is above this many bits per byte is stored as is: Huffman coding could
    // save under 1.5% of it, while zstd would spend most of a chunk's encode time finding that out (F32 low bytes).
    private const double StoredEntropyBits = 7.9;
    private const int EntropySample = 16 * 1024;

    /// <summary>
    /// Planes with at least this share of zero bytes are zero-run tokenised (measured: any value in 0.2–0.5 picks the
    /// same modes on weight deltas, whose planes are either nearly random or mostly zero).
    /// </summary>
    public const double DefaultZeroRunShare = 0.4;

    // zstd contexts are costly to create and the codec runs once per shard per training step: keep a few per setting.
    private static readonly ConcurrentDictionary<(int Dense, int Token), ConcurrentBag<ChunkCodec>> Pool = new();

    private readonly Compressor _dense;
    private readonly Compressor _tokens;
    private readonly Decompressor _decompressor = new();
    private readonly (int Dense, int Token) _levels;

    private ChunkCodec(int denseLevel, int tokenLevel)
    {
        _levels = (denseLevel, tokenLevel);
        _dense = CreateCompressor(denseLevel);
        _tokens = CreateCompressor(tokenLevel);
    }

    /// <summary>Takes a codec for these levels from the pool, or creates one.</summary>
    public static ChunkCodec Rent(int denseLevel, int tokenLevel) =>
        Pool.GetOrAdd((denseLevel, tokenLevel), _ => []).TryTake(out var codec) ? codec : new ChunkCodec(denseLevel, tokenLevel);

    /// <summary>Returns a codec to the pool (or disposes it when the pool is full).</summary>
    public static void Return(ChunkCodec codec)
    {
        var bag = Pool.GetOrAdd(codec._levels, _ => []);
        if (bag.Count < Environment.ProcessorCount * 2)
        {
            bag.Add(codec);
        }
        else
        {
            codec.Dispose();
        }
    }

    /// <summary>Upper bound of a frame's length for a chunk of <paramref name="chunkLength"/> bytes of <paramref name="width"/>-byte elements.</summary>
    public static int MaxFrameLength(int chunkLength, int width) =>
        width * (DescriptorLength + Compressor.GetCompressBound(chunkLength / width));

    /// <summary>
    /// Length of the frame at the start of <paramref name="frame"/>, read from its plane descriptors, for frames that
    /// follow each other (version 2's exponent groups); -1 when a descriptor has an unknown mode or the descriptors are cut.
    /// </summary>
    public static long FrameLength(ReadOnlySpan<byte> frame, int width)
    {
        var header = width * DescriptorLength;
        if (frame.Length < header)
        {
            return -1;
        }

        long length = header;
        for (var p = 0; p < width; p++)
        {
            var d = frame.Slice(p * DescriptorLength, DescriptorLength);
            length += d[0] switch
            {
                ModeZero => 0,
                ModeDense or ModeStored => BinaryPrimitives.ReadUInt32LittleEndian(d[1..]),
                ModeZeroRun => (long)BinaryPrimitives.ReadUInt32LittleEndian(d[5..]) + BinaryPrimitives.ReadUInt32LittleEndian(d[13..]),
                _ => -1L - length,
            };
            if (length < 0)
            {
                return -1;
            }
        }

        return length;
    }

    /// <summary>
    /// Encodes XOR planes into <paramref name="frame"/>; <paramref name="tokens"/> and <paramref name="values"/> are
    /// scratch (at least <see cref="ZeroRuns.MaxTokens"/> and plane length bytes). Planes with at least
    /// <paramref name="zeroRunShare"/> zero bytes are tried as zero-run planes (above 1: never).
    /// </summary>
    /// <returns>The frame length.</returns>
    public int Encode(
        ReadOnlySpan<byte> planes, int width, Span<byte> frame, Span<byte> tokens, Span<byte> values, double zeroRunShare = DefaultZeroRunShare, bool denseAtTokenLevel = false)
    {
        var count = planes.Length / width;
        var bound = Compressor.GetCompressBound(count);
        var position = width * DescriptorLength;
        frame[..position].Clear();
        for (var p = 0; p < width; p++)
        {
            var plane = planes.Slice(p * count, count);
            var descriptor = frame.Slice(p * DescriptorLength, DescriptorLength);
            var zeros = plane.Count((byte)0);
            if (zeros == count)
            {
                descriptor[0] = ModeZero;
                continue;
            }

            if (zeros >= count * zeroRunShare)
            {
                var (tokenCount, valueCount) = ZeroRuns.Tokenize(plane, tokens, values);
                var tokenBytes = _tokens.Wrap(tokens[..tokenCount], frame[position..]);
                var valueBytes = _tokens.Wrap(values[..valueCount], frame[(position + tokenBytes)..]);
                if (tokenBytes + valueBytes <= bound)
                {
                    descriptor[0] = ModeZeroRun;
                    BinaryPrimitives.WriteInt32LittleEndian(descriptor[1..], tokenCount);
                    BinaryPrimitives.WriteInt32LittleEndian(descriptor[5..], tokenBytes);
                    BinaryPrimitives.WriteInt32LittleEndian(descriptor[9..], valueCount);
                    BinaryPrimitives.WriteInt32LittleEndian(descriptor[13..], valueBytes);
                    position += tokenBytes + valueBytes;
                    continue;
                }
            }

            if (zeros < count / 64 && SampledEntropy(plane) > StoredEntropyBits)
            {
                plane.CopyTo(frame[position..]);
                descriptor[0] = ModeStored;
                BinaryPrimitives.WriteInt32LittleEndian(descriptor[1..], count);
                position += count;
                continue;
            }

            var denseBytes = (denseAtTokenLevel ? _tokens : _dense).Wrap(plane, frame[position..]);
            descriptor[0] = ModeDense;
            BinaryPrimitives.WriteInt32LittleEndian(descriptor[1..], denseBytes);
            position += denseBytes;
        }

        return position;
    }

    /// <summary>
    /// Applies a frame to <paramref name="output"/>, which holds the base chunk (or zeros for a tensor stored whole):
    /// afterwards it holds the target chunk. Scratch buffers: <paramref name="planes"/> (chunk length),
    /// <paramref name="tokens"/> (<see cref="ZeroRuns.MaxTokens"/> of the plane length), <paramref name="values"/> (plane length).
    /// </summary>
    /// <returns>An error description, or <see langword="null"/> on success.</returns>
    public string? Decode(ReadOnlySpan<byte> frame, Span<byte> output, int width, Span<byte> planes, Span<byte> tokens, Span<byte> values)
    {
        if (frame.IsEmpty)
        {
            return null;
        }

        var count = output.Length / width;
        var header = width * DescriptorLength;
        if (frame.Length < header)
        {
            return $"frame of {frame.Length} bytes is shorter than its {header}-byte plane descriptors";
        }

        // Validate every descriptor and the payload total before touching the output.
        long payload = 0;
        var anyDense = false;
        for (var p = 0; p < width; p++)
        {
            var d = frame.Slice(p * DescriptorLength, DescriptorLength);
            var a = BinaryPrimitives.ReadUInt32LittleEndian(d[1..]);
            var b = BinaryPrimitives.ReadUInt32LittleEndian(d[5..]);
            var c = BinaryPrimitives.ReadUInt32LittleEndian(d[9..]);
            var e = BinaryPrimitives.ReadUInt32LittleEndian(d[13..]);
            switch (d[0])
            {
                case ModeZero when a == 0 && b == 0 && c == 0 && e == 0:
                    break;
                case ModeDense when b == 0 && c == 0 && e == 0:
                    payload += a;
                    anyDense = true;
                    break;
                case ModeStored when a == count && b == 0 && c == 0 && e == 0:
                    payload += a;
                    anyDense = true;
                    break;
                case ModeZeroRun when a <= ZeroRuns.MaxTokens(count) && c <= count:
                    payload += b + (long)e;
                    break;
                default:
                    return $"plane {p} has an invalid descriptor (mode {d[0]})";
            }
        }

        if (header + payload != frame.Length)
        {
            return $"plane payloads add up to {header + payload} bytes but the frame is {frame.Length}";
        }

        var position = header;
        for (var p = 0; p < width; p++)
        {
            var d = frame.Slice(p * DescriptorLength, DescriptorLength);
            var a = (int)BinaryPrimitives.ReadUInt32LittleEndian(d[1..]);
            switch (d[0])
            {
                case ModeZero:
                    if (anyDense)
                    {
                        planes.Slice(p * count, count).Clear();
                    }

                    break;
                case ModeStored:
                    frame.Slice(position, count).CopyTo(planes.Slice(p * count, count));
                    position += count;
                    break;
                case ModeDense:
                    var plane = planes.Slice(p * count, count);
                    var error = Decompress(frame.Slice(position, a), plane, $"plane {p}");
                    if (error is not null)
                    {
                        return error;
                    }

                    position += a;
                    break;
                default:
                    var tokenBytes = (int)BinaryPrimitives.ReadUInt32LittleEndian(d[5..]);
                    var valueCount = (int)BinaryPrimitives.ReadUInt32LittleEndian(d[9..]);
                    var valueBytes = (int)BinaryPrimitives.ReadUInt32LittleEndian(d[13..]);
                    var tokenSpan = tokens[..a];
                    var valueSpan = values[..valueCount];
                    error = Decompress(frame.Slice(position, tokenBytes), tokenSpan, $"plane {p} run tokens")
                        ?? Decompress(frame.Slice(position + tokenBytes, valueBytes), valueSpan, $"plane {p} values");
                    if (error is not null)
                    {
                        return error;
                    }

                    position += tokenBytes + valueBytes;
                    var ok = anyDense
                        ? ClearAndScatter(tokenSpan, valueSpan, planes.Slice(p * count, count))
                        : ZeroRuns.ScatterXor(tokenSpan, valueSpan, output, width, p, count);
                    if (!ok)
                    {
                        return $"plane {p} run tokens do not fit the chunk";
                    }

                    break;
            }
        }

        if (anyDense)
        {
            BytePlanes.MergeXor(planes[..output.Length], output, output, width);
        }

        return null;
    }

    public void Dispose()
    {
        _dense.Dispose();
        _tokens.Dispose();
        _decompressor.Dispose();
    }

    /// <summary>Order-0 entropy (bits per byte) of an evenly spaced sample of the plane; deterministic.</summary>
    private static double SampledEntropy(ReadOnlySpan<byte> plane)
    {
        Span<int> counts = stackalloc int[256];
        counts.Clear();
        var step = Math.Max(1, plane.Length / EntropySample);
        var samples = 0;
        for (var i = 0; i < plane.Length; i += step)
        {
            counts[plane[i]]++;
            samples++;
        }

        double bits = 0;
        foreach (var c in counts)
        {
            if (c > 0)
            {
                var q = (double)c / samples;
                bits -= q * Math.Log2(q);
            }
        }

        return bits;
    }

    private static bool ClearAndScatter(ReadOnlySpan<byte> tokens, ReadOnlySpan<byte> values, Span<byte> plane)
    {
        plane.Clear();
        return ZeroRuns.ScatterXor(tokens, values, plane, 1, 0, plane.Length);
    }

    private static Compressor CreateCompressor(int level)
    {
        var compressor = new Compressor(level);
        // Negative (fast) levels switch Huffman coding of literals off; the planes and token streams are almost all
        // literals, so keep it on. No frame checksum: Adler-32 per tensor covers integrity.
        compressor.SetParameter(ZSTD_cParameter.ZSTD_c_experimentalParam5, (int)ZSTD_paramSwitch_e.ZSTD_ps_enable);
        compressor.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 0);
        compressor.SetParameter(ZSTD_cParameter.ZSTD_c_contentSizeFlag, 1);
        return compressor;
    }

    private string? Decompress(ReadOnlySpan<byte> source, Span<byte> destination, string what)
    {
        int written;
        try
        {
            written = _decompressor.Unwrap(source, destination);
        }
        catch (ZstdException ex)
        {
            return $"{what} do not decompress ({ex.Message})";
        }

        return written == destination.Length ? null : $"{what} decompress to {written} bytes, expected {destination.Length}";
    }
}
