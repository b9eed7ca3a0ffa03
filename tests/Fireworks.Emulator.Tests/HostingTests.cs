using Fireworks.Emulator.Tool;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Fireworks.Emulator.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task Emulated_clock_runs_time_scale_times_faster_than_its_time_provider()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var emulator = await FireworksEmulator.StartAsync(new EmulatorOptions
        {
            TimeScale = 3600,
            TimeProvider = time,
            EmulatedStartTime = new DateTimeOffset(2030, 6, 1, 8, 0, 0, TimeSpan.Zero),
        });
        Assert.Equal(new DateTimeOffset(2030, 6, 1, 8, 0, 0, TimeSpan.Zero), emulator.UtcNow);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(new DateTimeOffset(2030, 6, 1, 10, 0, 0, TimeSpan.Zero), emulator.UtcNow);

        using var client = new FireworksClient(emulator.CreateClientOptions());
        var dataset = await client.Datasets.CreateAsync(new Fireworks.Models.CreateDatasetBody { DatasetId = "d", Dataset = new Fireworks.Models.Dataset() });
        Assert.Equal(emulator.UtcNow, dataset.CreateTime);
    }

    [Fact]
    public async Task Options_are_validated_with_messages_naming_the_setting()
    {
        var scale = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => FireworksEmulator.StartAsync(new EmulatorOptions { TimeScale = 0 }));
        Assert.Equal("TimeScale", scale.ParamName);
        var account = await Assert.ThrowsAsync<ArgumentException>(() => FireworksEmulator.StartAsync(new EmulatorOptions { AccountId = "Bad Account" }));
        Assert.Equal("AccountId", account.ParamName);
        var timing = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => FireworksEmulator.StartAsync(new EmulatorOptions { Timings = new EmulatorTimings { HotLoadSwap = TimeSpan.FromSeconds(-1) } }));
        Assert.Equal("HotLoadSwap", timing.ParamName);
    }

    [Fact]
    public async Task Snapshot_root_is_temporary_unless_given_and_snapshot_paths_are_single_segments()
    {
        string root;
        await using (var emulator = await FireworksEmulator.StartAsync())
        {
            root = emulator.SnapshotRoot;
            Assert.True(Directory.Exists(root));
            Assert.Equal(Path.Combine(root, "dep", "step-1"), emulator.GetSnapshotDirectory("dep", "step-1"));
            Assert.Throws<ArgumentException>(() => emulator.GetSnapshotDirectory("dep", "../x"));
            Assert.Throws<ArgumentException>(() => emulator.GetSnapshotDirectory("Dep", "x"));
        }

        Assert.False(Directory.Exists(root));

        var mine = Directory.CreateTempSubdirectory("emulator-test-");
        try
        {
            await using (var emulator = await FireworksEmulator.StartAsync(new EmulatorOptions { SnapshotRoot = mine.FullName }))
            {
                Assert.Equal(mine.FullName, emulator.SnapshotRoot);
            }

            Assert.True(mine.Exists);
        }
        finally
        {
            mine.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Tool_prints_its_connection_settings_and_stops_on_cancellation()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        Uri? baseUrl = null;
        var exitCode = await Program.RunAsync(["--port", "0", "--time-scale", "60", "--api-key", "k1"], output, error, stop.Token, emulator =>
        {
            baseUrl = emulator.BaseUrl;
            Assert.Equal("k1", emulator.ApiKey);
            Assert.Equal(60, emulator.TimeScale);
            stop.Cancel();
        });

        Assert.Equal(0, exitCode);
        Assert.NotNull(baseUrl);
        Assert.Contains($"FIREWORKS_BASE_URL=http://127.0.0.1:{baseUrl!.Port}", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("stopped", output.ToString(), StringComparison.Ordinal);

        var invalid = await Program.RunAsync(["--time-scale", "-1"], output, error, CancellationToken.None);
        Assert.Equal(2, invalid);
        Assert.Contains("TimeScale", error.ToString(), StringComparison.Ordinal);
    }
}
