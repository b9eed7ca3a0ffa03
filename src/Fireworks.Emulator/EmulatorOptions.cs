using Microsoft.Extensions.Logging;

namespace Fireworks.Emulator;

/// <summary>Settings of a <see cref="FireworksEmulator"/>.</summary>
public sealed class EmulatorOptions
{
    /// <summary>The API key clients must send as <c>Authorization: Bearer</c>.</summary>
    public const string DefaultApiKey = "emulator-key";

    /// <summary>The id of the emulator's one account.</summary>
    public const string DefaultAccountId = "emulator";

    /// <summary>The TCP port on 127.0.0.1; 0 (default) picks a free one (read it back from <see cref="FireworksEmulator.BaseUrl"/>).</summary>
    public int Port { get; set; }

    /// <summary>The API key every request must carry as <c>Authorization: Bearer &lt;key&gt;</c>. Default <see cref="DefaultApiKey"/>.</summary>
    public string ApiKey { get; set; } = DefaultApiKey;

    /// <summary>The id of the single account the emulator hosts (<c>accounts/{AccountId}</c>). Default <see cref="DefaultAccountId"/>.</summary>
    public string AccountId { get; set; } = DefaultAccountId;

    /// <summary>
    /// How many emulated seconds pass per real second: 60 makes a five-minute deployment start take five
    /// real seconds. Default 1. Must be positive.
    /// </summary>
    public double TimeScale { get; set; } = 1;

    /// <summary>The real clock the emulated clock runs on; tests pass a fake one and advance it.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// The emulated time at start-up; null (default) starts at the <see cref="TimeProvider"/>'s current time.
    /// </summary>
    public DateTimeOffset? EmulatedStartTime { get; set; }

    /// <summary>
    /// The directory that stands in for the hot-load bucket: a deployment <c>d</c> loads snapshot <c>s</c> from
    /// <c>{SnapshotRoot}/d/s/</c>. Null (default): a fresh temporary directory, deleted when the emulator is disposed.
    /// </summary>
    public string? SnapshotRoot { get; set; }

    /// <summary>How long (in emulated time) each state transition takes.</summary>
    public EmulatorTimings Timings { get; set; } = new();

    /// <summary>Seeds the generator of resource ids the caller did not choose, so runs are reproducible.</summary>
    public int RandomSeed { get; set; } = 20240601;

    /// <summary>
    /// How hot-load deployments swap weights unless <see cref="FireworksEmulator.SetHotLoadTransition"/> says otherwise for one:
    /// <see cref="HotLoadTransition.Async"/> (default, as the service) queues requests during a swap,
    /// <see cref="HotLoadTransition.Sync"/> answers them 425 Too Early.
    /// </summary>
    public HotLoadTransition HotLoadTransition { get; set; } = HotLoadTransition.Async;

    /// <summary>Receives the emulator's request and load logs; none when null.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Rejects inconsistent settings with a message naming the setting.</summary>
    internal void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "Port must be between 0 and 65535 (0 picks a free port).");
        }

        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            throw new ArgumentException("ApiKey must not be empty.", nameof(ApiKey));
        }

        if (!ResourceIds.IsValid(AccountId))
        {
            throw new ArgumentException(
                $"AccountId '{AccountId}' is not a valid resource id (lowercase letters, digits and '-', starting with a letter, at most 63 characters).",
                nameof(AccountId));
        }

        if (!(TimeScale > 0) || double.IsInfinity(TimeScale))
        {
            throw new ArgumentOutOfRangeException(nameof(TimeScale), TimeScale, "TimeScale must be a positive, finite number.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        ArgumentNullException.ThrowIfNull(Timings, nameof(Timings));
        Timings.Validate();
    }
}
