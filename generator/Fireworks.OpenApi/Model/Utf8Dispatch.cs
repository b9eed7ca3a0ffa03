using System;
using System.Collections.Generic;
using System.Linq;
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
        var bytes = items.Select(item => Encoding.UTF8.GetBytes(text(item))).ToList();
        var index = DistinguishingIndex(bytes);
        var branches = items
            .Select((item, i) => (item, b: bytes[i].Length > index ? bytes[i][index] : (byte)0))
            .GroupBy(pair => pair.b)
            .Select(g => new Utf8Branch<T>(ByteLiteral(g.Key), g.Select(pair => pair.item).ToEquatableArray()))
            .ToEquatableArray();
        return (index, branches);
    }

    // The first position with the most distinct bytes (0 for a single text; templates switch on a constant for the empty text), so that each branch holds as few candidates as possible.
    private static int DistinguishingIndex(List<byte[]> sameLength)
    {
        var length = sameLength.Count == 0 ? 0 : sameLength[0].Length;
        int best = 0, bestDistinct = 0;
        for (var i = 0; i < length; i++)
        {
            var distinct = sameLength.Select(b => b[i]).Distinct().Count();
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
