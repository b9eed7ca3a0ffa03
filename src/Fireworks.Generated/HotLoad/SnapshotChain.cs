using System.Globalization;
using Fireworks.Delta;
using Fireworks.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fireworks;

/// <summary>
/// Pushes a training run's weights to a Fireworks hot-load deployment, one snapshot per step: uploads it
/// (through your <see cref="ISnapshotUploader"/>), signals it, and waits until every replica serves it.
/// Create one with <see cref="HotLoadClient.CreateSnapshotChain"/>.
/// </summary>
/// <remarks>
/// <para>
/// Policy. The first snapshot is full, and so is the first after <see cref="ResetLedgerAsync"/>; then a full
/// snapshot whenever <see cref="SnapshotChainOptions.FullSnapshotEvery"/> steps have passed since the last full
/// one; a delta otherwise. LoRA adapters are always full. A delta is encoded against the checkpoint of the last
/// snapshot every replica <em>successfully</em> loaded, and names it as <c>previous_snapshot_identity</c>; the
/// delta files keep the shard file names and other files (<c>config.json</c>, tokenizer) are copied whole.
/// </para>
/// <para>
/// Failures. A delta whose load fails (a replica reports stage <c>error</c>) or whose signal is rejected (4xx)
/// is followed at once by a full snapshot of the same checkpoint under <c>{identity}-full</c>; the result says so
/// (<see cref="SnapshotPushResult.FailedDeltaIdentity"/>). When the server rejects a delta as such
/// (<c>INVALID_ARGUMENT</c> or <c>UNIMPLEMENTED</c>) but accepts the full snapshot, it does not take this delta
/// format, and later snapshots are all full
/// (<see cref="DeltasDisabledReason"/>) instead of uploading a doomed delta every step. A failed full snapshot, a
/// wait that times out, and any other error are thrown; the chain still names the last good snapshot, so the next
/// push is a delta against it (or a full one). A push that stops after its signal (cancelled, or its wait timed out)
/// leaves that snapshot loading on the server: the next push first waits until that load ends, and if every replica
/// then serves it, pushes a full snapshot (the chain kept no base to encode a delta against it). <c>425 Too Early</c> on a signal is backed off (honouring
/// <c>Retry-After</c>) and the signal sent again.
/// </para>
/// <para>One push at a time: the chain is not for concurrent use. Dispose it to delete its working files.</para>
/// </remarks>
public sealed class SnapshotChain : IDisposable
{
    private const string FallbackSuffix = "-full";

    // The chain backs off 425 itself, for longer than the client's retries would.
    private static readonly RequestOptions SignalRequestOptions = new() { LeavesTooEarlyToCaller = true };

    private readonly HotLoadClient _hotLoad;
    private readonly DeploymentsClient _deployments;
    private readonly TimeProvider _time;
    private IDeltaEncoder? _encoder;
    private readonly ILogger _logger;
    private readonly string _accountId;
    private readonly string _deploymentId;
    private readonly Func<long, string> _identityForStep;
    private readonly HashSet<string> _usedIdentities = new(StringComparer.Ordinal);
    private int _busy;
    private bool _disposed;
    private string? _workDirectory;
    private string? _baseDirectory;
    private bool _baseIsCopy;

    // A snapshot whose signal the server accepted but whose push ended before every replica served it (cancelled,
    // the wait timed out or failed): the deployment keeps loading it, and refuses other signals until it is done.
    private string? _unsettledIdentity;

    // Every replica serves a snapshot that was never committed (an interrupted push that completed on the server):
    // no delta can be made against it, so the next push is full.
    private bool _servesUncommitted;

    internal SnapshotChain(HotLoadClient hotLoad, DeploymentsClient deployments, FireworksPipeline pipeline, SnapshotChainOptions options)
    {
        (_accountId, _deploymentId) = options.Validate();
        _hotLoad = hotLoad;
        _deployments = deployments;
        _time = pipeline.TimeProvider;
        _logger = pipeline.Options.LoggerFactory?.CreateLogger(SnapshotChainLog.Category) ?? NullLogger.Instance;
        _identityForStep = options.IdentityForStep ?? SnapshotIdentity.ForStep;
        Options = options;
    }

    /// <summary>The chain's settings.</summary>
    public SnapshotChainOptions Options { get; }

    /// <summary>The snapshot every replica served after the last successful push, or null (none yet, or the ledger was reset).</summary>
    public string? LastLoadedIdentity { get; private set; }

    /// <summary>The step of <see cref="LastLoadedIdentity"/>, or null.</summary>
    public long? LastLoadedStep { get; private set; }

    /// <summary>The step of the last full snapshot that loaded, or null.</summary>
    public long? LastFullSnapshotStep { get; private set; }

    /// <summary>
    /// Why this chain makes only full snapshots from now on, or null: a delta was rejected as <c>INVALID_ARGUMENT</c>
    /// or <c>UNIMPLEMENTED</c> while the full snapshot of the same checkpoint was accepted (the server does not take
    /// this SDK's delta format).
    /// </summary>
    public string? DeltasDisabledReason { get; private set; }

    /// <summary>Makes the deltas and names their format: <see cref="SnapshotChainOptions.DeltaEncoder"/>, or this SDK's codec.</summary>
    private IDeltaEncoder Encoder => _encoder ??= Options.DeltaEncoder ?? new CodecDeltaEncoder(Options.DeltaEncodeOptions);

    /// <summary>What <see cref="PushAsync"/> would push for <paramref name="step"/> now, if nothing fails.</summary>
    /// <param name="step">The training step.</param>
    /// <returns><see cref="SnapshotKind.Full"/> or <see cref="SnapshotKind.Delta"/>.</returns>
    public SnapshotKind PlanKind(long step)
    {
        if (Options.IsLora || LastLoadedIdentity is null || _baseDirectory is null || DeltasDisabledReason is not null || _servesUncommitted)
        {
            return SnapshotKind.Full;
        }

        return LastFullSnapshotStep is not { } lastFull || step - lastFull >= Options.FullSnapshotEvery ? SnapshotKind.Full : SnapshotKind.Delta;
    }

    /// <summary>
    /// Pushes the checkpoint of <paramref name="step"/>: encodes a delta when the policy says so, uploads, signals,
    /// and returns once every replica serves the new snapshot (falling back to a full snapshot if a delta fails).
    /// </summary>
    /// <param name="step">The training step (not negative, after the step of the last loaded snapshot).</param>
    /// <param name="checkpointDirectory">The step's full checkpoint in HuggingFace layout (<c>config.json</c>, <c>*.safetensors</c>, tokenizer files). Hidden entries are left out.</param>
    /// <param name="progress">Receives encoding, upload, signal and per-replica progress, in order.</param>
    /// <param name="cancellationToken">Stops the push (a snapshot already signalled keeps loading on the server; the next push waits for that load to end).</param>
    /// <returns>The snapshot every replica now serves, and what it cost.</returns>
    /// <exception cref="ArgumentException">The step does not follow the last loaded one, the directory is empty, or an identity is invalid.</exception>
    /// <exception cref="DirectoryNotFoundException">The checkpoint directory does not exist.</exception>
    /// <exception cref="InvalidOperationException">Another push or ledger reset of this chain is in progress.</exception>
    /// <exception cref="SnapshotLoadFailedException">A full snapshot (or the fallback of a failed delta) failed to load; carries the server's message.</exception>
    /// <exception cref="WaitTimeoutException">The snapshot (or that of an interrupted push, waited for first) was not served within <see cref="WaitOptions.Timeout"/>.</exception>
    /// <exception cref="FireworksException">A signal or status call failed (for a delta: other than a rejection).</exception>
    public async Task<SnapshotPushResult> PushAsync(
        long step,
        string checkpointDirectory,
        IProgress<SnapshotPushProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointDirectory);
        if (LastLoadedStep is { } lastStep && step <= lastStep)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step,
                $"Step {step} does not follow step {lastStep}, whose snapshot '{LastLoadedIdentity}' the deployment serves; steps must increase (reset the ledger to start over).");
        }

        var checkpoint = Path.GetFullPath(checkpointDirectory);
        if (!Directory.Exists(checkpoint))
        {
            throw new DirectoryNotFoundException($"The checkpoint directory '{checkpoint}' of step {step} does not exist.");
        }

        Enter();
        using var activity = FireworksTelemetry.Source.StartActivity("HotLoad Push", System.Diagnostics.ActivityKind.Internal);
        activity?.SetTag(FireworksTelemetry.Tags.Deployment, _deploymentId);
        var started = _time.GetTimestamp();
        string? errorType = null;
        try
        {
            var result = await PushCoreAsync(step, checkpoint, progress, cancellationToken).ConfigureAwait(false);
            if (activity is not null)
            {
                activity.SetTag(FireworksTelemetry.Tags.Snapshot, result.Identity);
                activity.SetTag(FireworksTelemetry.Tags.SnapshotKind, result.Kind.ToString());
                activity.SetTag(FireworksTelemetry.Tags.UploadedBytes, result.UploadedBytes);
            }

            if (FireworksTelemetry.HotLoadBytes.Enabled)
            {
                FireworksTelemetry.HotLoadBytes.Add(result.UploadedBytes, new KeyValuePair<string, object?>(FireworksTelemetry.Tags.SnapshotKind, result.Kind.ToString()));
            }

            return result;
        }
        catch (Exception exception)
        {
            errorType = exception is FireworksException fireworks ? fireworks.CodeName : exception.GetType().FullName;
            activity?.SetTag(FireworksTelemetry.Tags.ErrorType, errorType);
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, exception.GetType().Name);
            throw;
        }
        finally
        {
            Exit();
            if (FireworksTelemetry.HotLoadDuration.Enabled)
            {
                FireworksTelemetry.HotLoadDuration.Record(_time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(FireworksTelemetry.Tags.ErrorType, errorType));
            }
        }
    }

    /// <summary>
    /// Resets the deployment's hot-load ledger (<c>DELETE …/ledger</c>): the deployment forgets every hot-loaded
    /// snapshot and goes back to the base model, and this chain's next snapshot is full. Use it when the chain is wedged.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the ledger is reset.</returns>
    /// <exception cref="InvalidOperationException">A push is in progress.</exception>
    /// <exception cref="FireworksException">The gateway refused the reset.</exception>
    public async Task ResetLedgerAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Enter();
        try
        {
            await _deployments.ResetLedgerAsync(_deploymentId, _accountId, options: null, cancellationToken).ConfigureAwait(false);
            LastLoadedIdentity = null;
            LastLoadedStep = null;
            LastFullSnapshotStep = null;
            _unsettledIdentity = null;
            _servesUncommitted = false;
            DropBase();
            SnapshotChainLog.LedgerReset(_logger, Options.Deployment);
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Reads the deployment's hot-load ledger: every snapshot it loaded, per-replica readiness times and load errors.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The ledger.</returns>
    /// <exception cref="FireworksException">The gateway refused the call.</exception>
    public Task<GetLedgerResponse> GetLedgerAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _deployments.GetLedgerAsync(_deploymentId, _accountId, options: null, cancellationToken);
    }

    /// <summary>Deletes the chain's working files (encoded deltas, the copy of the last loaded checkpoint).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (SnapshotFiles.TryDeleteDirectory(_workDirectory) is { } failure)
        {
            SnapshotChainLog.CleanupFailed(_logger, _workDirectory!, failure.Message);
        }

        _workDirectory = null;
        _baseDirectory = null;
    }

    private bool KeepsBase => !Options.IsLora && Options.FullSnapshotEvery > 1 && DeltasDisabledReason is null;

    private async Task<SnapshotPushResult> PushCoreAsync(long step, string checkpoint, IProgress<SnapshotPushProgress>? progress, CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        var checkpointFiles = SnapshotFiles.Enumerate(checkpoint);
        if (checkpointFiles.Count == 0)
        {
            throw new ArgumentException($"The checkpoint directory '{checkpoint}' of step {step} holds no (non-hidden) files.", "checkpointDirectory");
        }

        var identity = NextIdentity(IdentityFor(step));
        await SettleInterruptedLoadAsync(step, cancellationToken).ConfigureAwait(false);
        var attempt = new Attempt(step, checkpoint, checkpointFiles, start, progress);
        if (PlanKind(step) == SnapshotKind.Full)
        {
            return await PushOnceAsync(attempt, identity, SnapshotKind.Full, previous: null, failedDelta: null, fallbackReason: null, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await PushOnceAsync(attempt, identity, SnapshotKind.Delta, LastLoadedIdentity, failedDelta: null, fallbackReason: null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (DeltaFailure(exception) is { } reason)
        {
            var fullIdentity = NextIdentity(identity + FallbackSuffix);
            SnapshotChainLog.DeltaFallingBack(_logger, identity, reason, fullIdentity);
            attempt.Report(fullIdentity, SnapshotKind.Full, SnapshotPushStage.FallingBack, _time, message: $"Delta '{identity}' did not load: {reason}");
            var result = await PushOnceAsync(attempt, fullIdentity, SnapshotKind.Full, previous: null, identity, reason, cancellationToken).ConfigureAwait(false);
            if (exception is FireworksException { IsUnimplemented: true } or FireworksException { IsInvalidArgument: true })
            {
                // The server refused the delta as such yet took a full snapshot of the same checkpoint: it does not
                // accept this delta format, and every later delta would be uploaded only to be rejected again.
                DeltasDisabledReason = reason;
                DropBase();
                SnapshotChainLog.DeltasDisabled(_logger, reason);
            }

            return result;
        }
    }

    /// <summary>
    /// Why a delta attempt failed in a way a full snapshot can repair (its load failed, or its signal was rejected
    /// with a 4xx other than authentication, throttling and <c>425</c>), or null when it did not.
    /// </summary>
    private static string? DeltaFailure(Exception exception) => exception switch
    {
        SnapshotLoadFailedException failed => failed.Message,
        DeltaEncoderException encoder => encoder.Message,
        FireworksException { HasResponse: true, IsUnimplemented: true } rejected => rejected.Message,
        FireworksException { HasResponse: true, HttpStatus: >= 400 and < 500 and not (401 or 403) } rejected when !TransientFailure.IsTransient(rejected) => rejected.Message,
        _ => null,
    };

    private async Task<SnapshotPushResult> PushOnceAsync(
        Attempt attempt, string identity, SnapshotKind kind, string? previous, string? failedDelta, string? fallbackReason, CancellationToken cancellationToken)
    {
        _usedIdentities.Add(identity);
        SnapshotChainLog.PushStarted(_logger, attempt.Step, kind, identity, previous ?? "(none)", Options.Deployment);
        var metadata = kind == SnapshotKind.Delta ? HotLoadSignal.IncrementalMetadata(identity, previous, Encoder.CompressionFormat, Encoder.ChecksumFormat) : null;
        string? deltaDirectory = null;
        string? baseCandidate = null;
        try
        {
            var uploadDirectory = attempt.Checkpoint;
            IReadOnlyList<SnapshotFile> uploadFiles = attempt.CheckpointFiles;
            var encodeTime = TimeSpan.Zero;
            if (kind == SnapshotKind.Delta)
            {
                deltaDirectory = NewWorkSubdirectory("delta-" + identity);
                encodeTime = await EncodeAsync(attempt, identity, previous!, deltaDirectory, cancellationToken).ConfigureAwait(false);
                uploadDirectory = deltaDirectory;
                uploadFiles = SnapshotFiles.Enumerate(deltaDirectory);
            }

            if (KeepsBase && Options.KeepBaseCopy)
            {
                // Copied before the signal: what the next delta is encoded against must be exactly what was
                // loaded, whatever the trainer does to its checkpoint directory afterwards.
                baseCandidate = NewWorkSubdirectory("base-" + identity);
                await SnapshotFiles.CopyAsync(attempt.CheckpointFiles, baseCandidate, cancellationToken).ConfigureAwait(false);
            }

            var hints = new HintSender(this, attempt, identity, kind, metadata);
            var upload = new SnapshotUpload(identity, uploadDirectory, uploadFiles, kind, previous, Options.SendFileHints ? hints.SendAsync : null);
            var uploadStart = _time.GetTimestamp();
            var uploadProgress = new ForwardingProgress<SnapshotUploadProgress>(value =>
                attempt.Report(identity, kind, SnapshotPushStage.Uploading, _time, upload: value));
            await Options.Uploader.UploadAsync(upload, uploadProgress, cancellationToken).ConfigureAwait(false);
            var uploadTime = _time.GetElapsedTime(uploadStart);
            SnapshotChainLog.Uploaded(_logger, identity, upload.Files.Count, upload.TotalBytes, uploadTime.TotalMilliseconds);
            if (deltaDirectory is not null)
            {
                DeleteWorkSubdirectory(deltaDirectory);
                deltaDirectory = null;
            }

            var request = kind == SnapshotKind.Delta
                ? HotLoadSignal.Delta(identity, previous, Options.ResetPromptCache, Options.ExtraConfigFieldsToIgnore, Encoder.CompressionFormat, Encoder.ChecksumFormat)
                : HotLoadSignal.Full(identity, Options.ResetPromptCache, Options.ExtraConfigFieldsToIgnore);
            var loadStart = _time.GetTimestamp();
            attempt.Report(identity, kind, SnapshotPushStage.Signalling, _time);
            await SignalAsync(request, attempt, kind, cancellationToken).ConfigureAwait(false);
            _unsettledIdentity = identity;
            var loadProgress = new ForwardingProgress<SnapshotLoadProgress>(value =>
                attempt.Report(identity, kind, SnapshotPushStage.Loading, _time, load: value));
            HotLoadStatus status;
            try
            {
                status = await _hotLoad.WaitUntilServedAsync(Options.Model, Options.Deployment, identity, Options.WaitOptions, loadProgress, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (SnapshotLoadFailedException)
            {
                // The load ended (failed): the replicas serve what they served before, and take new signals.
                _unsettledIdentity = null;
                throw;
            }

            _unsettledIdentity = null;
            var loadTime = _time.GetElapsedTime(loadStart);

            Commit(attempt, identity, kind, baseCandidate);
            baseCandidate = null;
            var elapsed = _time.GetElapsedTime(attempt.Start);
            SnapshotChainLog.SnapshotServed(_logger, identity, status.Replicas?.Count ?? 0, loadTime.TotalMilliseconds, elapsed.TotalMilliseconds);
            attempt.Report(identity, kind, SnapshotPushStage.Served, _time);
            return new SnapshotPushResult
            {
                Step = attempt.Step,
                Identity = identity,
                Kind = kind,
                PreviousIdentity = previous,
                FailedDeltaIdentity = failedDelta,
                FallbackReason = fallbackReason,
                FileCount = upload.Files.Count,
                CheckpointBytes = attempt.CheckpointBytes,
                UploadedBytes = upload.TotalBytes,
                HintsSent = hints.Sent,
                Status = status,
                EncodeTime = encodeTime,
                UploadTime = uploadTime,
                LoadTime = loadTime,
                Elapsed = elapsed,
            };
        }
        finally
        {
            DeleteWorkSubdirectory(deltaDirectory);
            DeleteWorkSubdirectory(baseCandidate);
        }
    }

    private async Task<TimeSpan> EncodeAsync(Attempt attempt, string identity, string previous, string deltaDirectory, CancellationToken cancellationToken)
    {
        var baseDirectory = _baseDirectory
            ?? throw new InvalidOperationException($"No checkpoint of '{previous}' is kept to encode delta '{identity}' against.");
        if (!_baseIsCopy && string.Equals(baseDirectory, attempt.Checkpoint, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Step {attempt.Step} reuses the checkpoint directory '{attempt.Checkpoint}' of the snapshot the deployment serves ('{previous}'), "
                + "so there is nothing left to encode the delta against. Write each step to its own directory, or set SnapshotChainOptions.KeepBaseCopy = true.",
                "checkpointDirectory");
        }

        var encodeStart = _time.GetTimestamp();
        var encodeProgress = new ForwardingProgress<DeltaProgress>(value =>
            attempt.Report(identity, SnapshotKind.Delta, SnapshotPushStage.Encoding, _time, encode: value));
        await DeltaCodec.EncodeDirectoryAsync(baseDirectory, attempt.Checkpoint, deltaDirectory, Encoder, previous, encodeProgress, cancellationToken).ConfigureAwait(false);
        var encodeTime = _time.GetElapsedTime(encodeStart);
        var deltaBytes = SnapshotFiles.Enumerate(deltaDirectory).Sum(static file => file.Length);
        SnapshotChainLog.DeltaEncoded(_logger, identity, previous, attempt.CheckpointBytes, deltaBytes,
            deltaBytes == 0 ? 0 : (double)attempt.CheckpointBytes / deltaBytes, encodeTime.TotalMilliseconds);
        return encodeTime;
    }

    /// <summary>
    /// Signals the snapshot; on <c>425 Too Early</c> (a swap is draining) backs off on the wait's schedule, never
    /// shorter than the server's <c>Retry-After</c>, within the wait's transient-error budget. The client's policy
    /// is told to leave 425 to this loop (it would otherwise retry it too, multiplying the signals); everything
    /// else safe for a POST (429, connections never made) it still retries.
    /// </summary>
    private async Task SignalAsync(HotLoadSignalRequest request, Attempt attempt, SnapshotKind kind, CancellationToken cancellationToken)
    {
        var waitOptions = Options.WaitOptions;
        var schedule = new PollSchedule(waitOptions);
        int? drainSeconds = Options.DrainTimeout is { } drain ? (int)Math.Ceiling(drain.TotalSeconds) : null;
        var deferrals = 0;
        long streakStart = 0;
        while (true)
        {
            try
            {
                await _hotLoad.SignalAsync(request, Options.Model, Options.Deployment, drainSeconds, SignalRequestOptions, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (FireworksException tooEarly) when (tooEarly.HttpStatus == 425 && !cancellationToken.IsCancellationRequested)
            {
                if (deferrals++ == 0)
                {
                    streakStart = _time.GetTimestamp();
                }

                if (deferrals > waitOptions.MaxTransientErrors
                    || (waitOptions.TransientErrorTimeLimit is { } limit && _time.GetElapsedTime(streakStart) >= limit))
                {
                    throw;
                }

                var delay = schedule.Next(tooEarly.RetryAfter);
                SnapshotChainLog.SignalDeferred(_logger, request.Identity, deferrals, delay.TotalMilliseconds);
                attempt.Report(request.Identity, kind, SnapshotPushStage.SignalDeferred, _time, retryDelay: delay);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// After a push that stopped between its signal and the end of its load, waits until that load has ended: the
    /// deployment refuses a new signal while it loads, and once it serves the interrupted snapshot, a delta against
    /// <see cref="LastLoadedIdentity"/> would be refused too (it must name the snapshot served). A served one makes
    /// this push full; a failed one leaves the chain as it was.
    /// </summary>
    private async Task SettleInterruptedLoadAsync(long step, CancellationToken cancellationToken)
    {
        if (_unsettledIdentity is not { } unsettled)
        {
            return;
        }

        SnapshotChainLog.WaitingForInterruptedLoad(_logger, unsettled, step);
        try
        {
            await _hotLoad.WaitUntilServedAsync(Options.Model, Options.Deployment, unsettled, Options.WaitOptions, progress: null, cancellationToken)
                .ConfigureAwait(false);
            _servesUncommitted = true;
            SnapshotChainLog.InterruptedLoadServed(_logger, unsettled, step);
        }
        catch (SnapshotLoadFailedException)
        {
            // Nothing changed on the replicas: the chain's base is still what they serve.
        }

        _unsettledIdentity = null;
    }

    /// <summary>Records a snapshot every replica serves: the chain's new base.</summary>
    private void Commit(Attempt attempt, string identity, SnapshotKind kind, string? baseCandidate)
    {
        _servesUncommitted = false;
        LastLoadedIdentity = identity;
        LastLoadedStep = attempt.Step;
        if (kind == SnapshotKind.Full)
        {
            LastFullSnapshotStep = attempt.Step;
        }

        DropBase();
        if (KeepsBase)
        {
            _baseDirectory = Options.KeepBaseCopy ? baseCandidate : attempt.Checkpoint;
            _baseIsCopy = Options.KeepBaseCopy;
        }
    }

    private void DropBase()
    {
        if (_baseIsCopy)
        {
            DeleteWorkSubdirectory(_baseDirectory);
        }

        _baseDirectory = null;
        _baseIsCopy = false;
    }

    private string IdentityFor(long step)
    {
        var identity = _identityForStep(step);
        if (!SnapshotIdentity.IsValid(identity))
        {
            try
            {
                SnapshotIdentity.Validate(identity, nameof(SnapshotChainOptions.IdentityForStep));
            }
            catch (ArgumentException invalid)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"SnapshotChainOptions.IdentityForStep returned an invalid identity for step {step}: {invalid.Message}"),
                    nameof(SnapshotChainOptions.IdentityForStep),
                    invalid);
            }
        }

        return identity;
    }

    /// <summary>
    /// <paramref name="candidate"/>, or with <c>-r2</c>, <c>-r3</c>, … when this chain already used it: every snapshot
    /// needs a new identity, and a step pushed again after a failure must not overwrite what was uploaded before.
    /// </summary>
    private string NextIdentity(string candidate)
    {
        var identity = candidate;
        for (var attempt = 2; _usedIdentities.Contains(identity); attempt++)
        {
            identity = string.Create(CultureInfo.InvariantCulture, $"{candidate}-r{attempt}");
        }

        return SnapshotIdentity.Validate(identity, nameof(identity));
    }

    private string NewWorkSubdirectory(string name)
    {
        if (_workDirectory is null)
        {
            if (Options.WorkDirectory is null)
            {
                _workDirectory = Directory.CreateTempSubdirectory("fireworks-snapshot-chain-").FullName;
            }
            else
            {
                _workDirectory = Path.Combine(Path.GetFullPath(Options.WorkDirectory), "fireworks-snapshot-chain-" + Guid.NewGuid().ToString("N")[..12]);
                Directory.CreateDirectory(_workDirectory);
            }
        }

        var path = Path.Combine(_workDirectory, name);
        DeleteWorkSubdirectory(path);
        Directory.CreateDirectory(path);
        return path;
    }

    private void DeleteWorkSubdirectory(string? directory)
    {
        if (SnapshotFiles.TryDeleteDirectory(directory) is { } failure)
        {
            SnapshotChainLog.CleanupFailed(_logger, directory!, failure.Message);
        }
    }

    private void Enter()
    {
        if (Interlocked.Exchange(ref _busy, 1) != 0)
        {
            throw new InvalidOperationException("A push or ledger reset of this snapshot chain is already in progress; await it before starting another.");
        }
    }

    private void Exit() => Volatile.Write(ref _busy, 0);

    /// <summary>One call of <see cref="PushAsync"/>: its checkpoint and its progress sink (shared by a delta and its fallback).</summary>
    private sealed class Attempt(long step, string checkpoint, List<SnapshotFile> checkpointFiles, long start, IProgress<SnapshotPushProgress>? progress)
    {
        internal long Step { get; } = step;

        internal string Checkpoint { get; } = checkpoint;

        internal IReadOnlyList<SnapshotFile> CheckpointFiles { get; } = checkpointFiles;

        internal long CheckpointBytes { get; } = checkpointFiles.Sum(static file => file.Length);

        internal long Start { get; } = start;

        internal void Report(
            string identity,
            SnapshotKind kind,
            SnapshotPushStage stage,
            TimeProvider time,
            DeltaProgress? encode = null,
            SnapshotUploadProgress? upload = null,
            string? fileName = null,
            SnapshotLoadProgress? load = null,
            TimeSpan? retryDelay = null,
            string? message = null) =>
            progress?.Report(new SnapshotPushProgress
            {
                Step = Step,
                Identity = identity,
                Kind = kind,
                Stage = stage,
                Encode = encode,
                Upload = upload,
                FileName = fileName,
                Load = load,
                RetryDelay = retryDelay,
                Message = message,
                Elapsed = time.GetElapsedTime(Start),
            });
    }

    /// <summary>Sends the per-file hints of one snapshot as its files land; a failed hint is logged, not thrown.</summary>
    private sealed class HintSender(SnapshotChain chain, Attempt attempt, string identity, SnapshotKind kind, IncrementalSnapshotMetadata? metadata)
    {
        private int _sent;

        internal int Sent => Volatile.Read(ref _sent);

        internal async Task SendAsync(SnapshotFile file, CancellationToken cancellationToken)
        {
            // The hint API names a file of the snapshot directory; files in subdirectories are fetched with the snapshot.
            if (file.RelativePath.Contains('/', StringComparison.Ordinal))
            {
                return;
            }

            var request = new HotLoadHintRequest
            {
                Snapshot = new SnapshotReference { Identity = identity, IncrementalSnapshotMetadata = metadata },
                Filename = file.RelativePath,
            };
            try
            {
                await chain._hotLoad.HintAsync(request, chain.Options.Model, chain.Options.Deployment, options: null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is FireworksException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                SnapshotChainLog.HintFailed(chain._logger, identity, file.RelativePath, ResourceWaiter.DescribeError(exception));
                return;
            }

            Interlocked.Increment(ref _sent);
            attempt.Report(identity, kind, SnapshotPushStage.FileHinted, chain._time, fileName: file.RelativePath);
        }
    }

    /// <summary>Forwards reports synchronously, in order (<see cref="Progress{T}"/> would post them to a context or the thread pool).</summary>
    private sealed class ForwardingProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
