namespace Fireworks.Benchmarks.EmulatorSoak;

/// <summary>How a request ended, from the client's side.</summary>
internal enum Outcome
{
    Ok,
    ClientError,
    ServerError,
}

/// <summary>Latencies (microseconds) per operation and outcome counts; the window sampler drains what arrived since its last look.</summary>
internal sealed class Recorder
{
    private readonly object gate = new();
    private readonly Dictionary<SoakOperation, List<long>> latencies = [];
    private List<long> window = [];
    private long clientErrors;
    private long serverErrors;
    private int seedFailures;

    public void Reset()
    {
        lock (gate)
        {
            latencies.Clear();
            window = [];
            clientErrors = serverErrors = 0;
        }
    }

    public void AddSeedFailures(int count) => Interlocked.Add(ref seedFailures, count);

    public void Record(SoakOperation operation, TimeSpan elapsed, Outcome outcome)
    {
        var micros = (long)(elapsed.Ticks / 10.0);
        lock (gate)
        {
            if (!latencies.TryGetValue(operation, out var list))
            {
                latencies[operation] = list = [];
            }

            list.Add(micros);
            window.Add(micros);
            clientErrors += outcome == Outcome.ClientError ? 1 : 0;
            serverErrors += outcome == Outcome.ServerError ? 1 : 0;
        }
    }

    /// <summary>The latencies recorded since the previous call.</summary>
    public List<long> DrainWindow()
    {
        lock (gate)
        {
            var drained = window;
            window = [];
            return drained;
        }
    }

    public RecorderSnapshot Snapshot()
    {
        lock (gate)
        {
            return new RecorderSnapshot(
                latencies.ToDictionary(p => p.Key, p => Percentiles.Of(p.Value)),
                Percentiles.Of(latencies.Values.SelectMany(l => l).ToList()),
                clientErrors,
                serverErrors,
                seedFailures);
        }
    }
}

/// <summary>What the recorder saw over the whole mixed phase.</summary>
internal sealed record RecorderSnapshot(
    IReadOnlyDictionary<SoakOperation, Percentiles> ByOperation,
    Percentiles Overall,
    long ClientErrors,
    long ServerErrors,
    int SeedFailures);

/// <summary>Count and percentiles of a set of latencies, in milliseconds.</summary>
internal sealed record Percentiles(long Count, double P50, double P90, double P99, double Max)
{
    public static Percentiles Of(List<long> micros)
    {
        if (micros.Count == 0)
        {
            return new Percentiles(0, 0, 0, 0, 0);
        }

        micros.Sort();
        double At(double q) => micros[Math.Min(micros.Count - 1, (int)Math.Ceiling(q * micros.Count) - 1)] / 1000.0;
        return new Percentiles(micros.Count, At(0.50), At(0.90), At(0.99), micros[^1] / 1000.0);
    }
}
