using k8s;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Controllers.Predicates;

/// <summary>Filters informer events before they enqueue a key (controller-runtime <c>predicate.Funcs</c>).</summary>
public sealed class ResourcePredicate<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public static readonly ResourcePredicate<T> Always = new();

    public Func<T, bool> Create { get; init; } = static _ => true;

    public Func<T, T, bool> Update { get; init; } = static (_, _) => true;

    public Func<T, bool> Delete { get; init; } = static _ => true;
}
