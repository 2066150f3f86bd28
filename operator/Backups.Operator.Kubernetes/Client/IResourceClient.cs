using k8s;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Client;

/// <summary>
/// Typed access to one resource kind (custom or built-in): group, version and plural come from the type's
/// <see cref="KubernetesEntityAttribute"/>. A null namespace means cluster-scoped (or all namespaces for List/Watch).
/// Every call is bounded by <see cref="ResourceClientOptions.RequestTimeout"/> and the caller's token; API errors surface as
/// <see cref="k8s.Autorest.HttpOperationException"/> (classify them with <see cref="ApiErrors"/>).
/// </summary>
public interface IResourceClient<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>The object, or null when it does not exist (404).</summary>
    Task<T?> GetAsync(string? @namespace, string name, CancellationToken cancellationToken);

    /// <summary>One page of a list; pass <see cref="ResourceList{T}.Continue"/> of the previous page to get the next.</summary>
    Task<ResourceList<T>> ListAsync(string? @namespace, ListOptions? options, CancellationToken cancellationToken);

    /// <summary>Creates the object; an existing one fails with 409 AlreadyExists (<see cref="ApiErrors.IsAlreadyExists"/>).</summary>
    Task<T> CreateAsync(T obj, CancellationToken cancellationToken);

    /// <summary>Creates the object, or reports that one with the same name already exists.</summary>
    Task<CreateResult<T>> TryCreateAsync(T obj, CancellationToken cancellationToken);

    /// <summary>Replaces the object (PUT); its metadata.resourceVersion is the precondition (409 Conflict when stale).</summary>
    Task<T> UpdateAsync(T obj, CancellationToken cancellationToken);

    /// <summary>JSON merge patch (RFC 7386) of the main resource. Arrays are replaced whole; null deletes a key.</summary>
    Task<T> PatchAsync(string? @namespace, string name, object mergePatch, CancellationToken cancellationToken);

    /// <summary>JSON merge patch of the <c>/status</c> subresource.</summary>
    Task<T> PatchStatusAsync(string? @namespace, string name, object mergePatch, CancellationToken cancellationToken);

    /// <summary>Deletes the object; false when it was already gone.</summary>
    Task<bool> DeleteAsync(string? @namespace, string name, PropagationPolicy? propagationPolicy, CancellationToken cancellationToken);

    /// <summary>
    /// Watches from <paramref name="resourceVersion"/> with bookmarks; the server closes the stream after
    /// <paramref name="timeout"/>. A <c>Status</c> ERROR event (e.g. 410 Expired) is thrown as <see cref="KubernetesException"/>.
    /// </summary>
    IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string? @namespace, string? resourceVersion, TimeSpan timeout, string? labelSelector, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="WatchAsync"/>, but every line of the stream is reported, each object decoded on its own: an object
    /// that cannot be decoded comes as <see cref="ResourceWatchEvent{T}.Undecodable"/> and the stream goes on. A stream
    /// the server closes before its first line simply ends (docs/kubernetes-runtime.md, "Watch streams").
    /// </summary>
    IAsyncEnumerable<ResourceWatchEvent<T>> WatchEventsAsync(
        string? @namespace, string? resourceVersion, TimeSpan timeout, string? labelSelector, CancellationToken cancellationToken);
}
