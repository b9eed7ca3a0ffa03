namespace Fireworks.SafeTensors;

/// <summary>A safetensors file or header is malformed: the message names what is wrong and where.</summary>
public class SafeTensorsFormatException : IOException
{
    /// <summary>Creates the exception with a message naming the problem.</summary>
    /// <param name="message">What is wrong.</param>
    public SafeTensorsFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the low-level cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The parser or I/O error behind it.</param>
    public SafeTensorsFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
