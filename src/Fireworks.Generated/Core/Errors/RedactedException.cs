using System.Text;

namespace Fireworks;

/// <summary>
/// Stands in for an exception whose text revealed the API key (for example an exception thrown by a custom
/// <see cref="HttpMessageHandler"/> that quoted the <c>Authorization</c> header): it keeps the original's type
/// name, message, stack trace, inner exceptions and <see cref="Exception.Data"/>, with the key replaced by
/// <c>[REDACTED]</c>. The SDK puts it where the original would have been, usually as
/// <see cref="Exception.InnerException"/> of a <see cref="FireworksException"/>.
/// </summary>
public sealed class RedactedException : Exception
{
    private readonly string? _stackTrace;

    /// <summary>Creates an empty stand-in (for serializers and tests; the SDK uses the redacting constructor).</summary>
    public RedactedException()
        : this("An exception whose text revealed a secret.")
    {
    }

    /// <summary>Creates a stand-in with <paramref name="message"/>.</summary>
    /// <param name="message">The (already redacted) message.</param>
    public RedactedException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates a stand-in with <paramref name="message"/> and an inner exception.</summary>
    /// <param name="message">The (already redacted) message.</param>
    /// <param name="innerException">The (already redacted) cause, if any.</param>
    public RedactedException(string message, Exception? innerException)
        : base(message, innerException)
    {
        OriginalTypeName = typeof(RedactedException).FullName!;
    }

    internal RedactedException(Exception original, SecretRedactor redactor)
        : base(redactor.Redact(original.Message), InnerOf(original, redactor))
    {
        OriginalTypeName = original.GetType().FullName ?? original.GetType().Name;
        _stackTrace = redactor.RedactOrNull(original.StackTrace);
        HResult = original.HResult;
        redactor.CopyData(original.Data, Data);
    }

    /// <summary>The full name of the exception type this stands in for, e.g. <c>System.Net.Http.HttpRequestException</c>.</summary>
    public string OriginalTypeName { get; }

    /// <inheritdoc />
    public override string? StackTrace => _stackTrace ?? base.StackTrace;

    /// <summary>The original's text, as <see cref="Exception.ToString"/> prints it, under its original type name.</summary>
    /// <returns>The redacted description.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder(OriginalTypeName).Append(" (redacted)");
        if (Message.Length > 0)
        {
            builder.Append(": ").Append(Message);
        }

        if (InnerException is not null)
        {
            builder.Append(" ---> ").Append(InnerException.ToString()).AppendLine().Append("   --- End of inner exception stack trace ---");
        }

        if (StackTrace is { Length: > 0 } stackTrace)
        {
            builder.AppendLine().Append(stackTrace);
        }

        return builder.ToString();
    }

    private static Exception? InnerOf(Exception original, SecretRedactor redactor) => original switch
    {
        AggregateException aggregate => new AggregateException(redactor.Redact(aggregate.Message), aggregate.InnerExceptions.Select(redactor.Sanitize)),
        _ => redactor.SanitizeOrNull(original.InnerException),
    };
}
