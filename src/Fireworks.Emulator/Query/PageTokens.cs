using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Fireworks.Emulator;

/// <summary>
/// Opaque page tokens: the offset of the next item plus a fingerprint of the query, so a token used with a
/// different filter, order or collection is rejected (AIP-158) rather than silently skipping items.
/// </summary>
internal static class PageTokens
{
    /// <summary>The page size when the request gives none (or 0).</summary>
    public const int DefaultPageSize = 50;

    /// <summary>Larger requested page sizes are lowered to this.</summary>
    public const int MaxPageSize = 200;

    public static string Create(int offset, string queryFingerprint) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"v1|{offset}|{queryFingerprint}")));

    /// <summary>The offset a token stands for (0 for no token).</summary>
    /// <exception cref="ApiException">INVALID_ARGUMENT: the token is malformed or belongs to another query.</exception>
    public static int Read(string? token, string queryFingerprint)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
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

        var parts = text.Split('|');
        if (parts.Length != 3 || parts[0] != "v1" || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            throw ApiException.InvalidArgument($"Invalid page_token '{token}': it was not returned by this service.");
        }

        if (parts[2] != queryFingerprint)
        {
            throw ApiException.InvalidArgument(
                "Invalid page_token: it belongs to a list request with a different filter, order_by or parent; repeat the original request's parameters.");
        }

        return offset;
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
