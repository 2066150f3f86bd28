using Backups.Operator.Kubernetes.Informers;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Backups.Operator.Kubernetes.Health;

/// <summary>Readiness: every informer has completed its first list (leaders and standbys alike).</summary>
internal sealed class InformersSyncedHealthCheck(IInformerFactory informers) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pending = informers.Informers.Where(i => !i.HasSynced).Select(i => i.Resource).ToArray();
        return Task.FromResult(pending.Length == 0
            ? HealthCheckResult.Healthy($"{informers.Informers.Count} informers synced")
            : HealthCheckResult.Unhealthy($"not synced: {string.Join(", ", pending)}"));
    }
}
