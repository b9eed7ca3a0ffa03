using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Fireworks;

/// <summary>
/// Turns a non-2xx response into a <see cref="FireworksException"/>: reads the whole body (up to
/// <see cref="MaxBodyBytes"/>), parses google.rpc.Status (<c>{"code": 5 | "NOT_FOUND", "message", "details"}</c>,
/// also the nested <c>{"error": {...}}</c> form), and falls back to the text of a non-JSON body.
/// </summary>
internal static class ErrorResponseParser
{
    /// <summary>Error bodies longer than this are cut (proxies' HTML error pages can be large).</summary>
    internal const int MaxBodyBytes = 1 << 20;

    /// <summary>Non-JSON bodies are quoted in the message up to this many characters.</summary>
    internal const int MaxMessageChars = 512;

    private static readonly string[] RequestIdHeaders =
        ["x-request-id", "x-fireworks-request-id", "request-id", "x-correlation-id"];

    private static readonly IReadOnlyList<JsonElement> NoDetails = [];

    internal static async Task<FireworksException> CreateExceptionAsync(
        HttpResponseMessage response,
        string operationId,
        SecretRedactor redactor,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var httpStatus = (int)response.StatusCode;

        // Redacted before parsing, so the message and details are read from the redacted document.
        var rawBody = redactor.RedactBody(await ReadBodyAsync(response.Content, cancellationToken).ConfigureAwait(false));
        var (code, message, details) = ParseStatus(rawBody, httpStatus);
        if (string.IsNullOrEmpty(message))
        {
            message = string.IsNullOrEmpty(rawBody) ? response.ReasonPhrase ?? "(empty response body)" : string.Empty;
        }

        return new FireworksException(
            operationId,
            code,
            httpStatus,
            redactor.Redact(message),
            details,
            GetRequestId(response, redactor),
            rawBody,
            GetRetryAfter(response, timeProvider));
    }

    /// <summary>Parses a google.rpc.Status body; <paramref name="httpStatus"/> supplies the code when the body has none.</summary>
    internal static (int Code, string Message, IReadOnlyList<JsonElement> Details) ParseStatus(string body, int httpStatus)
    {
        var code = RpcCodes.FromHttpStatus(httpStatus);
        if (string.IsNullOrWhiteSpace(body))
        {
            return (code, string.Empty, NoDetails);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            switch (root.ValueKind)
            {
                case JsonValueKind.Object:
                    return ParseStatusObject(root, code);
                case JsonValueKind.String:
                    return (code, root.GetString() ?? string.Empty, NoDetails);
                default:
                    return (code, Snippet(body), NoDetails);
            }
        }
        catch (JsonException)
        {
            return (code, Snippet(body), NoDetails);
        }
    }

    private static (int Code, string Message, IReadOnlyList<JsonElement> Details) ParseStatusObject(JsonElement root, int httpDerivedCode)
    {
        var status = root;
        var nested = false;
        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            // Google's HTTP error envelope: {"error": {"code": <HTTP status>, "status": "NOT_FOUND", "message": ...}}.
            status = error;
            nested = true;
        }

        var code = httpDerivedCode;
        if (nested && TryGetString(status, "status", out var statusName) && RpcCodes.TryParseName(statusName, out var named))
        {
            code = named;
        }
        else if (status.TryGetProperty("code", out var codeElement))
        {
            code = ParseCode(codeElement, nested) ?? httpDerivedCode;
        }

        var message = TryGetString(status, "message", out var text) ? text
            : TryGetString(root, "error", out text) ? text
            : TryGetString(root, "detail", out text) ? text
            : TryGetString(root, "message", out text) ? text
            : string.Empty;

        IReadOnlyList<JsonElement> details = NoDetails;
        if (status.TryGetProperty("details", out var detailsElement) && detailsElement.ValueKind == JsonValueKind.Array)
        {
            var list = new JsonElement[detailsElement.GetArrayLength()];
            var index = 0;
            foreach (var detail in detailsElement.EnumerateArray())
            {
                // Clone: the elements must outlive the document disposed on return.
                list[index++] = detail.Clone();
            }

            details = list;
        }

        return (code, message, details);
    }

    private static int? ParseCode(JsonElement element, bool nested)
    {
        switch (element.ValueKind)
        {
            // In the nested envelope a numeric code is the HTTP status, not a google.rpc code.
            case JsonValueKind.Number when !nested && element.TryGetInt32(out var number) && number is > 0 and <= 16:
                return number;
            case JsonValueKind.String:
                var value = element.GetString();
                if (RpcCodes.TryParseName(value, out var named))
                {
                    return named;
                }

                if (!nested && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is > 0 and <= 16)
                {
                    return parsed;
                }

                return null;
            default:
                return null;
        }
    }

    private static bool TryGetString(JsonElement element, string name, out string value)
    {
        if (element.ValueKind == JsonValueKind.Object
            && element.TryGetProperty(name, out var property)
            && property.ValueKind == JsonValueKind.String
            && property.GetString() is { Length: > 0 } text)
        {
            value = text;
            return true;
        }

        value = string.Empty;
        return false;
    }

    /// <summary>One line of at most <see cref="MaxMessageChars"/> characters from a non-JSON body.</summary>
    internal static string Snippet(string body)
    {
        var builder = new StringBuilder(Math.Min(body.Length, MaxMessageChars + 1));
        var pendingSpace = false;
        foreach (var character in body)
        {
            if (char.IsWhiteSpace(character) || char.IsControl(character))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            if (builder.Length >= MaxMessageChars)
            {
                builder.Append('…');
                break;
            }

            builder.Append(character);
        }

        return builder.ToString();
    }

    /// <summary>The first non-blank request-id header, redacted (a proxy may echo anything into it).</summary>
    internal static string? GetRequestId(HttpResponseMessage response, SecretRedactor redactor)
    {
        foreach (var header in RequestIdHeaders)
        {
            if (response.Headers.TryGetValues(header, out var values))
            {
                foreach (var value in values)
                {
                    if (!string.IsNullOrWhiteSpace(value))
                    {
                        return redactor.Redact(value.Trim());
                    }
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The delay the server asked for: <c>retry-after-ms</c> (milliseconds) first, then
    /// <c>Retry-After</c> as seconds or as an HTTP date (relative to <paramref name="timeProvider"/>'s clock).
    /// </summary>
    internal static TimeSpan? GetRetryAfter(HttpResponseMessage response, TimeProvider timeProvider)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var values))
        {
            foreach (var value in values)
            {
                if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)
                    && milliseconds >= 0 && milliseconds < TimeSpan.MaxValue.TotalMilliseconds)
                {
                    return TimeSpan.FromMilliseconds(milliseconds);
                }
            }
        }

        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static async Task<string> ReadBodyAsync(HttpContent? content, CancellationToken cancellationToken)
    {
        if (content is null)
        {
            return string.Empty;
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[content.Headers.ContentLength is { } length and >= 0 and < MaxBodyBytes ? (int)length + 1 : 8192];
            var total = 0;
            while (total < MaxBodyBytes)
            {
                if (total == buffer.Length)
                {
                    Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxBodyBytes));
                }

                var read = await stream.ReadAsync(buffer.AsMemory(total, Math.Min(buffer.Length, MaxBodyBytes) - total), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            return Encoding.UTF8.GetString(buffer, 0, total);
        }
    }
}
