using System.Diagnostics;
using System.Globalization;

namespace Fireworks.Benchmarks.Codec;

/// <summary>Wall time, CPU time, peak resident memory and managed allocation of one operation.</summary>
internal sealed record Measurement(double Seconds, double CpuSeconds, long PeakRssBytes, long IdleRssBytes, long AllocatedBytes)
{
    /// <summary>Peak resident set during the operation above the idle process before it.</summary>
    public long PeakRssDeltaBytes => Math.Max(0, PeakRssBytes - IdleRssBytes);

    public static async Task<Measurement> RunAsync(Func<Task> operation)
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var idle = ResidentMemory.Current();
        ResidentMemory.ResetPeak();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await operation();
        var seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        return new Measurement(
            seconds,
            (process.TotalProcessorTime - cpu).TotalSeconds,
            ResidentMemory.Peak(),
            idle,
            GC.GetTotalAllocatedBytes(precise: true) - allocated);
    }
}

/// <summary>
/// Resident-set probes. On Linux the peak (VmHWM) can be reset by writing 5 to /proc/self/clear_refs, so each
/// operation's own peak is measured; elsewhere the process-lifetime peak is the best available.
/// </summary>
internal static class ResidentMemory
{
    public static bool CanResetPeak => OperatingSystem.IsLinux() && File.Exists("/proc/self/clear_refs");

    public static void ResetPeak()
    {
        if (CanResetPeak)
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
    }

    public static long Current() => ReadStatus("VmRSS:") ?? Environment.WorkingSet;

    public static long Peak()
    {
        if (ReadStatus("VmHWM:") is { } peak)
        {
            return peak;
        }

        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    /// <summary>Peak resident set of another process so far (Linux), or <see langword="null"/>.</summary>
    public static long? PeakOf(int processId)
    {
        try
        {
            return ReadStatus("VmHWM:", $"/proc/{processId}/status");
        }
        catch (IOException)
        {
            return null; // the process has just exited
        }
    }

    private static long? ReadStatus(string key, string path = "/proc/self/status")
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                var kb = line[key.Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return null;
    }
}
