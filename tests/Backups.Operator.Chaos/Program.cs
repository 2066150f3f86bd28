using Backups.Operator.Chaos;

return await ChaosProgram.RunAsync(args).ConfigureAwait(false);
