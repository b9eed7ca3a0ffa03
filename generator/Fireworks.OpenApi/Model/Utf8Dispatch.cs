using System;
using System.Collections.Generic;
using System.Text;
using Fireworks.OpenApi.Collections;

namespace Fireworks.OpenApi.Model;

/// <summary>
/// How a generated reader finds which of several same-length UTF-8 texts (JSON property names, enum wire values) it is
/// on: it switches on the one byte that tells most of them apart, then confirms a single candidate with a byte comparison,
/// instead of comparing the text against each candidate in turn.
/// </summary>
internal static class Utf8Dispatch
{
    /// <summary>Splits texts of one UTF-8 length by their byte at <see cref="Split{T}"/>'s index.</summary>
    /// <returns>The byte index the reader switches on, and the items by the byte they have there (in order of first appearance).</returns>
    public static (int Index, EquatableArray<Utf8Branch<T>> Branches) Split<T>(IReadOnlyList<T> items, Func<T, string> text)
        where T : IEquatable<T>
    {
        // Runs for every name group of every model and enum of a build, so it counts with a bitmap instead of LINQ sets.
        var bytes = new byte[items.Count][];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = Encoding.UTF8.GetBytes(text(items[i]));
        var index = DistinguishingIndex(bytes);

        var keys = new List<byte>(bytes.Length);
        var members = new List<List<T>>(bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            var key = bytes[i].Length > index ? bytes[i][index] : (byte)0;
            var position = keys.IndexOf(key);
            if (position < 0)
            {
                keys.Add(key);
                members.Add(new List<T>(1));
                position = keys.Count - 1;
            }
            members[position].Add(items[i]);
        }

        var branches = new Utf8Branch<T>[keys.Count];
        for (var i = 0; i < branches.Length; i++) branches[i] = new Utf8Branch<T>(ByteLiteral(keys[i]), members[i].ToEquatableArray());
        return (index, branches.ToEquatableArray());
    }

    // The first position with the most distinct bytes (0 for a single text; templates switch on a constant for the empty text), so that each branch holds as few candidates as possible.
    private static int DistinguishingIndex(byte[][] sameLength)
    {
        var length = sameLength.Length == 0 ? 0 : sameLength[0].Length;
        var seen = new ulong[256 / 64];
        int best = 0, bestDistinct = 0;
        for (var i = 0; i < length && bestDistinct < sameLength.Length; i++)
        {
            Array.Clear(seen, 0, seen.Length);
            var distinct = 0;
            foreach (var text in sameLength)
            {
                var value = text[i];
                ref var word = ref seen[value >> 6];
                var bit = 1UL << (value & 63);
                if ((word & bit) != 0) continue;
                word |= bit;
                distinct++;
            }
            if (distinct > bestDistinct)
            {
                best = i;
                bestDistinct = distinct;
            }
        }
        return best;
    }

    // A C# byte constant: readable for ASCII letters, digits and '_', hexadecimal otherwise.
    private static string ByteLiteral(byte value) =>
        value is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'_'
            ? "(byte)'" + (char)value + "'"
            : "0x" + value.ToString("X2", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The candidates that share a byte at the dispatch index.</summary>
/// <param name="ByteLiteral">That byte as a C# constant.</param>
/// <param name="Items">The candidates (usually one).</param>
public sealed record Utf8Branch<T>(string ByteLiteral, EquatableArray<T> Items)
    where T : IEquatable<T>;
