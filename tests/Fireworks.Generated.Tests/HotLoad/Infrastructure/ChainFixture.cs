using Fireworks.Tests.Lro.Infrastructure;
using Xunit;

namespace Fireworks.Tests.HotLoad.Infrastructure;

/// <summary>
/// Everything a snapshot-chain test needs, in one temporary directory deleted on dispose: the fake hot-load
/// server, a client on a fake clock, a bucket directory the chain uploads to, a seeded model whose checkpoints
/// are written per step, and a work directory for the chain.
/// </summary>
internal sealed class ChainFixture : IDisposable
{
    /// <summary>A fixed schedule without jitter or timeout: 1 s, 2 s, 4 s, … so every delay is known exactly.</summary>
    public static readonly WaitOptions Exact = new() { InitialInterval = TimeSpan.FromSeconds(1), Multiplier = 2, MaxInterval = TimeSpan.FromSeconds(30), Jitter = 0 };

    private readonly SyntheticCheckpoint _model;

    public ChainFixture(int seed = 42)
    {
        Root = Directory.CreateTempSubdirectory("fw-hotload-tests-").FullName;
        Bucket = Path.Combine(Root, "bucket");
        Work = Path.Combine(Root, "work");
        Checkpoints = Path.Combine(Root, "checkpoints");
        Server = new FakeHotLoadServer(Bucket, Path.Combine(Root, "served"));
        Clock = new PollingClock();
        Logs = new LogCollector();
        Client = new FireworksClient(new FireworksClientOptions
        {
            ApiKey = "fw_test_key_never_logged",
            AccountId = FakeHotLoadServer.AccountId,
            BaseUrl = new Uri("http://127.0.0.1:1/"),
            HttpMessageHandler = Server,
            TimeProvider = Clock,
            Timeout = Timeout.InfiniteTimeSpan,
            MaxRetries = 0,
            LoggerFactory = Logs,
        });
        Uploader = new RecordingUploader(new DirectorySnapshotUploader(Bucket));
        _model = new SyntheticCheckpoint(seed);
    }

    public string Root { get; }

    public string Bucket { get; }

    public string Work { get; }

    public string Checkpoints { get; }

    public FakeHotLoadServer Server { get; }

    public PollingClock Clock { get; }

    public LogCollector Logs { get; }

    public FireworksClient Client { get; }

    public RecordingUploader Uploader { get; }

    public SnapshotChainOptions Options(
        int fullSnapshotEvery = 25,
        bool isLora = false,
        bool sendFileHints = false,
        bool keepBaseCopy = true,
        Func<long, string>? identityForStep = null,
        TimeSpan? drainTimeout = null,
        WaitOptions? waitOptions = null,
        ISnapshotUploader? uploader = null,
        Fireworks.Delta.IDeltaEncoder? deltaEncoder = null) => new()
        {
            DeltaEncoder = deltaEncoder,
            Model = FakeHotLoadServer.Model,
            Deployment = FakeHotLoadServer.Deployment,
            Uploader = uploader ?? Uploader,
            FullSnapshotEvery = fullSnapshotEvery,
            IsLora = isLora,
            SendFileHints = sendFileHints,
            KeepBaseCopy = keepBaseCopy,
            IdentityForStep = identityForStep,
            DrainTimeout = drainTimeout,
            WaitOptions = waitOptions ?? Exact,
            WorkDirectory = Work,
        };

    /// <summary>Advances the model one training step and writes its checkpoint to <c>checkpoints/step-N</c>.</summary>
    public string WriteCheckpoint(long step, double fraction = 0.05)
    {
        if (step > 0)
        {
            _model.Step(fraction);
        }

        return _model.WriteTo(Path.Combine(Checkpoints, "step-" + step));
    }

    /// <summary>Runs a push to its end, advancing the fake clock exactly to each timer it arms.</summary>
    public Task<SnapshotPushResult> PushAsync(SnapshotChain chain, long step, string checkpoint, IProgress<SnapshotPushProgress>? progress = null) =>
        Clock.DriveAsync(chain.PushAsync(step, checkpoint, progress), skip: Clock.Armed.Count);

    /// <summary>Asserts the server now serves exactly the files of <paramref name="checkpoint"/>, byte for byte.</summary>
    public void AssertServes(string identity, string checkpoint)
    {
        Assert.Equal(identity, Server.ServedIdentity);
        var served = Server.ServedDirectory!;
        Assert.Equal(SyntheticCheckpoint.SnapshotFiles, Directory.EnumerateFiles(served).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var file in SyntheticCheckpoint.SnapshotFiles)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(checkpoint, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(served, file))), $"{identity}/{file} differs from the checkpoint");
        }
    }

    /// <summary>The chain's working subdirectories that exist now.</summary>
    public IReadOnlyList<string> WorkEntries() =>
        Directory.Exists(Work)
            ? [.. Directory.EnumerateDirectories(Work, "*", SearchOption.AllDirectories).Select(path => Path.GetRelativePath(Work, path).Replace('\\', '/')).Order(StringComparer.Ordinal)]
            : [];

    public void Dispose()
    {
        Client.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}

/// <summary>What an uploader was asked to upload.</summary>
internal sealed record UploadRecord(string Identity, SnapshotKind Kind, string? PreviousIdentity, IReadOnlyList<string> Files, long TotalBytes);

/// <summary>Records every upload, then lets the inner uploader do it.</summary>
internal sealed class RecordingUploader(ISnapshotUploader inner) : ISnapshotUploader
{
    private readonly List<UploadRecord> _uploads = [];

    public IReadOnlyList<UploadRecord> Uploads => [.. _uploads];

    public Func<SnapshotUpload, Task>? Before { get; set; }

    public Func<SnapshotUpload, Task>? After { get; set; }

    public async Task UploadAsync(SnapshotUpload upload, IProgress<SnapshotUploadProgress>? progress, CancellationToken cancellationToken)
    {
        _uploads.Add(new UploadRecord(upload.Identity, upload.Kind, upload.PreviousIdentity, [.. upload.Files.Select(static file => file.RelativePath)], upload.TotalBytes));
        if (Before is not null)
        {
            await Before(upload);
        }

        await inner.UploadAsync(upload, progress, cancellationToken);
        if (After is not null)
        {
            await After(upload);
        }
    }
}
