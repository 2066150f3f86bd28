using Backups.Operator.Kubernetes.Resources;
using k8s;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Informers;

/// <summary>
/// The informer's thread-safe cache of one kind. Returned objects are shared with every reader: never mutate them
/// (use <see cref="KubernetesObjectExtensions.DeepClone{T}"/>).
/// </summary>
public interface IInformerStore<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    int Count { get; }

    T? Get(string? @namespace, string name);

    T? Get(ObjectKey key);

    /// <summary>Every object, or those of one namespace.</summary>
    IReadOnlyList<T> List(string? @namespace = null);

    /// <summary>
    /// Adds a secondary index: <paramref name="indexer"/> returns the index values of an object (e.g. the name of the policy
    /// it belongs to, usually qualified by namespace). Existing objects are indexed at once.
    /// </summary>
    void AddIndex(string indexName, Func<T, IEnumerable<string>> indexer);

    /// <summary>
    /// <see cref="AddIndex"/> unless an index of that name exists (then nothing changes and the result is false): for readers
    /// that declare the index they use on first use, like client-go's <c>AddIndexers</c> before a shared informer starts.
    /// </summary>
    bool TryAddIndex(string indexName, Func<T, IEnumerable<string>> indexer);

    /// <summary>
    /// The objects whose index <paramref name="indexName"/> contains <paramref name="value"/> (client-go's <c>ByIndex</c>):
    /// a dictionary lookup instead of a scan of the store; indexes follow adds, updates, deletes and relists.
    /// </summary>
    IReadOnlyList<T> ByIndex(string indexName, string value);
}
