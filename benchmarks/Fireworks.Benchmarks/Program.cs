using System.CommandLine;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Fireworks.Benchmarks.Infrastructure;
using Fireworks.Benchmarks.Payloads;
using Fireworks.Benchmarks.Reporting;

namespace Fireworks.Benchmarks;

/// <summary>
/// Entry point. <c>--short</c> runs the CI smoke mode, no flag the full measurement; <c>report</c> turns
/// exported results into <c>docs/benchmarks.md</c>. Every unrecognized argument goes to BenchmarkDotNet
/// (for example <c>--filter *Deserialize*</c>).
/// </summary>
public static class Program
{
    /// <summary>Runs the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>0 on success; 1 when a benchmark failed or the input was bad.</returns>
    public static int Main(string[] args)
    {
        var shortOption = new Option<bool>("--short") { Description = "Smoke mode for CI: in-process, few short iterations (numbers are indicative only)." };
        var artifactsOption = new Option<DirectoryInfo>("--artifacts")
        {
            Description = "Where BenchmarkDotNet writes its results and where the sample payloads are saved.",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(Environment.CurrentDirectory, "BenchmarkDotNet.Artifacts")),
        };

        var root = new RootCommand("Fireworks.Generated benchmarks against the NSwag baseline.") { shortOption, artifactsOption };
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction(parseResult => RunBenchmarks(
            parseResult.GetValue(shortOption),
            parseResult.GetRequiredValue(artifactsOption),
            parseResult.UnmatchedTokens.ToArray()));

        var resultsOption = new Option<DirectoryInfo>("--results") { Description = "BenchmarkDotNet's results folder (…/BenchmarkDotNet.Artifacts/results).", Required = true };
        var outputOption = new Option<FileInfo>("--output") { Description = "The markdown file to (re)write.", Required = true };
        var commandOption = new Option<string>("--command") { Description = "The command that produced the results, quoted in the report.", Required = true };
        var report = new Command("report", "Writes the benchmark report from BenchmarkDotNet's exported results.") { resultsOption, outputOption, commandOption };
        report.SetAction(parseResult =>
        {
            try
            {
                var written = BenchmarkReportWriter.Write(
                    parseResult.GetRequiredValue(resultsOption),
                    parseResult.GetRequiredValue(outputOption),
                    parseResult.GetRequiredValue(commandOption),
                    DateTimeOffset.UtcNow);
                Console.WriteLine($"Wrote {written.FullName}");
                return 0;
            }
            catch (InvalidDataException exception)
            {
                Console.Error.WriteLine($"Cannot write the report: {exception.Message}");
                return 1;
            }
        });
        root.Subcommands.Add(report);

        return root.Parse(args).Invoke();
    }

    private static int RunBenchmarks(bool shortMode, DirectoryInfo artifacts, string[] benchmarkDotNetArgs)
    {
        foreach (var file in SamplePayloads.Save(Path.Combine(artifacts.FullName, "payloads")))
        {
            Console.WriteLine($"Sample payload: {file} ({new FileInfo(file).Length:N0} bytes)");
        }

        // Without a filter BenchmarkDotNet asks on stdin which benchmarks to run; CI has no stdin.
        var arguments = benchmarkDotNetArgs.Contains("--filter") ? benchmarkDotNetArgs : [.. benchmarkDotNetArgs, "--filter", "*"];
        var benchmarkTypes = typeof(Program).Assembly.GetTypes()
            .Where(t => t.IsPublic && t.GetMethods().Any(m => m.IsDefined(typeof(BenchmarkAttribute), inherit: false)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();
        var loadAtStart = RunConditions.CurrentLoadAverage();
        var summaries = new List<Summary>();
        if (shortMode)
        {
            summaries.AddRange(BenchmarkSwitcher.FromTypes([.. benchmarkTypes]).Run(arguments, BenchmarkConfigs.Short(artifacts.FullName)));
        }
        else
        {
            var groups = benchmarkTypes.GroupBy(t => (
                InProcess: t.IsDefined(typeof(RunsInProcessAttribute), inherit: false),
                Launches: t.GetCustomAttributes(typeof(LaunchesAttribute), inherit: false).OfType<LaunchesAttribute>().FirstOrDefault()?.Count ?? 1));
            foreach (var group in groups.OrderByDescending(g => g.Key.InProcess).ThenBy(g => g.Key.Launches))
            {
                summaries.AddRange(BenchmarkSwitcher.FromTypes([.. group]).Run(arguments, BenchmarkConfigs.Full(artifacts.FullName, group.Key.InProcess, group.Key.Launches)));
            }
        }

        new RunConditions(Environment.ProcessorCount, loadAtStart, RunConditions.CurrentLoadAverage()).Save(artifacts.FullName);
        var failures = summaries
            .SelectMany(s => s.Reports.Where(r => !r.Success).Select(r => r.BenchmarkCase.DisplayInfo)
                .Concat(s.ValidationErrors.Where(e => e.IsCritical).Select(e => e.Message)))
            .ToList();
        if (summaries.Count == 0 || failures.Count > 0)
        {
            Console.Error.WriteLine(summaries.Count == 0 ? "No benchmark ran." : "Failed: " + string.Join("; ", failures));
            return 1;
        }

        return 0;
    }
}
