using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Backups.Operator.Api.Schema;

namespace Backups.Operator.Api;

/// <summary>A status condition, shaped exactly like Kubernetes' <c>metav1.Condition</c>.</summary>
[Description("One aspect of the object's current state, shaped like Kubernetes' metav1.Condition.")]
public sealed class Condition
{
    /// <summary>Type of the condition in CamelCase, e.g. <c>Ready</c>.</summary>
    [Required, StringLength(316), RegularExpression(Patterns.ConditionType)]
    [Description("Type of the condition in CamelCase, e.g. Ready.")]
    [JsonPropertyName("type")]
    public string Type { get; set; } = "";

    /// <summary><c>True</c>, <c>False</c> or <c>Unknown</c>.</summary>
    [Required]
    [Description("Status of the condition: True, False or Unknown.")]
    [AllowedValues("True", "False", "Unknown")]
    [JsonPropertyName("status")]
    public string Status { get; set; } = ConditionStatus.Unknown;

    /// <summary>The generation of the object this condition was set for.</summary>
    [Range(0, ApiConstants.MaxId)]
    [Description("The .metadata.generation this condition was set for.")]
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    /// <summary>When the status last changed.</summary>
    [Required]
    [Description("When the condition last changed from one status to another.")]
    [JsonPropertyName("lastTransitionTime")]
    [JsonConverter(typeof(UtcTimestampJsonConverter))]
    public DateTimeOffset? LastTransitionTime { get; set; }

    /// <summary>A machine-readable CamelCase reason for the last transition.</summary>
    [Required, StringLength(1024, MinimumLength = 1), RegularExpression(Patterns.ConditionReason)]
    [Description("A programmatic identifier (CamelCase) of the reason for the condition's last transition.")]
    [JsonPropertyName("reason")]
    public string Reason { get; set; } = "";

    /// <summary>A human-readable message: what happened and what to do.</summary>
    [Required, StringLength(32768)]
    [Description("A human-readable message: what happened and what to do about it.")]
    [JsonPropertyName("message")]
    public string Message { get; set; } = "";
}

/// <summary>The three values of <see cref="Condition.Status"/>.</summary>
public static class ConditionStatus
{
    public const string True = "True";
    public const string False = "False";
    public const string Unknown = "Unknown";
}
