namespace Fireworks.Emulator;

/// <summary>One stored resource: its value, its creation order and a generation that invalidates scheduled transitions.</summary>
internal sealed class StoredResource<T>
    where T : class
{
    public StoredResource(string id, T value, long sequence)
    {
        Id = id;
        Value = value;
        Sequence = sequence;
    }

    public string Id { get; }

    public T Value { get; set; }

    /// <summary>Creation order: the default list order and the tie-breaker of every order_by.</summary>
    public long Sequence { get; }

    /// <summary>Bumped when the resource changes course (cancel, resume, delete); transitions scheduled for an older generation are dropped.</summary>
    public int Generation { get; private set; }

    public int NextGeneration() => ++Generation;
}

/// <summary>The resources of one collection in the emulator's one account. Not thread-safe: used under the state gate.</summary>
internal sealed class ResourceCollection<T>
    where T : class
{
    private readonly Dictionary<string, StoredResource<T>> items = new(StringComparer.Ordinal);
    private readonly string accountId;
    private long nextSequence;

    public ResourceCollection(ResourceKind<T> kind, string accountId)
    {
        Kind = kind;
        this.accountId = accountId;
    }

    public ResourceKind<T> Kind { get; }

    /// <summary>Every resource, in creation order.</summary>
    public IEnumerable<StoredResource<T>> All => items.Values.OrderBy(r => r.Sequence);

    public string NameOf(string id) => Kind.NameOf(accountId, id);

    public StoredResource<T>? Find(string id) => items.GetValueOrDefault(id);

    /// <exception cref="ApiException">NOT_FOUND.</exception>
    public StoredResource<T> Get(string id) =>
        Find(id) ?? throw ApiException.NotFound($"{Kind.Label} \"{NameOf(id)}\" not found.");

    /// <exception cref="ApiException">ALREADY_EXISTS.</exception>
    public StoredResource<T> Add(string id, T value)
    {
        if (items.ContainsKey(id))
        {
            throw ApiException.AlreadyExists($"{Kind.Label} \"{NameOf(id)}\" already exists.");
        }

        var stored = new StoredResource<T>(id, value, nextSequence++);
        items.Add(id, stored);
        return stored;
    }

    public bool Remove(string id) => items.Remove(id);
}
