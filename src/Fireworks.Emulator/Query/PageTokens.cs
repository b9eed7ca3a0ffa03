using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Fireworks.Emulator;

/// <summary>Where the next page starts: after the resource created as <paramref name="Sequence"/>, whose order_by key was <paramref name="Key"/>.</summary>
internal sealed record PageCursor(long Sequence, JsonElement? Key);

/// <summary>
/// Opaque page tokens: the position after the last item returned (not an offset, so creates and deletes between
/// pages do not shift it) plus a fingerprint of the query, so a token used with a different filter, order or
/// collection is rejected (AIP-158) rather than silently skipping items.
/// </summary>
internal static class PageTokens
{
    /// <summary>The page size when the request gives none (or 0).</summary>
    public const int DefaultPageSize = 50;

    /// <summary>Larger requested page sizes are lowered to this.</summary>
    public const int MaxPageSize = 200;

    public static string Create(PageCursor cursor, string queryFingerprint) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture, $"v2|{cursor.Sequence}|{queryFingerprint}|{cursor.Key?.GetRawText()}")));

    /// <summary>The position a token stands for (null for no token: the first page).</summary>
    /// <exception cref="ApiException">INVALID_ARGUMENT: the token is malformed or belongs to another query.</exception>
    public static PageCursor? Read(string? token, string queryFingerprint)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw ApiException.InvalidArgument($"Invalid page_token '{token}': it was not returned by this service.");
        }

        var parts = text.Split('|', 4);
        if (parts.Length != 4 || parts[0] != "v2" || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            throw ApiException.InvalidArgument($"Invalid page_token '{token}': it was not returned by this service.");
        }

        if (parts[2] != queryFingerprint)
        {
            throw ApiException.InvalidArgument(
                "Invalid page_token: it belongs to a list request with a different filter, order_by or parent; repeat the original request's parameters.");
        }

        if (parts[3].Length == 0)
        {
            return new PageCursor(sequence, null);
        }

        try
        {
            using var key = JsonDocument.Parse(parts[3]);
            return key.RootElement.ValueKind == JsonValueKind.Array
                ? new PageCursor(sequence, key.RootElement.Clone())
                : throw ApiException.InvalidArgument($"Invalid page_token '{token}': it was not returned by this service.");
        }
        catch (JsonException)
        {
            throw ApiException.InvalidArgument($"Invalid page_token '{token}': it was not returned by this service.");
        }
    }

    /// <summary>A short fingerprint of everything that defines a list's result set.</summary>
    public static string Fingerprint(params string?[] parts)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts.Select(p => p ?? string.Empty))));
        return Convert.ToHexStringLower(bytes.AsSpan(0, 8));
    }

    /// <summary>Validates a requested page size and applies the default and the maximum.</summary>
    public static int EffectivePageSize(int? requested) => requested switch
    {
        null or 0 => DefaultPageSize,
        < 0 => throw ApiException.InvalidArgument($"page_size must not be negative, got {requested}."),
        > MaxPageSize => MaxPageSize,
        _ => requested.Value,
    };
}
