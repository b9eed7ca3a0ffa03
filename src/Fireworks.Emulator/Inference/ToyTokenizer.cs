using System.Text;

namespace Fireworks.Emulator.Inference;

/// <summary>
/// The emulator's tokenizer: a fixed vocabulary of <see cref="VocabularySize"/> two-syllable words the toy model
/// generates (ids <see cref="FirstWordId"/>…), special tokens for the chat template, and, for any other word of a
/// prompt, a stable hashed id. A word the model generated tokenizes back to the id it was generated as, so a
/// conversation that replays the model's answer shares its token prefix with the earlier turn (prompt caching
/// and session affinity then have something to hit).
/// </summary>
internal static class ToyTokenizer
{
    /// <summary>End of sequence: the model stops when it samples it.</summary>
    public const int EndOfSequence = 2;

    /// <summary>Closes a chat message.</summary>
    public const int EndOfMessage = 14;

    /// <summary>The first id of the generated vocabulary.</summary>
    public const int FirstWordId = 1000;

    /// <summary>How many words the model can generate (besides <see cref="EndOfSequence"/>).</summary>
    public const int VocabularySize = 256;

    private const int FirstHashedId = FirstWordId + VocabularySize;
    private const int HashedIdSpace = 30_000;
    private static readonly string[] Consonants = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z"];
    private static readonly string[] Vowels = ["a", "e", "i", "o", "u"];
    private static readonly string[] Words = BuildWords();
    private static readonly Dictionary<string, int> WordIds = Words.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => FirstWordId + p.i, StringComparer.Ordinal);

    /// <summary>The token that opens a message of <paramref name="role"/> in the chat template.</summary>
    public static int RoleMarker(string role) => role switch
    {
        "system" => 10,
        "user" => 11,
        "assistant" => 12,
        "tool" or "function" => 13,
        _ => 15,
    };

    /// <summary>The text of a generated token: a space and its word (empty for end of sequence).</summary>
    public static string TextOf(int tokenId) =>
        tokenId is >= FirstWordId and < FirstHashedId ? " " + Words[tokenId - FirstWordId] : string.Empty;

    /// <summary>The id of a vocabulary word (<paramref name="index"/> from 0 to <see cref="VocabularySize"/> − 1).</summary>
    public static int WordId(int index) => FirstWordId + index;

    /// <summary>Splits text at white space; each word is a token.</summary>
    public static void Tokenize(string text, List<int> into)
    {
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            into.Add(WordIds.TryGetValue(word, out var id) ? id : FirstHashedId + (int)(StableHash.Of(word) % HashedIdSpace));
        }
    }

    /// <summary>The UTF-8 bytes of a token's text, as the logprobs report them.</summary>
    public static int[] BytesOf(string text) => Encoding.UTF8.GetBytes(text).Select(b => (int)b).ToArray();

    private static string[] BuildWords()
    {
        var syllables = Consonants.SelectMany(c => Vowels.Select(v => c + v)).ToArray();
        var words = new string[VocabularySize];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = syllables[i % syllables.Length] + syllables[((i / syllables.Length) + (i * 3)) % syllables.Length];
        }

        return words;
    }
}

/// <summary>FNV-1a and a SplitMix64 finaliser: stable across processes and runtimes, unlike <see cref="string.GetHashCode()"/>.</summary>
internal static class StableHash
{
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong Of(string text)
    {
        var hash = Offset;
        foreach (var c in text)
        {
            hash = (hash ^ c) * Prime;
        }

        return Mix(hash);
    }

    public static ulong Combine(ulong hash, long value) => Mix(hash ^ (ulong)value ^ 0x9E3779B97F4A7C15);

    /// <summary>A uniform double in [0, 1) from a hash.</summary>
    public static double Unit(ulong hash) => (Mix(hash) >> 11) * (1.0 / (1UL << 53));

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
