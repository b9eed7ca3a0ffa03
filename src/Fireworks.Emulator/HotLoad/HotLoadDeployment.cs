using Fireworks.Models;

namespace Fireworks.Emulator;

/// <summary>The hot-load state of one deployment: what it serves, its current or last load, and its ledger.</summary>
internal sealed class HotLoadDeployment
{
    /// <summary>The last snapshot every replica finished loading (null: the base model, after creation or a reset).</summary>
    public string? ServedIdentity { get; set; }

    /// <summary>The full files of <see cref="ServedIdentity"/>: the uploaded directory of a full snapshot, the decoded one of a delta.</summary>
    public string? ServedDirectory { get; set; }

    /// <summary>The config.json later snapshots are validated against (the first full snapshot's).</summary>
    public string? ReferenceConfig { get; set; }

    /// <summary>Identities loaded since creation or the last reset; each snapshot needs a new one.</summary>
    public HashSet<string> LoadedIdentities { get; } = new(StringComparer.Ordinal);

    /// <summary>The load in progress, or the last one (kept to report its outcome).</summary>
    public LoadAttempt? Load { get; set; }

    /// <summary>Oldest first.</summary>
    public List<LedgerEntry> Ledger { get; } = [];
}

/// <summary>
/// One signalled snapshot on its way to every replica. Timeline (emulated): downloading until both
/// <see cref="EmulatorTimings.HotLoadDownload"/> has passed and the files are decoded; then replica <c>i</c> swaps
/// during <c>[done + i·swap, done + (i+1)·swap)</c>, not ready meanwhile, and serves the new identity after.
/// </summary>
internal sealed class LoadAttempt
{
    public const string StageIdle = "idle";
    public const string StageDownloading = "downloading";
    public const string StageWaiting = "waiting_for_swap";
    public const string StageSwapping = "swapping";
    public const string StageReady = "ready";
    public const string StageError = "error";

    private readonly CancellationTokenSource cancellation;
    private bool decodeFinished;

    public LoadAttempt(string identity, string? previous, DateTimeOffset signaledAt, int replicaCount, string sourceDirectory, string servedDirectory, CancellationToken stopping)
    {
        Identity = identity;
        Previous = previous;
        SignaledAt = signaledAt;
        ReplicaCount = replicaCount;
        SourceDirectory = sourceDirectory;
        ServedDirectory = servedDirectory;
        cancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    }

    public string Identity { get; }

    /// <summary>The base identity of a delta; null for a full snapshot.</summary>
    public string? Previous { get; }

    public bool IsDelta => Previous is not null;

    public DateTimeOffset SignaledAt { get; }

    public int ReplicaCount { get; }

    /// <summary>Where the uploaded files are.</summary>
    public string SourceDirectory { get; }

    /// <summary>Where the full files will be once loaded (the source itself for a full snapshot).</summary>
    public string ServedDirectory { get; }

    public CancellationToken Cancellation => cancellation.Token;

    /// <summary>When the files were decoded and validated (emulated time), or null while that runs.</summary>
    public DateTimeOffset? DecodedAt { get; private set; }

    /// <summary>Why the load failed, or null.</summary>
    public string? Error { get; private set; }

    public bool Committed { get; set; }

    public bool Abandoned { get; private set; }

    /// <summary>Whether the load is still under way (neither failed, finished nor abandoned).</summary>
    public bool IsActive => Error is null && !Committed && !Abandoned;

    public void Downloaded(DateTimeOffset at) => DecodedAt = at;

    public void Fail(DateTimeOffset at, string error)
    {
        DecodedAt = at;
        Error = error;
    }

    /// <summary>Stops a decode in flight (ledger reset, deployment deleted). Call under the state gate.</summary>
    public void Abandon()
    {
        Abandoned = true;
        if (!decodeFinished)
        {
            cancellation.Cancel();
        }
    }

    /// <summary>Releases the cancellation source once the background decode has ended. Call under the state gate.</summary>
    public void DecodeFinished()
    {
        decodeFinished = true;
        cancellation.Dispose();
    }

    /// <summary>When replica <paramref name="index"/> finishes swapping, once the files are decoded.</summary>
    public DateTimeOffset? SwapEnd(int index, EmulatorTimings timings) =>
        DownloadDone(timings) is { } done ? done + (timings.HotLoadSwap * (index + 1)) : null;

    public string StageOf(int index, DateTimeOffset now, EmulatorTimings timings)
    {
        if (Error is not null)
        {
            return StageError;
        }

        if (Committed)
        {
            return StageReady;
        }

        if (DownloadDone(timings) is not { } done || now < done)
        {
            return StageDownloading;
        }

        if (index >= ReplicaCount)
        {
            // A replica added by a scale-up during the load starts on the snapshot the others had.
            return StageWaiting;
        }

        var swapStart = done + (timings.HotLoadSwap * index);
        return now < swapStart ? StageWaiting : now < swapStart + timings.HotLoadSwap ? StageSwapping : StageReady;
    }

    private DateTimeOffset? DownloadDone(EmulatorTimings timings)
    {
        if (DecodedAt is not { } decoded)
        {
            return null;
        }

        var minimum = SignaledAt + timings.HotLoadDownload;
        return decoded > minimum ? decoded : minimum;
    }
}
