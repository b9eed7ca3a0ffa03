using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Fireworks.SafeTensors;
using ZstdSharp;

namespace Fireworks.Delta;

/// <summary>The per-tensor record stored as JSON text in <c>__metadata__["fwdelta.tensor.&lt;name&gt;"]</c>.</summary>
internal sealed class TensorRecord
{
    [JsonPropertyName("encoding")]
    public string Encoding { get; set; } = string.Empty;

    [JsonPropertyName("base_alder32")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? BaseAlder32 { get; set; }

    [JsonPropertyName("target_alder32")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TargetAlder32 { get; set; }

    [JsonPropertyName("frames")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long[]? Frames { get; set; }
}

[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(TensorRecord))]
internal sealed partial class DeltaJsonContext : JsonSerializerContext;

/// <summary>A target tensor of a delta with everything needed to decode it.</summary>
internal sealed record ManifestTensor(SafeTensorInfo Target, DeltaTensorEncoding Encoding, uint TargetAlder32, uint BaseAlder32, SafeTensorInfo Entry, long[] Frames);

/// <summary>A delta file's validated metadata: what it was made against and how to rebuild the target.</summary>
internal sealed class DeltaManifest
{
    private const int Base64Limit = 140_000_000;

    private DeltaManifest(
        int version,
        string baseIdentity, int chunkBytes, long targetLength, byte[] targetHeaderBytes, SafeTensorsHeader targetHeader,
        IReadOnlyList<ManifestTensor> tensors, IReadOnlyList<string> removed)
    {
        Version = version;
        BaseIdentity = baseIdentity;
        ChunkBytes = chunkBytes;
        TargetLength = targetLength;
        TargetHeaderBytes = targetHeaderBytes;
        TargetHeader = targetHeader;
        Tensors = tensors;
        Removed = removed;
    }

    /// <summary>The format version (1 or 2); its name is <see cref="DeltaFormat.NameOf"/>.</summary>
    public int Version { get; }

    public string BaseIdentity { get; }

    public int ChunkBytes { get; }

    public long TargetLength { get; }

    public byte[] TargetHeaderBytes { get; }

    public SafeTensorsHeader TargetHeader { get; }

    /// <summary>Target tensors in data-section order.</summary>
    public IReadOnlyList<ManifestTensor> Tensors { get; }

    /// <summary>Names of base tensors the target no longer has.</summary>
    public IReadOnlyList<string> Removed { get; }

    /// <summary>The record <c>encoding</c> of a tensor coded against its base: <c>xor</c> in version 1, <c>delta</c> in version 2.</summary>
    public static string AgainstBaseEncoding(int version) => version == DeltaFormat.V1Version ? "xor" : "delta";

    /// <summary>Upper bound of a frame of a chunk of <paramref name="chunkLength"/> bytes of <paramref name="dtype"/>.</summary>
    public static int MaxFrameLength(int version, int chunkLength, SafeTensorsDType dtype) => version == DeltaFormat.V1Version
        ? ChunkCodec.MaxFrameLength(chunkLength, dtype.SizeInBytes())
        : ChunkFramesV2.MaxFrameLength(chunkLength, dtype.SizeInBytes(), FloatLayout.For(dtype));

    public static string RecordJson(TensorRecord record) => JsonSerializer.Serialize(record, DeltaJsonContext.Default.TensorRecord);

    public static string EncodeTargetHeader(ReadOnlySpan<byte> rawHeader)
    {
        using var compressor = new Compressor(19);
        return Convert.ToBase64String(compressor.Wrap(rawHeader));
    }

    /// <summary>Reads and validates the metadata of an open delta file.</summary>
    /// <exception cref="DeltaFormatException">The file is not a delta of this format and version, or its metadata is inconsistent.</exception>
    public static DeltaManifest Read(SafeTensorsFile delta)
    {
        var path = delta.FilePath;
        var meta = delta.Metadata;
        if (!DeltaFormat.IsDelta(meta))
        {
            throw new DeltaFormatException(
                $"'{path}' is not a {DeltaFormat.Name} or {DeltaFormat.V1Name} delta (its __metadata__ has no \"{DeltaFormat.FormatKey}\" naming either).");
        }

        string Get(string key) => meta!.TryGetValue(key, out var value)
            ? value
            : throw new DeltaFormatException($"'{path}': delta metadata lacks \"{key}\".");

        var formatName = Get(DeltaFormat.FormatKey);
        var formatVersion = formatName == DeltaFormat.Name ? DeltaFormat.Version : DeltaFormat.V1Version;
        var version = Get(DeltaFormat.VersionKey);
        if (version != formatVersion.ToString(CultureInfo.InvariantCulture))
        {
            throw new DeltaFormatException($"'{path}' is {formatName} version {version}; this library reads {formatName} version {formatVersion}.");
        }

        var againstBase = AgainstBaseEncoding(formatVersion);

        if (Get(DeltaFormat.ChecksumKey) != DeltaFormat.ChecksumFormat)
        {
            throw new DeltaFormatException($"'{path}': unsupported checksum format '{Get(DeltaFormat.ChecksumKey)}'.");
        }

        var baseIdentity = Get(DeltaFormat.BaseIdentityKey);
        if (!int.TryParse(Get(DeltaFormat.ChunkBytesKey), NumberStyles.None, CultureInfo.InvariantCulture, out var chunkBytes)
            || chunkBytes < DeltaFormat.MinChunkBytes || chunkBytes > DeltaFormat.MaxChunkBytes || chunkBytes % 8 != 0)
        {
            throw new DeltaFormatException($"'{path}': invalid chunk size '{Get(DeltaFormat.ChunkBytesKey)}'.");
        }

        if (!long.TryParse(Get(DeltaFormat.TargetLengthKey), NumberStyles.None, CultureInfo.InvariantCulture, out var targetLength) || targetLength < 10)
        {
            throw new DeltaFormatException($"'{path}': invalid target length '{Get(DeltaFormat.TargetLengthKey)}'.");
        }

        var headerBytes = DecodeTargetHeader(path, Get(DeltaFormat.TargetHeaderKey), targetLength);
        if (Adler32.ToHex(Adler32.Compute(headerBytes)) != Get(DeltaFormat.TargetHeaderChecksumKey))
        {
            throw new DeltaIntegrityException($"'{path}': the target header's Adler-32 does not match; the delta is corrupted.", "(header)");
        }

        SafeTensorsHeader targetHeader;
        try
        {
            targetHeader = SafeTensorsHeader.Parse(headerBytes, targetLength - 8 - headerBytes.Length);
        }
        catch (SafeTensorsFormatException ex)
        {
            throw new DeltaFormatException($"'{path}': the recorded target header is invalid: {ex.Message}", ex);
        }

        var tensors = new List<ManifestTensor>(targetHeader.Tensors.Count);
        foreach (var target in targetHeader.TensorsByOffset)
        {
            var record = ReadRecord(path, meta!, target.Name);
            var encoding = record.Encoding == againstBase ? DeltaTensorEncoding.Xor
                : record.Encoding == "full" ? DeltaTensorEncoding.Full
                : throw new DeltaFormatException($"'{path}': tensor '{target.Name}' has encoding '{record.Encoding}', expected {againstBase} or full.");
            if (!delta.Header.TryGetTensor(target.Name, out var entry) || entry.DType != SafeTensorsDType.U8 || entry.Shape.Count != 1)
            {
                throw new DeltaFormatException($"'{path}': tensor '{target.Name}' has no U8 data entry in the delta.");
            }

            var frames = record.Frames ?? throw new DeltaFormatException($"'{path}': tensor '{target.Name}' has no frame list.");
            var expectedFrames = (target.ByteLength + chunkBytes - 1) / chunkBytes;
            if (frames.Length != expectedFrames)
            {
                throw new DeltaFormatException($"'{path}': tensor '{target.Name}' lists {frames.Length} frames, expected {expectedFrames}.");
            }

            long sum = 0;
            for (var i = 0; i < frames.Length; i++)
            {
                var chunkLength = (int)Math.Min(chunkBytes, target.ByteLength - ((long)i * chunkBytes));
                if (frames[i] < 0 || frames[i] > MaxFrameLength(formatVersion, chunkLength, target.DType))
                {
                    throw new DeltaFormatException($"'{path}': tensor '{target.Name}' frame {i} has impossible length {frames[i]}.");
                }

                sum += frames[i];
            }

            if (sum != entry.ByteLength)
            {
                throw new DeltaIntegrityException(
                    $"'{path}': tensor '{target.Name}' frames add up to {sum} bytes but its data entry holds {entry.ByteLength}; the delta is corrupted.",
                    target.Name);
            }

            var targetAdler = ParseChecksum(path, target.Name, record.TargetAlder32);
            var baseAdler = encoding == DeltaTensorEncoding.Xor ? ParseChecksum(path, target.Name, record.BaseAlder32) : 0u;
            tensors.Add(new ManifestTensor(target, encoding, targetAdler, baseAdler, entry, frames));
        }

        var removed = new List<string>();
        foreach (var (key, _) in meta!)
        {
            if (!key.StartsWith(DeltaFormat.TensorKeyPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = key[DeltaFormat.TensorKeyPrefix.Length..];
            if (targetHeader.TryGetTensor(name, out _))
            {
                continue;
            }

            var record = ReadRecord(path, meta, name);
            if (record.Encoding != "removed")
            {
                throw new DeltaFormatException($"'{path}': tensor record '{name}' is not in the target header and is not marked removed.");
            }

            removed.Add(name);
        }

        if (delta.Header.Tensors.Count != tensors.Count)
        {
            throw new DeltaFormatException($"'{path}': the delta has {delta.Header.Tensors.Count} data entries for {tensors.Count} target tensors.");
        }

        return new DeltaManifest(formatVersion, baseIdentity, chunkBytes, targetLength, headerBytes, targetHeader, tensors, removed);
    }

    private static byte[] DecodeTargetHeader(string path, string base64, long targetLength)
    {
        if (base64.Length > Base64Limit)
        {
            throw new DeltaFormatException($"'{path}': the recorded target header is too large.");
        }

        var compressed = new byte[Base64.GetMaxDecodedFromUtf8Length(base64.Length)];
        if (!Convert.TryFromBase64String(base64, compressed, out var compressedLength))
        {
            throw new DeltaFormatException($"'{path}': the recorded target header is not valid base64.");
        }

        try
        {
            var size = Decompressor.GetDecompressedSize(compressed.AsSpan(0, compressedLength));
            if (size < 2 || size > (ulong)SafeTensorsReadOptions.Default.MaxHeaderLength || size > (ulong)(targetLength - 8))
            {
                throw new DeltaFormatException($"'{path}': the recorded target header declares an impossible size {size}.");
            }

            var header = new byte[(int)size];
            using var decompressor = new Decompressor();
            var written = decompressor.Unwrap(compressed.AsSpan(0, compressedLength), header);
            return written == header.Length
                ? header
                : throw new DeltaFormatException($"'{path}': the recorded target header is truncated.");
        }
        catch (ZstdException ex)
        {
            throw new DeltaFormatException($"'{path}': the recorded target header does not decompress: {ex.Message}", ex);
        }
    }

    private static TensorRecord ReadRecord(string path, IReadOnlyDictionary<string, string> meta, string name)
    {
        if (!meta.TryGetValue(DeltaFormat.TensorKeyPrefix + name, out var json))
        {
            throw new DeltaFormatException($"'{path}': tensor '{name}' has no \"{DeltaFormat.TensorKeyPrefix}{name}\" record.");
        }

        try
        {
            return JsonSerializer.Deserialize(json, DeltaJsonContext.Default.TensorRecord)
                ?? throw new DeltaFormatException($"'{path}': tensor '{name}' record is null.");
        }
        catch (JsonException ex)
        {
            throw new DeltaFormatException($"'{path}': tensor '{name}' record is not valid JSON: {ex.Message}", ex);
        }
    }

    private static uint ParseChecksum(string path, string name, string? hex) =>
        hex is { Length: 8 } && uint.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new DeltaFormatException($"'{path}': tensor '{name}' has an invalid {DeltaFormat.ChecksumFormat} checksum '{hex}'.");
}
