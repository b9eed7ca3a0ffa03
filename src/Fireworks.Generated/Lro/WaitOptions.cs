using System.Globalization;

namespace Fireworks;

/// <summary>
/// How a wait polls: the schedule between polls, the overall timeout, and how many transient
/// errors it tolerates. Immutable; <see cref="Default"/> holds the defaults (see the remarks).
/// </summary>
/// <remarks>
/// <para>
/// The first poll is immediate. The delay before poll <c>n + 1</c> is
/// <c>min(InitialInterval · Multiplier^(n-1), MaxInterval)</c>, multiplied by a random factor in
/// <c>[1 − Jitter, 1 + Jitter]</c>, capped at <see cref="MaxInterval"/> and rounded to whole
/// milliseconds. A server's <c>Retry-After</c> (on a 429 or 503 during polling) lengthens that
/// delay, up to <see cref="MaxRetryAfter"/>.
/// </para>
/// <para>
/// Defaults: 1 s, ×1.5, at most 30 s, ±20 % jitter, no overall timeout, up to 10 consecutive
/// transient errors within 5 minutes. A state change in the first seconds (an RLOR trainer reaching
/// RUNNING, a small upload becoming READY) is seen within about a second; a job that runs for
/// hours costs at most two requests a minute per waiter; jitter keeps many waiters started
/// together from polling in lockstep. There is no default timeout because jobs legitimately run
/// from seconds to days: failure and parked states, and the transient-error budget, already end
/// waits that cannot succeed. Bound a wait with <see cref="Timeout"/> or a
/// <see cref="CancellationToken"/>.
/// </para>
/// </remarks>
public sealed class WaitOptions
{
    /// <summary>The options used when a wait is given none.</summary>
    public static WaitOptions Default { get; } = new();

    /// <summary>The delay between the first and the second poll. Default 1 s.</summary>
    public TimeSpan InitialInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between two polls (after jitter), unless the server asks for more with <c>Retry-After</c>. Default 30 s.</summary>
    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The factor by which the delay grows after each poll (1 polls at a fixed interval). Default 1.5.</summary>
    public double Multiplier { get; init; } = 1.5;

    /// <summary>The relative spread of each delay, in [0, 1): 0.2 scales it by a random factor in [0.8, 1.2]. Default 0.2.</summary>
    public double Jitter { get; init; } = 0.2;

    /// <summary>
    /// A seed for the jitter, for reproducible schedules (tests, simulations). Null (default): a
    /// shared random source.
    /// </summary>
    public int? JitterSeed { get; init; }

    /// <summary>
    /// The longest the whole wait may take; when it passes, the wait throws
    /// <see cref="WaitTimeoutException"/> naming the resource and its last state. Null (default): no limit.
    /// </summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// How many polls in a row may fail with a transient error (HTTP 429, 408, 5xx, a timeout or a
    /// lost connection) before the wait gives up and throws the last error. Default 10; 0 tolerates none.
    /// </summary>
    public int MaxTransientErrors { get; init; } = 10;

    /// <summary>
    /// How long a run of consecutive failed polls may last before the wait gives up and throws the
    /// last error, whatever <see cref="MaxTransientErrors"/> allows. Null: no time limit. Default 5 minutes.
    /// </summary>
    public TimeSpan? TransientErrorTimeLimit { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest server-requested <c>Retry-After</c> that is honoured; a longer one is shortened to this. Default 5 minutes.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Describes the options.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"WaitOptions {{ InitialInterval = {InitialInterval}, MaxInterval = {MaxInterval}, Multiplier = {Multiplier}, Jitter = {Jitter}, Timeout = {(Timeout?.ToString() ?? "none")}, MaxTransientErrors = {MaxTransientErrors}, TransientErrorTimeLimit = {(TransientErrorTimeLimit?.ToString() ?? "none")}, MaxRetryAfter = {MaxRetryAfter} }}");

    // Timers (Task.Delay, CancellationTokenSource) accept at most 2^32 - 2 milliseconds (about 49.7 days).
    private static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    /// <summary>Rejects inconsistent settings with a message that names the setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    internal void Validate()
    {
        if (InitialInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialInterval), InitialInterval, "WaitOptions.InitialInterval must be positive.");
        }

        if (MaxInterval < InitialInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxInterval), MaxInterval, $"WaitOptions.MaxInterval must be at least InitialInterval ({InitialInterval}).");
        }

        RequireTimerRange(MaxInterval, nameof(MaxInterval));
        if (!(Multiplier >= 1) || double.IsInfinity(Multiplier))
        {
            throw new ArgumentOutOfRangeException(nameof(Multiplier), Multiplier, "WaitOptions.Multiplier must be a finite number of at least 1.");
        }

        if (!(Jitter >= 0 && Jitter < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Jitter), Jitter, "WaitOptions.Jitter must be in [0, 1).");
        }

        if (Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), timeout, "WaitOptions.Timeout must be positive, or null for no limit.");
        }

        if (Timeout is { } bounded)
        {
            RequireTimerRange(bounded, nameof(Timeout));
        }

        if (MaxTransientErrors < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTransientErrors), MaxTransientErrors, "WaitOptions.MaxTransientErrors must not be negative.");
        }

        if (TransientErrorTimeLimit is { } limit && limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TransientErrorTimeLimit), limit, "WaitOptions.TransientErrorTimeLimit must be positive, or null for no limit.");
        }

        if (MaxRetryAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetryAfter), MaxRetryAfter, "WaitOptions.MaxRetryAfter must not be negative.");
        }

        RequireTimerRange(MaxRetryAfter, nameof(MaxRetryAfter));
    }

    private static void RequireTimerRange(TimeSpan value, string name)
    {
        if (value > LongestTimer)
        {
            throw new ArgumentOutOfRangeException(name, value, $"WaitOptions.{name} must be at most {LongestTimer} (the longest timer .NET supports); use null for no limit where allowed.");
        }
    }
}
