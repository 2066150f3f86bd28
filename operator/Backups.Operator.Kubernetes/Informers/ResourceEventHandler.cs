using k8s;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Informers;

/// <summary>An <see cref="IResourceEventHandler{T}"/> from delegates.</summary>
public sealed class ResourceEventHandler<T> : IResourceEventHandler<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Action<T>? _onAdd;
    private readonly Action<T, T>? _onUpdate;
    private readonly Action<T>? _onDelete;

    public ResourceEventHandler(Action<T>? onAdd = null, Action<T, T>? onUpdate = null, Action<T>? onDelete = null)
    {
        _onAdd = onAdd;
        _onUpdate = onUpdate;
        _onDelete = onDelete;
    }

    public void OnAdd(T obj) => _onAdd?.Invoke(obj);

    public void OnUpdate(T oldObj, T newObj) => _onUpdate?.Invoke(oldObj, newObj);

    public void OnDelete(T obj) => _onDelete?.Invoke(obj);
}
