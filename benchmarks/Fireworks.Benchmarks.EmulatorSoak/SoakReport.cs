using System.Globalization;
using System.Text;

namespace Fireworks.Benchmarks.EmulatorSoak;

/// <summary>Create throughput while seeding, up to <paramref name="Created"/> datasets.</summary>
internal sealed record SeedBucket(int Created, double CreatesPerSecond);

/// <summary>The results of one soak, printed as Markdown (the form docs/benchmarks.md quotes).</summary>
internal sealed record SoakReport(
    SoakSettings Settings,
    IReadOnlyList<SeedBucket> Seeding,
    TimeSpan SeedElapsed,
    RecorderSnapshot Mixed,
    IReadOnlyList<SoakWindow> Windows,
    TimeSpan Cpu,
    MachineLoad LoadBefore,
    MachineLoad LoadAfter,
    int ResourcesAtEnd)
{
    public long FailedRequests => Mixed.ClientErrors + Mixed.ServerErrors + Mixed.SeedFailures;

    public double RequestsPerSecond => Windows.Count == 0 ? 0 : Mixed.Overall.Count / Windows[^1].End.TotalSeconds;

    public string ToMarkdown()
    {
        var s = Settings;
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));

        Line($"### Emulator soak ({s.Label}): {s.Clients} SDK clients, {s.Resources:N0} datasets, {s.Duration.TotalSeconds:0} s mixed");
        Line($"");
        Line($"Machine: {LoadBefore} before, {LoadAfter} after (shared box). Mix: get 45 %, list with filter 15 %, update 20 %, create 10 %, delete 10 %.");
        Line($"");
        Line($"**{RequestsPerSecond:N0} req/s, p50 {Mixed.Overall.P50:0.0} ms, p99 {Mixed.Overall.P99:0.0} ms, max {Mixed.Overall.Max:0} ms; {Mixed.ServerErrors} 5xx, {Mixed.ClientErrors} other errors, {Mixed.SeedFailures} failed seeds; {Mixed.Overall.Count:N0} requests, {ResourcesAtEnd:N0} datasets at the end.**");
        // The first windows pay for JIT compilation; the steady state is what a long-running host sees.
        var steady = Windows.Skip(Math.Min(2, Math.Max(0, Windows.Count - 1))).Where(w => w.CpuMsPerRequest > 0).ToList();
        var cpuPerRequest = steady.Count == 0 ? 0 : steady.Sum(w => w.CpuMsPerRequest * w.RequestsPerSecond) / steady.Sum(w => w.RequestsPerSecond);
        Line($"");
        Line($"CPU after warm-up: {cpuPerRequest:0.00} ms per request (emulator and SDK clients, one process), so {LoadBefore.Cores} idle cores would carry about {(cpuPerRequest == 0 ? 0 : LoadBefore.Cores * 1000 / cpuPerRequest):N0} req/s. On a shared box this, not the wall-clock rate, is the comparable figure.");
        Line($"");
        Line($"Seeding ({SeedElapsed.TotalSeconds:0.0} s), creates/s by datasets stored: {string.Join(", ", Seeding.Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.Created:N0}: {b.CreatesPerSecond:N0}")))}");
        Line($"");
        Line($"| Operation | Requests | p50 ms | p90 ms | p99 ms | max ms |");
        Line($"|---|---:|---:|---:|---:|---:|");
        foreach (var (operation, p) in Mixed.ByOperation.OrderBy(p => p.Key))
        {
            Line($"| {operation} | {p.Count:N0} | {p.P50:0.0} | {p.P90:0.0} | {p.P99:0.0} | {p.Max:0} |");
        }

        Line($"");
        Line($"| t (s) | req/s | p99 ms | CPU ms/req | RSS MB | GC heap MB |");
        Line($"|---:|---:|---:|---:|---:|---:|");
        foreach (var w in Windows)
        {
            Line($"| {w.End.TotalSeconds:0} | {w.RequestsPerSecond:N0} | {w.P99Ms:0.0} | {w.CpuMsPerRequest:0.00} | {w.RssMb:0} | {w.ManagedHeapMb:0} |");
        }

        if (Windows.Count >= 3)
        {
            var warm = Windows[1];
            var last = Windows[^1];
            Line($"");
            Line($"RSS after warm-up (t = {warm.End.TotalSeconds:0} s) {warm.RssMb:0} MB → end {last.RssMb:0} MB ({last.RssMb - warm.RssMb:+0;-0} MB).");
        }

        return text.ToString();
    }
}
