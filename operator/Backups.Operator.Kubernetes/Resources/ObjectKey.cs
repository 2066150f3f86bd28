using k8s;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Resources;

/// <summary>Identifies an object by namespace (null for cluster-scoped) and name; printed as <c>namespace/name</c>.</summary>
public readonly record struct ObjectKey(string? Namespace, string Name)
{
    public static ObjectKey From(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var metadata = obj.Metadata ?? throw new ArgumentException("The object has no metadata.", nameof(obj));
        return new ObjectKey(string.IsNullOrEmpty(metadata.NamespaceProperty) ? null : metadata.NamespaceProperty, metadata.Name);
    }

    /// <summary>Parses <c>namespace/name</c> or <c>name</c>.</summary>
    public static ObjectKey Parse(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var slash = key.IndexOf('/');
        return slash < 0 ? new ObjectKey(null, key) : new ObjectKey(key[..slash], key[(slash + 1)..]);
    }

    public override string ToString() => Namespace is null ? Name : $"{Namespace}/{Name}";
}
