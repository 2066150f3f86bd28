using k8s;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Informers;

/// <summary>A list-watch loop of one kind feeding a shared <see cref="IInformerStore{T}"/> and event handlers.</summary>
public interface IInformer<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    IInformerStore<T> Store { get; }

    /// <summary>True once the first LIST has been stored and delivered to the handlers.</summary>
    bool HasSynced { get; }

    Task WaitForSyncAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Registers a handler. When the informer has already synced, the handler first gets an add for every cached object.
    /// Dispose the result to unregister.
    /// </summary>
    IDisposable AddEventHandler(IResourceEventHandler<T> handler);
}
