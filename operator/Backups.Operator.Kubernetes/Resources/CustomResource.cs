using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Resources;

/// <summary>
/// Base class for custom resource entities: <c>apiVersion</c>, <c>kind</c>, <c>metadata</c>, <c>spec</c> and <c>status</c>.
/// Declare the entity with <see cref="KubernetesEntityAttribute"/> (Group, ApiVersion, Kind, PluralName).
/// </summary>
public abstract class CustomResource<TSpec, TStatus> : IKubernetesObject<V1ObjectMeta>, ISpec<TSpec>, IStatus<TStatus>
    where TSpec : new()
    where TStatus : new()
{
    protected CustomResource()
    {
        var type = ResourceType.TryOf(GetType());
        ApiVersion = type?.ApiVersionString ?? string.Empty;
        Kind = type?.Kind ?? string.Empty;
    }

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; }

    [JsonPropertyName("kind")]
    public string Kind { get; set; }

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public TSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public TStatus Status { get; set; } = new();
}
