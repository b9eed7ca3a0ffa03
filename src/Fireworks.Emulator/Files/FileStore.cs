using System.Security.Cryptography;

namespace Fireworks.Emulator;

/// <summary>What a signed URL allows: writing or reading one file of one resource.</summary>
internal sealed record StorageGrant(string Kind, string ResourceId, string FileName, long? ExpectedSize, bool Write, string Signature);

/// <summary>A stored object: its length and CRC-32C (computed once, as it was written).</summary>
internal sealed record StoredObject(string Path, long Length, uint Crc32C, string ETag);

/// <summary>A resumable upload session: the bytes committed so far, in a part file.</summary>
internal sealed class UploadSession(StorageGrant grant, string partPath, string signature)
{
    public StorageGrant Grant { get; } = grant;

    public string PartPath { get; } = partPath;

    public string Signature { get; } = signature;

    public long Committed { get; set; }

    public Crc32C Crc { get; set; } = new();

    public bool Done { get; set; }

    public SemaphoreSlim Gate { get; } = new(1, 1);
}

/// <summary>
/// The emulator's object storage: files of datasets, models and evaluators on disk under
/// <c>{SnapshotRoot}/.emulator-files/</c>, the signed URLs that grant access to them, resumable sessions, and the sizes
/// each upload endpoint was promised.
/// </summary>
internal sealed class FileStore
{
    public const string PathPrefix = "/emulator-storage/";
    private readonly Lock gate = new();
    private readonly Dictionary<string, StorageGrant> grants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UploadSession> sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredObject> objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyDictionary<string, long>> promisedSizes = new(StringComparer.Ordinal);

    public FileStore(string root)
    {
        Root = Path.Combine(root, ".emulator-files");
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public StorageFaults Faults { get; } = new();

    /// <summary>Records the sizes an upload endpoint was asked for and forgets files stored before.</summary>
    public void BeginUpload(string kind, string resourceId, IReadOnlyDictionary<string, long> sizes)
    {
        lock (gate)
        {
            promisedSizes[Key(kind, resourceId)] = sizes;
            foreach (var key in objects.Keys.Where(k => k.StartsWith(Key(kind, resourceId) + "/", StringComparison.Ordinal)).ToList())
            {
                File.Delete(objects[key].Path);
                objects.Remove(key);
            }
        }
    }

    public IReadOnlyDictionary<string, long>? PromisedSizes(string kind, string resourceId)
    {
        lock (gate)
        {
            return promisedSizes.GetValueOrDefault(Key(kind, resourceId));
        }
    }

    public StoredObject? Find(string kind, string resourceId, string fileName)
    {
        lock (gate)
        {
            return objects.GetValueOrDefault(Key(kind, resourceId) + "/" + fileName);
        }
    }

    public IReadOnlyList<string> FileNames(string kind, string resourceId)
    {
        var prefix = Key(kind, resourceId) + "/";
        lock (gate)
        {
            return objects.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k[prefix.Length..]).Order(StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>A signed URL for one file; its query carries the signature the storage checks.</summary>
    public string Sign(string origin, string kind, string resourceId, string fileName, long? expectedSize, bool write)
    {
        var token = RandomToken();
        var grant = new StorageGrant(kind, resourceId, fileName, expectedSize, write, RandomToken());
        lock (gate)
        {
            grants[token] = grant;
        }

        return $"{origin}{PathPrefix}o/{token}?X-Goog-Algorithm=GOOG4-HMAC-SHA256&X-Goog-Signature={grant.Signature}";
    }

    public StorageGrant? FindGrant(string token, string? signature)
    {
        lock (gate)
        {
            return grants.TryGetValue(token, out var grant) && string.Equals(grant.Signature, signature, StringComparison.Ordinal) ? grant : null;
        }
    }

    public (string Url, UploadSession Session) StartSession(string origin, StorageGrant grant)
    {
        var id = RandomToken();
        var session = new UploadSession(grant, Path.Combine(Root, "sessions", id), RandomToken());
        Directory.CreateDirectory(Path.GetDirectoryName(session.PartPath)!);
        File.WriteAllBytes(session.PartPath, []);
        lock (gate)
        {
            sessions[id] = session;
        }

        return ($"{origin}{PathPrefix}s/{id}?upload_id={session.Signature}", session);
    }

    public UploadSession? FindSession(string id, string? signature)
    {
        lock (gate)
        {
            return sessions.TryGetValue(id, out var session) && string.Equals(session.Signature, signature, StringComparison.Ordinal) ? session : null;
        }
    }

    /// <summary>Where a new version of a file is written before <see cref="Commit"/> makes it visible.</summary>
    public string StagingPath() => Path.Combine(Root, "staging", RandomToken());

    /// <summary>Moves a fully written file into place.</summary>
    public StoredObject Commit(StorageGrant grant, string writtenPath, long length, uint crc)
    {
        var path = Path.Combine(Root, grant.Kind, grant.ResourceId, Uri.EscapeDataString(grant.FileName));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var stored = new StoredObject(path, length, crc, $"\"{RandomToken()}\"");
        lock (gate)
        {
            File.Move(writtenPath, path, overwrite: true);
            objects[Key(grant.Kind, grant.ResourceId) + "/" + grant.FileName] = stored;
        }

        return stored;
    }

    private static string Key(string kind, string resourceId) => kind + "/" + resourceId;

    private static string RandomToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
