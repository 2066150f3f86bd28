using Backups.Operator.Simulator.Hosting;
using Microsoft.Extensions.Options;

var commandLine = SimulatorCommandLine.Parse(args, Environment.GetEnvironmentVariables());
if (commandLine.ShowHelp)
{
    Console.Out.WriteLine(SimulatorCommandLine.Usage);
    return 0;
}

if (commandLine.Error is { } error)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(SimulatorCommandLine.Usage);
    return 2;
}

WebApplication app;
try
{
    app = SimulatorApplication.Build(commandLine.Options, TimeProvider.System, commandLine.Urls);
}
catch (Exception ex) when (ex is OptionsValidationException or IOException or System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
{
    Console.Error.WriteLine($"Cannot start the simulator: {ex.Message}");
    return 2;
}

await app.StartAsync();
SimulatorApplication.LogStarted(app, commandLine.Options);
await app.WaitForShutdownAsync();
await app.DisposeAsync();
return 0;
