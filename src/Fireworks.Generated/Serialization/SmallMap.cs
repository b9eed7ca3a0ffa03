using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Fireworks.Serialization;

/// <summary>
/// The map a generated reader returns for a JSON object of at most <see cref="Capacity"/> members (labels, annotations,
/// per-accelerator counters): its entries in one array of their exact size, found by an ordinal scan, instead of a
/// <see cref="Dictionary{TKey,TValue}"/>'s object, bucket and entry arrays and a hash per key. It stays an ordinary
/// mutable <see cref="IDictionary{TKey,TValue}"/> in the order the members were read; once it would hold more than
/// <see cref="Capacity"/> entries it moves them into a <see cref="Dictionary{TKey,TValue}"/> and forwards to it, so a
/// map grown by the caller never pays a scan per lookup.
/// </summary>
/// <typeparam name="TValue">The value type.</typeparam>
internal sealed class SmallMap<TValue> : IDictionary<string, TValue>, IReadOnlyDictionary<string, TValue>
{
    /// <summary>The most entries kept in the array.</summary>
    public const int Capacity = 8;

    private KeyValuePair<string, TValue>[] _entries;
    private int _count;
    private Dictionary<string, TValue>? _large;

    /// <summary>Creates a map holding <paramref name="entries"/> (distinct keys, at most <see cref="Capacity"/>).</summary>
    /// <param name="entries">The entries, in order.</param>
    public SmallMap(ReadOnlySpan<KeyValuePair<string, TValue>> entries)
    {
        _entries = entries.ToArray();
        _count = entries.Length;
    }

    /// <inheritdoc />
    public int Count => _large?.Count ?? _count;

    /// <inheritdoc />
    public bool IsReadOnly => false;

    /// <inheritdoc />
    /// <remarks>A read-only copy while the map is small (a live view once it has moved into a dictionary).</remarks>
    public ICollection<string> Keys => _large?.Keys ?? (ICollection<string>)Array.AsReadOnly(Array.ConvertAll(Entries.ToArray(), e => e.Key));

    /// <inheritdoc />
    /// <remarks>A read-only copy while the map is small (a live view once it has moved into a dictionary).</remarks>
    public ICollection<TValue> Values => _large?.Values ?? (ICollection<TValue>)Array.AsReadOnly(Array.ConvertAll(Entries.ToArray(), e => e.Value));

    IEnumerable<string> IReadOnlyDictionary<string, TValue>.Keys => Keys;

    IEnumerable<TValue> IReadOnlyDictionary<string, TValue>.Values => Values;

    private ReadOnlySpan<KeyValuePair<string, TValue>> Entries => _entries.AsSpan(0, _count);

    /// <inheritdoc />
    public TValue this[string key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The map has no key '{key}'.");
        set => Set(key, value, replace: true);
    }

    /// <inheritdoc />
    public void Add(string key, TValue value) => Set(key, value, replace: false);

    /// <inheritdoc />
    public void Add(KeyValuePair<string, TValue> item) => Add(item.Key, item.Value);

    /// <inheritdoc />
    public bool ContainsKey(string key) => _large?.ContainsKey(key) ?? IndexOf(key) >= 0;

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value)
    {
        if (_large is not null) return _large.TryGetValue(key, out value);
        var index = IndexOf(key);
        value = index >= 0 ? _entries[index].Value : default;
        return index >= 0;
    }

    /// <inheritdoc />
    public bool Remove(string key)
    {
        if (_large is not null) return _large.Remove(key);
        var index = IndexOf(key);
        if (index < 0) return false;
        Array.Copy(_entries, index + 1, _entries, index, _count - index - 1);
        _entries[--_count] = default;
        return true;
    }

    /// <inheritdoc />
    public bool Remove(KeyValuePair<string, TValue> item) => Contains(item) && Remove(item.Key);

    /// <inheritdoc />
    public bool Contains(KeyValuePair<string, TValue> item) =>
        TryGetValue(item.Key, out var value) && EqualityComparer<TValue>.Default.Equals(value, item.Value);

    /// <inheritdoc />
    public void Clear()
    {
        _large?.Clear();
        Array.Clear(_entries);
        _count = 0;
    }

    /// <inheritdoc />
    public void CopyTo(KeyValuePair<string, TValue>[] array, int arrayIndex)
    {
        if (_large is not null) ((ICollection<KeyValuePair<string, TValue>>)_large).CopyTo(array, arrayIndex);
        else Entries.CopyTo(array.AsSpan(arrayIndex));
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator()
    {
        if (_large is not null) return _large.GetEnumerator();
        return EnumerateEntries();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private IEnumerator<KeyValuePair<string, TValue>> EnumerateEntries()
    {
        // A change while enumerating is a bug in the caller, as with Dictionary; the count is checked like its version.
        var count = _count;
        var entries = _entries;
        for (var i = 0; i < count; i++)
        {
            if (_count != count || !ReferenceEquals(_entries, entries)) throw new InvalidOperationException("The map was changed while it was being enumerated.");
            yield return entries[i];
        }
    }

    private void Set(string key, TValue value, bool replace)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_large is not null)
        {
            if (replace) _large[key] = value;
            else _large.Add(key, value);
            return;
        }

        var index = IndexOf(key);
        if (index >= 0)
        {
            if (!replace) throw new ArgumentException($"The map already has the key '{key}'.", nameof(key));
            _entries[index] = new(key, value);
            return;
        }

        if (_count == Capacity)
        {
            _large = new Dictionary<string, TValue>(2 * Capacity, StringComparer.Ordinal);
            foreach (var entry in Entries) _large.Add(entry.Key, entry.Value);
            _large.Add(key, value);
            _entries = [];
            _count = 0;
            return;
        }

        if (_count == _entries.Length) Array.Resize(ref _entries, Math.Max(4, 2 * _count));
        _entries[_count++] = new(key, value);
    }

    /// <summary>Where <paramref name="key"/> is among <paramref name="entries"/> (ordinal), or -1; also used while a map is read.</summary>
    internal static int IndexOf(ReadOnlySpan<KeyValuePair<string, TValue>> entries, string key)
    {
        for (var i = 0; i < entries.Length; i++)
        {
            if (string.Equals(entries[i].Key, key, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return IndexOf(Entries, key);
    }
}
