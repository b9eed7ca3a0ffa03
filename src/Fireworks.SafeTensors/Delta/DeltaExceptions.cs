namespace Fireworks.Delta;

/// <summary>A delta file is not a valid <see cref="DeltaFormat.Name"/> delta (bad metadata, frames or layout).</summary>
public class DeltaFormatException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public DeltaFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The underlying error.</param>
    public DeltaFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The base given to decode is not the one the delta was made against: the message says
/// "this delta was made against …" with the recorded identity and checksum.
/// </summary>
public sealed class DeltaBaseMismatchException : DeltaFormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Starts with "this delta was made against".</param>
    /// <param name="expectedBaseIdentity">Identity recorded in the delta.</param>
    /// <param name="tensorName">The tensor whose base did not match, when one did.</param>
    public DeltaBaseMismatchException(string message, string? expectedBaseIdentity, string? tensorName)
        : base(message)
    {
        ExpectedBaseIdentity = expectedBaseIdentity;
        TensorName = tensorName;
    }

    /// <summary>The base identity recorded in the delta.</summary>
    public string? ExpectedBaseIdentity { get; }

    /// <summary>The tensor whose base checksum or layout did not match, if the mismatch was found at a tensor.</summary>
    public string? TensorName { get; }
}

/// <summary>A delta is corrupted or truncated: a tensor's data does not decode or its Adler-32 does not match.</summary>
public sealed class DeltaIntegrityException : DeltaFormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Names the tensor and the check that failed.</param>
    /// <param name="tensorName">The tensor whose data is bad.</param>
    /// <param name="innerException">The decompressor's error, if any.</param>
    public DeltaIntegrityException(string message, string tensorName, Exception? innerException = null)
        : base(message, innerException)
    {
        TensorName = tensorName;
    }

    /// <summary>The tensor whose data is bad.</summary>
    public string TensorName { get; }
}
