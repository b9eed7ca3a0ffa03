using System.Text.RegularExpressions;

namespace Fireworks.Emulator;

/// <summary>Resource id rules (AIP-122) and the generator of ids the caller did not choose.</summary>
internal static partial class ResourceIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Whether <paramref name="id"/> is a valid id: lowercase letters, digits and '-', starting with a letter, not ending with '-', 1–63 characters.</summary>
    public static bool IsValid(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>A fresh id: a letter followed by 11 letters or digits, drawn from <paramref name="random"/>.</summary>
    public static string Generate(Random random)
    {
        Span<char> chars = stackalloc char[12];
        chars[0] = Alphabet[random.Next(26)];
        for (var i = 1; i < chars.Length; i++)
        {
            chars[i] = Alphabet[random.Next(Alphabet.Length)];
        }

        return new string(chars);
    }

    [GeneratedRegex("^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
