using Microsoft.Extensions.Logging;

namespace Fireworks;

/// <summary>
/// The log events of waits (category <c>Fireworks.ResourceWaiter</c>): state transitions,
/// progress, failed polls and how each wait ended. Never headers, bodies or the API key.
/// </summary>
internal static partial class WaitLog
{
    internal const string Category = "Fireworks.ResourceWaiter";

    [LoggerMessage(EventId = 101, EventName = "WaitStarted", Level = LogLevel.Debug,
        Message = "Waiting for {Resource} to reach {Target} (timeout {Timeout})")]
    internal static partial void WaitStarted(ILogger logger, string resource, string target, string timeout);

    [LoggerMessage(EventId = 102, EventName = "StateChanged", Level = LogLevel.Information,
        Message = "{Resource} is {State} ({StateClass}), was {PreviousState}; poll {Poll} after {ElapsedMs:0} ms")]
    internal static partial void StateChanged(ILogger logger, string resource, string state, StateClass stateClass, string previousState, int poll, double elapsedMs);

    [LoggerMessage(EventId = 103, EventName = "JobProgressChanged", Level = LogLevel.Debug,
        Message = "{Resource} progress: {Percent}% (epoch {Epoch}), {ProcessedRequests} of {TotalRequests} requests processed, {FailedRequests} failed")]
    internal static partial void JobProgressChanged(ILogger logger, string resource, int? percent, int? epoch, int? processedRequests, int? totalRequests, int? failedRequests);

    [LoggerMessage(EventId = 104, EventName = "UnrecognizedState", Level = LogLevel.Warning,
        Message = "{Resource} reports the {StateType} {State}, which this SDK version does not know; it is treated as transient and polling continues (a newer SDK may classify it)")]
    internal static partial void UnrecognizedState(ILogger logger, string resource, string stateType, string state);

    [LoggerMessage(EventId = 105, EventName = "PollFailed", Level = LogLevel.Warning,
        Message = "Poll {Poll} of {Resource} failed with {Reason} (transient error {Errors} of at most {MaxErrors} in a row); next poll in {DelayMs:0} ms")]
    internal static partial void PollFailed(ILogger logger, int poll, string resource, string reason, int errors, int maxErrors, double delayMs);

    [LoggerMessage(EventId = 106, EventName = "TransientErrorBudgetExhausted", Level = LogLevel.Error,
        Message = "Giving up waiting for {Resource}: {Errors} polls in a row failed over {StreakMs:0} ms, the last with {Reason}")]
    internal static partial void TransientErrorBudgetExhausted(ILogger logger, string resource, int errors, double streakMs, string reason);

    [LoggerMessage(EventId = 107, EventName = "WaitSucceeded", Level = LogLevel.Information,
        Message = "{Resource} reached {State} after {ElapsedMs:0} ms and {Polls} polls")]
    internal static partial void WaitSucceeded(ILogger logger, string resource, string state, double elapsedMs, int polls);

    [LoggerMessage(EventId = 108, EventName = "WaitStopped", Level = LogLevel.Warning,
        Message = "{Resource} reached {State} ({StateClass}) while waiting for {Target}; status {StatusCode}: {StatusMessage}")]
    internal static partial void WaitStopped(ILogger logger, string resource, string state, StateClass stateClass, string target, string statusCode, string statusMessage);

    [LoggerMessage(EventId = 109, EventName = "WaitTimedOut", Level = LogLevel.Warning,
        Message = "Timed out after {TimeoutMs:0} ms waiting for {Resource} to reach {Target}; last state {State}, {Polls} polls")]
    internal static partial void WaitTimedOut(ILogger logger, double timeoutMs, string resource, string target, string state, int polls);

    [LoggerMessage(EventId = 110, EventName = "NextPoll", Level = LogLevel.Trace,
        Message = "Next poll of {Resource} in {DelayMs:0} ms")]
    internal static partial void NextPoll(ILogger logger, string resource, double delayMs);
}
