namespace Fireworks;

/// <summary>
/// The delays between polls of one wait: exponential growth from <see cref="WaitOptions.InitialInterval"/>
/// to <see cref="WaitOptions.MaxInterval"/>, jittered, lengthened by a server's <c>Retry-After</c>.
/// One instance per wait; not thread-safe.
/// </summary>
internal sealed class PollSchedule
{
    private readonly WaitOptions _options;
    private readonly Func<double> _random;
    private double _baseSeconds;

    internal PollSchedule(WaitOptions options)
    {
        _options = options;
        _baseSeconds = options.InitialInterval.TotalSeconds;
        _random = options.JitterSeed is { } seed ? new Random(seed).NextDouble : Random.Shared.NextDouble;
    }

    /// <summary>
    /// The delay before the next poll; advances the schedule.
    /// </summary>
    /// <param name="retryAfter">The delay the server asked for on the poll that just failed, if any.</param>
    /// <returns>The delay, in whole milliseconds, at least 1 ms.</returns>
    internal TimeSpan Next(TimeSpan? retryAfter)
    {
        var maxSeconds = _options.MaxInterval.TotalSeconds;
        var factor = 1 + (_options.Jitter * ((2 * _random()) - 1));
        var seconds = Math.Min(_baseSeconds * factor, maxSeconds);
        _baseSeconds = Math.Min(_baseSeconds * _options.Multiplier, maxSeconds);

        if (retryAfter is { } requested)
        {
            seconds = Math.Max(seconds, Math.Min(requested.TotalSeconds, _options.MaxRetryAfter.TotalSeconds));
        }

        // Whole milliseconds: timers have millisecond resolution, and the logged delay is then the one waited.
        return TimeSpan.FromMilliseconds(Math.Max(1, Math.Round(seconds * 1000, MidpointRounding.AwayFromZero)));
    }
}
