using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Backups.Operator.Api.Schema;

namespace Backups.Operator.Api;

/// <summary>What the operator observed and decided for a policy.</summary>
[Description("What the operator observed and decided for the policy.")]
public sealed class BackupPolicyStatus
{
    /// <summary>The generation last reconciled.</summary>
    [Range(0, ApiConstants.MaxId)]
    [Description("The .metadata.generation the status reflects.")]
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    /// <summary>Ready, BackupsAvailable, Restoring, LimitReached, VerificationsAvailable.</summary>
    [Description("Ready, BackupsAvailable, Restoring, LimitReached and (with spec.verification) VerificationsAvailable.")]
    [ListMap("type")]
    [JsonPropertyName("conditions")]
    public List<Condition>? Conditions { get; set; }

    /// <summary>The effective cron schedule (empty on Basic).</summary>
    [Description("The effective cron schedule (empty when the plan has no automatic backups).")]
    [JsonPropertyName("schedule")]
    public string? Schedule { get; set; }

    /// <summary>The effective time zone.</summary>
    [Description("The effective time zone.")]
    [JsonPropertyName("timeZone")]
    public string? TimeZone { get; set; }

    /// <summary>The effective retention.</summary>
    [Description("The effective retention.")]
    [JsonPropertyName("retention")]
    public RetentionSpec? Retention { get; set; }

    /// <summary>When the next automatic backup is due.</summary>
    [Description("When the next automatic backup is due.")]
    [JsonPropertyName("nextBackupTime")]
    [JsonConverter(typeof(UtcTimestampJsonConverter))]
    public DateTimeOffset? NextBackupTime { get; set; }

    /// <summary>The last tick the operator acted on (made, skipped or missed a backup).</summary>
    [Description("The last schedule tick the operator acted on.")]
    [JsonPropertyName("lastScheduleTime")]
    [JsonConverter(typeof(UtcTimestampJsonConverter))]
    public DateTimeOffset? LastScheduleTime { get; set; }

    /// <summary>When the droplet's snapshots were last listed completely (the existence check of the Available backups).</summary>
    [Description("When the operator last listed all snapshots of the droplet, checking that every Available backup's snapshot still exists. Periodic checks keep to the policy's slot after this time, also after an operator restart.")]
    [JsonPropertyName("lastSnapshotCheckAt")]
    [JsonConverter(typeof(UtcTimestampJsonConverter))]
    public DateTimeOffset? LastSnapshotCheckAt { get; set; }

    /// <summary>The newest backup that became Available.</summary>
    [Description("The newest backup that became Available.")]
    [JsonPropertyName("lastSuccessfulBackup")]
    public BackupReference? LastSuccessfulBackup { get; set; }

    /// <summary>Backups by type and phase.</summary>
    [Description("Backups of this policy by type and phase.")]
    [JsonPropertyName("counts")]
    public BackupCounts? Counts { get; set; }

    /// <summary>Sum of the snapshots' sizes.</summary>
    [Range(0, ApiConstants.MaxQuantity)]
    [Description("Sum of the sizes of the policy's snapshots, in GB.")]
    [JsonPropertyName("totalSizeGigabytes")]
    public double? TotalSizeGigabytes { get; set; }

    /// <summary>Estimated monthly cost of the snapshots in USD.</summary>
    [Range(0, ApiConstants.MaxQuantity)]
    [Description("Estimated monthly cost of the snapshots in USD (size x price per GB-month).")]
    [JsonPropertyName("estimatedMonthlyCost")]
    public double? EstimatedMonthlyCost { get; set; }

    /// <summary>The verification schedule's state; absent when <c>spec.verification</c> is.</summary>
    [Description("The verification schedule: its ticks and the last scheduled run. Absent without spec.verification.")]
    [JsonPropertyName("verification")]
    public PolicyVerificationStatus? Verification { get; set; }
}

/// <summary>Where a policy's verification schedule is.</summary>
[Description("Where the policy's verification schedule is.")]
public sealed class PolicyVerificationStatus
{
    /// <summary>The verification cron schedule in effect.</summary>
    [Description("The verification cron schedule in effect.")]
    [JsonPropertyName("schedule")]
    public string? Schedule { get; set; }

    /// <summary>When the operator first saw the schedule: no run is made for a tick at or before it.</summary>
    [Description("When the operator first saw spec.verification; ticks at or before it are never run.")]
    [JsonPropertyName("since")]
    [JsonConverter(typeof(UtcTimestampJsonConverter))]
    public DateTimeOffset? Since { get; set; }

    /// <summary>The last verification tick the operator acted on (ran, skipped or missed).</summary>
    [Description("The last verification tick the operator acted on (ran, skipped or missed).")]
    [JsonPropertyName("lastScheduleTime")]
    [JsonConverter(typeof(UtcTimestampJsonConverter))]
    public DateTimeOffset? LastScheduleTime { get; set; }

    /// <summary>When the next scheduled verification is due.</summary>
    [Description("When the next scheduled verification is due (absent on Basic or while suspended).")]
    [JsonPropertyName("nextVerificationTime")]
    [JsonConverter(typeof(UtcTimestampJsonConverter))]
    public DateTimeOffset? NextVerificationTime { get; set; }

    /// <summary>The newest scheduled verification that finished.</summary>
    [Description("The newest scheduled BackupVerification that finished: its name and result.")]
    [JsonPropertyName("last")]
    public BackupVerificationRecord? Last { get; set; }
}

/// <summary>A backup by name and time.</summary>
[Description("A backup by name and time.")]
public sealed class BackupReference
{
    /// <summary>The Backup's name.</summary>
    [Required]
    [Description("The Backup's name.")]
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    /// <summary>When it completed.</summary>
    [Description("When its snapshot completed.")]
    [JsonPropertyName("time")]
    [JsonConverter(typeof(UtcTimestampJsonConverter))]
    public DateTimeOffset? Time { get; set; }
}

/// <summary>Counts of a policy's backups.</summary>
[Description("Counts of the policy's backups.")]
public sealed class BackupCounts
{
    [Range(0, ApiConstants.MaxCount)]
    [Description("Automatic backups.")]
    [JsonPropertyName("automatic")]
    public int Automatic { get; set; }

    [Range(0, ApiConstants.MaxCount)]
    [Description("Manual backups.")]
    [JsonPropertyName("manual")]
    public int Manual { get; set; }

    [Range(0, ApiConstants.MaxCount)]
    [Description("Backups in phase Available (or Restoring).")]
    [JsonPropertyName("available")]
    public int Available { get; set; }

    [Range(0, ApiConstants.MaxCount)]
    [Description("Backups in phase Creating.")]
    [JsonPropertyName("creating")]
    public int Creating { get; set; }

    [Range(0, ApiConstants.MaxCount)]
    [Description("Backups in phase Error.")]
    [JsonPropertyName("error")]
    public int Error { get; set; }

    [Range(0, ApiConstants.MaxCount)]
    [Description("All backups that count toward the 20-backup cap (any phase but Deleting).")]
    [JsonPropertyName("total")]
    public int Total { get; set; }
}
