using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Fireworks.Aip;
using Fireworks.Models;
using Fireworks.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fireworks;

/// <summary>
/// The one poller under every wait of the SDK: <c>WaitForStateAsync</c>, <c>WaitForCompletionAsync</c>,
/// the <c>CreateAndWait…Async</c> conveniences and <see cref="Operation{TResponse}"/>.
/// </summary>
/// <remarks>
/// <para>
/// It polls the resource's Get operation on the schedule of <see cref="WaitOptions"/>, on the
/// client's <see cref="TimeProvider"/>, until the resource reaches a target state (or, without
/// targets, a terminal one). Transient errors while polling (HTTP 429, 408, 5xx, timeouts, lost
/// connections) are tolerated within the options' budget, after the client's own retries of each
/// request; any other error ends the wait at once. A server's <c>Retry-After</c> lengthens the next delay.
/// </para>
/// <para>
/// How it ends: a target state (or, for a completion wait, a success state) returns the resource.
/// A failure state throws <see cref="ResourceFailedException"/>; so does a parked state (PAUSED, IDLE)
/// that is not a target, because a parked resource needs a person and polling it would never end,
/// and a success state that is not a target (a job that COMPLETED while you waited for RUNNING will
/// never run again; list both states as targets to accept either). A state this SDK version does not
/// know is reported and polled through. <see cref="WaitOptions.Timeout"/> throws
/// <see cref="WaitTimeoutException"/>; cancelling the token throws <see cref="OperationCanceledException"/>.
/// </para>
/// </remarks>
public static class ResourceWaiter
{
    /// <summary>
    /// Polls <paramref name="target"/> until it reaches one of <paramref name="targetStates"/>, or
    /// a terminal state when <paramref name="targetStates"/> is null.
    /// </summary>
    /// <typeparam name="TResource">The resource type.</typeparam>
    /// <typeparam name="TState">The resource's state enum.</typeparam>
    /// <param name="target">What to poll (from a generated <c>WaitFor…Async</c> method).</param>
    /// <param name="targetStates">The states that end the wait, or null to wait for a success state.</param>
    /// <param name="options">The schedule, timeout and error budget, or null for <see cref="WaitOptions.Default"/>.</param>
    /// <param name="progress">Receives the first observation, each state change and each job-progress change, in order.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The resource as read by the poll that ended the wait.</returns>
    /// <exception cref="ArgumentException"><paramref name="targetStates"/> is empty, or an option is out of range.</exception>
    /// <exception cref="ResourceFailedException">The resource reached a failure state, a parked state, or a success state that is not a target.</exception>
    /// <exception cref="WaitTimeoutException"><see cref="WaitOptions.Timeout"/> passed first.</exception>
    /// <exception cref="FireworksException">A poll failed with a non-transient error, or the transient-error budget ran out.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task<TResource> WaitAsync<TResource, TState>(
        WaitTarget<TResource, TState> target,
        IReadOnlyCollection<TState>? targetStates,
        WaitOptions? options,
        IProgress<WaitProgress<TResource, TState>>? progress,
        CancellationToken cancellationToken)
        where TState : struct
    {
        ArgumentNullException.ThrowIfNull(target);
        options ??= WaitOptions.Default;
        options.Validate();
        HashSet<TState>? targets = null;
        if (targetStates is not null)
        {
            targets = [.. targetStates];
            if (targets.Count == 0)
            {
                throw new ArgumentException("targetStates must name at least one state; pass null to wait for a terminal state.", nameof(targetStates));
            }
        }

        return new Wait<TResource, TState>(target, targets, options, progress).RunAsync(cancellationToken);
    }

    /// <summary>
    /// Whether a failed poll is worth repeating (a poll is a GET): the retry policy's classifier,
    /// <see cref="TransientFailure"/> — overloaded or briefly unavailable (429, 425, 408, 5xx), timed out, or the connection failed.
    /// </summary>
    internal static bool IsTransient(Exception exception) => TransientFailure.IsTransient(exception);

    internal static string DescribeError(Exception exception) => exception switch
    {
        FireworksException { HasResponse: true } fireworks => string.Create(CultureInfo.InvariantCulture, $"HTTP {fireworks.HttpStatus} {fireworks.CodeName}"),
        FireworksException fireworks => fireworks.CodeName + " (no HTTP response)",
        HttpRequestException http => "connection failure (" + http.HttpRequestError + ")",
        _ => exception.GetType().Name,
    };

    /// <summary>One wait: its state across polls.</summary>
    private sealed class Wait<TResource, TState>
        where TState : struct
    {
        private readonly WaitTarget<TResource, TState> _target;
        private readonly HashSet<TState>? _targets;
        private readonly WaitOptions _options;
        private readonly IProgress<WaitProgress<TResource, TState>>? _progress;
        private readonly TimeProvider _time;
        private readonly ILogger _logger;
        private readonly PollSchedule _schedule;
        private readonly long _start;

        private int _polls;
        private bool _observed;
        private TResource? _last;
        private TState? _lastState;
        private string? _lastProgressJson;

        internal Wait(WaitTarget<TResource, TState> target, HashSet<TState>? targets, WaitOptions options, IProgress<WaitProgress<TResource, TState>>? progress)
        {
            _target = target;
            _targets = targets;
            _options = options;
            _progress = progress;
            _time = target.Pipeline.TimeProvider;
            _logger = target.Pipeline.Options.LoggerFactory?.CreateLogger(WaitLog.Category) ?? NullLogger.Instance;
            _schedule = new PollSchedule(options);
            _start = _time.GetTimestamp();
        }

        private string TargetDescription => _targets is null
            ? "a terminal state"
            : string.Join(" or ", _targets.Select(static state => state.ToString()));

        internal async Task<TResource> RunAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                WaitLog.WaitStarted(_logger, _target.Description, TargetDescription, _options.Timeout?.ToString() ?? "none");
            }

            // The timeout bounds everything, the request in flight included, on the client's clock.
            using var timeout = _options.Timeout is { } limit ? new CancellationTokenSource(limit, _time) : null;
            using var linked = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            var token = linked?.Token ?? cancellationToken;

            // One span per wait: its polls are the children (one operation span each).
            using var activity = FireworksTelemetry.Source.StartActivity("Wait " + typeof(TResource).Name, ActivityKind.Internal);
            activity?.SetTag(FireworksTelemetry.Tags.ResourceKind, typeof(TResource).Name);
            activity?.SetTag(FireworksTelemetry.Tags.Resource, _target.Description);
            var outcome = "error";
            try
            {
                var resource = await PollAsync(token).ConfigureAwait(false);
                outcome = "succeeded";
                return resource;
            }
            catch (OperationCanceledException exception) when (timeout is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
            {
                outcome = "timed_out";
                throw TimedOut(_options.Timeout!.Value, exception);
            }
            catch (Exception exception) when (exception is ResourceFailedException or OperationFailedException)
            {
                outcome = "failed";
                throw;
            }
            catch (OperationCanceledException)
            {
                outcome = "cancelled";
                throw;
            }
            finally
            {
                if (activity is not null)
                {
                    activity.SetTag(FireworksTelemetry.Tags.Polls, _polls);
                    activity.SetTag(FireworksTelemetry.Tags.FinalState, _lastState?.ToString());
                    activity.SetTag(FireworksTelemetry.Tags.Outcome, outcome);
                    if (outcome != "succeeded")
                    {
                        activity.SetStatus(ActivityStatusCode.Error, outcome);
                    }
                }

                if (FireworksTelemetry.WaitDuration.Enabled)
                {
                    FireworksTelemetry.WaitDuration.Record(
                        Elapsed.TotalSeconds,
                        new KeyValuePair<string, object?>(FireworksTelemetry.Tags.ResourceKind, typeof(TResource).Name),
                        new KeyValuePair<string, object?>(FireworksTelemetry.Tags.Outcome, outcome));
                }
            }
        }

        private async Task<TResource> PollAsync(CancellationToken token)
        {
            var consecutiveErrors = 0;
            long errorStreakStart = 0;
            while (true)
            {
                _polls++;
                TResource resource;
                try
                {
                    resource = await _target.FetchAsync(token).ConfigureAwait(false);
                }
                catch (Exception exception) when (!token.IsCancellationRequested && IsTransient(exception))
                {
                    if (consecutiveErrors++ == 0)
                    {
                        errorStreakStart = _time.GetTimestamp();
                    }

                    var streak = _time.GetElapsedTime(errorStreakStart);
                    if (consecutiveErrors > _options.MaxTransientErrors
                        || (_options.TransientErrorTimeLimit is { } limit && streak >= limit))
                    {
                        if (_logger.IsEnabled(LogLevel.Error))
                        {
                            WaitLog.TransientErrorBudgetExhausted(_logger, _target.Description, consecutiveErrors, streak.TotalMilliseconds, DescribeError(exception));
                        }

                        ExceptionDispatchInfo.Throw(exception);
                    }

                    var retryDelay = _schedule.Next((exception as FireworksException)?.RetryAfter);
                    if (_logger.IsEnabled(LogLevel.Warning))
                    {
                        WaitLog.PollFailed(_logger, _polls, _target.Description, DescribeError(exception), consecutiveErrors, _options.MaxTransientErrors, retryDelay.TotalMilliseconds);
                    }

                    await Task.Delay(retryDelay, _time, token).ConfigureAwait(false);
                    continue;
                }

                consecutiveErrors = 0;
                if (resource is null)
                {
                    throw new InvalidOperationException($"Reading {_target.Description} returned no resource.");
                }

                var state = _target.ReadState(resource);
                var stateClass = state is { } known ? _target.Classify(known) : StateClass.Transient;
                Observe(resource, state, stateClass);

                if (state is { } reached && Ends(reached, stateClass, out var succeeded))
                {
                    if (succeeded)
                    {
                        if (_logger.IsEnabled(LogLevel.Information))
                        {
                            WaitLog.WaitSucceeded(_logger, _target.Description, reached.ToString() ?? string.Empty, Elapsed.TotalMilliseconds, _polls);
                        }

                        return resource;
                    }

                    throw Failed(resource, reached, stateClass);
                }

                var delay = _schedule.Next(retryAfter: null);
                if (_logger.IsEnabled(LogLevel.Trace))
                {
                    WaitLog.NextPoll(_logger, _target.Description, delay.TotalMilliseconds);
                }

                await Task.Delay(delay, _time, token).ConfigureAwait(false);
            }
        }

        private TimeSpan Elapsed => _time.GetElapsedTime(_start);

        /// <summary>Whether <paramref name="state"/> ends the wait, and if so whether it is the outcome the caller wanted.</summary>
        private bool Ends(TState state, StateClass stateClass, out bool succeeded)
        {
            if (_targets is not null && _targets.Contains(state))
            {
                succeeded = true;
                return true;
            }

            // Without targets, success is the goal; with targets, a success state that is not one of
            // them is terminal too: the resource will not move on to a target from there.
            succeeded = _targets is null && stateClass == StateClass.Success;
            return stateClass != StateClass.Transient;
        }

        /// <summary>Logs and reports the first observation, state changes and progress changes.</summary>
        private void Observe(TResource resource, TState? state, StateClass stateClass)
        {
            var first = !_observed;
            var stateChanged = first || !Nullable.Equals(state, _lastState);
            var jobProgress = _target.ReadProgress?.Invoke(resource);
            var progressJson = jobProgress is null ? null : JsonSerializer.Serialize(jobProgress, FireworksJsonContext.Default.JobProgress);
            var progressChanged = !string.Equals(progressJson, _lastProgressJson, StringComparison.Ordinal);
            var previous = _lastState;
            var unrecognized = state is IExtensibleEnum { IsKnown: false };

            if (stateChanged)
            {
                if (_logger.IsEnabled(LogLevel.Information))
                {
                    WaitLog.StateChanged(_logger, _target.Description, Describe(state), stateClass, first ? "(not yet read)" : Describe(previous), _polls, Elapsed.TotalMilliseconds);
                }

                if (unrecognized && _logger.IsEnabled(LogLevel.Warning))
                {
                    WaitLog.UnrecognizedState(_logger, _target.Description, typeof(TState).Name, state.ToString() ?? string.Empty);
                }
            }

            if (progressChanged && jobProgress is not null && _logger.IsEnabled(LogLevel.Debug))
            {
                WaitLog.JobProgressChanged(_logger, _target.Description, jobProgress.Percent, jobProgress.Epoch, jobProgress.TotalProcessedRequests, jobProgress.TotalInputRequests, jobProgress.FailedRequests);
            }

            _observed = true;
            _last = resource;
            _lastState = state;
            _lastProgressJson = progressJson;

            if ((stateChanged || progressChanged) && _progress is not null)
            {
                _progress.Report(new WaitProgress<TResource, TState>
                {
                    Resource = resource,
                    State = state,
                    StateClass = stateClass,
                    StateDescription = Describe(state),
                    IsUnrecognizedState = unrecognized,
                    StateChanged = stateChanged,
                    IsFirstObservation = first,
                    PreviousState = first ? null : previous,
                    JobProgress = jobProgress,
                    JobProgressChanged = progressChanged,
                    PollCount = _polls,
                    Elapsed = Elapsed,
                });
            }
        }

        private Exception Failed(TResource resource, TState state, StateClass stateClass)
        {
            var status = _target.ReadStatus?.Invoke(resource);
            var codeName = status?.Code is { } code ? CodeName(code) : null;

            // The server's explanation may quote the API key (a job that failed fetching with it) or a secret the create sent.
            var statusMessage = _target.Redactor.RedactOrNull(status?.Message);
            if (_logger.IsEnabled(LogLevel.Warning))
            {
                WaitLog.WaitStopped(_logger, _target.Description, state.ToString() ?? string.Empty, stateClass, TargetDescription, codeName ?? "(none)", statusMessage ?? "(none)");
            }

            var message = _target.Redactor.Redact(FailureMessage(state, stateClass, codeName, statusMessage));
            return _target.CreateFailure?.Invoke(resource, state, stateClass, message)
                ?? new ResourceFailedException(message, _target.Description, resource, state, stateClass, status?.Code, statusMessage);
        }

        private string FailureMessage(TState state, StateClass stateClass, string? codeName, string? statusMessage)
        {
            var stateName = state.ToString();
            var what = stateClass switch
            {
                StateClass.Failure when _targets is null => $"{_target.Description} failed: it reached {stateName}.",
                StateClass.Failure => $"{_target.Description} reached {stateName} (a failure state) before {TargetDescription}.",
                StateClass.Parked => $"{_target.Description} is parked in {stateName}: it will not continue until someone resumes it, so the wait for {TargetDescription} stopped instead of polling forever.",
                _ => $"{_target.Description} reached {stateName} (a terminal success state) without reaching {TargetDescription}, so it will not get there. Add {stateName} to the target states to accept it.",
            };
            if (codeName is null && string.IsNullOrEmpty(statusMessage))
            {
                return what;
            }

            return what + " Status: " + (codeName ?? "(no code)") + (string.IsNullOrEmpty(statusMessage) ? string.Empty : ": " + statusMessage);
        }

        private WaitTimeoutException TimedOut(TimeSpan timeout, OperationCanceledException exception)
        {
            var lastState = Describe(_lastState);
            if (_logger.IsEnabled(LogLevel.Warning))
            {
                WaitLog.WaitTimedOut(_logger, timeout.TotalMilliseconds, _target.Description, TargetDescription, _observed ? lastState : "(never read)", _polls);
            }

            var message = string.Create(
                CultureInfo.InvariantCulture,
                $"Timed out after {timeout} waiting for {_target.Description} to reach {TargetDescription}; ")
                + (_observed ? "its last state was " + lastState : "no poll succeeded")
                + string.Create(CultureInfo.InvariantCulture, $" ({_polls} polls). The resource is untouched; raise WaitOptions.Timeout or wait again.");
            return new WaitTimeoutException(_target.Redactor.Redact(message), _target.Description, _last, _lastState, timeout, _polls, exception);
        }

        private static string Describe(TState? state) => state switch
        {
            null => "(not set)",
            IExtensibleEnum { IsKnown: false } value => $"{value} (a {typeof(TState).Name} this SDK version does not know)",
            { } value => value.ToString() ?? string.Empty,
        };

        private static string CodeName(Code code) => code.ToString();
    }
}
