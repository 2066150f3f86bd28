using System.ComponentModel;
using System.Text.Json.Serialization;
using Backups.Operator.Api.Schema;

namespace Backups.Operator.Api;

/// <summary>Where a verification is, the temporary droplet, and what the run found and cost.</summary>
[Description("Where the verification is, its temporary droplet, and what the run found and cost.")]
public sealed class BackupVerificationStatus : IPhaseStatus<VerificationPhase>
{
    /// <summary>Pending, Creating, Booting, Probing, Passed or Failed.</summary>
    [Description("Pending, Creating, Booting, Probing, Passed or Failed.")]
    [JsonPropertyName("phase")]
    public VerificationPhase? Phase { get; set; }

    /// <summary>The snapshot the droplet is created from.</summary>
    [Description("The snapshot the temporary droplet is created from.")]
    [JsonPropertyName("snapshotId")]
    public string? SnapshotId { get; set; }

    /// <summary>The deterministic name of the temporary droplet (persisted before the create request).</summary>
    [Description("The temporary droplet's deterministic name, persisted before it is requested.")]
    [JsonPropertyName("dropletName")]
    public string? DropletName { get; set; }

    /// <summary>The temporary droplet's id.</summary>
    [Description("The temporary droplet's id.")]
    [JsonPropertyName("dropletId")]
    public long? DropletId { get; set; }

    /// <summary>The size slug of the temporary droplet.</summary>
    [Description("The temporary droplet's size slug.")]
    [JsonPropertyName("size")]
    public string? Size { get; set; }

    /// <summary>The region of the temporary droplet (the snapshot's).</summary>
    [Description("The temporary droplet's region (one the snapshot is stored in).")]
    [JsonPropertyName("region")]
    public string? Region { get; set; }

    /// <summary>The public IPv4 address probed.</summary>
    [Description("The temporary droplet's public IPv4 address (with the port the probe used).")]
    [JsonPropertyName("address")]
    public string? Address { get; set; }

    /// <summary>When the droplet was requested (persisted before the request).</summary>
    [Description("When the temporary droplet was requested.")]
    [JsonPropertyName("startedAt")]
    [JsonConverter(typeof(UtcTimestampJsonConverter))]
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When the droplet was first seen active.</summary>
    [Description("When the temporary droplet was first seen active.")]
    [JsonPropertyName("bootedAt")]
    [JsonConverter(typeof(UtcTimestampJsonConverter))]
    public DateTimeOffset? BootedAt { get; set; }

    /// <summary>When the run ended (Passed or Failed).</summary>
    [Description("When the run ended, Passed or Failed.")]
    [JsonPropertyName("completedAt")]
    [JsonConverter(typeof(UtcTimestampJsonConverter))]
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>True once the temporary droplet is destroyed (or was never created).</summary>
    [Description("True once the temporary droplet is destroyed, or was never created.")]
    [JsonPropertyName("cleanedUp")]
    public bool? CleanedUp { get; set; }

    /// <summary>What the probe found.</summary>
    [Description("What the probe found.")]
    [JsonPropertyName("probe")]
    public VerificationProbeResult? Probe { get; set; }

    /// <summary>How long the temporary droplet existed, from request to destruction.</summary>
    [Description("How many seconds the temporary droplet existed, from its request to its destruction.")]
    [JsonPropertyName("dropletSeconds")]
    public long? DropletSeconds { get; set; }

    /// <summary>The estimated cost of the run in USD (hourly price, at least one hour as DigitalOcean bills).</summary>
    [Description("Estimated cost of the run in USD: the size's hourly price, at least one hour.")]
    [JsonPropertyName("estimatedCost")]
    public double? EstimatedCost { get; set; }

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
    [Description("The .metadata.generation the status reflects.")]
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }
}

/// <summary>The outcome of the probe.</summary>
[Description("The outcome of the probe.")]
public sealed class VerificationProbeResult
{
    /// <summary>Whether the probe passed.</summary>
    [Description("Whether the probe passed.")]
    [JsonPropertyName("succeeded")]
    public bool? Succeeded { get; set; }

    /// <summary>How many attempts were made.</summary>
    [Description("How many attempts were made.")]
    [JsonPropertyName("attempts")]
    public int? Attempts { get; set; }

    /// <summary>What the last attempt saw.</summary>
    [Description("What the last attempt saw, e.g. HTTP 200 or connection refused.")]
    [JsonPropertyName("detail")]
    public string? Detail { get; set; }

    /// <summary>When the last attempt was made.</summary>
    [Description("When the last attempt was made.")]
    [JsonPropertyName("lastAttemptAt")]
    [JsonConverter(typeof(UtcTimestampJsonConverter))]
    public DateTimeOffset? LastAttemptAt { get; set; }
}
