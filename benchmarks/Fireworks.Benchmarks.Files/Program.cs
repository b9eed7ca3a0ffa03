using System.Diagnostics;
using System.Globalization;
using System.Text;
using Fireworks;
using Fireworks.Emulator;
using Fireworks.Models;

// Upload and download of one large safetensors file to the emulator: the SDK's one-call methods against a plain
// HttpClient PUT/GET of the same signed URL, each in its own process (peak RSS = that transfer's client only).
//   dotnet run -c Release --project benchmarks/Fireworks.Benchmarks.Files [-- sizesMiB=256,1024 repeats=3 modes=baseline-put,sdk-put]
if (args is ["client", var childMode, var baseUrl, var apiKey, var path])
{
    return await Client.RunAsync(childMode, new Uri(baseUrl), apiKey, path);
}

var settings = args.Select(a => a.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
var sizes = (settings.GetValueOrDefault("sizesMiB") ?? "256,1024").Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var repeats = int.Parse(settings.GetValueOrDefault("repeats") ?? "3", CultureInfo.InvariantCulture);
string[] allModes = ["baseline-put", "sdk-put", "sdk-resumable", "baseline-get", "sdk-get"];
var modes = settings.GetValueOrDefault("modes")?.Split(',') ?? allModes;
if (modes.Except(allModes).ToArray() is [_, ..] unknown)
{
    throw new ArgumentException($"Unknown modes {string.Join(", ", unknown)}; the modes are {string.Join(", ", allModes)}.");
}

var work = Directory.CreateTempSubdirectory("fireworks-files-bench-");
await using var emulator = await FireworksEmulator.StartAsync(new EmulatorOptions { SnapshotRoot = Path.Combine(work.FullName, "emulator") });
using var client = new FireworksClient(emulator.CreateClientOptions());
await client.Models.CreateAsync(new CreateModelBody { ModelId = "bench", Model = new Model { DisplayName = "bench" } });
var results = new List<(long SizeMiB, string Mode, double Seconds, long PeakRss, double ClientCpu, double EmulatorCpu)>();
try
{
    foreach (var sizeMiB in sizes)
    {
        var model = Directory.CreateDirectory(Path.Combine(work.FullName, $"model-{sizeMiB}")).FullName;
        Client.WriteModel(model, sizeMiB * 1024 * 1024);
        for (var repeat = 0; repeat < (sizeMiB == sizes.Max() ? repeats : 1); repeat++)
        {
            foreach (var mode in modes)
            {
                // The emulator runs in this process, which does nothing else while a child transfers: its CPU time is the server's.
                var emulatorCpu = Process.GetCurrentProcess().TotalProcessorTime;
                var (seconds, peak, clientCpu) = await RunChildAsync(mode, emulator, model);
                var serverCpu = (Process.GetCurrentProcess().TotalProcessorTime - emulatorCpu).TotalSeconds;
                results.Add((sizeMiB, mode, seconds, peak, clientCpu, serverCpu));
                Console.Error.WriteLine($"{sizeMiB} MiB {mode}: {seconds:0.00} s, client CPU {clientCpu:0.00} s, emulator CPU {serverCpu:0.00} s, peak RSS {peak / 1048576.0:0} MiB");
            }
        }

        Directory.Delete(model, recursive: true);
    }
}
finally
{
    await emulator.DisposeAsync();
    work.Delete(recursive: true);
}

var table = new StringBuilder();
table.AppendLine(CultureInfo.InvariantCulture, $"Environment: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end (shared machine).");
table.AppendLine();
table.AppendLine("| Size | Transfer | Median time | Throughput | vs plain HttpClient | Client CPU (median) | Emulator CPU (median) | Peak RSS of the client process |");
table.AppendLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
foreach (var group in results.GroupBy(r => (r.SizeMiB, r.Mode)))
{
    var median = Median(group.Select(r => r.Seconds));
    var baselineMode = group.Key.Mode.EndsWith("get", StringComparison.Ordinal) ? "baseline-get" : "baseline-put";
    var baseline = Median(results.Where(r => r.SizeMiB == group.Key.SizeMiB && r.Mode == baselineMode).Select(r => r.Seconds));
    table.AppendLine(CultureInfo.InvariantCulture,
        $"| {group.Key.SizeMiB} MiB | {group.Key.Mode} | {median:0.00} s | {group.Key.SizeMiB / median:0} MiB/s | {baseline / median:0.00}× | {Median(group.Select(r => r.ClientCpu)):0.00} s | {Median(group.Select(r => r.EmulatorCpu)):0.00} s | {group.Max(r => r.PeakRss) / 1048576.0:0} MiB |");
}

Console.WriteLine(table);
return 0;

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

static async Task<(double Seconds, long PeakRss, double ClientCpu)> RunChildAsync(string mode, FireworksEmulator emulator, string model)
{
    var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
    if (!Environment.ProcessPath!.EndsWith("Fireworks.Benchmarks.Files", StringComparison.Ordinal))
    {
        start.ArgumentList.Add(typeof(Client).Assembly.Location);
    }

    foreach (var argument in new[] { "client", mode, emulator.BaseUrl.ToString(), emulator.ApiKey, model })
    {
        start.ArgumentList.Add(argument);
    }

    using var process = Process.Start(start)!;
    var output = await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"The {mode} child failed ({process.ExitCode}): {output}");
    }

    var parts = output.Trim().Split(' ');
    return (double.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture));
}

/// <summary>One transfer, in a child process; prints "seconds peakRssBytes cpuSeconds" (CPU time of the timed region, all threads).</summary>
internal static class Client
{
    public static async Task<int> RunAsync(string mode, Uri baseUrl, string apiKey, string model)
    {
        using var client = new FireworksClient(new FireworksClientOptions { BaseUrl = baseUrl, ApiKey = apiKey, AccountId = "emulator" });
        var shard = Path.Combine(model, "model.safetensors");
        var downloads = Directory.CreateTempSubdirectory("fireworks-files-bench-get-");
        try
        {
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            double seconds;
            var cpuAtStart = TimeSpan.Zero;
            switch (mode)
            {
                case "baseline-put":
                {
                    // The same job as UploadAsync, written by hand with a plain HttpClient PUT per file: both clocks cover
                    // the upload endpoint (where the emulator drops the previous upload), every file, validation and READY.
                    var files = Directory.GetFiles(model).ToDictionary(f => Path.GetFileName(f), f => f, StringComparer.Ordinal);
                    var started = Stopwatch.GetTimestamp();
                    cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
                    var urls = await client.Models.GetUploadEndpointAsync("bench", new GetModelUploadEndpointBody { FilenameToSize = files.ToDictionary(f => f.Key, f => new FileInfo(f.Value).Length) });
                    foreach (var (name, path) in files)
                    {
                        await using var file = File.OpenRead(path);
                        using var response = await http.PutAsync(urls.FilenameToSignedUrls![name], new StreamContent(file));
                        response.EnsureSuccessStatusCode();
                    }

                    await client.Models.ValidateUploadAsync("bench");
                    while ((await client.Models.GetAsync("bench")).State != ModelState.Ready)
                    {
                        await Task.Delay(10);
                    }

                    seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                    break;
                }

                case "sdk-put" or "sdk-resumable":
                {
                    var started = Stopwatch.GetTimestamp();
                    cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
                    await client.Models.UploadAsync("bench", model, transferOptions: new FileTransferOptions { ResumableModelUploads = mode == "sdk-resumable" });
                    seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                    break;
                }

                case "baseline-get":
                {
                    // The same job as DownloadAsync by hand: the download endpoint, then a plain GET + CopyToAsync per file.
                    var started = Stopwatch.GetTimestamp();
                    cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
                    var urls = await client.Models.GetDownloadEndpointAsync("bench");
                    foreach (var (name, url) in urls.FilenameToSignedUrls!)
                    {
                        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                        response.EnsureSuccessStatusCode();
                        await using var target = File.Create(Path.Combine(downloads.FullName, name));
                        await response.Content.CopyToAsync(target);
                    }

                    seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                    break;
                }

                case "sdk-get":
                {
                    var started = Stopwatch.GetTimestamp();
                    cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
                    await client.Models.DownloadAsync("bench", downloads.FullName);
                    seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                    break;
                }

                default:
                    throw new ArgumentException($"Unknown mode '{mode}'.", nameof(mode));
            }

            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{seconds} {PeakRss()} {cpu}"));
            return 0;
        }
        finally
        {
            downloads.Delete(recursive: true);
        }
    }

    /// <summary>A checkpoint directory: config.json and one safetensors shard of <paramref name="bytes"/> payload bytes (a seeded pattern).</summary>
    public static void WriteModel(string directory, long bytes)
    {
        File.WriteAllText(Path.Combine(directory, "config.json"), "{\"architectures\":[\"Bench\"]}");
        var header = Encoding.UTF8.GetBytes("{\"w\":{\"dtype\":\"U8\",\"shape\":[" + bytes + "],\"data_offsets\":[0," + bytes + "]}}");
        using var file = new FileStream(Path.Combine(directory, "model.safetensors"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Span<byte> prefix = stackalloc byte[8];
        BitConverter.TryWriteBytes(prefix, (ulong)header.Length);
        file.Write(prefix);
        file.Write(header);
        var block = new byte[1 << 20];
        new Random(7).NextBytes(block);
        for (long written = 0; written < bytes; written += block.Length)
        {
            file.Write(block, 0, (int)Math.Min(block.Length, bytes - written));
        }
    }

    private static long PeakRss()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return Environment.WorkingSet;
    }
}
