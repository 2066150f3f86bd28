namespace Backups.Operator.Api.Schema;

/// <summary>The four kinds of <c>backup.platform.dev/v1alpha1</c>.</summary>
public static class ApiCatalog
{
    /// <summary>One per deployment: droplet, plan, schedule, retention.</summary>
    public static KindDefinition BackupPolicy { get; } = new(
        Kind: "BackupPolicy",
        Plural: "backuppolicies",
        Singular: "backuppolicy",
        ShortNames: ["bkp"],
        SpecType: typeof(BackupPolicySpec),
        StatusType: typeof(BackupPolicyStatus),
        Description: "The backups of one deployment (one DigitalOcean droplet): plan, schedule and retention.",
        PrinterColumns:
        [
            new("Plan", "string", ".spec.plan", "The deployment's plan."),
            new("Droplet", "integer", ".spec.dropletId", "The DigitalOcean droplet id."),
            new("Schedule", "string", ".status.schedule", "The effective cron schedule."),
            new("Next Backup", "string", ".status.nextBackupTime", "When the next automatic backup is due (UTC; a string column, because kubectl prints future dates as <invalid>)."),
            new("Last Success", "date", ".status.lastSuccessfulBackup.time", "When the newest backup became Available."),
            new("Backups", "integer", ".status.counts.total", "Backups of this deployment."),
            new("Size (GB)", "number", ".status.totalSizeGigabytes", "Total size of the snapshots."),
            new("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", "Whether the policy is reconciled."),
            new("Age", "date", ".metadata.creationTimestamp", "Age of the policy."),
        ]);

    /// <summary>One snapshot.</summary>
    public static KindDefinition Backup { get; } = new(
        Kind: "Backup",
        Plural: "backups",
        Singular: "backup",
        ShortNames: ["bk"],
        SpecType: typeof(BackupSpec),
        StatusType: typeof(BackupStatus),
        Description: "One DigitalOcean droplet snapshot of a deployment.",
        PrinterColumns:
        [
            new("Status", "string", ".status.phase", "Creating, Available, Restoring, Error or Deleting."),
            new("Type", "string", ".spec.type", "Manual or Automatic."),
            new("Policy", "string", ".spec.policyName", "The deployment's BackupPolicy."),
            new("Date", "date", ".metadata.creationTimestamp", "When the backup was made."),
            new("Size (GB)", "number", ".status.sizeGigabytes", "The snapshot's size."),
            new("Expires", "string", ".status.expiresAt", "When the backup expires (UTC; a string column, because kubectl prints future dates as <invalid>)."),
            new("Verified", "string", ".status.verification.result", "The result of the backup's last BackupVerification (Passed or Failed)."),
            new("Age", "date", ".metadata.creationTimestamp", "Age of the backup."),
            new("Message", "string", ".status.message", "What happened and what to do.", Priority: 1),
        ]);

    /// <summary>A restore of a backup onto its own droplet.</summary>
    public static KindDefinition BackupRestore { get; } = new(
        Kind: "BackupRestore",
        Plural: "backuprestores",
        Singular: "backuprestore",
        ShortNames: ["bkr"],
        SpecType: typeof(BackupRestoreSpec),
        StatusType: typeof(BackupRestoreStatus),
        Description: "Restores a backup onto its own droplet, optionally taking a safety backup first.",
        PrinterColumns:
        [
            new("Backup", "string", ".spec.backupName", "The Backup being restored."),
            new("Droplet", "integer", ".spec.confirmDropletId", "The droplet being restored."),
            new("Status", "string", ".status.phase", "Pending, BackingUp, Restoring, Succeeded or Failed."),
            new("Safety Backup", "string", ".status.safetyBackupName", "The backup taken before the restore."),
            new("Age", "date", ".metadata.creationTimestamp", "Age of the restore."),
            new("Message", "string", ".status.message", "What happened and what to do.", Priority: 1),
        ]);

    /// <summary>A restore test of a backup on a temporary droplet.</summary>
    public static KindDefinition BackupVerification { get; } = new(
        Kind: "BackupVerification",
        Plural: "backupverifications",
        Singular: "backupverification",
        ShortNames: ["bkv"],
        SpecType: typeof(BackupVerificationSpec),
        StatusType: typeof(BackupVerificationStatus),
        Description: "Verifies a backup: boots its snapshot on a temporary droplet, probes it and destroys the droplet.",
        PrinterColumns:
        [
            new("Backup", "string", ".spec.backupName", "The Backup being verified."),
            new("Status", "string", ".status.phase", "Pending, Creating, Booting, Probing, Passed or Failed."),
            new("Droplet", "integer", ".status.dropletId", "The temporary droplet."),
            new("Size", "string", ".status.size", "The temporary droplet's size."),
            new("Cleaned Up", "boolean", ".status.cleanedUp", "Whether the temporary droplet is destroyed."),
            new("Cost", "number", ".status.estimatedCost", "Estimated cost of the run in USD."),
            new("Age", "date", ".metadata.creationTimestamp", "Age of the verification."),
            new("Message", "string", ".status.message", "What happened and what to do.", Priority: 1),
        ]);

    /// <summary>All four kinds.</summary>
    public static IReadOnlyList<KindDefinition> All { get; } = [BackupPolicy, Backup, BackupRestore, BackupVerification];
}
