using System.Diagnostics;
using System.Globalization;

namespace Fireworks.Benchmarks.EmulatorSoak;

/// <summary>One sampling window of the mixed phase.</summary>
internal sealed record SoakWindow(TimeSpan End, double RequestsPerSecond, double P99Ms, double RssMb, double ManagedHeapMb, double CpuMsPerRequest);

/// <summary>Every window: throughput and p99 of the requests that completed in it, then RSS and the GC heap at its end.</summary>
internal sealed class ResourceSampler(TimeSpan window, Recorder recorder)
{
    private readonly List<SoakWindow> windows = [];
    private TimeSpan lastCpu = CpuTime();

    /// <summary>CPU time the process (emulator and clients) spent during the phase.</summary>
    public TimeSpan Cpu { get; private set; }

    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    public IReadOnlyList<SoakWindow> Windows => windows;

    public async Task RunAsync(CancellationToken stop)
    {
        var started = Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        using var timer = new PeriodicTimer(window);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                Sample(started.Elapsed, ref last);
            }
        }
        catch (OperationCanceledException)
        {
            // The phase ended; the partial window is sampled below.
        }

        Sample(started.Elapsed, ref last);
    }

    private void Sample(TimeSpan now, ref TimeSpan last)
    {
        var latencies = recorder.DrainWindow();
        var seconds = (now - last).TotalSeconds;
        if (seconds < 0.05)
        {
            return;
        }

        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        Cpu += cpu - lastCpu;
        windows.Add(new SoakWindow(
            now,
            latencies.Count / seconds,
            Percentiles.Of(latencies).P99,
            process.WorkingSet64 / 1048576.0,
            GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0,
            latencies.Count == 0 ? 0 : (cpu - lastCpu).TotalMilliseconds / latencies.Count));
        lastCpu = cpu;
        last = now;
    }
}

/// <summary>The 1-minute load average and core count, as <c>uptime</c> shows them.</summary>
internal sealed record MachineLoad(string LoadAverage, int Cores)
{
    public static MachineLoad Read()
    {
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        return new MachineLoad(load, Environment.ProcessorCount);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"load average {LoadAverage} on {Cores} cores");
}
