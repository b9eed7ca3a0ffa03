using System.Text;
using System.Text.Json;
using Fireworks.Models;
using Fireworks.Serialization;

namespace Fireworks;

/// <summary>
/// A google.longrunning.Operation finished with an <c>error</c>. It is a <see cref="FireworksException"/>
/// whose <see cref="FireworksException.StatusCode"/>, <see cref="FireworksException.ServerMessage"/> and
/// <see cref="FireworksException.Details"/> are those of the operation's error (there is no HTTP status:
/// the request that reported it succeeded).
/// </summary>
public class OperationFailedException : FireworksException
{
    private readonly string _message;

    /// <summary>Creates an exception with a generic message.</summary>
    public OperationFailedException()
        : this("A long-running Fireworks operation failed.")
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    /// <param name="message">The message.</param>
    public OperationFailedException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/> and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public OperationFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
        _message = message;
        OperationName = string.Empty;
    }

    /// <summary>Creates the exception for an operation that finished with an error.</summary>
    /// <param name="operation">The finished operation; its <c>error</c> gives the code, message and details.</param>
    /// <param name="operationId">The call that started it, e.g. <c>Gateway_ImportModel</c>.</param>
    public OperationFailedException(LongRunningOperation operation, string operationId)
        : this(operation, operationId, operation?.Error?.Message ?? string.Empty, DetailsOf(operation?.Error))
    {
    }

    /// <summary>
    /// The exception the SDK throws: the error's message and details pass through <paramref name="redactor"/>, since
    /// the server may quote the API key or a secret the starting call sent (an import's storage credentials).
    /// </summary>
    internal OperationFailedException(LongRunningOperation operation, string operationId, SecretRedactor redactor)
        : this(operation, operationId, redactor.Redact(operation?.Error?.Message ?? string.Empty), [.. DetailsOf(operation?.Error).Select(detail => Redacted(detail, redactor))])
    {
    }

    private OperationFailedException(LongRunningOperation? operation, string operationId, string serverMessage, List<JsonElement> details)
        : base(
            operationId,
            operation?.Error?.Code ?? Code.Numbers.Unknown,
            httpStatus: 0,
            serverMessage,
            details: details)
    {
        ArgumentNullException.ThrowIfNull(operation);
        Operation = operation;
        OperationName = operation.Name ?? string.Empty;
        var builder = new StringBuilder("Operation ")
            .Append(string.IsNullOrEmpty(OperationName) ? "(unnamed)" : OperationName);
        if (!string.IsNullOrEmpty(operationId))
        {
            builder.Append(" (").Append(operationId).Append(')');
        }

        builder.Append(" failed: ").Append(CodeName);
        if (!string.IsNullOrEmpty(ServerMessage))
        {
            builder.Append(": ").Append(ServerMessage);
        }

        _message = builder.ToString();
    }

    /// <summary>The operation's name, e.g. <c>accounts/my-account/operations/123</c>.</summary>
    public string OperationName { get; }

    /// <summary>The operation as last read, or null when the exception was not created from one.</summary>
    public LongRunningOperation? Operation { get; }

    /// <inheritdoc />
    public override string Message => _message;

    /// <summary>A detail with the secrets cut from its strings; still JSON, or a JSON string when cutting broke it.</summary>
    private static JsonElement Redacted(JsonElement detail, SecretRedactor redactor)
    {
        var json = detail.GetRawText();
        var redacted = redactor.RedactBody(json);
        if (string.Equals(redacted, json, StringComparison.Ordinal))
        {
            return detail;
        }

        try
        {
            using var document = JsonDocument.Parse(redacted);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            using var text = JsonDocument.Parse("\"" + JsonEncodedText.Encode(redacted) + "\"");
            return text.RootElement.Clone();
        }
    }

    private static List<JsonElement> DetailsOf(RpcStatus? error) =>
        error?.Details is { } details
            ? [.. details.Select(static detail => JsonSerializer.SerializeToElement(detail, FireworksJsonContext.Default.ProtobufAny))]
            : [];
}
