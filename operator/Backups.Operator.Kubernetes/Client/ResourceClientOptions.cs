using System.ComponentModel.DataAnnotations;

namespace Backups.Operator.Kubernetes.Client;

/// <summary>Options of the typed resource clients.</summary>
public sealed class ResourceClientOptions
{
    /// <summary>Upper bound of one non-watch API call.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>fieldManager</c> sent with writes.</summary>
    [Required]
    public string FieldManager { get; set; } = "backups-operator";
}
