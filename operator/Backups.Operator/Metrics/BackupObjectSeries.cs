using Backups.Operator.Api;
using Backups.Operator.Resources;
using Prometheus;
using KubernetesConditions = Backups.Operator.Kubernetes.Status.Conditions;

namespace Backups.Operator.Metrics;

/// <summary>
/// Series that name single objects, so an alert can say which Backup or BackupRestore needs attention:
/// <c>backup_info{namespace,policy,backup,phase,type,reason}</c> (1; exactly one series per Backup, its phase and
/// <c>status.reason</c>), <c>backup_deletion_failing_since_timestamp_seconds{namespace,policy,backup,reason}</c>
/// (only Backups whose DeletionFailed condition is True; the condition's transition time) and
/// <c>backup_restore_info{namespace,restore,phase,reason}</c> (1; one series per BackupRestore). Recomputed from the
/// informers' stores at every scrape; series of objects that are gone are removed.
/// </summary>
internal sealed class BackupObjectSeries
{
    private readonly Gauge _backupInfo;
    private readonly Gauge _deletionFailingSince;
    private readonly Gauge _restoreInfo;

    public BackupObjectSeries(IMetricFactory factory)
    {
        _backupInfo = factory.CreateGauge("backup_info", "One series per Backup (value 1): its policy, phase, type and status reason.",
            new GaugeConfiguration { LabelNames = ["namespace", "policy", "backup", "phase", "type", "reason"] });
        _deletionFailingSince = factory.CreateGauge("backup_deletion_failing_since_timestamp_seconds",
            "Since when deleting the Backup's snapshot has been failing (Unix seconds); only Backups whose DeletionFailed condition is True.",
            new GaugeConfiguration { LabelNames = ["namespace", "policy", "backup", "reason"] });
        _restoreInfo = factory.CreateGauge("backup_restore_info", "One series per BackupRestore (value 1): its phase and status reason.",
            new GaugeConfiguration { LabelNames = ["namespace", "restore", "phase", "reason"] });
    }

    /// <summary>Replaces every series with the current objects. The caller holds the collector's lock.</summary>
    public void Update(IEnumerable<(Backup Backup, string Policy, string Phase, string Type)> backups, IEnumerable<BackupRestore> restores)
    {
        var info = new List<string[]>();
        var failing = new List<(string[] Labels, double Since)>();
        foreach (var (backup, policy, phase, type) in backups)
        {
            var ns = backup.Metadata.NamespaceProperty ?? string.Empty;
            var name = backup.Metadata.Name ?? string.Empty;
            info.Add([ns, policy, name, phase, type, backup.Status?.Reason ?? string.Empty]);
            if (KubernetesConditions.FindStatusCondition(backup.Status?.Conditions, ConditionTypes.DeletionFailed) is
                { Status: ConditionStatus.True } condition)
            {
                var since = condition.LastTransitionTime?.ToUnixTimeMilliseconds() / 1000.0 ?? 0;
                failing.Add(([ns, policy, name, condition.Reason], since));
            }
        }

        var restoreInfo = restores
            .Select(r => new[]
            {
                r.Metadata.NamespaceProperty ?? string.Empty, r.Metadata.Name ?? string.Empty,
                (r.Status?.Phase ?? RestorePhase.Pending).ToString(), r.Status?.Reason ?? string.Empty,
            })
            .ToList();

        Replace(_backupInfo, info.Select(l => (l, 1.0)).ToList());
        Replace(_deletionFailingSince, failing);
        Replace(_restoreInfo, restoreInfo.Select(l => (l, 1.0)).ToList());
    }

    private static void Replace(Gauge gauge, IReadOnlyCollection<(string[] Labels, double Value)> series)
    {
        SeriesPruning.RemoveStale(gauge, series.Select(s => s.Labels).ToList());
        foreach (var (labels, value) in series)
        {
            gauge.WithLabels(labels).Set(value);
        }
    }
}
