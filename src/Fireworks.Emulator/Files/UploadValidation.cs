using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Fireworks.Emulator;

/// <summary>What the emulator checks before a dataset, model or evaluator upload becomes usable; errors name the file.</summary>
internal static class UploadValidation
{
    /// <summary>Every promised file is stored with its promised size.</summary>
    public static void RequireAllFiles(FileStore store, string kind, string resourceId)
    {
        var promised = store.PromisedSizes(kind, resourceId)
            ?? throw ApiException.FailedPrecondition($"No upload was started for {kind} '{resourceId}': call its upload endpoint first.");
        foreach (var (name, size) in promised.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var stored = store.Find(kind, resourceId, name)
                ?? throw ApiException.FailedPrecondition($"'{name}' was never uploaded (it is in filenameToSize).");
            if (stored.Length != size)
            {
                throw ApiException.FailedPrecondition($"'{name}' has {stored.Length} bytes, but filenameToSize promised {size}.");
            }
        }
    }

    /// <summary>Each non-blank line of each file is a JSON object; returns the number of examples.</summary>
    public static long JsonLines(FileStore store, string kind, string resourceId)
    {
        long examples = 0;
        foreach (var name in store.FileNames(kind, resourceId))
        {
            using var reader = new StreamReader(store.Find(kind, resourceId, name)!.Path, Encoding.UTF8);
            var number = 0;
            while (reader.ReadLine() is { } line)
            {
                number++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                try
                {
                    using var document = JsonDocument.Parse(line);
                    if (document.RootElement.ValueKind != JsonValueKind.Object)
                    {
                        throw ApiException.InvalidArgument($"'{name}' line {number} is a JSON {document.RootElement.ValueKind}, not an object.");
                    }
                }
                catch (JsonException exception)
                {
                    throw ApiException.InvalidArgument($"'{name}' line {number} is not valid JSON: {exception.Message}");
                }

                examples++;
            }
        }

        return examples;
    }

    /// <summary>A Hugging Face checkpoint: a <c>config.json</c> object and at least one safetensors file with a readable header.</summary>
    public static void ModelDirectory(FileStore store, string resourceId)
    {
        var names = store.FileNames("models", resourceId);
        var config = store.Find("models", resourceId, "config.json")
            ?? throw ApiException.InvalidArgument($"The model upload has no config.json (files: {string.Join(", ", names)}).");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(config.Path));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw ApiException.InvalidArgument("'config.json' is not a JSON object.");
            }
        }
        catch (JsonException exception)
        {
            throw ApiException.InvalidArgument($"'config.json' is not valid JSON: {exception.Message}");
        }

        var shards = names.Where(n => n.EndsWith(".safetensors", StringComparison.Ordinal)).ToList();
        if (shards.Count == 0)
        {
            throw ApiException.InvalidArgument($"The model upload has no *.safetensors file (files: {string.Join(", ", names)}).");
        }

        foreach (var shard in shards)
        {
            SafeTensorsHeader(shard, store.Find("models", resourceId, shard)!);
        }
    }

    /// <summary>A <c>.tar.gz</c> with at least one regular file.</summary>
    public static void SourceArchive(FileStore store, string resourceId)
    {
        foreach (var name in store.FileNames("evaluators", resourceId))
        {
            var files = 0;
            try
            {
                using var file = File.OpenRead(store.Find("evaluators", resourceId, name)!.Path);
                using var gzip = new GZipStream(file, CompressionMode.Decompress);
                using var tar = new TarReader(gzip);
                while (tar.GetNextEntry() is { } entry)
                {
                    files += entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile ? 1 : 0;
                }
            }
            catch (Exception exception) when (exception is InvalidDataException or FormatException or EndOfStreamException)
            {
                throw ApiException.InvalidArgument($"'{name}' is not a .tar.gz archive: {exception.Message}");
            }

            if (files == 0)
            {
                throw ApiException.InvalidArgument($"'{name}' contains no files.");
            }
        }
    }

    private static void SafeTensorsHeader(string name, StoredObject shard)
    {
        using var file = File.OpenRead(shard.Path);
        Span<byte> prefix = stackalloc byte[8];
        if (shard.Length < 8 || file.Read(prefix) != 8)
        {
            throw ApiException.InvalidArgument($"'{name}' is too short to be a safetensors file.");
        }

        var headerLength = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength == 0 || headerLength > (ulong)Math.Min(shard.Length - 8, 100_000_000))
        {
            throw ApiException.InvalidArgument($"'{name}' has an invalid safetensors header length ({headerLength}).");
        }

        var header = new byte[headerLength];
        file.ReadExactly(header);
        try
        {
            using var document = JsonDocument.Parse(header);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw ApiException.InvalidArgument($"'{name}' has a safetensors header that is not a JSON object.");
            }
        }
        catch (JsonException exception)
        {
            throw ApiException.InvalidArgument($"'{name}' has an unreadable safetensors header: {exception.Message}");
        }
    }
}
