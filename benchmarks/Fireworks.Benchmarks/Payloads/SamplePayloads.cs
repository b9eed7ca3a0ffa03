using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fireworks.Benchmarks.Infrastructure;

namespace Fireworks.Benchmarks.Payloads;

/// <summary>
/// The sample bodies of every benchmark, built once per process from the spec's own schemas with fixed
/// seeds, so that every benchmark process (and every run) works on byte-identical JSON.
/// </summary>
public static class SamplePayloads
{
    /// <summary>Items on the list page, the page size limit of the Gateway API.</summary>
    public const int ListPageSize = 200;

    private static readonly Lazy<IReadOnlyDictionary<string, byte[]>> Built = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The UTF-8 JSON body of a runtime payload.</summary>
    /// <param name="kind">Which payload.</param>
    /// <returns>The body; callers must not modify it.</returns>
    public static byte[] Get(PayloadKind kind) => Built.Value[FileNameOf(kind)];

    /// <summary>The UTF-8 JSON of a <c>gatewayUser</c>, the small resource the call-overhead benchmarks send and receive.</summary>
    public static byte[] User => Built.Value[UserFileName];

    /// <summary>Every payload by the file name <see cref="Save"/> gives it.</summary>
    public static IReadOnlyDictionary<string, byte[]> All => Built.Value;

    /// <summary>Writes every payload to a directory (for inspection, and so that a run documents its inputs).</summary>
    /// <param name="directory">The target directory; created when missing.</param>
    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> Save(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var (fileName, body) in Built.Value)
        {
            var path = Path.Combine(directory, fileName);
            File.WriteAllBytes(path, body);
            written.Add(path);
        }

        return written;
    }

    private const string UserFileName = "user.json";

    private static string FileNameOf(PayloadKind kind) => kind switch
    {
        PayloadKind.RlorTrainerJobsPage200 => "rlor-trainer-jobs-page-200.json",
        PayloadKind.Deployment => "deployment.json",
        PayloadKind.ReinforcementFineTuningJob => "reinforcement-fine-tuning-job.json",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown payload kind."),
    };

    private static IReadOnlyDictionary<string, byte[]> Build()
    {
        using var reader = new StreamReader(SpecFile.Path, Encoding.UTF8);
        var builder = SchemaSampleBuilder.FromDocument(reader);
        var page = builder.BuildObject(
            "gatewayListRlorTrainerJobsResponse",
            seed: 1001,
            new Dictionary<string, int> { ["rlorTrainerJobs"] = ListPageSize });
        page["nextPageToken"] = "eyJvZmZzZXQiOjIwMH0";
        page["totalSize"] = 1337;

        var payloads = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [FileNameOf(PayloadKind.RlorTrainerJobsPage200)] = ToUtf8(page),
            [FileNameOf(PayloadKind.Deployment)] = ToUtf8(builder.BuildObject("gatewayDeployment", seed: 1002)),
            [FileNameOf(PayloadKind.ReinforcementFineTuningJob)] = ToUtf8(builder.BuildObject("gatewayReinforcementFineTuningJob", seed: 1003)),
            [UserFileName] = ToUtf8(builder.BuildObject("gatewayUser", seed: 1004)),
        };

        var items = page["rlorTrainerJobs"]?.AsArray().Count ?? 0;
        return items == ListPageSize
            ? payloads
            : throw new InvalidOperationException($"The list page holds {items} trainer jobs instead of {ListPageSize}.");
    }

    // Compact, as a server sends it.
    private static byte[] ToUtf8(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node);
}
