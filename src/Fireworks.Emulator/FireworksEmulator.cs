using System.Net;
using Fireworks.Emulator.Inference;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fireworks.Emulator;

/// <summary>
/// A local emulator of the Fireworks Gateway and hot-load APIs, listening on 127.0.0.1 (like Azurite for Azure
/// Storage). It speaks the SDK's own wire format, keeps state in memory, runs state transitions on an emulated
/// clock, and decodes hot-load deltas with the SDK's codec. Start one per test class, or run the
/// <c>fireworks-emulator</c> tool.
/// </summary>
/// <example>
/// <code>
/// await using var emulator = await FireworksEmulator.StartAsync(new EmulatorOptions { TimeScale = 60 });
/// using var client = new FireworksClient(emulator.CreateClientOptions());
/// var job = await client.RlorTrainerJobs.CreateAsync(new RlorTrainerJob { KeepAlive = true }, rlorTrainerJobId: "grpo-1");
/// </code>
/// </example>
public sealed class FireworksEmulator : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly EmulatorState state;
    private readonly HotLoadService hotLoad;
    private readonly ReplicaRouter replicaRouter;
    private readonly bool ownsSnapshotRoot;
    private int disposed;

    private FireworksEmulator(WebApplication app, EmulatorState state, HotLoadService hotLoad, ReplicaRouter replicaRouter, HandlerTable handlers, Uri baseUrl, bool ownsSnapshotRoot, EmulatorFiles files)
    {
        StorageFaults = files.Faults;
        this.app = app;
        this.state = state;
        this.hotLoad = hotLoad;
        this.replicaRouter = replicaRouter;
        this.ownsSnapshotRoot = ownsSnapshotRoot;
        BaseUrl = baseUrl;
        ImplementedOperations = handlers.OperationIds.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Response header of the inference endpoints naming the replica that answered (the emulator's own header).</summary>
    public const string ReplicaIdHeader = "x-emulator-replica-id";

    /// <summary>
    /// Response header of the inference endpoints naming the hot-loaded snapshot the answering replica served; absent
    /// for the base model. The emulator's own header: the service's "policy version" field is not public.
    /// </summary>
    public const string SnapshotIdentityHeader = "x-emulator-snapshot-identity";

    /// <summary>The emulator's root URL, <c>http://127.0.0.1:{port}</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The API key requests must carry.</summary>
    public string ApiKey => state.Options.ApiKey;

    /// <summary>The id of the emulator's one account.</summary>
    public string AccountId => state.AccountId;

    /// <summary>The directory that stands in for the hot-load bucket (see <see cref="GetSnapshotDirectory"/>).</summary>
    public string SnapshotRoot => state.SnapshotRoot;

    /// <summary>Emulated seconds per real second.</summary>
    public double TimeScale => state.Clock.Scale;

    /// <summary>The emulated current time (the clock that stamps createTime and drives every state transition).</summary>
    public DateTimeOffset UtcNow => state.Clock.UtcNow;

    /// <summary>The operationIds the emulator implements; every other operation of the SDK answers UNIMPLEMENTED (501).</summary>
    public IReadOnlyList<string> ImplementedOperations { get; }

    /// <summary>Faults the signed-URL storage injects into the next transfers (connection cuts, 5xx, wrong checksums), for tests.</summary>
    public StorageFaults StorageFaults { get; }

    /// <summary>Starts an emulator and waits until it listens.</summary>
    /// <param name="options">Settings, or null for the defaults (free port, key <see cref="EmulatorOptions.DefaultApiKey"/>, real time).</param>
    /// <param name="cancellationToken">Cancels the start-up.</param>
    /// <returns>The running emulator; dispose it to stop it.</returns>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    /// <exception cref="IOException">The port is taken.</exception>
    public static async Task<FireworksEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options = Copy(options ?? new EmulatorOptions());
        options.Validate();
        var ownsSnapshotRoot = options.SnapshotRoot is null;
        var snapshotRoot = Path.GetFullPath(options.SnapshotRoot ?? Directory.CreateTempSubdirectory("fireworks-emulator-").FullName);
        Directory.CreateDirectory(snapshotRoot);

        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var state = new EmulatorState(options, snapshotRoot, loggerFactory.CreateLogger("Fireworks.Emulator"));
        var handlers = new HandlerTable();
        var hotLoad = new HotLoadService(state);
        new AccountsApi(state).Register(handlers);
        new DatasetsApi(state).Register(handlers);
        new ModelsApi(state).Register(handlers);
        new DeploymentsApi(state, hotLoad).Register(handlers);
        new RlorTrainerJobsApi(state).Register(handlers);
        new FineTuningJobsApi(state).Register(handlers);
        new EvaluatorsApi(state).Register(handlers);
        hotLoad.Register(handlers);
        var files = new EmulatorFiles(state);
        files.Register(handlers);
        var dispatcher = new Dispatcher(state, handlers, new Router(FireworksOperations.All), options.ApiKey);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(FireworksEmulator).Assembly.GetName().Name });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        // In-process hosts (test runners, samples) own Ctrl+C and the process lifetime, not the emulator.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });
        var app = builder.Build();
        var replicaRouter = new ReplicaRouter(state, hotLoad);
        var inference = new InferenceEndpoint(state, replicaRouter, options.ApiKey);
        app.Map(InferenceEndpoint.PathBase, branch => branch.Run(inference.HandleAsync));
        app.Run(files.Route(dispatcher.HandleAsync));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var port = new Uri(address).Port;
        return new FireworksEmulator(app, state, hotLoad, replicaRouter, handlers, new Uri($"http://127.0.0.1:{port}"), ownsSnapshotRoot, files);
    }

    /// <summary>Client options that point an SDK client at this emulator (base URL, API key, account).</summary>
    /// <returns>New options; adjust them freely.</returns>
    public FireworksClientOptions CreateClientOptions() => new()
    {
        BaseUrl = BaseUrl,
        ApiKey = ApiKey,
        AccountId = AccountId,
    };

    /// <summary>
    /// Where the emulator reads snapshot <paramref name="identity"/> of hot-load deployment <paramref name="deploymentId"/>:
    /// <c>{SnapshotRoot}/{deploymentId}/{identity}/</c>. Write the files there before signalling the snapshot.
    /// </summary>
    /// <param name="deploymentId">The deployment id (last segment of its name).</param>
    /// <param name="identity">The snapshot identity (one path segment).</param>
    /// <returns>The directory path (not created).</returns>
    /// <exception cref="ArgumentException">An argument is not a single path segment.</exception>
    public string GetSnapshotDirectory(string deploymentId, string identity)
    {
        if (!ResourceIds.IsValid(deploymentId))
        {
            throw new ArgumentException($"'{deploymentId}' is not a valid deployment id.", nameof(deploymentId));
        }

        if (string.IsNullOrEmpty(identity) || identity is "." or ".." || identity.IndexOfAny(['/', '\\']) >= 0)
        {
            throw new ArgumentException($"'{identity}' is not a single path segment.", nameof(identity));
        }

        return hotLoad.SnapshotDirectory(deploymentId, identity);
    }

    /// <summary>
    /// Sets how hot-load deployment <paramref name="deploymentId"/> swaps weights: <see cref="HotLoadTransition.Sync"/> makes
    /// requests that reach a swapping replica fail with 425 Too Early, <see cref="HotLoadTransition.Async"/> queues them.
    /// The service fixes this when the deployment is created (<c>--hot-load-transition-type</c>); the Gateway spec has no
    /// field for it, so the emulator takes it here (default: <see cref="EmulatorOptions.HotLoadTransition"/>).
    /// </summary>
    /// <param name="deploymentId">The deployment id (last segment of its name).</param>
    /// <param name="transition">The swap mode.</param>
    /// <exception cref="ArgumentException"><paramref name="deploymentId"/> is not a valid id.</exception>
    public void SetHotLoadTransition(string deploymentId, HotLoadTransition transition)
    {
        if (!ResourceIds.IsValid(deploymentId))
        {
            throw new ArgumentException($"'{deploymentId}' is not a valid deployment id.", nameof(deploymentId));
        }

        replicaRouter.SetTransition(deploymentId, transition);
    }

    /// <summary>Inference requests waiting for a weight swap to end (async transition); tests wait for it to move the clock.</summary>
    internal int QueuedInferenceRequests => replicaRouter.QueuedRequests;

    /// <summary>
    /// Completes when no snapshot is being decoded or validated in the background. Loads then advance only with
    /// the emulated clock, which makes tests with a fake <see cref="TimeProvider"/> deterministic.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the background work is done.</returns>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default) => state.WhenIdleAsync(cancellationToken);

    /// <summary>Stops listening, abandons loads in flight, and deletes the snapshot root if the emulator created it.</summary>
    /// <returns>A task that completes when the emulator has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await state.Stopping.CancelAsync().ConfigureAwait(false);
        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        try
        {
            await state.WhenIdleAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Loads cancelled by the shutdown end this way; there is nothing left to wait for.
        }

        state.Stopping.Dispose();
        if (ownsSnapshotRoot && Directory.Exists(state.SnapshotRoot))
        {
            Directory.Delete(state.SnapshotRoot, recursive: true);
        }
    }

    private static EmulatorOptions Copy(EmulatorOptions options) => new()
    {
        Port = options.Port,
        ApiKey = options.ApiKey,
        AccountId = options.AccountId,
        TimeScale = options.TimeScale,
        TimeProvider = options.TimeProvider,
        EmulatedStartTime = options.EmulatedStartTime,
        SnapshotRoot = options.SnapshotRoot,
        Timings = options.Timings,
        RandomSeed = options.RandomSeed,
        LoggerFactory = options.LoggerFactory,
        HotLoadTransition = options.HotLoadTransition,
    };

    /// <summary>A host lifetime that neither listens for Ctrl+C nor prints start-up banners.</summary>
    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
