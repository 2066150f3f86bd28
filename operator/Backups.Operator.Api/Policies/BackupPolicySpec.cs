using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Backups.Operator.Api.Schema;

namespace Backups.Operator.Api;

/// <summary>The desired backups of one deployment (one droplet).</summary>
[Description("The desired backups of one deployment: its droplet, plan, schedule and retention.")]
public sealed class BackupPolicySpec
{
    /// <summary>The DigitalOcean droplet the deployment runs on. Immutable.</summary>
    [Required, Range(1, ApiConstants.MaxId)]
    [Immutable("dropletId is immutable: create a new BackupPolicy for another droplet")]
    [Description("The DigitalOcean droplet id the deployment runs on (1..10^15: an int64 that every JSON reader holds exactly). Immutable.")]
    [JsonPropertyName("dropletId")]
    public long DropletId { get; set; }

    /// <summary>Basic, Advanced or Pro.</summary>
    [Required]
    [Description("The deployment's plan: Basic (no backups), Advanced (weekly, 4 kept) or Pro (daily, 7 kept).")]
    [JsonPropertyName("plan")]
    public Plan Plan { get; set; }

    /// <summary>A five-field cron expression overriding the plan's schedule.</summary>
    [RegularExpression(Patterns.FiveFieldCron), StringLength(100)]
    [Description("A five-field cron expression (minute hour day-of-month month day-of-week) overriding the plan's schedule.")]
    [JsonPropertyName("schedule")]
    public string? Schedule { get; set; }

    /// <summary>The IANA time zone the schedule is read in.</summary>
    [RegularExpression(Patterns.IanaTimeZone), StringLength(64)]
    [DefaultValue("UTC")]
    [Description("The IANA time zone the schedule is read in, e.g. Europe/Berlin.")]
    [JsonPropertyName("timeZone")]
    public string? TimeZone { get; set; }

    /// <summary>Overrides of the plan's retention.</summary>
    [Description("Overrides of the plan's retention.")]
    [JsonPropertyName("retention")]
    public RetentionSpec? Retention { get; set; }

    /// <summary>Days after creation when a backup expires.</summary>
    [Range(1, 90)]
    [DefaultValue(90)]
    [Description("Every backup expires this many days after it was created (1..90). The newest Available backup is kept until a newer one is Available.")]
    [JsonPropertyName("expireAfterDays")]
    public int? ExpireAfterDays { get; set; }

    /// <summary>Pauses automatic backups.</summary>
    [DefaultValue(false)]
    [Description("Pause automatic backups. Manual backups, retention and expiry continue.")]
    [JsonPropertyName("suspend")]
    public bool? Suspend { get; set; }

    /// <summary>How late a missed run may still start.</summary>
    [Range(1, 10080)]
    [DefaultValue(360)]
    [Description("A run missed while the operator was down may still start this many minutes after its tick.")]
    [JsonPropertyName("startingDeadlineMinutes")]
    public int? StartingDeadlineMinutes { get; set; }

    /// <summary>What happens to a snapshot when its Backup is deleted.</summary>
    [DefaultValue("Delete")]
    [Description("What happens to the snapshot when its Backup is deleted: Delete or Retain. New Backups take it as their default.")]
    [JsonPropertyName("deletionPolicy")]
    public DeletionPolicy? DeletionPolicy { get; set; }

    /// <summary>A Secret in this namespace with the owner's DigitalOcean token.</summary>
    [Description("A Secret in this namespace holding the deployment owner's DigitalOcean API token. Without it the operator's platform token is used, limited to the droplets the namespace's backup.platform.dev/allowed-droplets annotation lists.")]
    [JsonPropertyName("credentialsSecretRef")]
    public SecretKeyReference? CredentialsSecretRef { get; set; }

    /// <summary>The object that stands for the deployment.</summary>
    [Description("The object that stands for the deployment (any kind, same namespace). Deleting it deletes this policy, its Backups and their snapshots.")]
    [JsonPropertyName("deploymentRef")]
    public DeploymentReference? DeploymentRef { get; set; }

    /// <summary>Scheduled restore tests of the newest Available backup; off when absent. Refused on Basic.</summary>
    [Description("Scheduled restore tests: at each tick a BackupVerification of the newest Available backup is created (never two at once). Off when absent; not available on the Basic plan.")]
    [JsonPropertyName("verification")]
    public PolicyVerificationSpec? Verification { get; set; }
}

/// <summary>A policy's verification schedule: when, how to probe, on which size, how many finished runs to keep.</summary>
[Description("A schedule of BackupVerifications of the policy's newest Available backup.")]
public sealed class PolicyVerificationSpec
{
    /// <summary>A five-field cron expression, read in the policy's time zone.</summary>
    [Required, RegularExpression(Patterns.FiveFieldCron), StringLength(100)]
    [Description("A five-field cron expression (minute hour day-of-month month day-of-week), read in the policy's timeZone; the backup schedule's catch-up and startingDeadlineMinutes rules apply.")]
    [JsonPropertyName("schedule")]
    public string Schedule { get; set; } = "";

    /// <summary>How the booted droplet is checked (as <c>BackupVerification.spec.probe</c>).</summary>
    [Required]
    [Description("How the temporary droplet is checked, as in BackupVerification.spec.probe.")]
    [JsonPropertyName("probe")]
    public VerificationProbe Probe { get; set; } = new();

    /// <summary>The droplet size slug; default: the smallest size whose disk fits the snapshot.</summary>
    [RegularExpression(Patterns.SizeSlug), StringLength(64)]
    [Description("The temporary droplet's size slug. Default: the smallest size whose disk fits the snapshot's min_disk_size.")]
    [JsonPropertyName("size")]
    public string? Size { get; set; }

    /// <summary>How many finished scheduled verifications are kept.</summary>
    [Range(1, 10)]
    [DefaultValue(3)]
    [Description("How many finished (Passed or Failed) scheduled BackupVerifications are kept (1..10); older ones are deleted, oldest first.")]
    [JsonPropertyName("keepHistory")]
    public int? KeepHistory { get; set; }
}

/// <summary>Retention overrides.</summary>
[Description("Retention overrides.")]
public sealed class RetentionSpec
{
    /// <summary>How many Available automatic backups to keep.</summary>
    [Range(1, 20)]
    [Description("How many Available automatic backups to keep (1..20). Manual backups never count.")]
    [JsonPropertyName("automatic")]
    public int? Automatic { get; set; }
}

/// <summary>A key of a Secret in the same namespace.</summary>
[Description("A key of a Secret in the same namespace.")]
public sealed class SecretKeyReference
{
    /// <summary>The Secret's name.</summary>
    [Required, RegularExpression(Patterns.Dns1123Subdomain), StringLength(253)]
    [Description("The Secret's name, in the policy's namespace.")]
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    /// <summary>The key holding the token.</summary>
    [RegularExpression(Patterns.SecretKey), StringLength(253)]
    [DefaultValue("token")]
    [Description("The key in the Secret's data that holds the token.")]
    [JsonPropertyName("key")]
    public string? Key { get; set; }
}

/// <summary>A reference to an object in the same namespace.</summary>
[Description("An object in the same namespace that stands for the deployment.")]
public sealed class DeploymentReference
{
    /// <summary>e.g. <c>apps/v1</c>.</summary>
    [Required, StringLength(253)]
    [Description("API version of the object, e.g. apps/v1.")]
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    /// <summary>e.g. <c>Deployment</c>.</summary>
    [Required, StringLength(63)]
    [Description("Kind of the object, e.g. Deployment.")]
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    /// <summary>The object's name.</summary>
    [Required, RegularExpression(Patterns.Dns1123Subdomain), StringLength(253)]
    [Description("Name of the object.")]
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";
}
