using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Fireworks;

/// <summary>
/// CRC-32C (Castagnoli), the checksum Google Cloud Storage reports in <c>x-goog-hash: crc32c=…</c>. The BCL's
/// <see cref="BitOperations.Crc32C(uint, ulong)"/> uses the CPU's CRC instructions where present; System.IO.Hashing
/// (through 10.x) has no Castagnoli variant.
/// </summary>
/// <remarks>
/// One CRC instruction waits for the previous one's result (about 3 cycles), so a single chain runs at a third of what
/// the CPU can issue. Large inputs are cut into blocks of three lanes of <see cref="LaneWords"/> words, each lane its
/// own chain, and the lanes are joined with <see cref="ShiftOverLane"/>: the register is linear over GF(2), so the CRC
/// of A‖B from a start value s equals Shift(CRC of A from s) xor (CRC of B from 0).
/// </remarks>
internal struct Crc32C
{
    /// <summary>The words in one lane; a block is three lanes (96 KiB).</summary>
    internal const int LaneWords = 4096;

    /// <summary>
    /// The register moved over <see cref="LaneWords"/> zero words, as four byte-indexed tables (the operator is
    /// linear, so the four bytes of the register are shifted separately and xor-ed).
    /// </summary>
    private static readonly uint[] LaneShift = BuildLaneShift();

    private uint _state;

    public Crc32C() => _state = uint.MaxValue;

    public readonly uint Value => ~_state;

    public void Append(ReadOnlySpan<byte> data)
    {
        var crc = _state;
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        var blockWords = 3 * LaneWords;
        var blocks = words.Length / blockWords;
        ref var word = ref MemoryMarshal.GetReference(words);
        for (var block = 0; block < blocks; block++)
        {
            uint a = crc, b = 0, c = 0;
            for (var i = 0; i < LaneWords; i++)
            {
                a = BitOperations.Crc32C(a, Word(ref word, i));
                b = BitOperations.Crc32C(b, Word(ref word, i + LaneWords));
                c = BitOperations.Crc32C(c, Word(ref word, i + (2 * LaneWords)));
            }

            crc = ShiftOverLane(ShiftOverLane(a) ^ b) ^ c;
            word = ref Unsafe.Add(ref word, blockWords);
        }

        for (var i = blocks * blockWords; i < words.Length; i++)
        {
            crc = BitOperations.Crc32C(crc, Word(ref MemoryMarshal.GetReference(words), i));
        }

        foreach (var b in data[(words.Length * sizeof(ulong))..])
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        _state = crc;
    }

    /// <summary>The big-endian bytes of the checksum, base64 as in <c>x-goog-hash</c>.</summary>
    public readonly string ToBase64()
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, Value);
        return Convert.ToBase64String(bytes);
    }

    /// <summary>The CRC-32C of <paramref name="length"/> bytes of a file from its start.</summary>
    public static async Task<Crc32C> OfFileAsync(string path, long length, CancellationToken cancellationToken)
    {
        var crc = new Crc32C();
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            var remaining = length;
            while (remaining > 0)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                crc.Append(buffer.AsSpan(0, read));
                remaining -= read;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        return crc;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Word(ref ulong start, int index)
    {
        var value = Unsafe.Add(ref start, index);
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ShiftOverLane(uint crc)
    {
        var table = LaneShift;
        return table[(int)(crc & 0xFF)]
            ^ table[256 + (int)((crc >> 8) & 0xFF)]
            ^ table[512 + (int)((crc >> 16) & 0xFF)]
            ^ table[768 + (int)(crc >> 24)];
    }

    private static uint[] BuildLaneShift()
    {
        // The image of each of the 32 register bits, then every byte value of every byte position from those.
        Span<uint> bit = stackalloc uint[32];
        for (var i = 0; i < 32; i++)
        {
            var crc = 1u << i;
            for (var w = 0; w < LaneWords; w++)
            {
                crc = BitOperations.Crc32C(crc, 0UL);
            }

            bit[i] = crc;
        }

        var table = new uint[4 * 256];
        for (var position = 0; position < 4; position++)
        {
            for (var value = 1; value < 256; value++)
            {
                uint image = 0;
                for (var b = 0; b < 8; b++)
                {
                    if ((value & (1 << b)) != 0)
                    {
                        image ^= bit[(position * 8) + b];
                    }
                }

                table[(position * 256) + value] = image;
            }
        }

        return table;
    }
}
