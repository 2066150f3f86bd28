using k8s;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Informers;

/// <summary>
/// Notifications of an informer, delivered in order on the informer's loop after its store was updated.
/// Handlers must be quick and must not throw (enqueue a key and return); the objects are shared, do not mutate them.
/// </summary>
public interface IResourceEventHandler<in T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    void OnAdd(T obj);

    /// <summary>An update; on a resync <paramref name="oldObj"/> and <paramref name="newObj"/> are the same object.</summary>
    void OnUpdate(T oldObj, T newObj);

    /// <summary>A delete seen on the watch, or found missing by a relist (then the last known state is passed).</summary>
    void OnDelete(T obj);
}
