using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Fireworks.Benchmarks.Reporting;

/// <summary>
/// Our generator's share of a real, clean <c>dotnet build</c> of <c>src/Fireworks.Generated</c>, read from the
/// compiler's analyzer report (<c>-p:ReportAnalyzer=true -v:d</c>) that <c>run-benchmarks.sh</c> saves.
/// </summary>
/// <param name="GeneratorSeconds">Time the compiler spent in <c>Fireworks.Generator.FireworksGenerator</c>.</param>
/// <param name="AllGeneratorsSeconds">Time spent in every source generator of that compilation.</param>
/// <param name="AllAnalyzersSeconds">Time spent in every analyzer of that compilation (they run concurrently, so this can exceed the wall time).</param>
/// <param name="BuildWallSeconds">Wall time of the whole build (restore, dependencies, compilation), when the script recorded it.</param>
/// <param name="Command">The build command.</param>
public sealed partial record SdkBuildTiming(
    double GeneratorSeconds,
    double? AllGeneratorsSeconds,
    double? AllAnalyzersSeconds,
    double? BuildWallSeconds,
    string Command)
{
    /// <summary>The build log's file name under the artifacts folder.</summary>
    public const string LogFileName = "sdk-build.log";

    /// <summary>The file, next to the log, in which the script records the command and the wall time.</summary>
    public const string RunFileName = "sdk-build.json";

    /// <summary>Reads the timing saved in an artifacts folder.</summary>
    /// <param name="artifactsDirectory">The folder.</param>
    /// <returns>The timing, or <see langword="null"/> when the run did not measure a build.</returns>
    /// <exception cref="InvalidDataException">The log exists but does not hold our generator's line.</exception>
    public static SdkBuildTiming? Load(string artifactsDirectory)
    {
        var logPath = Path.Combine(artifactsDirectory, LogFileName);
        if (!File.Exists(logPath))
        {
            return null;
        }

        var run = ReadRun(Path.Combine(artifactsDirectory, RunFileName));
        return Parse(File.ReadAllLines(logPath), run.Command, run.WallSeconds, logPath);
    }

    /// <summary>Finds our generator's line in a detailed build log and the totals of the compilation it belongs to.</summary>
    /// <param name="lines">The log.</param>
    /// <param name="command">The build command, for the report.</param>
    /// <param name="buildWallSeconds">The build's wall time, when known.</param>
    /// <param name="source">The log's name, for error messages.</param>
    /// <returns>The timing.</returns>
    /// <exception cref="InvalidDataException">No line reports <c>Fireworks.Generator.FireworksGenerator</c>.</exception>
    public static SdkBuildTiming Parse(IReadOnlyList<string> lines, string command, double? buildWallSeconds, string source)
    {
        ArgumentNullException.ThrowIfNull(lines);
        for (var i = 0; i < lines.Count; i++)
        {
            var generator = GeneratorLine().Match(lines[i]);
            if (!generator.Success)
            {
                continue;
            }

            // The compilation's totals precede its per-generator table.
            double? allGenerators = null;
            double? allAnalyzers = null;
            for (var j = i - 1; j >= 0 && (allGenerators is null || allAnalyzers is null); j--)
            {
                if (allGenerators is null && TotalLine().Match(lines[j]) is { Success: true, Groups: var g } && g["kind"].Value == "generator")
                {
                    allGenerators = Seconds(g["seconds"].Value);
                }
                else if (allAnalyzers is null && TotalLine().Match(lines[j]) is { Success: true, Groups: var a } && a["kind"].Value == "analyzer")
                {
                    allAnalyzers = Seconds(a["seconds"].Value);
                }
            }

            return new SdkBuildTiming(Seconds(generator.Groups["seconds"].Value), allGenerators, allAnalyzers, buildWallSeconds, command);
        }

        throw new InvalidDataException(
            $"{source}: no 'Fireworks.Generator.FireworksGenerator' line; build with -p:ReportAnalyzer=true -v:d so the compiler reports generator times.");
    }

    private static (string Command, double? WallSeconds) ReadRun(string path)
    {
        const string Unknown = "(not recorded)";
        if (!File.Exists(path))
        {
            return (Unknown, null);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            var command = root.TryGetProperty("command", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : Unknown;
            double? wall = root.TryGetProperty("wallSeconds", out var w) && w.ValueKind == JsonValueKind.Number ? w.GetDouble() : null;
            return (command, wall);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"'{path}' is not valid JSON: {exception.Message}", exception);
        }
    }

    private static double Seconds(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    // "      2.909   46      Fireworks.Generator.FireworksGenerator" (the percentage can read "<1").
    [GeneratedRegex(@"^\s*(?<seconds>\d+(\.\d+)?)\s+<?\d+\s+Fireworks\.Generator\.FireworksGenerator\s*$")]
    private static partial Regex GeneratorLine();

    // "Total generator execution time: 6.191 seconds."
    [GeneratedRegex(@"Total (?<kind>generator|analyzer) execution time: (?<seconds>\d+(\.\d+)?) seconds")]
    private static partial Regex TotalLine();
}
