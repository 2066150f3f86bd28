using System.Text.Json.Serialization;
using Backups.Operator.Api;
using k8s;
using k8s.Models;

namespace Backups.Operator.Cli.Cluster;

/// <summary>A custom resource of the operator as the plugin reads and writes it: the Api contract's spec and status.</summary>
public abstract class Resource<TSpec, TStatus> : IKubernetesObject<V1ObjectMeta>
    where TSpec : new()
{
    protected Resource(string kind)
    {
        Kind = kind;
    }

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiConstants.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; }

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public TSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public TStatus? Status { get; set; }

    /// <summary>metadata.name.</summary>
    [JsonIgnore]
    public string Name => Metadata.Name ?? string.Empty;

    /// <summary>metadata.creationTimestamp as UTC.</summary>
    [JsonIgnore]
    public DateTimeOffset? CreatedAt =>
        Metadata.CreationTimestamp is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : null;
}

/// <summary>A Backup.</summary>
public sealed class BackupResource() : Resource<BackupSpec, BackupStatus>(ResourceKinds.Backup.Kind);

/// <summary>A BackupPolicy.</summary>
public sealed class PolicyResource() : Resource<BackupPolicySpec, BackupPolicyStatus>(ResourceKinds.Policy.Kind);

/// <summary>A BackupRestore.</summary>
public sealed class RestoreResource() : Resource<BackupRestoreSpec, BackupRestoreStatus>(ResourceKinds.Restore.Kind);

/// <summary>A BackupVerification.</summary>
public sealed class VerificationResource() : Resource<BackupVerificationSpec, BackupVerificationStatus>(ResourceKinds.Verification.Kind);

/// <summary>A list as the API returns it.</summary>
public sealed class ResourceList<T>
{
    [JsonPropertyName("items")]
    public List<T>? Items { get; set; }
}
