using Backups.Operator.ApiServer.Hosting;
using Microsoft.Extensions.Logging;

// The local Kubernetes-compatible API server for `make sandbox` / `make run`.
// Test and development infrastructure: NOT a Kubernetes distribution; nothing real is touched.
var (security, otherArguments, securityError) = Backups.Operator.ApiServer.Security.SecurityCommandLine.Split(args);
var arguments = CommandLine.Parse(otherArguments);
if ((securityError ?? arguments.Error) is { } argumentError)
{
    await Console.Error.WriteLineAsync(argumentError);
    await Console.Error.WriteLineAsync(CommandLine.Usage + "\n" + Backups.Operator.ApiServer.Security.SecurityCommandLine.Usage);
    return 2;
}

using var loggerFactory = LoggerFactory.Create(logging => logging
    .AddSimpleConsole(console => console.SingleLine = true)
    .SetMinimumLevel(LogLevel.Information));
using var shutdown = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    shutdown.Cancel();
};

// SIGTERM (kill, make run's clean-up, a test harness) stops it gracefully too.
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM,
    context =>
    {
        context.Cancel = true;
        shutdown.Cancel();
    });

Console.WriteLine("Backups Operator local API server: a Kubernetes-compatible API server for tests and local development");
Console.WriteLine("(state in memory, or in --state-file). It is test infrastructure, NOT Kubernetes: no nodes, no pods, no controllers but GC/namespaces.");
await using var server = await LocalApiServer.StartAsync(
    new LocalApiServerOptions { Port = arguments.Port, LoggerFactory = loggerFactory, Security = security, StateFile = arguments.StateFile },
    shutdown.Token);
if (arguments.CrdDirectory is not null)
{
    if (!Directory.Exists(arguments.CrdDirectory))
    {
        await Console.Error.WriteLineAsync($"--crds: directory '{Path.GetFullPath(arguments.CrdDirectory)}' does not exist");
        return 2;
    }

    var installed = await server.InstallCrdsFromDirectoryAsync(arguments.CrdDirectory, shutdown.Token);
    Console.WriteLine($"Installed {installed.Count} CustomResourceDefinition(s) from {Path.GetFullPath(arguments.CrdDirectory)}");
}

if (arguments.KubeconfigPath is not null)
{
    var path = server.WriteKubeconfig(arguments.KubeconfigPath);
    Console.WriteLine($"Try: kubectl --kubeconfig {path} get namespaces");
}

Console.WriteLine($"Serving {server.BaseUrl}; press Ctrl-C to stop.");
try
{
    await Task.Delay(Timeout.Infinite, shutdown.Token);
}
catch (OperationCanceledException)
{
}

return 0;
