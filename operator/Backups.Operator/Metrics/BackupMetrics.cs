using Backups.Operator.Kubernetes.Metrics;
using Prometheus;

namespace Backups.Operator.Metrics;

/// <summary>
/// The backup counters and histograms of docs/design.md (Observability), registered in the runtime's registry so that one
/// <c>/metrics</c> serves them with the controller-runtime metrics. Gauges are not here: they are computed from
/// the informers' current state at scrape time (see the backup state collector), so a reconcile never resets them.
/// </summary>
public sealed class BackupMetrics
{
    /// <summary>Snapshot creations take minutes: buckets from 30 s to 2 h.</summary>
    public static readonly double[] CreationBuckets = [30, 60, 120, 180, 300, 420, 600, 900, 1200, 1800, 2700, 3600, 7200];

    /// <summary>Restores take minutes too.</summary>
    public static readonly double[] RestoreBuckets = [30, 60, 120, 180, 300, 420, 600, 900, 1200, 1800, 3600];

    private readonly Counter _created;
    private readonly Counter _deleted;
    private readonly Counter _restores;
    private readonly Counter _missedSchedules;
    private readonly Counter _limitReached;
    private readonly Histogram _creationDuration;
    private readonly Histogram _restoreDuration;

    /// <summary>Registers the metrics in the runtime's registry.</summary>
    public BackupMetrics(OperatorMetrics operatorMetrics)
    {
        ArgumentNullException.ThrowIfNull(operatorMetrics);
        var factory = Prometheus.Metrics.WithCustomRegistry(operatorMetrics.Registry);
        _created = factory.CreateCounter("backup_created_total", "Backups that finished creating, by result (success or error).",
            new CounterConfiguration { LabelNames = ["result"] });
        _deleted = factory.CreateCounter("backup_deleted_total", "Backups deleted, by reason (user, retention, expiry, cap, deployment).",
            new CounterConfiguration { LabelNames = ["reason"] });
        _restores = factory.CreateCounter("backup_restores_total", "Restores that finished, by result (success or failure).",
            new CounterConfiguration { LabelNames = ["result"] });
        _missedSchedules = factory.CreateCounter("backup_missed_schedules_total", "Automatic backups not made because their tick was older than startingDeadlineMinutes.");
        _limitReached = factory.CreateCounter("backup_limit_reached_total", "Backups refused or automatic runs skipped because the deployment had 20 backups, by type.",
            new CounterConfiguration { LabelNames = ["type"] });
        _creationDuration = factory.CreateHistogram("backup_creation_duration_seconds", "Time from the snapshot request to the snapshot being available.",
            new HistogramConfiguration { Buckets = CreationBuckets });
        _restoreDuration = factory.CreateHistogram("backup_restore_duration_seconds", "Time from the start of a restore to its end.",
            new HistogramConfiguration { Buckets = RestoreBuckets });
    }

    /// <summary>A backup reached Available (<c>success</c>) or Error (<c>error</c>).</summary>
    public void BackupCreated(bool success, TimeSpan? duration = null)
    {
        _created.WithLabels(success ? "success" : "error").Inc();
        if (success && duration is { } d && d >= TimeSpan.Zero)
        {
            _creationDuration.Observe(d.TotalSeconds);
        }
    }

    /// <summary>A Backup's finalizer finished (snapshot deleted or retained).</summary>
    public void BackupDeleted(DeletionCause reason) => _deleted.WithLabels(reason.ToLabel()).Inc();

    /// <summary>A restore reached Succeeded or Failed.</summary>
    public void RestoreFinished(bool success, TimeSpan? duration = null)
    {
        _restores.WithLabels(success ? "success" : "failure").Inc();
        if (duration is { } d && d >= TimeSpan.Zero)
        {
            _restoreDuration.Observe(d.TotalSeconds);
        }
    }

    /// <summary>A tick was older than startingDeadlineMinutes and no backup was made for it.</summary>
    public void ScheduleMissed() => _missedSchedules.Inc();

    /// <summary>The 20-backup cap refused a manual backup or skipped an automatic run.</summary>
    public void LimitReached(bool automatic) => _limitReached.WithLabels(automatic ? "Automatic" : "Manual").Inc();
}

/// <summary>Why a Backup was deleted; the <c>reason</c> label of <c>backup_deleted_total</c>.</summary>
public enum DeletionCause
{
    /// <summary>A person (or GitOps) deleted it.</summary>
    User,

    /// <summary>Retention rotated it out.</summary>
    Retention,

    /// <summary>It expired.</summary>
    Expiry,

    /// <summary>An automatic run at the cap evicted it.</summary>
    Cap,

    /// <summary>Its deployment (policy) was deleted.</summary>
    Deployment,
}

/// <summary>Label values of <see cref="DeletionCause"/>.</summary>
public static class DeletionCauseExtensions
{
    /// <summary>The Prometheus label value, also the value of the deletion-reason annotation.</summary>
    public static string ToLabel(this DeletionCause cause) => cause switch
    {
        DeletionCause.Retention => "retention",
        DeletionCause.Expiry => "expiry",
        DeletionCause.Cap => "cap",
        DeletionCause.Deployment => "deployment",
        _ => "user",
    };

    /// <summary>Parses an annotation value; anything unknown is <see cref="DeletionCause.User"/>.</summary>
    public static DeletionCause ParseCause(string? value) => value switch
    {
        "retention" => DeletionCause.Retention,
        "expiry" => DeletionCause.Expiry,
        "cap" => DeletionCause.Cap,
        "deployment" => DeletionCause.Deployment,
        _ => DeletionCause.User,
    };
}
