using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Fireworks;

/// <summary>
/// CRC-32C (Castagnoli), the checksum Google Cloud Storage reports in <c>x-goog-hash: crc32c=…</c>. The BCL's
/// <see cref="BitOperations.Crc32C(uint, ulong)"/> uses the CPU's CRC instructions where present; System.IO.Hashing
/// has no Castagnoli variant.
/// </summary>
internal struct Crc32C
{
    private uint _state;

    public Crc32C() => _state = uint.MaxValue;

    public readonly uint Value => ~_state;

    public void Append(ReadOnlySpan<byte> data)
    {
        var crc = _state;
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (var word in words)
        {
            crc = BitOperations.Crc32C(crc, BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word));
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
}
