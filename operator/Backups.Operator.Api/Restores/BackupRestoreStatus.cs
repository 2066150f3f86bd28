using System.ComponentModel.DataAnnotations;
using System.ComponentModel;
using System.Text.Json.Serialization;
using Backups.Operator.Api.Schema;

namespace Backups.Operator.Api;

/// <summary>Where a restore is.</summary>
[Description("Where the restore is.")]
public sealed class BackupRestoreStatus : IPhaseStatus<RestorePhase>
{
    /// <summary>Pending, BackingUp, Restoring, Succeeded or Failed.</summary>
    [Description("Pending, BackingUp, Restoring, Succeeded or Failed.")]
    [JsonPropertyName("phase")]
    public RestorePhase? Phase { get; set; }

    /// <summary>The droplet being restored.</summary>
    [Range(1, ApiConstants.MaxId)]
    [Description("The droplet being restored.")]
    [JsonPropertyName("dropletId")]
    public long? DropletId { get; set; }

    /// <summary>The snapshot restored from.</summary>
    [Description("The snapshot the droplet is rebuilt from.")]
    [JsonPropertyName("snapshotId")]
    public string? SnapshotId { get; set; }

    /// <summary>The safety Backup taken before the restore.</summary>
    [Description("The safety Backup taken before the restore; restore it to undo this restore.")]
    [JsonPropertyName("safetyBackupName")]
    public string? SafetyBackupName { get; set; }

    /// <summary>The DigitalOcean action id of the rebuild.</summary>
    [Range(1, ApiConstants.MaxId)]
    [Description("The DigitalOcean action id of the rebuild.")]
    [JsonPropertyName("actionId")]
    public long? ActionId { get; set; }

    /// <summary>When the restore started.</summary>
    [Description("When the restore started.")]
    [JsonPropertyName("startedAt")]
    [JsonConverter(typeof(UtcTimestampJsonConverter))]
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When the restore finished.</summary>
    [Description("When the restore finished.")]
    [JsonPropertyName("completedAt")]
    [JsonConverter(typeof(UtcTimestampJsonConverter))]
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>A CamelCase reason for the phase.</summary>
    [Description("A CamelCase reason for the current phase.")]
    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    /// <summary>What happened and what to do.</summary>
    [Description("What happened and what to do about it.")]
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>Ready.</summary>
    [Description("Ready.")]
    [ListMap("type")]
    [JsonPropertyName("conditions")]
    public List<Condition>? Conditions { get; set; }

    /// <summary>The generation last reconciled.</summary>
    [Range(0, ApiConstants.MaxId)]
    [Description("The .metadata.generation the status reflects.")]
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }
}
