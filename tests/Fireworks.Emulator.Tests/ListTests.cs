using Fireworks.Models;
using Xunit;

namespace Fireworks.Emulator.Tests;

public sealed class ListTests : EmulatorTest
{
    protected override EmulatorTimings Timings => new() { DatasetUpload = TimeSpan.FromSeconds(210) };

    private async Task SeedAsync()
    {
        // Seven datasets a minute apart, each READY 3.5 minutes after its creation: at the end 0-3 are READY, 4-6 UPLOADING.
        for (var i = 0; i < 7; i++)
        {
            await Client.Datasets.CreateAsync(new CreateDatasetBody
            {
                DatasetId = $"set-{i}",
                Dataset = new Dataset { DisplayName = i % 2 == 0 ? $"math-{i}" : $"code-{i}", ExampleCount = i * 10, Format = i < 3 ? DatasetFormat.Chat : DatasetFormat.Completion },
            });
            Advance(TimeSpan.FromMinutes(1));
        }
    }

    [Fact]
    public async Task Pages_follow_opaque_tokens_until_the_last_one()
    {
        await SeedAsync();
        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Client.Datasets.ListPageAsync(pageSize: 3, pageToken: token);
            names.AddRange(page.Datasets!.Select(d => d.Name!));
            Assert.Equal(7, page.TotalSize);
            token = page.NextPageToken;
            pages++;
            Assert.DoesNotContain("set-", token ?? string.Empty, StringComparison.Ordinal);
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"accounts/emulator/datasets/set-{i}"), names);

        var all = new List<Dataset>();
        await foreach (var dataset in Client.Datasets.ListAsync(pageSize: 2))
        {
            all.Add(dataset);
        }

        Assert.Equal(7, all.Count);
    }

    [Fact]
    public async Task Page_tokens_are_bound_to_their_query_and_sizes_are_checked()
    {
        await SeedAsync();
        var first = await Client.Datasets.ListPageAsync(pageSize: 2, filter: "example_count >= 10");
        Assert.NotNull(first.NextPageToken);
        var second = await Client.Datasets.ListPageAsync(pageSize: 2, pageToken: first.NextPageToken, filter: "example_count >= 10");
        Assert.Equal(["set-3", "set-4"], second.Datasets!.Select(d => d.Name!.Split('/')[^1]));

        var otherQuery = await ThrowsFireworksAsync(() => Client.Datasets.ListPageAsync(pageSize: 2, pageToken: first.NextPageToken, filter: "example_count >= 20"));
        Assert.True(otherQuery.IsInvalidArgument);
        var forged = await ThrowsFireworksAsync(() => Client.Datasets.ListPageAsync(pageToken: "not-a-token"));
        Assert.True(forged.IsInvalidArgument);
        var negative = await ThrowsFireworksAsync(() => Client.Datasets.ListPageAsync(pageSize: -1));
        Assert.True(negative.IsInvalidArgument);
    }

    [Theory]
    [InlineData("state = READY", new[] { 0, 1, 2, 3 })]
    [InlineData("state = UPLOADING OR example_count = 10", new[] { 1, 4, 5, 6 })]
    [InlineData("example_count = 60 OR state = READY AND example_count = 10", new[] { 1 })]
    [InlineData("NOT state = READY AND example_count > 40", new[] { 5, 6 })]
    [InlineData("-state=READY", new[] { 4, 5, 6 })]
    [InlineData("display_name = \"math-*\"", new[] { 0, 2, 4, 6 })]
    [InlineData("display_name = \"*-5\"", new[] { 5 })]
    [InlineData("display_name:\"code-1\"", new[] { 1 })]
    [InlineData("format = COMPLETION AND example_count <= 40", new[] { 3, 4 })]
    [InlineData("example_count > 35 example_count < 55", new[] { 4, 5 })]
    [InlineData("create_time >= 2025-03-01T12:03:00Z", new[] { 3, 4, 5, 6 })]
    [InlineData("create_time < \"2025-03-01T12:02:00Z\"", new[] { 0, 1 })]
    [InlineData("example_count = (10 OR 20 OR 30)", new[] { 1, 2, 3 })]
    [InlineData("display_name != \"\" AND name:*", new[] { 0, 1, 2, 3, 4, 5, 6 })]
    [InlineData("external_url = \"\"", new[] { 0, 1, 2, 3, 4, 5, 6 })]
    [InlineData("external_url:*", new int[0])]
    public async Task Filters_are_evaluated_with_aip_160_semantics(string filter, int[] expected)
    {
        await SeedAsync();
        var page = await Client.Datasets.ListPageAsync(filter: filter);
        Assert.Equal(expected.Select(i => $"set-{i}"), (page.Datasets ?? []).Select(d => d.Name!.Split('/')[^1]));
    }

    [Fact]
    public async Task Bad_filters_are_invalid_arguments_with_their_position()
    {
        var syntax = await ThrowsFireworksAsync(() => Client.Datasets.ListPageAsync(filter: "state = READY AND"));
        Assert.True(syntax.IsInvalidArgument);
        Assert.Equal(400, syntax.HttpStatus);
        Assert.Contains("Invalid filter at 1:", syntax.ServerMessage, StringComparison.Ordinal);

        var unknownField = await ThrowsFireworksAsync(() => Client.Datasets.ListPageAsync(filter: "state = READY AND colour = \"red\""));
        Assert.True(unknownField.IsInvalidArgument);
        Assert.Contains("at 1:19 (offset 18): unknown field 'colour'", unknownField.ServerMessage, StringComparison.Ordinal);

        var function = await ThrowsFireworksAsync(() => Client.Datasets.ListPageAsync(filter: "lower(display_name) = \"x\""));
        Assert.True(function.IsInvalidArgument);
        Assert.Contains("function 'lower'", function.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Order_by_sorts_by_fields_and_directions_and_rejects_unknown_fields()
    {
        await SeedAsync();
        var byName = await Client.Datasets.ListPageAsync(orderBy: "display_name desc");
        Assert.Equal(["math-6", "math-4", "math-2", "math-0", "code-5", "code-3", "code-1"], byName.Datasets!.Select(d => d.DisplayName!));

        // Enums order by wire name (CHAT < COMPLETION), then the second key breaks ties.
        var byFormatThenCount = await Client.Datasets.ListPageAsync(orderBy: "format, example_count desc");
        Assert.Equal(["set-2", "set-1", "set-0", "set-6", "set-5", "set-4", "set-3"], byFormatThenCount.Datasets!.Select(d => d.Name!.Split('/')[^1]));

        var newestFirst = await Client.Datasets.ListPageAsync(orderBy: "create_time desc", pageSize: 2);
        Assert.Equal(["set-6", "set-5"], newestFirst.Datasets!.Select(d => d.Name!.Split('/')[^1]));
        var next = await Client.Datasets.ListPageAsync(orderBy: "create_time desc", pageSize: 2, pageToken: newestFirst.NextPageToken);
        Assert.Equal(["set-4", "set-3"], next.Datasets!.Select(d => d.Name!.Split('/')[^1]));

        var unknown = await ThrowsFireworksAsync(() => Client.Datasets.ListPageAsync(orderBy: "display_name, weight desc"));
        Assert.True(unknown.IsInvalidArgument);
        Assert.Contains("1:15", unknown.ServerMessage, StringComparison.Ordinal);
        var malformed = await ThrowsFireworksAsync(() => Client.Datasets.ListPageAsync(orderBy: "display_name sideways"));
        Assert.True(malformed.IsInvalidArgument);
    }

    [Fact]
    public async Task Above_the_sample_limit_filtered_pages_stay_exact_and_total_size_is_an_estimate()
    {
        const int Stored = CollectionOperations<Dataset>.TotalSizeSampleLimit + 500;
        for (var i = 0; i < Stored; i++)
        {
            await Client.Datasets.CreateAsync(new CreateDatasetBody { DatasetId = $"d{i}", Dataset = new Dataset { ExampleCount = i % 3 } });
        }

        // Every third dataset matches: 500 of 1,500. The pages hold exactly those, in creation order, with none
        // repeated or skipped although each list stops scanning early; only total_size is extrapolated.
        var expected = Enumerable.Range(0, Stored).Where(i => i % 3 == 1).Select(i => $"accounts/emulator/datasets/d{i}").ToList();
        var names = new List<string>();
        var totals = new List<int?>();
        string? token = null;
        do
        {
            var page = await Client.Datasets.ListPageAsync(pageSize: 200, pageToken: token, filter: "example_count = 1");
            names.AddRange(page.Datasets!.Select(d => d.Name!));
            totals.Add(page.TotalSize);
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal(expected, names);
        Assert.Equal(3, totals.Count);
        Assert.All(totals, total => Assert.InRange(total!.Value, 450, 550));

        // Skewed data shows it is an estimate: the first 1,000 scanned hold all 500 matches, so half the collection is
        // assumed to match. Without a filter the count is exact.
        for (var i = 0; i < 500; i++)
        {
            await Client.Datasets.UpdateAsync($"d{i}", new UpdateDatasetRequest { ExampleCount = 7 }, updateMask: "example_count");
        }

        var skewed = await Client.Datasets.ListPageAsync(pageSize: 10, filter: "example_count = 7");
        Assert.Equal(750, skewed.TotalSize);
        Assert.Equal(Stored, (await Client.Datasets.ListPageAsync(pageSize: 10)).TotalSize);
    }
}
