using Microsoft.Extensions.Logging;

namespace Fireworks;

/// <summary>
/// The log events of snapshot chains (category <c>Fireworks.SnapshotChain</c>): identities, steps, sizes,
/// timings and server messages. Never headers, file contents or the API key.
/// </summary>
internal static partial class SnapshotChainLog
{
    internal const string Category = "Fireworks.SnapshotChain";

    [LoggerMessage(EventId = 201, EventName = "PushStarted", Level = LogLevel.Information,
        Message = "Pushing step {Step} as {Kind} snapshot {Identity} (previous {PreviousIdentity}) to {Deployment}")]
    internal static partial void PushStarted(ILogger logger, long step, SnapshotKind kind, string identity, string previousIdentity, string deployment);

    [LoggerMessage(EventId = 202, EventName = "DeltaEncoded", Level = LogLevel.Information,
        Message = "Encoded delta {Identity} against {PreviousIdentity}: {CheckpointBytes} checkpoint bytes to {DeltaBytes} ({Ratio:0.0}x) in {ElapsedMs:0} ms")]
    internal static partial void DeltaEncoded(ILogger logger, string identity, string previousIdentity, long checkpointBytes, long deltaBytes, double ratio, double elapsedMs);

    [LoggerMessage(EventId = 203, EventName = "Uploaded", Level = LogLevel.Information,
        Message = "Uploaded {Identity}: {FileCount} files, {Bytes} bytes in {ElapsedMs:0} ms")]
    internal static partial void Uploaded(ILogger logger, string identity, int fileCount, long bytes, double elapsedMs);

    [LoggerMessage(EventId = 204, EventName = "HintFailed", Level = LogLevel.Warning,
        Message = "The hint for {Identity}/{FileName} failed with {Reason}; hints only speed loading up, so the push goes on")]
    internal static partial void HintFailed(ILogger logger, string identity, string fileName, string reason);

    [LoggerMessage(EventId = 205, EventName = "SignalDeferred", Level = LogLevel.Warning,
        Message = "Signal of {Identity} answered 425 Too Early ({Deferrals} in a row); signalling again in {DelayMs:0} ms")]
    internal static partial void SignalDeferred(ILogger logger, string identity, int deferrals, double delayMs);

    [LoggerMessage(EventId = 206, EventName = "SnapshotServed", Level = LogLevel.Information,
        Message = "Every replica ({Replicas}) serves {Identity}; loaded in {LoadMs:0} ms, push took {ElapsedMs:0} ms")]
    internal static partial void SnapshotServed(ILogger logger, string identity, int replicas, double loadMs, double elapsedMs);

    [LoggerMessage(EventId = 207, EventName = "DeltaFallingBack", Level = LogLevel.Warning,
        Message = "Delta {Identity} did not load ({Reason}); pushing full snapshot {FullIdentity} instead")]
    internal static partial void DeltaFallingBack(ILogger logger, string identity, string reason, string fullIdentity);

    [LoggerMessage(EventId = 208, EventName = "DeltasDisabled", Level = LogLevel.Warning,
        Message = "The server does not accept this SDK's delta format ({Reason}); every later snapshot of this chain is full")]
    internal static partial void DeltasDisabled(ILogger logger, string reason);

    [LoggerMessage(EventId = 209, EventName = "LedgerReset", Level = LogLevel.Information,
        Message = "Reset the hot-load ledger of {Deployment}; the next snapshot is full")]
    internal static partial void LedgerReset(ILogger logger, string deployment);

    [LoggerMessage(EventId = 210, EventName = "CleanupFailed", Level = LogLevel.Warning,
        Message = "Could not delete the working directory {Directory}: {Reason}")]
    internal static partial void CleanupFailed(ILogger logger, string directory, string reason);

    [LoggerMessage(EventId = 211, EventName = "WaitingForInterruptedLoad", Level = LogLevel.Warning,
        Message = "The push of {Identity} stopped after its signal, so the deployment may still be loading it; waiting for that load to end before pushing step {Step}")]
    internal static partial void WaitingForInterruptedLoad(ILogger logger, string identity, long step);

    [LoggerMessage(EventId = 212, EventName = "InterruptedLoadServed", Level = LogLevel.Warning,
        Message = "Every replica serves {Identity}, whose push was interrupted; the chain kept no delta base for it, so step {Step} is pushed as a full snapshot")]
    internal static partial void InterruptedLoadServed(ILogger logger, string identity, long step);
}
