namespace Fireworks.Emulator;

/// <summary>
/// Emulated time: it starts at a chosen instant and runs <c>scale</c> times faster than the real clock it
/// reads, so every transition can be expressed in the service's own durations and a demo "hour" takes a minute.
/// </summary>
internal sealed class EmulatedClock
{
    private readonly TimeProvider real;
    private readonly long realStart;
    private readonly DateTimeOffset emulatedStart;

    public EmulatedClock(TimeProvider real, double scale, DateTimeOffset? emulatedStart)
    {
        this.real = real;
        Scale = scale;
        realStart = real.GetTimestamp();
        this.emulatedStart = TruncateToMicroseconds(emulatedStart ?? real.GetUtcNow()).ToUniversalTime();
    }

    /// <summary>Emulated seconds per real second.</summary>
    public double Scale { get; }

    /// <summary>The current emulated instant (microsecond precision, like a proto Timestamp written by the service).</summary>
    public DateTimeOffset UtcNow
    {
        get
        {
            var elapsed = real.GetElapsedTime(realStart);
            return TruncateToMicroseconds(emulatedStart + TimeSpan.FromTicks(checked((long)(elapsed.Ticks * Scale))));
        }
    }

    /// <summary>The real time an emulated span takes.</summary>
    public TimeSpan ToReal(TimeSpan emulated) => TimeSpan.FromTicks((long)Math.Ceiling(emulated.Ticks / Scale));

    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value) =>
        new(value.Ticks - (value.Ticks % 10), value.Offset);
}
