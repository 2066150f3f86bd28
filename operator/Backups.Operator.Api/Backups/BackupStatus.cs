using System.ComponentModel.DataAnnotations;
using System.ComponentModel;
using System.Text.Json.Serialization;
using Backups.Operator.Api.Schema;

namespace Backups.Operator.Api;

/// <summary>Where a backup is in its lifecycle, and the snapshot behind it.</summary>
[Description("Where the backup is in its lifecycle, and the snapshot behind it.")]
public sealed class BackupStatus
{
    /// <summary>Creating, Available, Restoring, Error or Deleting.</summary>
    [Description("Creating, Available, Restoring, Error or Deleting.")]
    [JsonPropertyName("phase")]
    public BackupPhase? Phase { get; set; }

    /// <summary>The droplet the snapshot is of.</summary>
    [Range(1, ApiConstants.MaxId)]
    [Description("The droplet the snapshot is of.")]
    [JsonPropertyName("dropletId")]
    public long? DropletId { get; set; }

    /// <summary>The unique, deterministic DigitalOcean snapshot name (persisted before the snapshot call).</summary>
    [Description("The unique DigitalOcean snapshot name, persisted before the snapshot is requested.")]
    [JsonPropertyName("snapshotName")]
    public string? SnapshotName { get; set; }

    /// <summary>The DigitalOcean snapshot id.</summary>
    [Description("The DigitalOcean snapshot id.")]
    [JsonPropertyName("snapshotId")]
    public string? SnapshotId { get; set; }

    /// <summary>The DigitalOcean action id of the snapshot action.</summary>
    [Range(1, ApiConstants.MaxId)]
    [Description("The DigitalOcean action id of the snapshot action.")]
    [JsonPropertyName("actionId")]
    public long? ActionId { get; set; }

    /// <summary>The region slug of the snapshot.</summary>
    [Description("The region the snapshot is stored in.")]
    [JsonPropertyName("region")]
    public string? Region { get; set; }

    /// <summary>The snapshot's size.</summary>
    [Range(0, ApiConstants.MaxQuantity)]
    [Description("The snapshot's size in GB.")]
    [JsonPropertyName("sizeGigabytes")]
    public double? SizeGigabytes { get; set; }

    /// <summary>The effective deletion policy, fixed when the backup was first reconciled.</summary>
    [Description("The effective deletion policy, fixed when the backup was first reconciled.")]
    [JsonPropertyName("deletionPolicy")]
    public DeletionPolicy? DeletionPolicy { get; set; }

    /// <summary>When the snapshot was requested (persisted before the call).</summary>
    [Description("When the snapshot was requested.")]
    [JsonPropertyName("startedAt")]
    [JsonConverter(typeof(UtcTimestampJsonConverter))]
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When the snapshot is expected to be done (persisted with the request, so polling resumes on time after a restart).</summary>
    [Description("When the snapshot is expected to be done; the operator polls just after it.")]
    [JsonPropertyName("expectedCompletionAt")]
    [JsonConverter(typeof(UtcTimestampJsonConverter))]
    public DateTimeOffset? ExpectedCompletionAt { get; set; }

    /// <summary>When the snapshot completed.</summary>
    [Description("When the snapshot completed.")]
    [JsonPropertyName("completedAt")]
    [JsonConverter(typeof(UtcTimestampJsonConverter))]
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>When the backup expires and is deleted.</summary>
    [Description("When the backup expires and is deleted (the newest Available backup is kept until a newer one is Available).")]
    [JsonPropertyName("expiresAt")]
    [JsonConverter(typeof(UtcTimestampJsonConverter))]
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>When the last BackupVerification of this backup ended (written by the verification controller).</summary>
    [Description("When the last BackupVerification of this backup ended.")]
    [JsonPropertyName("verifiedAt")]
    [JsonConverter(typeof(UtcTimestampJsonConverter))]
    public DateTimeOffset? VerifiedAt { get; set; }

    /// <summary>The last BackupVerification of this backup: its name and result.</summary>
    [Description("The last BackupVerification of this backup: its name and result (Passed or Failed).")]
    [JsonPropertyName("verification")]
    public BackupVerificationRecord? Verification { get; set; }

    /// <summary>A CamelCase reason for the phase.</summary>
    [Description("A CamelCase reason for the current phase.")]
    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    /// <summary>What happened and what to do.</summary>
    [Description("What happened and what to do about it.")]
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>Ready, Slow, DeletionFailed.</summary>
    [Description("Ready, Slow and DeletionFailed.")]
    [ListMap("type")]
    [JsonPropertyName("conditions")]
    public List<Condition>? Conditions { get; set; }

    /// <summary>The generation last reconciled.</summary>
    [Range(0, ApiConstants.MaxId)]
    [Description("The .metadata.generation the status reflects.")]
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }
}


/// <summary>The last verification of a backup, as recorded on the Backup.</summary>
[Description("The last BackupVerification of this backup.")]
public sealed class BackupVerificationRecord
{
    /// <summary>The BackupVerification's name (same namespace).</summary>
    [Required, RegularExpression(Patterns.Dns1123Subdomain), StringLength(253)]
    [Description("The BackupVerification's name.")]
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    /// <summary>Passed or Failed.</summary>
    [Required]
    [Description("Passed (the snapshot booted and answered the probe) or Failed.")]
    [JsonPropertyName("result")]
    public VerificationResult? Result { get; set; }
}
