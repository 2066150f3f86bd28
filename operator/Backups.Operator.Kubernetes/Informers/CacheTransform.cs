using k8s;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Informers;

/// <summary>
/// Applied to every object before it enters an informer's store, like controller-runtime's cache transform
/// (docs/kubernetes-runtime.md, "Cache memory"): drops <c>metadata.managedFields</c> (server-side apply bookkeeping no
/// reconciler reads, on a real API server often the largest part of a small object; omitting it from an update keeps the
/// server's copy) and makes the metadata strings that repeat across objects — namespace, label keys and values, annotation
/// keys, finalizers, owner apiVersion and kind — one shared instance each. The object is freshly decoded and not yet
/// shared, so it is changed in place.
/// </summary>
internal static class CacheTransform
{
    public static T Apply<T>(T obj, StringPool strings)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (obj.Metadata is not { } metadata)
        {
            return obj;
        }

        metadata.ManagedFields = null;
        metadata.NamespaceProperty = strings.Share(metadata.NamespaceProperty);
        metadata.Labels = ShareDictionary(metadata.Labels, strings, values: true);
        metadata.Annotations = ShareDictionary(metadata.Annotations, strings, values: false);
        if (metadata.Finalizers is { Count: > 0 } finalizers)
        {
            for (var i = 0; i < finalizers.Count; i++)
            {
                finalizers[i] = strings.Share(finalizers[i])!;
            }
        }

        foreach (var owner in metadata.OwnerReferences ?? [])
        {
            owner.ApiVersion = strings.Share(owner.ApiVersion);
            owner.Kind = strings.Share(owner.Kind);
        }

        obj.ApiVersion = strings.Share(obj.ApiVersion);
        obj.Kind = strings.Share(obj.Kind);
        return obj;
    }

    private static IDictionary<string, string>? ShareDictionary(IDictionary<string, string>? dictionary, StringPool strings, bool values)
    {
        if (dictionary is not { Count: > 0 })
        {
            return dictionary;
        }

        var shared = new Dictionary<string, string>(dictionary.Count, StringComparer.Ordinal);
        foreach (var (key, value) in dictionary)
        {
            shared[strings.Share(key)!] = values ? strings.Share(value)! : value;
        }

        return shared;
    }
}
