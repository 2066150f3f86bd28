using Backups.Operator.Kubernetes.LeaderElection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Backups.Operator.Kubernetes.Hosting;

/// <summary>Runs the lease campaign only when leader election is enabled.</summary>
internal sealed class LeaderElectionRunner(IServiceProvider services, IOptions<LeaderElectionOptions> options) : IHostedService
{
    private LeaseLeaderElection? _election;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return Task.CompletedTask;
        }

        _election = services.GetRequiredService<LeaseLeaderElection>();
        return _election.StartAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        _election?.StopAsync(cancellationToken) ?? Task.CompletedTask;
}
