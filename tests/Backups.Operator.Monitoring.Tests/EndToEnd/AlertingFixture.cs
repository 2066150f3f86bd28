using Backups.Operator.Testing;

namespace Backups.Operator.Monitoring.Tests.EndToEnd;

/// <summary>
/// One <see cref="LocalStack"/> (API server, simulator, operator) with the examples' namespace, token Secret and Pro
/// policy "shop" applied, plus <see cref="MonitoringServers"/> scraping the operator; shared by the tests of a class.
/// </summary>
public sealed class AlertingFixture : IAsyncLifetime
{
    private Action<string>? _log;

    internal LocalStack Stack { get; private set; } = null!;

    internal MonitoringServers Servers { get; private set; } = null!;

    /// <summary>Where progress goes: the running test's output.</summary>
    public void LogTo(Action<string>? log) => _log = log;

    internal void Log(string line) => _log?.Invoke(line);

    public async Task InitializeAsync()
    {
        File.Exists(RepositoryPaths.Kubectl).Should().BeTrue("kubectl is installed by `make tools`");
        Stack = await LocalStack.StartAsync(new LocalStackOptions { Log = Log });
        Servers = await MonitoringServers.StartAsync(Stack.MetricsPort, Log);
        await Stack.Kubectl.RunCheckedAsync("apply", "-f", LocalStack.Example("00-namespace.yaml"), "-f", LocalStack.Example("01-token-secret.yaml"),
            "-f", LocalStack.Example("12-policy-pro.yaml"));
        await Stack.WaitAsync("Prometheus scrapes the operator", Servers.OperatorScrapedAsync);
    }

    public async Task DisposeAsync()
    {
        if (Servers is not null)
        {
            foreach (var process in Servers.Processes)
            {
                Log($"----- {process.Name} (last lines) -----\n{process.Tail(20)}");
            }

            await Servers.DisposeAsync();
        }

        if (Stack is not null)
        {
            await Stack.DisposeAsync();
        }
    }
}
