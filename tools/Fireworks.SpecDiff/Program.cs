using Fireworks.SpecDiff.Cli;

return SpecDiffCommand.Run(args, Console.Out, Console.Error);
