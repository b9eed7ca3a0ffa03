using System.Globalization;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Reports;
using Perfolizer.Horology;
using Perfolizer.Metrology;

namespace Fireworks.Benchmarks.Shared;

/// <summary>
/// The CSV export every benchmark project writes for the report generator (<c>Fireworks.Benchmarks report</c>):
/// invariant culture, nanoseconds and bytes, units in the header only, so the numbers parse without guessing.
/// Linked into each benchmark project, like <c>BenchmarkEntryPoint.cs</c>.
/// </summary>
internal static class MachineReadableCsv
{
    /// <summary>Wide enough for every parameter value (the longest is ReinforcementFineTuningJob).</summary>
    public const int MaxParameterColumnWidth = 40;

    /// <summary>The summary style of the export.</summary>
    public static SummaryStyle Style { get; } = new(
        CultureInfo.InvariantCulture,
        printUnitsInHeader: true,
        SizeUnit.B,
        TimeUnit.Nanosecond,
        printUnitsInContent: false,
        printZeroValuesInContent: true,
        maxParameterColumnWidth: MaxParameterColumnWidth);

    /// <summary>The exporter: <c>{class}-report.csv</c>, comma-separated.</summary>
    public static CsvExporter Exporter { get; } = new(CsvSeparator.Comma, Style);
}
