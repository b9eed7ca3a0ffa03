using Fireworks.Delta.Cli;

return await FwDeltaCommand.RunAsync(args, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected && !Console.IsErrorRedirected, TimeProvider.System);
