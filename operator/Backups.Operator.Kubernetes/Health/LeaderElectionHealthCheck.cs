using Backups.Operator.Kubernetes.LeaderElection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Backups.Operator.Kubernetes.Health;

/// <summary>Readiness detail: reports whether this replica leads or stands by (both are ready).</summary>
internal sealed class LeaderElectionHealthCheck(ILeaderElection leaderElection) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy(leaderElection.IsLeader ? "leader" : "standby"));
}
