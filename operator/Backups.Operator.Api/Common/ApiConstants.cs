namespace Backups.Operator.Api;

/// <summary>Names that make up the public API of the operator: group, version, finalizers, labels, annotations.</summary>
public static class ApiConstants
{
    /// <summary>The API group of the three custom resources.</summary>
    public const string Group = "backup.platform.dev";

    /// <summary>The served and stored version.</summary>
    public const string Version = "v1alpha1";

    /// <summary><c>backup.platform.dev/v1alpha1</c>.</summary>
    public const string ApiVersion = Group + "/" + Version;

    /// <summary>
    /// The largest id or generation a schema accepts: 10^15. Droplet and action ids are int64 in our types, but the
    /// bound must be exact where JSON numbers are doubles (the schema's own <c>maximum</c>, kubectl, dashboards,
    /// JavaScript: exact only up to 2^53 ≈ 9.007 × 10^15), and an object whose number does not fit its field would be
    /// undecodable for the operator. DigitalOcean ids are nine or ten digits (docs/kubernetes-runtime.md, "Integer bounds").
    /// </summary>
    public const long MaxId = 1_000_000_000_000_000;

    /// <summary>The largest count in a status (backups of one policy): far above any namespace's object count.</summary>
    public const int MaxCount = 1_000_000;

    /// <summary>The largest size or cost in a status (gigabytes, dollars): a bound a double holds exactly.</summary>
    public const double MaxQuantity = 1e12;

    /// <summary>The category every kind belongs to: <c>kubectl get platform-backups</c>.</summary>
    public const string Category = "platform-backups";

    /// <summary>On every Backup: the snapshot is deleted (or retained) before the object goes.</summary>
    public const string SnapshotCleanupFinalizer = Group + "/snapshot-cleanup";

    /// <summary>On every BackupPolicy: kept until every Backup of the policy is gone.</summary>
    public const string PolicyCleanupFinalizer = Group + "/backups-cleanup";

    /// <summary>On a credentials Secret while a policy or backup still needs its token.</summary>
    public const string CredentialsInUseFinalizer = Group + "/credentials-in-use";

    /// <summary>On a BackupRestore until it finished, or never started its rebuild: deletion waits for the rebuild's end.</summary>
    public const string RestoreInProgressFinalizer = Group + "/restore-in-progress";

    /// <summary>Annotation on a Backup: <c>"true"</c> removes the finalizer without touching the snapshot.</summary>
    public const string SkipSnapshotCleanupAnnotation = Group + "/skip-snapshot-cleanup";

    /// <summary>
    /// Annotation on a Namespace, set by the platform admin: comma-separated droplet ids that policies in the
    /// namespace may back up with the operator's shared platform token.
    /// </summary>
    public const string AllowedDropletsAnnotation = Group + "/allowed-droplets";

    /// <summary>Label on a Backup: the name of its BackupPolicy.</summary>
    public const string PolicyLabel = Group + "/policy";

    /// <summary>Label on a Backup: <c>Manual</c> or <c>Automatic</c>.</summary>
    public const string TypeLabel = Group + "/type";

    /// <summary>Annotation on an automatic Backup: the schedule tick (RFC 3339, UTC) it was made for.</summary>
    public const string ScheduledTimeAnnotation = Group + "/scheduled-time";

    /// <summary>Label on a safety Backup: the BackupRestore that asked for it.</summary>
    public const string RestoreLabel = Group + "/restore";

    /// <summary>
    /// Annotation the operator sets on a Backup right before it deletes it (retention, expiry, cap, deployment), so
    /// the finalizer can count the deletion under the right reason. A Backup deleted without it was deleted by a user.
    /// </summary>
    public const string DeletionReasonAnnotation = Group + "/deletion-reason";

    /// <summary>
    /// Prefix of the BackupPolicy annotations <c>retained.backup.platform.dev/&lt;backup uid&gt;: &lt;snapshot id or name&gt;</c>
    /// the operator writes when a Backup goes and its snapshot is kept (deletionPolicy Retain on the Backup, or the skip
    /// annotation): the orphan sweep never deletes those. Remove one to let the sweep clean that snapshot up.
    /// </summary>
    public const string RetainedSnapshotAnnotationPrefix = "retained." + Group + "/";
}
