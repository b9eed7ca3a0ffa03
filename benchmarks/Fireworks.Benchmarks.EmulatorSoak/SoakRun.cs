using System.Diagnostics;
using Fireworks.Emulator;
using Fireworks.Models;

namespace Fireworks.Benchmarks.EmulatorSoak;

/// <summary>The operations of the mixed phase.</summary>
internal enum SoakOperation
{
    Get,
    List,
    Update,
    Create,
    Delete,
}

/// <summary>
/// One soak: every client owns the datasets it creates (<c>soak-{client}-{n}</c>), so every get, update and delete
/// addresses a dataset that exists and any error is the emulator's. Creates and deletes are equally likely, so the
/// collection stays at the seeded size.
/// </summary>
internal sealed class SoakRun
{
    // Out of 100: reads dominate, as in a test suite or a dashboard polling jobs.
    private static readonly (SoakOperation Operation, int Weight)[] Mix =
    [
        (SoakOperation.Get, 45), (SoakOperation.List, 15), (SoakOperation.Update, 20), (SoakOperation.Create, 10), (SoakOperation.Delete, 10),
    ];

    private readonly SoakSettings settings;
    private readonly FireworksEmulator emulator;
    private readonly Recorder recorder = new();
    private long issued;

    public SoakRun(SoakSettings settings, FireworksEmulator emulator)
    {
        this.settings = settings;
        this.emulator = emulator;
    }

    public async Task<SoakReport> RunAsync()
    {
        var loadBefore = MachineLoad.Read();
        var clients = Enumerable.Range(0, settings.Clients).Select(_ =>
        {
            var options = emulator.CreateClientOptions();
            options.MaxRetries = 0;
            return new FireworksClient(options);
        }).ToArray();
        try
        {
            var owned = Enumerable.Range(0, settings.Clients).Select(_ => new List<string>()).ToArray();
            var seedWatch = Stopwatch.StartNew();
            var seeding = await SeedAsync(clients, owned).ConfigureAwait(false);
            var seedElapsed = seedWatch.Elapsed;

            recorder.Reset();
            var sampler = new ResourceSampler(settings.Window, recorder);
            using var stop = new CancellationTokenSource(settings.Duration);
            var samplerTask = sampler.RunAsync(stop.Token);
            var workers = Enumerable.Range(0, settings.Clients)
                .Select(w => Task.Run(() => WorkAsync(clients[w], w, owned[w], stop)))
                .ToArray();
            await Task.WhenAll(workers).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await samplerTask.ConfigureAwait(false);
            return new SoakReport(settings, seeding, seedElapsed, recorder.Snapshot(), sampler.Windows, sampler.Cpu, loadBefore, MachineLoad.Read(), owned.Sum(o => o.Count));
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>Creates the datasets with every client at once; returns create throughput per tenth of the seed.</summary>
    private async Task<IReadOnlyList<SeedBucket>> SeedAsync(FireworksClient[] clients, List<string>[] owned)
    {
        var bucketSize = Math.Max(1, settings.Resources / 10);
        var buckets = new List<SeedBucket>();
        var next = -1;
        var lastCount = 0;
        var bucketWatch = Stopwatch.StartNew();
        var gate = new object();
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, clients.Length).Select(w => Task.Run(async () =>
        {
            while (true)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= settings.Resources)
                {
                    return;
                }

                var id = $"soak-{w}-{owned[w].Count}";
                try
                {
                    await clients[w].Datasets.CreateAsync(NewDataset(id, index)).ConfigureAwait(false);
                    owned[w].Add(id);
                }
                catch (FireworksException)
                {
                    Interlocked.Increment(ref failures);
                }

                lock (gate)
                {
                    var done = index + 1;
                    if (done % bucketSize == 0 && done > lastCount)
                    {
                        buckets.Add(new SeedBucket(done, (done - lastCount) / bucketWatch.Elapsed.TotalSeconds));
                        lastCount = done;
                        bucketWatch.Restart();
                    }
                }
            }
        }))).ConfigureAwait(false);
        if (failures > 0)
        {
            recorder.AddSeedFailures(failures);
        }

        return buckets;
    }

    private async Task WorkAsync(FireworksClient client, int worker, List<string> owned, CancellationTokenSource stop)
    {
        var random = new Random(HashCode.Combine(settings.Seed, worker));
        var created = owned.Count;
        while (!stop.IsCancellationRequested && Interlocked.Increment(ref issued) <= settings.MaxRequests)
        {
            var operation = Pick(random, owned.Count);
            var started = Stopwatch.GetTimestamp();
            var outcome = Outcome.Ok;
            try
            {
                switch (operation)
                {
                    case SoakOperation.Get:
                        await client.Datasets.GetAsync(owned[random.Next(owned.Count)]).ConfigureAwait(false);
                        break;
                    case SoakOperation.List:
                        var threshold = random.Next(1000);
                        await client.Datasets.ListPageAsync(pageSize: 50, filter: $"state = READY AND example_count > {threshold}").ConfigureAwait(false);
                        break;
                    case SoakOperation.Update:
                        await client.Datasets.UpdateAsync(
                            owned[random.Next(owned.Count)],
                            new UpdateDatasetRequest { DisplayName = $"renamed-{random.Next(1000)}", ExampleCount = random.Next(1000) }).ConfigureAwait(false);
                        break;
                    case SoakOperation.Create:
                        var id = $"soak-{worker}-{created++}";
                        await client.Datasets.CreateAsync(NewDataset(id, random.Next(1000))).ConfigureAwait(false);
                        owned.Add(id);
                        break;
                    case SoakOperation.Delete:
                        var victim = random.Next(owned.Count);
                        await client.Datasets.DeleteAsync(owned[victim]).ConfigureAwait(false);
                        owned[victim] = owned[^1];
                        owned.RemoveAt(owned.Count - 1);
                        break;
                }
            }
            catch (FireworksException exception)
            {
                outcome = exception.HttpStatus >= 500 || exception.HttpStatus == 0 ? Outcome.ServerError : Outcome.ClientError;
            }

            recorder.Record(operation, Stopwatch.GetElapsedTime(started), outcome);
        }
    }

    private static SoakOperation Pick(Random random, int ownedCount)
    {
        while (true)
        {
            var roll = random.Next(100);
            foreach (var (operation, weight) in Mix)
            {
                if (roll < weight)
                {
                    // A client that has nothing left can only create.
                    if (ownedCount == 0 && operation is not (SoakOperation.Create or SoakOperation.List))
                    {
                        break;
                    }

                    return operation;
                }

                roll -= weight;
            }
        }
    }

    private static CreateDatasetBody NewDataset(string id, int index) => new()
    {
        DatasetId = id,
        Dataset = new Dataset
        {
            DisplayName = $"soak dataset {index}",
            ExampleCount = index % 1000,
            Format = index % 2 == 0 ? DatasetFormat.Chat : DatasetFormat.Completion,
        },
    };
}
