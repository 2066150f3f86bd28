using Backups.Operator.Hosting;

return await OperatorProgram.RunAsync(args);
