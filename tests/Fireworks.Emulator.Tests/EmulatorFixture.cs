using Fireworks.Models;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Fireworks.Emulator.Tests;

/// <summary>
/// One emulator per test (xunit creates a test class per test), on a fake clock: 1 real second = 1 emulated minute,
/// and nothing moves until the test advances time. Clients go through the real SDK.
/// </summary>
public abstract class EmulatorTest : IAsyncLifetime
{
    /// <summary>Emulated seconds per fake-real second.</summary>
    protected const double Scale = 60;

    protected EmulatorTest()
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    }

    protected FakeTimeProvider Time { get; }

    protected FireworksEmulator Emulator { get; private set; } = null!;

    protected FireworksClient Client { get; private set; } = null!;

    /// <summary>The test's timings; override to shorten or lengthen a phase.</summary>
    protected virtual EmulatorTimings Timings => new();

    public async Task InitializeAsync()
    {
        Emulator = await FireworksEmulator.StartAsync(new EmulatorOptions { TimeScale = Scale, TimeProvider = Time, Timings = Timings });
        var options = Emulator.CreateClientOptions();
        options.MaxRetries = 0;
        Client = new FireworksClient(options);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
    }

    /// <summary>Moves the emulated clock forward by at least <paramref name="emulated"/> (rounded up to whole real ticks, so a due transition is never missed by a rounding).</summary>
    protected void Advance(TimeSpan emulated) => Time.Advance(TimeSpan.FromTicks((long)Math.Ceiling(emulated.Ticks / Scale)));

    protected static async Task<FireworksException> ThrowsFireworksAsync(Func<Task> call)
    {
        return await Assert.ThrowsAsync<FireworksException>(call);
    }

    protected async Task<Deployment> CreateReadyDeploymentAsync(string id, bool hotLoad = false, int minReplicas = 1, string baseModel = "accounts/fireworks/models/qwen3-8b")
    {
        await Client.Deployments.CreateAsync(
            new Deployment { BaseModel = baseModel, EnableHotLoad = hotLoad, MinReplicaCount = minReplicas, MaxReplicaCount = 8 },
            deploymentId: id);
        Advance(Timings.DeploymentCreate);
        var deployment = await Client.Deployments.GetAsync(id);
        Assert.Equal(DeploymentState.Ready, deployment.State);
        return deployment;
    }
}
