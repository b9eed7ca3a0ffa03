using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using Fireworks.Benchmarks.Infrastructure;

namespace Fireworks.Benchmarks.Reporting;

/// <summary>One measured benchmark case, read back from BenchmarkDotNet's CSV export.</summary>
/// <param name="Scenario">The parameter values that define the case (empty when the class has none).</param>
/// <param name="Contender">The benchmark's description, e.g. <c>NSwag DTOs</c>.</param>
/// <param name="Category">Who it measures: one of <see cref="Contenders"/>.</param>
/// <param name="IsBaseline">Whether it is its scenario's baseline.</param>
/// <param name="MedianNanoseconds">The median time per operation; <see langword="null"/> when the case failed.</param>
/// <param name="AllocatedBytes">The managed bytes allocated per operation; <see langword="null"/> when not measured.</param>
public sealed record BenchmarkRow(string Scenario, string Contender, string Category, bool IsBaseline, double? MedianNanoseconds, double? AllocatedBytes);

/// <summary>The rows of one benchmark class.</summary>
/// <param name="BenchmarkType">The benchmark class.</param>
/// <param name="Job">The BenchmarkDotNet job the rows were measured with (<c>Full</c> or <c>Short</c>).</param>
/// <param name="Rows">The rows, in export order.</param>
/// <param name="Machine">The machine description of the GitHub markdown export (BenchmarkDotNet version, OS, CPU, SDK, runtime).</param>
/// <param name="JobSettings">The job line(s) of the GitHub markdown export (toolchain, iteration settings).</param>
public sealed record BenchmarkClassResults(Type BenchmarkType, string Job, IReadOnlyList<BenchmarkRow> Rows, string Machine, string JobSettings)
{
    /// <summary>The scenarios (parameter combinations), in export order.</summary>
    public IEnumerable<string> Scenarios => Rows.Select(r => r.Scenario).Distinct(StringComparer.Ordinal);

    /// <summary>The baseline row of a scenario, when it was measured.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <returns>The row or <see langword="null"/>.</returns>
    public BenchmarkRow? BaselineOf(string scenario) => Rows.FirstOrDefault(r => r.Scenario == scenario && r.IsBaseline);

    /// <summary>Reads one <c>*-report.csv</c> file and matches its rows with the benchmark methods of its class.</summary>
    /// <param name="csvPath">The file, named <c>{benchmark class full name}-report.csv</c>.</param>
    /// <returns>The results.</returns>
    /// <exception cref="InvalidDataException">The file names no benchmark class of this assembly or lacks a needed column.</exception>
    public static BenchmarkClassResults Read(string csvPath)
    {
        const string Suffix = "-report.csv";
        var fileName = Path.GetFileName(csvPath);
        if (!fileName.EndsWith(Suffix, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"'{fileName}' is not a BenchmarkDotNet CSV report (*{Suffix}).");
        }

        var typeName = fileName[..^Suffix.Length];
        var type = typeof(BenchmarkClassResults).Assembly.GetType(typeName)
            ?? throw new InvalidDataException($"'{fileName}' names no benchmark class of this assembly ('{typeName}').");
        var methods = BenchmarkMethods(type);
        var parameters = ParameterNames(type);
        var table = CsvTable.Parse(File.ReadAllText(csvPath), fileName);
        foreach (var required in new[] { "Method", "Job", MedianColumn }.Concat(parameters))
        {
            if (!table.Header.Contains(required))
            {
                throw new InvalidDataException($"{fileName}: no '{required}' column (the report must come from this project's BenchmarkConfigs).");
            }
        }

        var rows = new List<BenchmarkRow>();
        foreach (var row in table.Rows)
        {
            // BenchmarkDotNet quotes a description that contains spaces: 'NSwag DTOs'.
            var description = row["Method"] is ['\'', .. var inner, '\''] ? inner : row["Method"];
            if (!methods.TryGetValue(description, out var method))
            {
                throw new InvalidDataException($"{fileName}: the row '{description}' matches no benchmark of {type.Name}.");
            }

            var scenario = string.Join(", ", parameters.Select(p => row[p]));
            var allocated = row.TryGetValue(AllocatedColumn, out var allocatedText) ? ParseNumber(allocatedText) : null;
            rows.Add(new BenchmarkRow(scenario, description, method.Category, method.IsBaseline, ParseNumber(row[MedianColumn]), allocated));
        }

        var job = table.Rows.Select(r => r["Job"]).FirstOrDefault() ?? "unknown";
        var (machine, jobSettings) = ReadEnvironment(csvPath[..^Suffix.Length] + "-report-github.md");
        return new BenchmarkClassResults(type, job, rows, machine, jobSettings);
    }

    // The first fenced block of the GitHub export: the machine, a blank line, then the job's settings.
    private static (string Machine, string JobSettings) ReadEnvironment(string markdownPath)
    {
        if (!File.Exists(markdownPath))
        {
            throw new InvalidDataException($"'{Path.GetFileName(markdownPath)}' is missing: the GitHub markdown export must sit next to the CSV export.");
        }

        var lines = File.ReadAllLines(markdownPath);
        var start = Array.IndexOf(lines, "```");
        var end = start < 0 ? -1 : Array.IndexOf(lines, "```", start + 1);
        if (end < 0)
        {
            throw new InvalidDataException($"{Path.GetFileName(markdownPath)}: no environment block (a ``` fenced block) found.");
        }

        var block = lines[(start + 1)..end].Select(l => l.TrimEnd()).SkipWhile(l => l.Length == 0).ToList();
        var machine = block.TakeWhile(l => l.Length > 0).ToList();
        var jobSettings = block.Skip(machine.Count).Where(l => l.Length > 0).Select(l => l.Trim());
        return (string.Join('\n', machine), string.Join(' ', jobSettings));
    }

    /// <summary>The median column of the machine-readable CSV export.</summary>
    internal const string MedianColumn = "Median [ns]";

    /// <summary>The allocation column of the machine-readable CSV export.</summary>
    internal const string AllocatedColumn = "Allocated [B]";

    /// <summary>A number of the machine-readable CSV export, or null (a failed benchmark's cell).</summary>
    internal static double? ParseNumber(string text) =>
        double.TryParse(text, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static Dictionary<string, (string Category, bool IsBaseline)> BenchmarkMethods(Type type)
    {
        var methods = new Dictionary<string, (string Category, bool IsBaseline)>(StringComparer.Ordinal);
        foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (method.GetCustomAttribute<BenchmarkAttribute>() is not { } benchmark)
            {
                continue;
            }

            var categories = method.GetCustomAttributes<BenchmarkCategoryAttribute>().SelectMany(c => c.Categories).ToList();
            var category = categories.FirstOrDefault(c => c is Contenders.NSwag or Contenders.Fireworks or Contenders.Floor)
                ?? throw new InvalidDataException($"{type.Name}.{method.Name} has no contender category (NSwag, Fireworks or Floor).");
            methods[benchmark.Description ?? method.Name] = (category, benchmark.Baseline);
        }

        return methods;
    }

    private static List<string> ParameterNames(Type type) => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.IsDefined(typeof(ParamsAttribute)) || p.IsDefined(typeof(ParamsAllValuesAttribute)) || p.IsDefined(typeof(ParamsSourceAttribute)))
        .Select(p => p.Name)
        .ToList();
}
