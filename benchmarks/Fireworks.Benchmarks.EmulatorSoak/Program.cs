using System.Globalization;
using Fireworks.Emulator;

namespace Fireworks.Benchmarks.EmulatorSoak;

/// <summary>
/// Soak of the emulator under the SDK: starts it in-process on 127.0.0.1, seeds datasets with every client, then runs
/// mixed operations until the time or request budget is spent, printing throughput, latency and RSS per window.
/// <code>
/// dotnet run -c Release --project benchmarks/Fireworks.Benchmarks.EmulatorSoak                 # 32 clients, 10,000 datasets, 60 s
/// dotnet run -c Release --project benchmarks/Fireworks.Benchmarks.EmulatorSoak -- --quick      # CI smoke: 8 clients, 1,000 datasets, 5 s
/// </code>
/// Exit code 1 when any request failed (a 5xx, or any answer the workload did not expect); the throughput and latency
/// targets are reported, not enforced (the machine may be shared).
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        SoakSettings settings;
        try
        {
            settings = SoakSettings.Parse(args);
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync($"emulator soak: {exception.Message}\n{SoakSettings.Usage}").ConfigureAwait(false);
            return 2;
        }

        await using var emulator = await FireworksEmulator.StartAsync(new EmulatorOptions { TimeScale = settings.TimeScale }).ConfigureAwait(false);
        var report = await new SoakRun(settings, emulator).RunAsync().ConfigureAwait(false);
        var text = report.ToMarkdown();
        Console.WriteLine(text);
        if (settings.ReportPath is { } path)
        {
            await File.AppendAllTextAsync(path, text + Environment.NewLine).ConfigureAwait(false);
        }

        return report.FailedRequests == 0 ? 0 : 1;
    }
}

/// <summary>The command line of the soak.</summary>
internal sealed record SoakSettings(int Clients, int Resources, TimeSpan Duration, long MaxRequests, TimeSpan Window, int Seed, double TimeScale, string? ReportPath, string Label)
{
    public const string Usage =
        "options: --quick | --clients N (32) --resources N (10000) --seconds S (60) --max-requests N (2000000) --window S (5) --seed N (1) --label TEXT --report FILE";

    public static SoakSettings Parse(string[] args)
    {
        var settings = new SoakSettings(32, 10_000, TimeSpan.FromSeconds(60), 2_000_000, TimeSpan.FromSeconds(5), 1, 60, null, "soak");
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture) is var v and > 0 ? v : throw new ArgumentException($"{args[i - 1]} must be positive.");
            settings = args[i] switch
            {
                "--quick" => settings with { Clients = 8, Resources = 1_000, Duration = TimeSpan.FromSeconds(5), Window = TimeSpan.FromSeconds(1), Label = "quick" },
                "--clients" => settings with { Clients = Int() },
                "--resources" => settings with { Resources = Int() },
                "--seconds" => settings with { Duration = TimeSpan.FromSeconds(Int()) },
                "--max-requests" => settings with { MaxRequests = Int() },
                "--window" => settings with { Window = TimeSpan.FromSeconds(Int()) },
                "--seed" => settings with { Seed = Int() },
                "--label" => settings with { Label = Next() },
                "--report" => settings with { ReportPath = Next() },
                _ => throw new ArgumentException($"unknown option '{args[i]}'."),
            };
        }

        return settings;
    }
}
