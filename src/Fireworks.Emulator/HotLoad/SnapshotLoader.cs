using System.Text.Json;
using System.Text.Json.Nodes;
using Fireworks.Delta;
using Fireworks.SafeTensors;

namespace Fireworks.Emulator;

/// <summary>
/// What a replica does with a signalled snapshot, done for real on local files, subdirectories included: a full
/// snapshot's shards are validated as safetensors; a delta snapshot's shards are decoded with the <see cref="DeltaFormat.Name"/> (or <see cref="DeltaFormat.V1Name"/>) codec
/// against the served snapshot, every checksum checked, into a materialised directory. Any problem becomes the load
/// error a replica reports, naming the file.
/// </summary>
internal static class SnapshotLoader
{
    private const string ShardExtension = ".safetensors";
    private const string ShardPattern = "*" + ShardExtension;
    private const string ConfigFile = "config.json";

    /// <summary>Validates a full snapshot in place, every shard at any depth.</summary>
    /// <exception cref="SnapshotLoadException">The snapshot cannot be loaded.</exception>
    public static Task LoadFullAsync(string root, string directory, CancellationToken cancellationToken) => Task.Run(
        () =>
        {
            foreach (var shard in Shards(Files(root, directory), directory))
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var file = Open(shard.RelativePath, shard.LocalPath);
                if (DeltaFormat.IsDelta(file.Metadata))
                {
                    throw new SnapshotLoadException(
                        $"{shard.RelativePath} is a {DeltaFormat.Name} delta, but the signal named a full snapshot; signal it with incremental_snapshot_metadata.");
                }
            }
        },
        cancellationToken);

    /// <summary>
    /// Decodes a delta snapshot against the served snapshot's files into <paramref name="outputDirectory"/>: each
    /// shard, at any depth, against the base file at the same relative path; every other file is copied.
    /// </summary>
    /// <exception cref="SnapshotLoadException">The delta is missing, malformed, made against another base, or corrupted.</exception>
    public static async Task LoadDeltaAsync(string root, string deltaDirectory, string baseDirectory, string previousIdentity, string outputDirectory, CancellationToken cancellationToken)
    {
        var files = Files(root, deltaDirectory);
        foreach (var shard in Shards(files, deltaDirectory))
        {
            using (var file = Open(shard.RelativePath, shard.LocalPath))
            {
                if (!DeltaFormat.IsDelta(file.Metadata))
                {
                    throw new SnapshotLoadException($"{shard.RelativePath} is not a {string.Join(" or ", DeltaFormat.SupportedNames)} delta (its header has no fwdelta.format metadata naming one); a delta snapshot holds only delta shards.");
                }
            }

            var info = Guard(shard.RelativePath, () => DeltaCodec.ReadInfo(shard.LocalPath));
            if (!string.IsNullOrEmpty(info.BaseIdentity) && info.BaseIdentity != previousIdentity)
            {
                throw new SnapshotLoadException(
                    $"{shard.RelativePath} was made against snapshot '{info.BaseIdentity}', but previous_snapshot_identity is '{previousIdentity}'.");
            }
        }

        if (Directory.Exists(outputDirectory))
        {
            Directory.Delete(outputDirectory, recursive: true);
        }

        Directory.CreateDirectory(outputDirectory);
        foreach (var source in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = source.RelativePath;
            var destination = Path.Combine(outputDirectory, Native(name));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            if (!IsShard(name))
            {
                File.Copy(source.LocalPath, destination, overwrite: true);
                continue;
            }

            var basePath = Path.Combine(baseDirectory, Native(name));
            if (File.Exists(basePath))
            {
                SnapshotRoot.CheckInside(root, basePath);
            }

            try
            {
                await DeltaCodec.DecodeFileAsync(File.Exists(basePath) ? basePath : null, source.LocalPath, destination, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or InvalidDataException or ArgumentException or JsonException)
            {
                throw new SnapshotLoadException($"{name}: {exception.Message}", exception);
            }

            using var rebuilt = Open(name, destination);
        }
    }

    /// <summary>
    /// Compares a snapshot's <c>config.json</c> with the reference config (the first full snapshot's, standing in
    /// for the base model's), with the messages the service uses.
    /// </summary>
    /// <exception cref="SnapshotLoadException">A top-level field differs and is not in <paramref name="ignoredFields"/>.</exception>
    public static void ValidateConfig(string root, string? referenceConfigPath, string snapshotDirectory, IReadOnlyCollection<string> ignoredFields)
    {
        var snapshotConfigPath = Path.Combine(snapshotDirectory, ConfigFile);
        if (referenceConfigPath is null || !File.Exists(referenceConfigPath) || !File.Exists(snapshotConfigPath))
        {
            return;
        }

        SnapshotRoot.CheckInside(root, referenceConfigPath);
        SnapshotRoot.CheckInside(root, snapshotConfigPath);

        var reference = ReadConfig(referenceConfigPath);
        var snapshot = ReadConfig(snapshotConfigPath);
        var extraInSnapshot = snapshot.Select(p => p.Key).Except(reference.Select(p => p.Key)).Except(ignoredFields).Order(StringComparer.Ordinal).ToList();
        if (extraInSnapshot.Count > 0)
        {
            throw new SnapshotLoadException($"Extra snapshot model config options: {string.Join(", ", extraInSnapshot)}");
        }

        var extraInBase = reference.Select(p => p.Key).Except(snapshot.Select(p => p.Key)).Except(ignoredFields).Order(StringComparer.Ordinal).ToList();
        if (extraInBase.Count > 0)
        {
            throw new SnapshotLoadException($"Extra base model config options: {string.Join(", ", extraInBase)}");
        }

        foreach (var (key, value) in reference)
        {
            if (!ignoredFields.Contains(key) && !JsonNode.DeepEquals(value, snapshot[key]))
            {
                throw new SnapshotLoadException($"Config value mismatch for {key}: base {value?.ToJsonString() ?? "null"}, snapshot {snapshot[key]?.ToJsonString() ?? "null"}");
            }
        }
    }

    /// <summary>The config.json a full snapshot brings, if any.</summary>
    public static string? ConfigPath(string snapshotDirectory)
    {
        var path = Path.Combine(snapshotDirectory, ConfigFile);
        return File.Exists(path) ? path : null;
    }

    private static JsonObject ReadConfig(string path)
    {
        try
        {
            // File.ReadAllText drops a UTF-8 byte-order mark, which some editors write and the JSON reader rejects.
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new SnapshotLoadException($"{ConfigFile} must hold a JSON object.");
        }
        catch (JsonException exception)
        {
            throw new SnapshotLoadException($"{ConfigFile} is not valid JSON: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// The snapshot's files at any depth, relative path first, each checked to stay inside the root. The SDK uploads
    /// subdirectories (and the codec encodes shards at any depth), so a loader that read only the top level would
    /// serve a snapshot silently missing its nested shards. Hidden entries are left out by the SDK's own rule
    /// (<see cref="SnapshotFiles.Enumerate"/>): the SDK never uploads them.
    /// </summary>
    private static List<SnapshotFile> Files(string root, string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new SnapshotLoadException($"Snapshot directory '{directory}' does not exist; upload the snapshot's files before signalling it.");
        }

        SnapshotRoot.CheckInside(root, directory);
        var files = SnapshotFiles.Enumerate(directory);
        foreach (var file in files)
        {
            SnapshotRoot.CheckInside(root, file.LocalPath);
        }

        return files;
    }

    private static List<SnapshotFile> Shards(List<SnapshotFile> files, string directory)
    {
        var shards = files.Where(file => IsShard(file.RelativePath)).ToList();
        return shards.Count > 0
            ? shards
            : throw new SnapshotLoadException($"Snapshot directory '{directory}' holds no {ShardPattern} file.");
    }

    // The codec treats a shard's extension case-insensitively; so does the loader, so no shard is copied undecoded.
    private static bool IsShard(string relativePath) => relativePath.EndsWith(ShardExtension, StringComparison.OrdinalIgnoreCase);

    private static string Native(string relativePath) => relativePath.Replace('/', Path.DirectorySeparatorChar);

    private static SafeTensorsFile Open(string name, string path) => Guard(name, () => SafeTensorsFile.Open(path));

    private static T Guard<T>(string fileName, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or ArgumentException or JsonException)
        {
            throw new SnapshotLoadException($"{fileName}: {exception.Message}", exception);
        }
    }
}

/// <summary>A snapshot cannot be loaded; the message is what replicas report in <c>loading_state.message</c>.</summary>
internal sealed class SnapshotLoadException : Exception
{
    public SnapshotLoadException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
