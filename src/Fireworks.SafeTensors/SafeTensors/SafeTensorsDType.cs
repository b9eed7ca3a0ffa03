namespace Fireworks.SafeTensors;

/// <summary>The element types a safetensors file can declare, spelled as in the format's <c>dtype</c> field.</summary>
public enum SafeTensorsDType
{
    /// <summary>IEEE 754 binary64.</summary>
    F64,
    /// <summary>IEEE 754 binary32.</summary>
    F32,
    /// <summary>IEEE 754 binary16.</summary>
    F16,
    /// <summary>bfloat16 (the upper half of a binary32).</summary>
    BF16,
    /// <summary>Signed 64-bit integer.</summary>
    I64,
    /// <summary>Signed 32-bit integer.</summary>
    I32,
    /// <summary>Signed 16-bit integer.</summary>
    I16,
    /// <summary>Signed 8-bit integer.</summary>
    I8,
    /// <summary>Unsigned 64-bit integer.</summary>
    U64,
    /// <summary>Unsigned 32-bit integer.</summary>
    U32,
    /// <summary>Unsigned 16-bit integer.</summary>
    U16,
    /// <summary>Unsigned 8-bit integer.</summary>
    U8,
    /// <summary>Boolean stored as one byte.</summary>
    BOOL,
    /// <summary>8-bit float with 4 exponent and 3 mantissa bits.</summary>
    F8_E4M3,
    /// <summary>8-bit float with 5 exponent and 2 mantissa bits.</summary>
    F8_E5M2,
}

/// <summary>Sizes and wire names of <see cref="SafeTensorsDType"/> values.</summary>
public static class SafeTensorsDTypeExtensions
{
    private static readonly string[] WireNames =
        ["F64", "F32", "F16", "BF16", "I64", "I32", "I16", "I8", "U64", "U32", "U16", "U8", "BOOL", "F8_E4M3", "F8_E5M2"];

    /// <summary>Number of bytes one element of <paramref name="dtype"/> occupies.</summary>
    /// <param name="dtype">The element type.</param>
    /// <returns>1, 2, 4 or 8.</returns>
    public static int SizeInBytes(this SafeTensorsDType dtype) => dtype switch
    {
        SafeTensorsDType.F64 or SafeTensorsDType.I64 or SafeTensorsDType.U64 => 8,
        SafeTensorsDType.F32 or SafeTensorsDType.I32 or SafeTensorsDType.U32 => 4,
        SafeTensorsDType.F16 or SafeTensorsDType.BF16 or SafeTensorsDType.I16 or SafeTensorsDType.U16 => 2,
        SafeTensorsDType.I8 or SafeTensorsDType.U8 or SafeTensorsDType.BOOL or SafeTensorsDType.F8_E4M3 or SafeTensorsDType.F8_E5M2 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown safetensors dtype."),
    };

    /// <summary>The spelling of <paramref name="dtype"/> in a safetensors header.</summary>
    /// <param name="dtype">The element type.</param>
    /// <returns>For example <c>"BF16"</c>.</returns>
    public static string ToWireName(this SafeTensorsDType dtype) =>
        (uint)dtype < (uint)WireNames.Length
            ? WireNames[(int)dtype]
            : throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown safetensors dtype.");

    /// <summary>Parses a header <c>dtype</c> spelling (case-sensitive, as the format requires).</summary>
    /// <param name="wireName">For example <c>"F32"</c>.</param>
    /// <param name="dtype">The parsed element type.</param>
    /// <returns><see langword="true"/> when <paramref name="wireName"/> names a supported dtype.</returns>
    public static bool TryParseWireName(ReadOnlySpan<char> wireName, out SafeTensorsDType dtype)
    {
        for (var i = 0; i < WireNames.Length; i++)
        {
            if (wireName.SequenceEqual(WireNames[i]))
            {
                dtype = (SafeTensorsDType)i;
                return true;
            }
        }

        dtype = default;
        return false;
    }
}
