using System.Collections;
using Backups.Operator.Cli;
using Backups.Operator.Cli.Commands;
using Backups.Operator.Cli.Terminal;

var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
    .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupt.Cancel();
};

var services = new CliServices(Terminal.FromProcess(environment), TimeProvider.System, environment,
    options => CliServices.ConnectWithKubeconfig(options, environment));
return await new CliApp(services).RunAsync(args, interrupt.Token).ConfigureAwait(false);
