using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Fireworks.Emulator;
using Microsoft.Extensions.Logging;

namespace Fireworks.Emulator.Tool;

/// <summary>The <c>fireworks-emulator</c> command line.</summary>
internal static class Program
{
    /// <summary>The port the tool listens on when <c>--port</c> is not given.</summary>
    internal const int DefaultPort = 8099;

    public static async Task<int> Main(string[] args)
    {
        // Ctrl+C and SIGTERM (docker stop, CI job ends) stop the emulator gracefully: the action's token is
        // cancelled and the emulator is disposed, which removes its temporary snapshot root.
        using var stop = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        return await RunAsync(args, Console.Out, Console.Error, stop.Token).ConfigureAwait(false);
    }

    /// <summary>Parses the command line and runs the emulator until cancelled (Ctrl+C).</summary>
    internal static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken, Action<FireworksEmulator>? started = null)
    {
        var port = new Option<int>("--port", "-p") { Description = "TCP port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => DefaultPort };
        var timeScale = new Option<double>("--time-scale", "-t") { Description = "Emulated seconds per real second (60: a 5-minute deployment start takes 5 s).", DefaultValueFactory = _ => 1 };
        var snapshotRoot = new Option<string?>("--snapshot-root", "-s") { Description = "Directory standing in for the hot-load bucket: <root>/<deployment>/<identity>/ (default: a temporary directory)." };
        var apiKey = new Option<string>("--api-key", "-k") { Description = "The bearer key clients must send.", DefaultValueFactory = _ => EmulatorOptions.DefaultApiKey };
        var account = new Option<string>("--account-id", "-a") { Description = "The id of the emulator's account.", DefaultValueFactory = _ => EmulatorOptions.DefaultAccountId };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log every request." };
        var root = new RootCommand("Local emulator of the Fireworks Gateway and hot-load APIs, for tests and demos without an account.")
        {
            port, timeScale, snapshotRoot, apiKey, account, verbose,
        };
        root.SetAction(async (parse, ct) =>
        {
            using var loggerFactory = LoggerFactory.Create(logging => logging
                .AddSimpleConsole(console => console.SingleLine = true)
                .SetMinimumLevel(parse.GetValue(verbose) ? LogLevel.Debug : LogLevel.Information));
            EmulatorOptions options;
            try
            {
                options = new EmulatorOptions
                {
                    Port = parse.GetValue(port),
                    TimeScale = parse.GetValue(timeScale),
                    SnapshotRoot = parse.GetValue(snapshotRoot),
                    ApiKey = parse.GetValue(apiKey)!,
                    AccountId = parse.GetValue(account)!,
                    LoggerFactory = loggerFactory,
                };
                options.Validate();
            }
            catch (ArgumentException exception)
            {
                await error.WriteLineAsync($"fireworks-emulator: {exception.Message}").ConfigureAwait(false);
                return 2;
            }

            await using var emulator = await FireworksEmulator.StartAsync(options, ct).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"""
                Fireworks emulator listening on {Root(emulator)} (time x{emulator.TimeScale})
                  FIREWORKS_BASE_URL={Root(emulator)}
                  FIREWORKS_API_KEY={emulator.ApiKey}
                  FIREWORKS_ACCOUNT_ID={emulator.AccountId}
                  snapshots: {emulator.SnapshotRoot}/<deployment>/<identity>/
                Press Ctrl+C to stop.
                """)).ConfigureAwait(false);
            started?.Invoke(emulator);
            try
            {
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await output.WriteLineAsync("Fireworks emulator stopped.").ConfigureAwait(false);
            }

            return 0;
        });

        // Signals are handled by Main (or the caller's token), not by System.CommandLine.
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        return await root.Parse(args).InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    private static string Root(FireworksEmulator emulator) => emulator.BaseUrl.GetLeftPart(UriPartial.Authority);
}
