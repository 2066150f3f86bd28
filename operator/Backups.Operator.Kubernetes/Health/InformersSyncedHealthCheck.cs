using Backups.Operator.Kubernetes.Informers;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Backups.Operator.Kubernetes.Health;

/// <summary>
/// Readiness: every informer has completed its first list and none has been unable to list or watch for longer than
/// <see cref="InformerOptions.StuckAfter"/> (leaders and standbys alike; docs/kubernetes-runtime.md, "Informer health").
/// </summary>
internal sealed class InformersSyncedHealthCheck(IInformerFactory informers, IOptions<InformerOptions> options, TimeProvider timeProvider) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        var problems = informers.Informers
            .Select(i => InformerHealth.Problem(i, now, options.Value.StuckAfter))
            .OfType<string>()
            .ToArray();
        return Task.FromResult(problems.Length == 0
            ? HealthCheckResult.Healthy($"{informers.Informers.Count} informers synced and watching")
            : HealthCheckResult.Unhealthy(string.Join("; ", problems)));
    }
}
