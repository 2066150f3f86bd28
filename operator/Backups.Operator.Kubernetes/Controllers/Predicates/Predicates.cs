using k8s;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Controllers.Predicates;

/// <summary>The usual predicates. Create and delete always pass; they differ on updates.</summary>
public static class Predicates
{
    /// <summary>metadata.generation changed (spec changes of a CRD with a status subresource). Drops resyncs.</summary>
    public static ResourcePredicate<T> GenerationChanged<T>()
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        new() { Update = static (o, n) => o.Metadata?.Generation != n.Metadata?.Generation };

    /// <summary>metadata.deletionTimestamp appeared or changed.</summary>
    public static ResourcePredicate<T> DeletionTimestampChanged<T>()
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        new() { Update = static (o, n) => o.Metadata?.DeletionTimestamp != n.Metadata?.DeletionTimestamp };

    /// <summary>metadata.finalizers changed (someone else's finalizer removal can unblock our cleanup).</summary>
    public static ResourcePredicate<T> FinalizersChanged<T>()
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        new() { Update = static (o, n) => !SequenceEqual(o.Metadata?.Finalizers, n.Metadata?.Finalizers) };

    public static ResourcePredicate<T> LabelsChanged<T>()
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        new() { Update = static (o, n) => !DictionaryEqual(o.Metadata?.Labels, n.Metadata?.Labels) };

    public static ResourcePredicate<T> AnnotationsChanged<T>()
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        new() { Update = static (o, n) => !DictionaryEqual(o.Metadata?.Annotations, n.Metadata?.Annotations) };

    /// <summary>Any write (every resourceVersion change); drops only resyncs.</summary>
    public static ResourcePredicate<T> ResourceVersionChanged<T>()
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        new() { Update = static (o, n) => o.Metadata?.ResourceVersion != n.Metadata?.ResourceVersion };

    /// <summary>The default of a primary resource: generation, deletionTimestamp or finalizers changed.</summary>
    public static ResourcePredicate<T> Default<T>()
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        Any(GenerationChanged<T>(), DeletionTimestampChanged<T>(), FinalizersChanged<T>());

    public static ResourcePredicate<T> Any<T>(params ResourcePredicate<T>[] predicates)
        where T : class, IKubernetesObject<V1ObjectMeta> => new()
    {
        Create = o => predicates.Any(p => p.Create(o)),
        Update = (o, n) => predicates.Any(p => p.Update(o, n)),
        Delete = o => predicates.Any(p => p.Delete(o)),
    };

    public static ResourcePredicate<T> All<T>(params ResourcePredicate<T>[] predicates)
        where T : class, IKubernetesObject<V1ObjectMeta> => new()
    {
        Create = o => predicates.All(p => p.Create(o)),
        Update = (o, n) => predicates.All(p => p.Update(o, n)),
        Delete = o => predicates.All(p => p.Delete(o)),
    };

    private static bool SequenceEqual(IList<string>? a, IList<string>? b) =>
        (a is null || a.Count == 0) ? (b is null || b.Count == 0) : b is not null && a.SequenceEqual(b);

    private static bool DictionaryEqual(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        if (a is null || a.Count == 0)
        {
            return b is null || b.Count == 0;
        }

        return b is not null && a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }
}
