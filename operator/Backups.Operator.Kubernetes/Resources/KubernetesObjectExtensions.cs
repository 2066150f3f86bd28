using k8s;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Resources;

/// <summary>Helpers on Kubernetes objects.</summary>
public static class KubernetesObjectExtensions
{
    /// <summary>
    /// A deep copy made by a JSON round trip with <see cref="KubernetesJson"/>. Objects handed out by informers are shared:
    /// copy before mutating.
    /// </summary>
    public static T DeepClone<T>(this T obj)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(obj);
        return KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj));
    }

    public static ObjectKey Key(this IKubernetesObject<V1ObjectMeta> obj) => ObjectKey.From(obj);
}
