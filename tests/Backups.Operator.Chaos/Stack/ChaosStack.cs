using Backups.Operator.ApiServer.Hosting;
using Backups.Operator.Testing;
using Backups.Operator.Testing.Processes;

namespace Backups.Operator.Chaos.Stack;

/// <summary>
/// <see cref="LocalStack"/> for chaos runs: the DigitalOcean simulator as a process (actions take about a second), the local
/// API server in this process (so <see cref="ApiServer"/>'s fault switches and <see cref="LocalApiServer.RestartAsync"/>,
/// which keeps every object, are reachable), and operator processes started on demand by <see cref="OperatorFleet"/>.
/// </summary>
public sealed class ChaosStack : IAsyncDisposable
{
    private LocalApiServer? _apiServer;

    private ChaosStack()
    {
    }

    public LocalStack Local { get; private set; } = null!;

    public LocalApiServer ApiServer => _apiServer ?? throw new InvalidOperationException("The API server is not started.");

    public ClusterClient Cluster { get; private set; } = null!;

    public DigitalOceanAccount Account { get; private set; } = null!;

    public static async Task<ChaosStack> StartAsync(Action<string> log, CancellationToken cancellationToken)
    {
        var stack = new ChaosStack();
        try
        {
            stack.Local = await LocalStack.StartAsync(new LocalStackOptions
            {
                StartOperator = false,
                Log = log,
                StartApiServer = stack.StartApiServerAsync,
                // Every operator: leader election off unless the fleet turns it on; fast first polls of the 1 GB droplets.
                OperatorArguments = ["--first-poll-seconds-per-disk-gb", "1"],
                OperatorEnvironment = new Dictionary<string, string>
                {
                    // Short per-attempt timeouts so the timeout rows of the fault matrix converge in seconds (default 30 s).
                    ["DigitalOcean__RequestTimeout"] = "00:00:03",
                    ["Operator__LeaderElection__LeaseDuration"] = "00:00:04",
                    ["Operator__LeaderElection__RenewDeadline"] = "00:00:03",
                    ["Operator__LeaderElection__RetryPeriod"] = "00:00:00.500",
                },
            }, cancellationToken).ConfigureAwait(false);
            stack.Cluster = new ClusterClient(new Uri(stack.ApiServer.BaseUrl), stack.Local.Http);
            stack.Account = new DigitalOceanAccount(stack.Local.SimulatorUrl, stack.Local.Http, DigitalOceanAccount.TeamAToken);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Every process of the stack (for waits that must notice a crash).</summary>
    public IReadOnlyList<ChildProcess> Processes => Local.Processes;

    public async ValueTask DisposeAsync()
    {
        if (Local is not null)
        {
            await Local.DisposeAsync().ConfigureAwait(false);
        }

        if (_apiServer is not null)
        {
            await _apiServer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task StartApiServerAsync(string kubeconfig, CancellationToken cancellationToken)
    {
        _apiServer = await LocalApiServer.StartAsync(new LocalApiServerOptions { Port = 0 }, cancellationToken).ConfigureAwait(false);
        await _apiServer.InstallCrdsFromDirectoryAsync(RepositoryPaths.Crds, cancellationToken).ConfigureAwait(false);
        _apiServer.WriteKubeconfig(kubeconfig);
    }
}
