using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Backups.Operator.Api.Schema;

namespace Backups.Operator.Api;

/// <summary>One snapshot of a deployment's droplet.</summary>
[Description("The deployment the backup belongs to, who made it, and what happens to its snapshot when the Backup is deleted.")]
public sealed class BackupSpec
{
    /// <summary>The BackupPolicy (deployment) this backup belongs to. Immutable.</summary>
    [Required, RegularExpression(Patterns.Dns1123Subdomain), StringLength(253)]
    [Immutable("policyName is immutable")]
    [Description("The BackupPolicy (the deployment) this backup belongs to, in the same namespace. Immutable.")]
    [JsonPropertyName("policyName")]
    public string PolicyName { get; set; } = "";

    /// <summary>Manual (default) or Automatic (set by the operator).</summary>
    [DefaultValue("Manual")]
    [Immutable("type is immutable")]
    [Description("Manual (the default) or Automatic (set by the operator for scheduled backups).")]
    [JsonPropertyName("type")]
    public BackupType? Type { get; set; }

    /// <summary>What happens to the snapshot when this Backup is deleted; defaults from the policy.</summary>
    [Description("What happens to the snapshot when this Backup is deleted: Delete or Retain. Defaults from the policy when the backup is created.")]
    [JsonPropertyName("deletionPolicy")]
    public DeletionPolicy? DeletionPolicy { get; set; }

    /// <summary>Free text.</summary>
    [StringLength(1024)]
    [Description("Free text, e.g. why the backup was made.")]
    [JsonPropertyName("description")]
    public string? Description { get; set; }
}
