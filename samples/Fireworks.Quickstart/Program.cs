using System.Diagnostics;
using Fireworks;
using Fireworks.Emulator;
using Fireworks.Quickstart;
using Spectre.Console;

// With no FIREWORKS_API_KEY the quickstart starts the local emulator in-process and walks the whole RL workflow.
// With a key it talks to the real API, read-only (lists and gets) unless --allow-writes is given.
var allowWrites = args.Contains("--allow-writes");
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var apiKey = Environment.GetEnvironmentVariable(FireworksClientOptions.ApiKeyVariable);
var total = Stopwatch.StartNew();
try
{
    if (!string.IsNullOrWhiteSpace(apiKey))
    {
        using var real = new FireworksClient();
        if (!allowWrites)
        {
            await RealApi.ListReadOnlyAsync(real, cancellation.Token);
            return 0;
        }
        // Snapshots must land where the deployment's hot-load bucket can read them: a directory you sync to it.
        var rootIndex = Array.IndexOf(args, "--snapshot-root");
        if (rootIndex < 0 || rootIndex + 1 >= args.Length)
        {
            AnsiConsole.MarkupLine("[red]--allow-writes needs --snapshot-root <directory synced to your hot-load bucket>.[/]");
            return 2;
        }
        AnsiConsole.MarkupLine("[yellow]--allow-writes: running the workflow against the real API (it creates and deletes resources).[/]");
        var realRoot = Directory.CreateTempSubdirectory("fireworks-quickstart-").FullName;
        var realSummary = await new QuickstartWorkflow(real, args[rootIndex + 1], realRoot, new ConsoleReporter()).RunAsync(cancellation.Token);
        ConsoleReporter.PrintSummary(realSummary, total.Elapsed, "the Fireworks API");
        return 0;
    }

    AnsiConsole.MarkupLine("[grey]FIREWORKS_API_KEY is not set: starting the local Fireworks emulator (1 emulated minute = 0.1 s).[/]");
    var work = Directory.CreateTempSubdirectory("fireworks-quickstart-");
    try
    {
        await using var emulator = await FireworksEmulator.StartAsync(new EmulatorOptions
        {
            TimeScale = 600,
            SnapshotRoot = Path.Combine(work.FullName, "bucket"),
            // An RLOR trainer serves train steps until it is cancelled; keep it RUNNING for the whole tour.
            Timings = new EmulatorTimings { JobTraining = TimeSpan.FromDays(1) },
        }, cancellation.Token);
        AnsiConsole.MarkupLine($"[grey]Emulator listening on {emulator.BaseUrl} (account '{emulator.AccountId}').[/]");
        using var client = new FireworksClient(emulator.CreateClientOptions());
        var summary = await new QuickstartWorkflow(client, emulator.SnapshotRoot, work.FullName, new ConsoleReporter()).RunAsync(cancellation.Token);
        ConsoleReporter.PrintSummary(summary, total.Elapsed, $"the local emulator at {emulator.BaseUrl}");
        return 0;
    }
    finally
    {
        work.Delete(recursive: true);
    }
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    AnsiConsole.MarkupLine("[yellow]Cancelled.[/]");
    return 130;
}
catch (FireworksException ex)
{
    AnsiConsole.MarkupLine($"[red]The API refused a call:[/] {Markup.Escape(ex.Message)}");
    return 1;
}

/// <summary>Shows each step with a spinner and its live status, then a summary table.</summary>
internal sealed class ConsoleReporter : IStepReporter
{
    public async Task<T> RunAsync<T>(string step, Func<Action<string>, Task<T>> action, Func<T, string> describe)
    {
        var watch = Stopwatch.StartNew();
        var result = await AnsiConsole.Status().Spinner(Spinner.Known.Dots).StartAsync(step, async context =>
            await action(status => context.Status($"{step}: [grey]{Markup.Escape(status)}[/]")));
        AnsiConsole.MarkupLine($"[green]✓[/] {Markup.Escape(step)} [grey]({watch.Elapsed.TotalSeconds:F1} s)[/]\n    {Markup.Escape(describe(result))}");
        return result;
    }

    public static void PrintSummary(QuickstartSummary summary, TimeSpan total, string target)
    {
        var table = new Table().Title($"Quickstart against {Markup.Escape(target)}").AddColumns("Step", "Result", "Time");
        foreach (var (step, result, took) in summary.Steps)
        {
            table.AddRow(Markup.Escape(step), Markup.Escape(result), $"{took.TotalSeconds:F2} s");
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"[green]Done[/] in {total.TotalSeconds:F1} s.");
    }
}

/// <summary>Read-only tour of a real account: lists and gets only.</summary>
internal static class RealApi
{
    public static async Task ListReadOnlyAsync(FireworksClient client, CancellationToken cancellationToken)
    {
        AnsiConsole.MarkupLine("[grey]FIREWORKS_API_KEY is set: read-only tour of your account (pass --allow-writes to run the workflow).[/]");
        var table = new Table().AddColumns("Resource", "Name", "State");
        await foreach (var deployment in client.Deployments.ListAsync(pageSize: 20, cancellationToken: cancellationToken).Take(10).WithCancellation(cancellationToken))
        {
            table.AddRow("deployment", Markup.Escape(deployment.Name ?? ""), deployment.State?.ToString() ?? "");
        }
        await foreach (var job in client.RlorTrainerJobs.ListAsync(pageSize: 20, cancellationToken: cancellationToken).Take(10).WithCancellation(cancellationToken))
        {
            table.AddRow("rlor trainer job", Markup.Escape(job.Name ?? ""), job.State?.ToString() ?? "");
        }
        await foreach (var dataset in client.Datasets.ListAsync(pageSize: 20, cancellationToken: cancellationToken).Take(10).WithCancellation(cancellationToken))
        {
            table.AddRow("dataset", Markup.Escape(dataset.Name ?? ""), dataset.State?.ToString() ?? "");
        }
        AnsiConsole.Write(table);
    }
}
