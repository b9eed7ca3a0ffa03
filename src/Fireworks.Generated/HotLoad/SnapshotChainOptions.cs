using Fireworks.Delta;
using Fireworks.Models;

namespace Fireworks;

/// <summary>Settings of a <see cref="SnapshotChain"/>: where snapshots go, how often a full one is made, and how to wait.</summary>
public sealed class SnapshotChainOptions
{
    /// <summary>
    /// The wait used when none is given: the first status read at once, then 1 s growing ×1.5 up to 5 s (a load
    /// takes tens of seconds, and every second of waiting is a second the trainer idles), ±20 % jitter, and a
    /// 30-minute timeout (a load that has not finished by then needs a person, not a trainer polling forever).
    /// </summary>
    public static WaitOptions DefaultWaitOptions { get; } = new()
    {
        InitialInterval = TimeSpan.FromSeconds(1),
        Multiplier = 1.5,
        MaxInterval = TimeSpan.FromSeconds(5),
        Timeout = TimeSpan.FromMinutes(30),
    };

    /// <summary>The model the deployment serves, <c>accounts/{account}/models/{model}</c> (the <c>fireworks-model</c> header).</summary>
    public required string Model { get; init; }

    /// <summary>The hot-load deployment, <c>accounts/{account}/deployments/{deployment}</c> (the <c>fireworks-deployment</c> header).</summary>
    public required string Deployment { get; init; }

    /// <summary>Uploads each snapshot to the deployment's bucket (yours; <see cref="DirectorySnapshotUploader"/> for a local directory).</summary>
    public required ISnapshotUploader Uploader { get; init; }

    /// <summary>
    /// A full snapshot is made when at least this many steps passed since the last full one (Fireworks recommends
    /// every 20th–30th step: a corrupt delta then costs at most that many steps). Default 25; 1 makes every snapshot full.
    /// </summary>
    public int FullSnapshotEvery { get; init; } = 25;

    /// <summary>The snapshots are LoRA adapters: always full (deltas apply to full weights only).</summary>
    public bool IsLora { get; init; }

    /// <summary>
    /// Send a per-file hint as each top-level file lands (<see cref="SnapshotUpload.FileUploadedAsync"/>), so the
    /// deployment starts fetching large snapshots before they are signalled. A failed hint is logged, not thrown:
    /// hints only speed loading up. Default false.
    /// </summary>
    public bool SendFileHints { get; init; }

    /// <summary>
    /// Names the snapshot of a step; null (default) uses <see cref="SnapshotIdentity.ForStep"/> (<c>step-000042</c>).
    /// A fallback full snapshot gets the suffix <c>-full</c>; an identity already used by this chain gets <c>-r2</c>, <c>-r3</c>, ….
    /// </summary>
    public Func<long, string>? IdentityForStep { get; init; }

    /// <summary>The prompt-cache policy sent with every signal, or null for the server's default (<c>all</c>).</summary>
    public ResetPromptCache? ResetPromptCache { get; init; }

    /// <summary>Top-level <c>config.json</c> fields the server's snapshot validation should ignore (known-safe metadata only), or null.</summary>
    public IReadOnlyList<string>? ExtraConfigFieldsToIgnore { get; init; }

    /// <summary>
    /// Sent as <c>x-fireworks-hot-load-drain-timeout</c> (whole seconds): during a weight swap the server answers
    /// <c>425 Too Early</c> after this long instead of queueing; the chain then backs off and signals again.
    /// Null (default): the header is not sent.
    /// </summary>
    public TimeSpan? DrainTimeout { get; init; }

    /// <summary>
    /// How the chain polls until every replica serves a snapshot, and how it backs off after <c>425 Too Early</c>
    /// (at most <see cref="WaitOptions.MaxTransientErrors"/> deferrals in a row within
    /// <see cref="WaitOptions.TransientErrorTimeLimit"/>). Default <see cref="DefaultWaitOptions"/>.
    /// </summary>
    public WaitOptions WaitOptions { get; init; } = DefaultWaitOptions;

    /// <summary>Codec settings for deltas (chunk size, levels, parallelism); the base identity is filled in by the chain. Null: the codec's defaults.</summary>
    public DeltaEncodeOptions? DeltaEncodeOptions { get; init; }

    /// <summary>
    /// Makes each shard's delta and names its format, which the chain signals as it is. Null (default): this SDK's codec
    /// (<see cref="CodecDeltaEncoder"/> with <see cref="DeltaEncodeOptions"/>). To send Fireworks' own <c>arc_v2</c>, run its
    /// reference encoder through an <see cref="ExternalCommandDeltaEncoder"/> declaring <c>arc_v2</c>.
    /// </summary>
    public IDeltaEncoder? DeltaEncoder { get; init; }

    /// <summary>
    /// Where the chain keeps its working files (encoded deltas until they are uploaded, the copy of the last loaded
    /// checkpoint): a new subdirectory is created inside it and deleted by <see cref="SnapshotChain.Dispose"/>.
    /// Null (default): the system's temporary directory. Put it on the same file system as the checkpoints so
    /// copies can be cheap clones.
    /// </summary>
    public string? WorkDirectory { get; init; }

    /// <summary>
    /// Keep a private copy of the last successfully loaded checkpoint to encode the next delta against (default
    /// true): trainers often overwrite or delete checkpoint directories, and a delta made against a base that changed
    /// since it was loaded cannot be applied. Set false to save the copy when every step writes its own directory and
    /// keeps it until the next push returns; the chain then refuses to encode a directory against itself.
    /// </summary>
    public bool KeepBaseCopy { get; init; } = true;

    /// <summary>Checks the settings and splits the deployment name.</summary>
    /// <returns>The deployment's account and id.</returns>
    internal (string AccountId, string DeploymentId) Validate()
    {
        if (!ResourceNames.IsNameOf(Model, ModelsClient.ResourceNamePattern))
        {
            throw new ArgumentException($"SnapshotChainOptions.Model {PathSegment.Echo(Model ?? "")} must be a model name of the form {ModelsClient.ResourceNamePattern}.", nameof(Model));
        }

        if (!ResourceNames.IsNameOf(Deployment, DeploymentsClient.ResourceNamePattern))
        {
            throw new ArgumentException($"SnapshotChainOptions.Deployment {PathSegment.Echo(Deployment ?? "")} must be a deployment name of the form {DeploymentsClient.ResourceNamePattern}.", nameof(Deployment));
        }

        var deployment = Deployment!.Split('/');

        if (Uploader is null)
        {
            throw new ArgumentException("SnapshotChainOptions.Uploader is required: it puts each snapshot into the deployment's bucket.", nameof(Uploader));
        }

        if (FullSnapshotEvery < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(FullSnapshotEvery), FullSnapshotEvery, "SnapshotChainOptions.FullSnapshotEvery must be at least 1 (1: every snapshot is full).");
        }

        if (DrainTimeout is { } drain && (drain < TimeSpan.FromSeconds(1) || drain.TotalSeconds > int.MaxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(DrainTimeout), drain, "SnapshotChainOptions.DrainTimeout must be at least one second (it is sent in whole seconds), or null.");
        }

        if (WaitOptions is null)
        {
            throw new ArgumentException("SnapshotChainOptions.WaitOptions must not be null.", nameof(WaitOptions));
        }

        WaitOptions.Validate();
        // Builds a throwaway signal body: the same checks every real signal gets, reported before the first upload.
        HotLoadSignal.Full("options-check", ResetPromptCache, ExtraConfigFieldsToIgnore);
        return (deployment[1], deployment[3]);
    }
}
