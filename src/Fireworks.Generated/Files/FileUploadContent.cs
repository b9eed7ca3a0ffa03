using System.Buffers;
using System.Net;

namespace Fireworks;

/// <summary>
/// A request body that streams a slice of a file from disk in pooled buffers, computing its CRC-32C and reporting
/// each buffer sent; memory use does not depend on the file's size.
/// </summary>
internal sealed class FileUploadContent : HttpContent
{
    internal const int BufferSize = 512 * 1024;
    private readonly string _path;
    private readonly long _offset;
    private readonly long _length;
    private readonly Crc32C _initialCrc;
    private readonly Action<long> _sent;

    /// <param name="path">The file.</param>
    /// <param name="offset">Where the slice starts.</param>
    /// <param name="length">How many bytes it has.</param>
    /// <param name="initialCrc">The CRC-32C of the file's bytes before <paramref name="offset"/>.</param>
    /// <param name="sent">Receives the bytes of this slice sent so far.</param>
    public FileUploadContent(string path, long offset, long length, Crc32C initialCrc, Action<long> sent)
    {
        _path = path;
        _offset = offset;
        _length = length;
        _initialCrc = initialCrc;
        _sent = sent;
        Crc = initialCrc;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
    }

    /// <summary>The CRC-32C of the file from its start to the end of what this content has sent.</summary>
    public Crc32C Crc { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var crc = _initialCrc;
        Crc = crc;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            if (file.Length < _offset + _length)
            {
                throw new IOException($"'{_path}' shrank while it was being uploaded (now {file.Length} bytes, expected at least {_offset + _length}).");
            }

            file.Position = _offset;
            long sent = 0;
            while (sent < _length)
            {
                var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(BufferSize, _length - sent)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException($"'{_path}' ended after {_offset + sent} bytes while it was being uploaded.");
                }

                crc.Append(buffer.AsSpan(0, read));
                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                sent += read;
                Crc = crc;
                _sent(sent);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
