using Backups.Operator.Kubernetes.Metrics;
using Prometheus;

namespace Backups.Operator.Controllers.Policies.Orphans;

/// <summary>
/// <c>backup_orphan_snapshots{namespace,policy}</c>: orphans found by the last sweep of a policy (set at each sweep, removed
/// with the policy); <c>backup_orphan_snapshots_deleted_total</c>: orphans the sweep deleted after their grace period.
/// </summary>
public sealed class OrphanMetrics
{
    private readonly Gauge _orphans;
    private readonly Counter _deleted;

    public OrphanMetrics(OperatorMetrics operatorMetrics)
    {
        ArgumentNullException.ThrowIfNull(operatorMetrics);
        var factory = Prometheus.Metrics.WithCustomRegistry(operatorMetrics.Registry);
        _orphans = factory.CreateGauge("backup_orphan_snapshots",
            "Snapshots with the operator's naming on a policy's droplet that belong to no Backup, as of the policy's last check.",
            new GaugeConfiguration { LabelNames = ["namespace", "policy"] });
        _deleted = factory.CreateCounter("backup_orphan_snapshots_deleted_total", "Orphan snapshots deleted after their grace period.");
        _deleted.Inc(0);
    }

    public void Found(string @namespace, string policy, int count) => _orphans.WithLabels(@namespace, policy).Set(count);

    public void Deleted() => _deleted.Inc();

    public void Forget(string @namespace, string policy) => _orphans.RemoveLabelled(@namespace, policy);
}
