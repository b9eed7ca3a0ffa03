using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fireworks.Benchmarks.Infrastructure;

/// <summary>
/// How busy the machine was around a run (Linux load averages), recorded next to the results so the report
/// can say when other work competed with the benchmarks for the CPU.
/// </summary>
/// <param name="ProcessorCount">Logical processors available to the run.</param>
/// <param name="LoadAverageAtStart">The one-minute load average before the first benchmark, when the OS reports one.</param>
/// <param name="LoadAverageAtEnd">The one-minute load average after the last benchmark, when the OS reports one.</param>
public sealed record RunConditions(int ProcessorCount, double? LoadAverageAtStart, double? LoadAverageAtEnd)
{
    /// <summary>The file name under the artifacts folder.</summary>
    public const string FileName = "run-conditions.json";

    private const string LoadAveragePath = "/proc/loadavg";

    /// <summary>Whether more runnable work than processors was measured at either end of the run.</summary>
    [JsonIgnore]
    public bool WasContended => LoadAverageAtStart > ProcessorCount || LoadAverageAtEnd > ProcessorCount;

    /// <summary>The current one-minute load average, or <see langword="null"/> where the OS does not expose it.</summary>
    /// <returns>The load average.</returns>
    public static double? CurrentLoadAverage()
    {
        if (!File.Exists(LoadAveragePath))
        {
            return null;
        }

        var first = File.ReadAllText(LoadAveragePath).Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : null;
    }

    /// <summary>Writes the conditions into an artifacts folder.</summary>
    /// <param name="artifactsDirectory">The folder.</param>
    public void Save(string artifactsDirectory)
    {
        Directory.CreateDirectory(artifactsDirectory);
        File.WriteAllText(Path.Combine(artifactsDirectory, FileName), JsonSerializer.Serialize(this));
    }

    /// <summary>Reads the conditions saved in an artifacts folder.</summary>
    /// <param name="artifactsDirectory">The folder.</param>
    /// <returns>The conditions, or <see langword="null"/> when the run saved none.</returns>
    /// <exception cref="InvalidDataException">The file exists but is not valid.</exception>
    public static RunConditions? Load(string artifactsDirectory)
    {
        var path = Path.Combine(artifactsDirectory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<RunConditions>(File.ReadAllText(path))
                ?? throw new InvalidDataException($"'{path}' holds JSON null.");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"'{path}' is not a valid run conditions file: {exception.Message}", exception);
        }
    }
}
