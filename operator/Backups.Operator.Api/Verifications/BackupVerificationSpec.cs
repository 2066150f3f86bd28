using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Backups.Operator.Api.Schema;

namespace Backups.Operator.Api;

/// <summary>A restore test of a backup on a throwaway droplet: boot the snapshot, probe it, destroy the droplet.</summary>
[Description("A restore test of a backup: a temporary droplet is created from the backup's snapshot, probed, and destroyed in every outcome. The customer's droplet is never touched.")]
[ValidationRule("self == oldSelf", "spec is immutable: create a new BackupVerification")]
public sealed class BackupVerificationSpec
{
    /// <summary>The Backup to verify, in the same namespace.</summary>
    [Required, RegularExpression(Patterns.Dns1123Subdomain), StringLength(253)]
    [Description("The Backup to verify, in the same namespace. It must be Available.")]
    [JsonPropertyName("backupName")]
    public string BackupName { get; set; } = "";

    /// <summary>The droplet size slug; default: the smallest size whose disk fits the snapshot.</summary>
    [RegularExpression(Patterns.SizeSlug), StringLength(64)]
    [Description("The temporary droplet's size slug, e.g. s-1vcpu-1gb. Default: the smallest size whose disk fits the snapshot's min_disk_size.")]
    [JsonPropertyName("size")]
    public string? Size { get; set; }

    /// <summary>How long the whole run may take before it fails.</summary>
    [Range(1, 180)]
    [DefaultValue(20)]
    [Description("The run fails when the droplet has not passed its probe this many minutes after the create request (1..180). The droplet is destroyed either way.")]
    [JsonPropertyName("timeoutMinutes")]
    public int? TimeoutMinutes { get; set; }

    /// <summary>How the booted droplet is checked.</summary>
    [Required]
    [Description("How the booted droplet is checked, on the public IPv4 address DigitalOcean gives it.")]
    [JsonPropertyName("probe")]
    public VerificationProbe Probe { get; set; } = new();
}

/// <summary>Exactly one of a TCP connect or an HTTP GET on the temporary droplet's public IPv4.</summary>
[Description("Exactly one of tcpSocket or httpGet. The target is always the temporary droplet's public IPv4; only the port and path are chosen.")]
[ValidationRule("has(self.tcpSocket) != has(self.httpGet)", "set exactly one of tcpSocket or httpGet")]
public sealed class VerificationProbe
{
    /// <summary>Passes when a TCP connection to the port opens.</summary>
    [Description("Passes when a TCP connection to the port opens.")]
    [JsonPropertyName("tcpSocket")]
    public TcpSocketProbe? TcpSocket { get; set; }

    /// <summary>Passes when an HTTP GET answers the expected status.</summary>
    [Description("Passes when an HTTP GET of the path answers the expected status.")]
    [JsonPropertyName("httpGet")]
    public HttpGetProbe? HttpGet { get; set; }
}

/// <summary>A TCP connect probe.</summary>
[Description("A TCP connect probe.")]
public sealed class TcpSocketProbe
{
    /// <summary>The port on the droplet.</summary>
    [Required, Range(1, 65535)]
    [Description("The port on the temporary droplet.")]
    [JsonPropertyName("port")]
    public int Port { get; set; }
}

/// <summary>An HTTP GET probe.</summary>
[Description("An HTTP GET probe (plain HTTP).")]
public sealed class HttpGetProbe
{
    /// <summary>The port on the droplet.</summary>
    [Required, Range(1, 65535)]
    [Description("The port on the temporary droplet.")]
    [JsonPropertyName("port")]
    public int Port { get; set; }

    /// <summary>The path, starting with a slash.</summary>
    [RegularExpression(Patterns.HttpPath), StringLength(1024)]
    [DefaultValue("/")]
    [Description("The path to GET, starting with /.")]
    [JsonPropertyName("path")]
    public string? Path { get; set; }

    /// <summary>The status code that passes.</summary>
    [Range(100, 599)]
    [DefaultValue(200)]
    [Description("The HTTP status code that passes.")]
    [JsonPropertyName("expectedStatus")]
    public int? ExpectedStatus { get; set; }
}
