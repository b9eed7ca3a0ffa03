using System.Text.Json;

namespace Fireworks.Emulator;

/// <summary>One stored resource: its value, its creation order and a generation that invalidates scheduled transitions.</summary>
internal sealed class StoredResource<T>
    where T : class
{
    private T value;
    private JsonCache? json;

    public StoredResource(string id, T value, long sequence)
    {
        Id = id;
        this.value = value;
        Sequence = sequence;
    }

    public string Id { get; }

    public T Value
    {
        get => value;
        set
        {
            this.value = value;
            json = null;
        }
    }

    /// <summary>Creation order: the default list order, the page-token position and the tie-breaker of every order_by.</summary>
    public long Sequence { get; }

    /// <summary>Bumped when the resource changes course (cancel, resume, delete); transitions scheduled for an older generation are dropped.</summary>
    public int Generation { get; private set; }

    public int NextGeneration() => ++Generation;

    /// <summary>
    /// The wire form filters and orderings read, serialized once per change. Readers may race to fill it; they
    /// compute the same value and the reference swap is atomic.
    /// </summary>
    public JsonElement Json(ResourceKind<T> kind) => (json ??= new JsonCache(kind.ToElement(value))).Element;

    /// <summary>Drops the cached wire form; called whenever a writer may change the value in place.</summary>
    public void Invalidate() => json = null;

    private sealed record JsonCache(JsonElement Element);
}

/// <summary>
/// The resources of one collection in the emulator's one account, indexed by id and by creation order (so a page
/// starts with a binary search, not a sort). Changed only under the state's write lock; read under its read lock.
/// A resource a writer reaches through <see cref="Find"/>, <see cref="Get"/> or <see cref="All"/> may be changed in
/// place, so its cached wire form is dropped then.
/// </summary>
internal sealed class ResourceCollection<T>
    where T : class
{
    private readonly Dictionary<string, StoredResource<T>> byId = new(StringComparer.Ordinal);
    private readonly List<StoredResource<T>> byCreation = [];
    private readonly string accountId;
    private readonly ReaderWriterLockSlim stateLock;
    private long nextSequence;

    public ResourceCollection(ResourceKind<T> kind, string accountId, ReaderWriterLockSlim stateLock)
    {
        Kind = kind;
        this.accountId = accountId;
        this.stateLock = stateLock;
    }

    public ResourceKind<T> Kind { get; }

    public int Count => byId.Count;

    /// <summary>Every resource, in creation order.</summary>
    public IReadOnlyList<StoredResource<T>> All
    {
        get
        {
            if (stateLock.IsWriteLockHeld)
            {
                foreach (var resource in byCreation)
                {
                    resource.Invalidate();
                }
            }

            return byCreation;
        }
    }

    /// <summary>The index in <see cref="All"/> of the first resource created after <paramref name="sequence"/>.</summary>
    public int IndexAfter(long sequence)
    {
        int low = 0, high = byCreation.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (byCreation[middle].Sequence <= sequence)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    public string NameOf(string id) => Kind.NameOf(accountId, id);

    public StoredResource<T>? Find(string id)
    {
        var resource = byId.GetValueOrDefault(id);
        if (resource is not null && stateLock.IsWriteLockHeld)
        {
            resource.Invalidate();
        }

        return resource;
    }

    /// <exception cref="ApiException">NOT_FOUND.</exception>
    public StoredResource<T> Get(string id) =>
        Find(id) ?? throw ApiException.NotFound($"{Kind.Label} \"{NameOf(id)}\" not found.");

    /// <exception cref="ApiException">ALREADY_EXISTS.</exception>
    public StoredResource<T> Add(string id, T value)
    {
        if (byId.ContainsKey(id))
        {
            throw ApiException.AlreadyExists($"{Kind.Label} \"{NameOf(id)}\" already exists.");
        }

        var stored = new StoredResource<T>(id, value, nextSequence++);
        byId.Add(id, stored);
        byCreation.Add(stored);
        return stored;
    }

    public bool Remove(string id)
    {
        if (!byId.Remove(id, out var removed))
        {
            return false;
        }

        var index = IndexAfter(removed.Sequence - 1);
        byCreation.RemoveAt(index);
        return true;
    }
}
