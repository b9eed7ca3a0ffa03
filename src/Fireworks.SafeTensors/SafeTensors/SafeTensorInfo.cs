namespace Fireworks.SafeTensors;

/// <summary>What a tensor to be written is: its name, element type and shape.</summary>
/// <param name="Name">Tensor name (any string except <c>__metadata__</c>).</param>
/// <param name="DType">Element type.</param>
/// <param name="Shape">Dimensions; empty for a scalar.</param>
public sealed record SafeTensorSpec(string Name, SafeTensorsDType DType, IReadOnlyList<long> Shape)
{
    /// <summary>Number of elements (the product of <see cref="Shape"/>; 1 for a scalar).</summary>
    /// <exception cref="OverflowException">The product does not fit in 64 bits.</exception>
    public long ElementCount
    {
        get
        {
            var count = 1L;
            foreach (var dimension in Shape)
            {
                count = checked(count * dimension);
            }

            return count;
        }
    }

    /// <summary>Number of data bytes the tensor occupies.</summary>
    public long ByteLength => checked(ElementCount * DType.SizeInBytes());
}

/// <summary>One validated tensor entry of a safetensors header.</summary>
public sealed class SafeTensorInfo
{
    internal SafeTensorInfo(string name, SafeTensorsDType dtype, long[] shape, long dataStart, long dataEnd, int index)
    {
        Name = name;
        DType = dtype;
        Shape = shape;
        DataStart = dataStart;
        DataEnd = dataEnd;
        Index = index;
    }

    /// <summary>Tensor name.</summary>
    public string Name { get; }

    /// <summary>Element type.</summary>
    public SafeTensorsDType DType { get; }

    /// <summary>Dimensions; empty for a scalar.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Start of the tensor's bytes, relative to the start of the data section.</summary>
    public long DataStart { get; }

    /// <summary>End (exclusive) of the tensor's bytes, relative to the start of the data section.</summary>
    public long DataEnd { get; }

    /// <summary>Number of data bytes.</summary>
    public long ByteLength => DataEnd - DataStart;

    /// <summary>Number of elements.</summary>
    public long ElementCount => ByteLength / DType.SizeInBytes();

    /// <summary>Position of the entry in the header's JSON object (metadata excluded).</summary>
    public int Index { get; }

    /// <summary>Whether <paramref name="other"/> has the same dtype and shape.</summary>
    /// <param name="other">The tensor to compare with.</param>
    /// <returns><see langword="true"/> when the dtype and every dimension match.</returns>
    public bool HasSameLayout(SafeTensorInfo other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return DType == other.DType && Shape.SequenceEqual(other.Shape);
    }

    /// <summary>The tensor as a spec (name, dtype, shape).</summary>
    /// <returns>A spec with the same name, dtype and shape.</returns>
    public SafeTensorSpec ToSpec() => new(Name, DType, Shape);

    /// <inheritdoc />
    public override string ToString() => $"{Name} {DType.ToWireName()}[{string.Join(", ", Shape)}] @ [{DataStart}, {DataEnd})";
}
