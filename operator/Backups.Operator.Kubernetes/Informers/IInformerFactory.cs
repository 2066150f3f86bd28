using k8s;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Informers;

/// <summary>Hands out one shared informer per kind; every controller of the process reads the same store.</summary>
public interface IInformerFactory
{
    /// <summary>The informer of <typeparamref name="T"/>; created on first use and started with the host.</summary>
    IInformer<T> GetInformer<T>()
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Every informer created so far.</summary>
    IReadOnlyList<IInformerStatus> Informers { get; }
}
