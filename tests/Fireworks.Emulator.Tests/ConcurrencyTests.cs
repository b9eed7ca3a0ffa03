using Fireworks.Models;
using Xunit;

namespace Fireworks.Emulator.Tests;

/// <summary>Issue 11: per-collection indexes and reader/writer locking keep lists and pages right while others write.</summary>
public sealed class ConcurrencyTests : EmulatorTest
{
    private async Task SeedAsync(int count, string prefix = "d")
    {
        for (var i = 0; i < count; i++)
        {
            await Client.Datasets.CreateAsync(new CreateDatasetBody { DatasetId = $"{prefix}{i:000}", Dataset = new Dataset { ExampleCount = i } });
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("example_count desc")]
    public async Task Writes_between_pages_neither_repeat_nor_skip_the_resources_that_stay(string? orderBy)
    {
        await SeedAsync(30);
        var first = await Client.Datasets.ListPageAsync(pageSize: 10, orderBy: orderBy);
        var seen = first.Datasets!.Select(d => d.Name!).ToList();

        // Delete two already returned and two not yet returned, and add new ones, between pages.
        var order = orderBy is null ? Enumerable.Range(0, 30) : Enumerable.Range(0, 30).Reverse();
        var ids = order.Select(i => $"d{i:000}").ToList();
        foreach (var id in new[] { ids[0], ids[5], ids[12], ids[25] })
        {
            await Client.Datasets.DeleteAsync(id);
        }

        await SeedAsync(3, prefix: "new");
        var token = first.NextPageToken;
        while (token is not null)
        {
            var page = await Client.Datasets.ListPageAsync(pageSize: 10, pageToken: token, orderBy: orderBy);
            seen.AddRange(page.Datasets!.Select(d => d.Name!));
            token = page.NextPageToken;
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        var stayed = ids.Where((_, i) => i is not (0 or 5 or 12 or 25)).Select(id => $"accounts/emulator/datasets/{id}");
        Assert.All(stayed, name => Assert.Contains(name, seen));
        Assert.DoesNotContain($"accounts/emulator/datasets/{ids[12]}", seen);
    }

    [Fact]
    public async Task Parallel_clients_mixing_every_operation_see_consistent_state()
    {
        await SeedAsync(50);
        var clients = Enumerable.Range(0, 16).Select(_ =>
        {
            var options = Emulator.CreateClientOptions();
            options.MaxRetries = 0;
            return new FireworksClient(options);
        }).ToArray();
        try
        {
            await Task.WhenAll(clients.Select((client, w) => Task.Run(async () =>
            {
                for (var i = 0; i < 20; i++)
                {
                    var id = $"w{w}-{i}";
                    await client.Datasets.CreateAsync(new CreateDatasetBody { DatasetId = id, Dataset = new Dataset { ExampleCount = 1000 + i } });
                    Assert.Equal(1000 + i, (await client.Datasets.GetAsync(id)).ExampleCount);
                    await client.Datasets.UpdateAsync(id, new UpdateDatasetRequest { DisplayName = id });
                    var listed = await client.Datasets.ListPageAsync(pageSize: 5, filter: $"display_name = \"{id}\"");
                    Assert.Equal(id, Assert.Single(listed.Datasets!).DisplayName);
                    if (i % 2 == 0)
                    {
                        await client.Datasets.DeleteAsync(id);
                    }
                }
            })));
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }

        var all = await Client.Datasets.ListPageAsync(pageSize: 200);
        Assert.Equal(50 + (16 * 10), all.TotalSize);
        var names = new List<string>();
        await foreach (var dataset in Client.Datasets.ListAsync(pageSize: 37))
        {
            names.Add(dataset.Name!);
        }

        Assert.Equal(210, names.Distinct().Count());
    }

    [Fact]
    public async Task A_list_reads_only_its_own_collection_and_sees_transitions_that_came_due()
    {
        await SeedAsync(3);
        await Client.Evaluators.CreateAsync(new CreateEvaluatorBody { EvaluatorId = "e", Evaluator = new Evaluator() });
        Assert.Equal(0, (await Client.Datasets.ListPageAsync(filter: "state = READY")).TotalSize);
        Advance(Timings.DatasetUpload);
        Assert.Equal(3, (await Client.Datasets.ListPageAsync(filter: "state = READY")).TotalSize);
        Assert.Equal(1, (await Client.Evaluators.ListPageAsync()).TotalSize);
    }
}
