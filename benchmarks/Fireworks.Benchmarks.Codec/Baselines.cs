using Fireworks.Delta;
using ZstdSharp;

namespace Fireworks.Benchmarks.Codec;

/// <summary>The comparison points: plain zstd over the full next file, and over the unsplit XOR of the two files.</summary>
internal static class Baselines
{
    public const int Level = 3;
    private const int Block = 4 << 20;

    /// <summary>zstd (level 3, one stream, one thread) of the whole next file; returns the compressed size.</summary>
    public static long ZstdFile(string path)
    {
        using var counter = new CountingStream();
        using (var zstd = new CompressionStream(counter, Level, leaveOpen: true))
        using (var input = File.OpenRead(path))
        {
            input.CopyTo(zstd, Block);
        }

        return counter.Length;
    }

    /// <summary>zstd (level 3, one stream, one thread) of previous XOR next, byte for byte, without plane splitting.</summary>
    public static long ZstdXor(string previousPath, string nextPath)
    {
        using var counter = new CountingStream();
        using (var zstd = new CompressionStream(counter, Level, leaveOpen: true))
        using (var previous = File.OpenRead(previousPath))
        using (var next = File.OpenRead(nextPath))
        {
            var a = new byte[Block];
            var b = new byte[Block];
            var x = new byte[Block];
            int read;
            while ((read = next.ReadAtLeast(b, Block, throwOnEndOfStream: false)) > 0)
            {
                previous.ReadExactly(a, 0, read);
                BytePlanes.XorAny(a.AsSpan(0, read), b.AsSpan(0, read), x.AsSpan(0, read));
                zstd.Write(x, 0, read);
            }
        }

        return counter.Length;
    }

    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position
        {
            get => _length;
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
    }
}
