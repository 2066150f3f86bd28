using k8s;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Events;

/// <summary>An object known only by its type and metadata (e.g. one that cannot be decoded), as the subject of an Event.</summary>
internal sealed class ObjectReference : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public V1ObjectMeta Metadata { get; set; } = new();
}
