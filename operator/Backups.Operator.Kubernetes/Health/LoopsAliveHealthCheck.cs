using Backups.Operator.Kubernetes.Controllers;
using Backups.Operator.Kubernetes.Informers;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Backups.Operator.Kubernetes.Health;

/// <summary>
/// Liveness: every informer loop and controller loop is running, and every informer made progress (list, watch start,
/// event or bookmark) within <see cref="InformerOptions.LivenessThreshold"/>. A loop that died or hangs fails the probe,
/// so the kubelet restarts the pod instead of leaving a silently stopped watch.
/// </summary>
internal sealed class LoopsAliveHealthCheck(
    IInformerFactory informers,
    IEnumerable<IControllerStatus> controllers,
    IOptions<InformerOptions> options,
    TimeProvider timeProvider) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        var problems = new List<string>();
        foreach (var informer in informers.Informers)
        {
            if (!informer.IsRunning)
            {
                problems.Add($"informer {informer.Resource} is not running");
            }
            else if (now - informer.LastActivity > options.Value.LivenessThreshold)
            {
                problems.Add($"informer {informer.Resource} made no progress since {informer.LastActivity:O}");
            }
        }

        foreach (var controller in controllers)
        {
            if (!controller.IsRunning)
            {
                problems.Add($"controller {controller.Name} is not running");
            }
        }

        return Task.FromResult(problems.Count == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(string.Join("; ", problems)));
    }
}
