using System.CommandLine;
using Fireworks.SpecDiff.Loading;
using Fireworks.SpecDiff.Reporting;

namespace Fireworks.SpecDiff.Cli;

/// <summary>The output format of <c>--format</c>.</summary>
public enum ReportFormat
{
    /// <summary>Markdown for a pull-request comment.</summary>
    Markdown,

    /// <summary>Machine-readable JSON.</summary>
    Json,

    /// <summary>One line.</summary>
    Summary,
}

/// <summary>
/// <c>fireworks-specdiff old.yaml new.yaml [--overlay FILE] [--format markdown|json|summary] [--output FILE] [--fail-on breaking|warning]</c>.
/// Exit codes: 0 done, 1 the <c>--fail-on</c> threshold was reached, 2 bad input (usage, unreadable or invalid files).
/// </summary>
public static class SpecDiffCommand
{
    /// <summary>The run completed and did not reach the <c>--fail-on</c> threshold.</summary>
    public const int Success = 0;

    /// <summary>The report reaches the <c>--fail-on</c> threshold.</summary>
    public const int ThresholdReached = 1;

    /// <summary>Bad command line or bad input file.</summary>
    public const int BadInput = 2;

    /// <summary>Parses <paramref name="args"/>, runs the diff and writes the report.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="output">Where the report goes when there is no <c>--output</c> (and where help goes).</param>
    /// <param name="error">Where errors go.</param>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        var oldArgument = new Argument<string>("old") { Description = "The spec in use (OpenAPI 3.0/3.1 YAML or JSON, or a Markdown page with a ```yaml/```json block)." };
        var newArgument = new Argument<string>("new") { Description = "The candidate spec, in any of the same forms." };
        var overlayOption = new Option<string?>("--overlay") { HelpName = "file", Description = "The overlay both specs are generated with (e.g. spec/gateway.overlay.yaml); needed for C# names to match the SDK." };
        var formatOption = new Option<ReportFormat>("--format", "-f") { HelpName = "markdown|json|summary", Description = "Report format.", DefaultValueFactory = _ => ReportFormat.Markdown };
        var outputOption = new Option<string?>("--output", "-o") { HelpName = "file", Description = "Write the report to this file instead of standard output." };
        var failOnOption = new Option<FailOn?>("--fail-on") { HelpName = "breaking|warning", Description = "Exit with 1 when the report has breaking changes (OpenAPI breaking, C# source-breaking, new generator errors), or also warnings." };

        var root = new RootCommand("Compares two OpenAPI specs: OpenAPI-level findings (breaking / warning / info, with stable rule ids) and the public API changes of the generated Fireworks C# SDK.")
        {
            oldArgument,
            newArgument,
            overlayOption,
            formatOption,
            outputOption,
            failOnOption,
        };

        root.SetAction(parseResult => Execute(
                parseResult.GetRequiredValue(oldArgument),
                parseResult.GetRequiredValue(newArgument),
                parseResult.GetValue(overlayOption),
                parseResult.GetValue(formatOption),
                parseResult.GetValue(outputOption),
                parseResult.GetValue(failOnOption),
                output,
                error));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors) error.WriteLine("fireworks-specdiff: error: " + parseError.Message);
            error.WriteLine("Run 'fireworks-specdiff --help' for usage.");
            return BadInput;
        }
        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }

    private static int Execute(string oldPath, string newPath, string? overlayPath, ReportFormat format, string? outputPath, FailOn? failOn, TextWriter output, TextWriter error)
    {
        SpecDiffReport report;
        try
        {
            report = SpecDiffRunner.Run(oldPath, newPath, overlayPath);
        }
        catch (SpecInputException ex)
        {
            error.WriteLine("fireworks-specdiff: error: " + ex.Message);
            return BadInput;
        }

        var text = format switch
        {
            ReportFormat.Json => JsonReportWriter.Write(report),
            ReportFormat.Summary => SummaryReportWriter.Write(report) + Environment.NewLine,
            _ => MarkdownReportWriter.Write(report),
        };

        if (outputPath is null)
        {
            output.Write(text);
        }
        else
        {
            try
            {
                var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
                if (directory is not null) Directory.CreateDirectory(directory);
                File.WriteAllText(outputPath, text);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"fireworks-specdiff: error: {outputPath}: cannot write the report: {ex.Message}");
                return BadInput;
            }
        }

        if (failOn is { } threshold && report.Fails(threshold))
        {
            error.WriteLine($"fireworks-specdiff: --fail-on {threshold.ToString().ToLowerInvariant()}: {SummaryReportWriter.Write(report)}");
            return ThresholdReached;
        }
        return Success;
    }
}
