using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Backups.Operator.Api.Schema;

namespace Backups.Operator.Api;

/// <summary>A request to restore a backup onto its own droplet.</summary>
[Description("A request to restore a backup onto its own droplet. All data on the droplet is replaced by the backup's.")]
public sealed class BackupRestoreSpec
{
    /// <summary>The Backup to restore. Immutable.</summary>
    [Required, RegularExpression(Patterns.Dns1123Subdomain), StringLength(253)]
    [Immutable("backupName is immutable")]
    [Description("The Backup to restore, in the same namespace. Immutable.")]
    [JsonPropertyName("backupName")]
    public string BackupName { get; set; } = "";

    /// <summary>Must equal the backup's droplet: the explicit confirmation.</summary>
    [Required, Range(1, ApiConstants.MaxId)]
    [Immutable("confirmDropletId is immutable")]
    [Description("Must equal the backup's droplet id (1..10^15): the explicit confirmation that this droplet's data will be replaced.")]
    [JsonPropertyName("confirmDropletId")]
    public long ConfirmDropletId { get; set; }

    /// <summary>Take a safety snapshot first, so the restore can be undone.</summary>
    [DefaultValue(true)]
    [Description("Take a safety backup of the droplet first, so the restore can be undone.")]
    [JsonPropertyName("preRestoreBackup")]
    public bool? PreRestoreBackup { get; set; }
}
