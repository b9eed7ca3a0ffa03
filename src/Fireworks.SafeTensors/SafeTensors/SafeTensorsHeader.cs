using System.Buffers;
using System.Collections.ObjectModel;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Fireworks.SafeTensors;

/// <summary>Limits applied while reading safetensors files.</summary>
public sealed record SafeTensorsReadOptions
{
    /// <summary>The largest header accepted, 100 MB by default (the reference implementation's limit).</summary>
    public long MaxHeaderLength { get; init; } = 100_000_000;

    /// <summary>The default options.</summary>
    public static SafeTensorsReadOptions Default { get; } = new();
}

/// <summary>
/// A validated safetensors header: tensor entries (dtype, shape, data offsets) and the optional
/// <c>__metadata__</c> string map. Parsing checks everything the format requires — UTF-8, JSON shape, known dtypes,
/// dtype × shape = byte length, offsets contiguous from 0 with no gap or overlap and covering the data section exactly.
/// </summary>
public sealed class SafeTensorsHeader
{
    /// <summary>The reserved key of the metadata map.</summary>
    public const string MetadataKey = "__metadata__";

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = 64,
    };

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };

    private readonly Dictionary<string, SafeTensorInfo> _byName;

    private SafeTensorsHeader(List<SafeTensorInfo> tensors, IReadOnlyDictionary<string, string>? metadata, long dataLength)
    {
        Tensors = tensors.AsReadOnly();
        _byName = new Dictionary<string, SafeTensorInfo>(tensors.Count, StringComparer.Ordinal);
        foreach (var tensor in tensors)
        {
            _byName.Add(tensor.Name, tensor);
        }

        TensorsByOffset = tensors.OrderBy(t => t.DataStart).ThenBy(t => t.DataEnd).ThenBy(t => t.Index).ToList().AsReadOnly();
        Metadata = metadata;
        DataLength = dataLength;
    }

    /// <summary>Tensor entries in the order the JSON object lists them.</summary>
    public IReadOnlyList<SafeTensorInfo> Tensors { get; }

    /// <summary>Tensor entries in data-section order.</summary>
    public IReadOnlyList<SafeTensorInfo> TensorsByOffset { get; }

    /// <summary>The <c>__metadata__</c> map, or <see langword="null"/> when the header has none.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; }

    /// <summary>Total length of the data section in bytes.</summary>
    public long DataLength { get; }

    /// <summary>Looks up a tensor by name.</summary>
    /// <param name="name">Tensor name.</param>
    /// <returns>The tensor entry.</returns>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    public SafeTensorInfo this[string name] =>
        _byName.TryGetValue(name, out var tensor) ? tensor : throw new KeyNotFoundException($"The header has no tensor named '{name}'.");

    /// <summary>Looks up a tensor by name.</summary>
    /// <param name="name">Tensor name.</param>
    /// <param name="tensor">The entry when found.</param>
    /// <returns><see langword="true"/> when a tensor has that name.</returns>
    public bool TryGetTensor(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SafeTensorInfo? tensor) =>
        _byName.TryGetValue(name, out tensor);

    /// <summary>Lays out a new header: tensors get consecutive data offsets in the given order.</summary>
    /// <param name="tensors">Tensors in file order.</param>
    /// <param name="metadata">Optional <c>__metadata__</c> map.</param>
    /// <returns>The header.</returns>
    /// <exception cref="ArgumentException">A name is duplicated or reserved, or a shape is negative or overflows.</exception>
    public static SafeTensorsHeader Create(IEnumerable<SafeTensorSpec> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var list = new List<SafeTensorInfo>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        long offset = 0;
        foreach (var spec in tensors)
        {
            ArgumentNullException.ThrowIfNull(spec);
            ArgumentNullException.ThrowIfNull(spec.Name, nameof(tensors));
            if (spec.Name == MetadataKey || !names.Add(spec.Name))
            {
                throw new ArgumentException($"Tensor name '{spec.Name}' is reserved or duplicated.", nameof(tensors));
            }

            if (spec.Shape.Any(d => d < 0))
            {
                throw new ArgumentException($"Tensor '{spec.Name}' has a negative dimension.", nameof(tensors));
            }

            _ = spec.DType.SizeInBytes();
            long length;
            try
            {
                length = spec.ByteLength;
            }
            catch (OverflowException ex)
            {
                throw new ArgumentException($"Tensor '{spec.Name}' is too large: its shape overflows 64 bits.", nameof(tensors), ex);
            }

            list.Add(new SafeTensorInfo(spec.Name, spec.DType, spec.Shape.ToArray(), offset, checked(offset + length), list.Count));
            offset += length;
        }

        var meta = metadata is null ? null : new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(metadata, StringComparer.Ordinal));
        return new SafeTensorsHeader(list, meta, offset);
    }

    /// <summary>Parses and validates header JSON.</summary>
    /// <param name="json">The header bytes (what follows the 8-byte length prefix).</param>
    /// <param name="dataLength">Length of the data section that follows the header.</param>
    /// <returns>The validated header.</returns>
    /// <exception cref="SafeTensorsFormatException">Anything about the header is invalid.</exception>
    public static SafeTensorsHeader Parse(ReadOnlySpan<byte> json, long dataLength)
    {
        if (dataLength < 0)
        {
            throw new SafeTensorsFormatException($"The data section length {dataLength} is negative.");
        }

        if (json.IsEmpty || json[0] != (byte)'{')
        {
            throw new SafeTensorsFormatException("The header must be a JSON object starting with '{'.");
        }

        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            throw new SafeTensorsFormatException("The header is not valid UTF-8.");
        }

        try
        {
            return ParseCore(json, dataLength);
        }
        catch (JsonException ex)
        {
            throw new SafeTensorsFormatException($"The header is not valid JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // Utf8JsonReader.GetString throws this for escapes that decode to invalid UTF-16 (lone surrogates).
            throw new SafeTensorsFormatException($"The header contains an invalid string: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Serialises the header as compact JSON (<c>__metadata__</c> first, then tensors in <see cref="Tensors"/> order),
    /// padded with spaces to a multiple of <paramref name="alignment"/> bytes as the reference implementation does.
    /// </summary>
    /// <param name="alignment">Pad the JSON to a multiple of this many bytes (1 = no padding).</param>
    /// <returns>The header bytes, without the 8-byte length prefix.</returns>
    public byte[] ToUtf8Bytes(int alignment = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(alignment, 1);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            if (Metadata is not null)
            {
                writer.WriteStartObject(MetadataKey);
                foreach (var (key, value) in Metadata)
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
            }

            foreach (var tensor in Tensors)
            {
                writer.WriteStartObject(tensor.Name);
                writer.WriteString("dtype", tensor.DType.ToWireName());
                writer.WriteStartArray("shape");
                foreach (var dimension in tensor.Shape)
                {
                    writer.WriteNumberValue(dimension);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(tensor.DataStart);
                writer.WriteNumberValue(tensor.DataEnd);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        var padded = (buffer.WrittenCount + alignment - 1) / alignment * alignment;
        var bytes = new byte[padded];
        buffer.WrittenSpan.CopyTo(bytes);
        bytes.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return bytes;
    }

    private static SafeTensorsHeader ParseCore(ReadOnlySpan<byte> json, long dataLength)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject, "The header must be a JSON object.");
        var tensors = new List<SafeTensorInfo>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        Dictionary<string, string>? metadata = null;
        var sawMetadata = false;
        while (true)
        {
            Expect(reader.Read(), "The header JSON ends early.");
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            var name = reader.GetString()!;
            if (name == MetadataKey)
            {
                Expect(!sawMetadata, "The header has more than one __metadata__ entry.");
                sawMetadata = true;
                metadata = ReadMetadata(ref reader);
                continue;
            }

            Expect(names.Add(name), $"Tensor '{name}' appears more than once in the header.");
            tensors.Add(ReadTensor(ref reader, name, tensors.Count));
        }

        // Only whitespace may follow the object (the reference writer pads with spaces).
        Expect(!reader.Read(), "The header has data after its JSON object.");
        ValidateLayout(tensors, dataLength);
        var meta = metadata is null ? null : new ReadOnlyDictionary<string, string>(metadata);
        return new SafeTensorsHeader(tensors, meta, dataLength);
    }

    private static Dictionary<string, string>? ReadMetadata(ref Utf8JsonReader reader)
    {
        Expect(reader.Read(), "The header JSON ends early.");
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(reader.TokenType == JsonTokenType.StartObject, "__metadata__ must be an object of string values.");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            Expect(reader.Read(), "The header JSON ends early.");
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return metadata;
            }

            var key = reader.GetString()!;
            Expect(reader.Read() && reader.TokenType == JsonTokenType.String, $"__metadata__ value '{key}' must be a string.");
            Expect(metadata.TryAdd(key, reader.GetString()!), $"__metadata__ key '{key}' appears more than once.");
        }
    }

    private static SafeTensorInfo ReadTensor(ref Utf8JsonReader reader, string name, int index)
    {
        Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject, $"Tensor '{name}' must be an object.");
        SafeTensorsDType? dtype = null;
        List<long>? shape = null;
        List<long>? offsets = null;
        while (true)
        {
            Expect(reader.Read(), "The header JSON ends early.");
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            var property = reader.GetString();
            switch (property)
            {
                case "dtype":
                    Expect(dtype is null, $"Tensor '{name}' has more than one dtype.");
                    Expect(reader.Read() && reader.TokenType == JsonTokenType.String, $"Tensor '{name}' dtype must be a string.");
                    var wire = reader.GetString()!;
                    Expect(SafeTensorsDTypeExtensions.TryParseWireName(wire, out var parsed), $"Tensor '{name}' has unsupported dtype '{wire}'.");
                    dtype = parsed;
                    break;
                case "shape":
                    Expect(shape is null, $"Tensor '{name}' has more than one shape.");
                    shape = ReadIntegers(ref reader, name, "shape");
                    break;
                case "data_offsets":
                    Expect(offsets is null, $"Tensor '{name}' has more than one data_offsets.");
                    offsets = ReadIntegers(ref reader, name, "data_offsets");
                    Expect(offsets.Count == 2, $"Tensor '{name}' data_offsets must be [begin, end].");
                    break;
                default:
                    // Unknown fields are tolerated (as the reference reader does) but must still be well-formed JSON.
                    Expect(reader.Read(), "The header JSON ends early.");
                    reader.Skip();
                    break;
            }
        }

        Expect(dtype is not null, $"Tensor '{name}' has no dtype.");
        Expect(shape is not null, $"Tensor '{name}' has no shape.");
        Expect(offsets is not null, $"Tensor '{name}' has no data_offsets.");
        var (begin, end) = (offsets![0], offsets[1]);
        Expect(begin <= end, $"Tensor '{name}' data_offsets [{begin}, {end}] end before they begin.");
        long expected;
        try
        {
            expected = 1;
            foreach (var dimension in shape!)
            {
                expected = checked(expected * dimension);
            }

            expected = checked(expected * dtype!.Value.SizeInBytes());
        }
        catch (OverflowException ex)
        {
            throw new SafeTensorsFormatException($"Tensor '{name}' shape [{string.Join(", ", shape!)}] overflows 64 bits.", ex);
        }

        Expect(
            end - begin == expected,
            $"Tensor '{name}' is {dtype!.Value.ToWireName()}[{string.Join(", ", shape)}] = {expected} bytes but its data_offsets [{begin}, {end}] span {end - begin}.");
        return new SafeTensorInfo(name, dtype.Value, shape.ToArray(), begin, end, index);
    }

    private static List<long> ReadIntegers(ref Utf8JsonReader reader, string name, string field)
    {
        Expect(reader.Read() && reader.TokenType == JsonTokenType.StartArray, $"Tensor '{name}' {field} must be an array.");
        var values = new List<long>();
        while (true)
        {
            Expect(reader.Read(), "The header JSON ends early.");
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return values;
            }

            Expect(
                reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) && value >= 0,
                $"Tensor '{name}' {field} must hold non-negative integers.");
            values.Add(reader.GetInt64());
        }
    }

    private static void ValidateLayout(List<SafeTensorInfo> tensors, long dataLength)
    {
        long expectedStart = 0;
        SafeTensorInfo? previous = null;
        foreach (var tensor in tensors.OrderBy(t => t.DataStart).ThenBy(t => t.DataEnd))
        {
            if (tensor.DataStart != expectedStart)
            {
                var where = previous is null ? "the start of the data section" : $"tensor '{previous.Name}' (ends at {expectedStart})";
                var what = tensor.DataStart > expectedStart ? "leaves a gap after" : "overlaps";
                throw new SafeTensorsFormatException($"Tensor '{tensor.Name}' at [{tensor.DataStart}, {tensor.DataEnd}) {what} {where}.");
            }

            expectedStart = tensor.DataEnd;
            previous = tensor;
        }

        if (expectedStart != dataLength)
        {
            throw new SafeTensorsFormatException(
                expectedStart > dataLength
                    ? $"The data section is {dataLength} bytes but tensor '{previous!.Name}' ends at {expectedStart}: the file is truncated."
                    : $"The tensors cover {expectedStart} bytes but the data section is {dataLength} bytes: the file has trailing data.");
        }
    }

    private static void Expect(bool condition, string message)
    {
        if (!condition)
        {
            throw new SafeTensorsFormatException(message);
        }
    }
}
