using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Fireworks;

/// <summary>
/// Checks the checksums a storage answer carries (<c>x-goog-hash: crc32c=…,md5=…</c>, <c>Content-MD5</c>) against the
/// bytes on disk. CRC-32C is computed while streaming; MD5 only when it is the only checksum offered (a re-read).
/// </summary>
internal static class StorageChecksums
{
    public static (string? Crc32C, string? Md5) Read(HttpResponseMessage response)
    {
        string? crc = null, md5 = null;
        foreach (var header in new HttpHeaders?[] { response.Headers, response.Content?.Headers })
        {
            if (header is null)
            {
                continue;
            }

            if (header.TryGetValues("x-goog-hash", out var values))
            {
                foreach (var part in values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
                {
                    if (part.StartsWith("crc32c=", StringComparison.OrdinalIgnoreCase))
                    {
                        crc = part["crc32c=".Length..];
                    }
                    else if (part.StartsWith("md5=", StringComparison.OrdinalIgnoreCase))
                    {
                        md5 = part["md5=".Length..];
                    }
                }
            }

            if (md5 is null && header.TryGetValues("Content-MD5", out var contentMd5))
            {
                md5 = contentMd5.FirstOrDefault();
            }
        }

        return (crc, md5);
    }

    /// <summary>Throws a transient <see cref="FileTransferException"/> when a reported checksum differs from the local file's.</summary>
    public static async Task VerifyAsync(HttpResponseMessage response, string fileName, string localPath, long length, Crc32C? streamedCrc, string direction, CancellationToken cancellationToken)
    {
        var (crc, md5) = Read(response);
        if (crc is not null)
        {
            var actual = (streamedCrc ?? await Crc32C.OfFileAsync(localPath, length, cancellationToken).ConfigureAwait(false)).ToBase64();
            if (!string.Equals(actual, crc, StringComparison.Ordinal))
            {
                throw Mismatch(fileName, direction, "crc32c", crc, actual);
            }
        }
        else if (md5 is not null)
        {
            var actual = await Md5OfFileAsync(localPath, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(actual, md5, StringComparison.Ordinal))
            {
                throw Mismatch(fileName, direction, "md5", md5, actual);
            }
        }
    }

    private static FileTransferException Mismatch(string fileName, string direction, string algorithm, string reported, string actual) =>
        new(fileName, $"The {direction} of '{fileName}' is corrupt: the storage reports {algorithm} {reported}, the local bytes have {actual}.", isTransient: true);

    private static async Task<string> Md5OfFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Convert.ToBase64String(await MD5.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
    }
}
