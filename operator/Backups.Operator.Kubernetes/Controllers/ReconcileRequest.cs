using Backups.Operator.Kubernetes.Resources;
using k8s;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Controllers;

/// <summary>
/// What to reconcile: the key, and the object as the informer cache has it now (null when it no longer exists).
/// The object is shared with the cache: copy it (<see cref="KubernetesObjectExtensions.DeepClone{T}"/>) before mutating.
/// </summary>
public sealed record ReconcileRequest<T>(ObjectKey Key, T? Object)
    where T : class, IKubernetesObject<V1ObjectMeta>;
