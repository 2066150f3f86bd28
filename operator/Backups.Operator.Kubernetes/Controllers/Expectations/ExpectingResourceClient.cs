using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Kubernetes.Resources;
using k8s;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Controllers.Expectations;

/// <summary>
/// The <see cref="IResourceClient{T}"/> every reconciler (and the status and finalizer helpers) gets: each create, update
/// and patch records the resourceVersion the server returned in <see cref="WriteExpectations{T}"/>, so a reconcile of that
/// object waits until the cache shows it (docs/kubernetes-runtime.md, "Own writes and the cache"). Reads, deletes and
/// watches pass through.
/// </summary>
internal sealed class ExpectingResourceClient<T>(ResourceClient<T> inner, WriteExpectations<T> expectations) : IResourceClient<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public Task<T?> GetAsync(string? @namespace, string name, CancellationToken cancellationToken) =>
        inner.GetAsync(@namespace, name, cancellationToken);

    public Task<ResourceList<T>> ListAsync(string? @namespace, ListOptions? options, CancellationToken cancellationToken) =>
        inner.ListAsync(@namespace, options, cancellationToken);

    public Task<T> CreateAsync(T obj, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);

        // A name the server generates (generateName) is not known before the response: nothing to track in flight.
        return string.IsNullOrEmpty(obj.Metadata?.Name)
            ? inner.CreateAsync(obj, cancellationToken)
            : RecordAsync(ObjectKey.From(obj), create: true, () => inner.CreateAsync(obj, cancellationToken));
    }

    public async Task<CreateResult<T>> TryCreateAsync(T obj, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (string.IsNullOrEmpty(obj.Metadata?.Name))
        {
            return await inner.TryCreateAsync(obj, cancellationToken).ConfigureAwait(false);
        }

        var key = ObjectKey.From(obj);
        expectations.WriteStarted(key);
        CreateResult<T>? result = null;
        try
        {
            result = await inner.TryCreateAsync(obj, cancellationToken).ConfigureAwait(false);
            return result.Value;
        }
        finally
        {
            expectations.WriteEnded(key, result?.Object?.Metadata?.ResourceVersion, create: true);
        }
    }

    public Task<T> UpdateAsync(T obj, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return RecordAsync(ObjectKey.From(obj), create: false, () => inner.UpdateAsync(obj, cancellationToken));
    }

    public Task<T> PatchAsync(string? @namespace, string name, object mergePatch, CancellationToken cancellationToken) =>
        RecordAsync(Key(@namespace, name), create: false, () => inner.PatchAsync(@namespace, name, mergePatch, cancellationToken));

    public Task<T> PatchStatusAsync(string? @namespace, string name, object mergePatch, CancellationToken cancellationToken) =>
        RecordAsync(Key(@namespace, name), create: false, () => inner.PatchStatusAsync(@namespace, name, mergePatch, cancellationToken));

    public Task<bool> DeleteAsync(string? @namespace, string name, PropagationPolicy? propagationPolicy, CancellationToken cancellationToken) =>
        inner.DeleteAsync(@namespace, name, propagationPolicy, cancellationToken);

    public IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string? @namespace, string? resourceVersion, TimeSpan timeout, string? labelSelector, CancellationToken cancellationToken) =>
        inner.WatchAsync(@namespace, resourceVersion, timeout, labelSelector, cancellationToken);

    public IAsyncEnumerable<ResourceWatchEvent<T>> WatchEventsAsync(
        string? @namespace, string? resourceVersion, TimeSpan timeout, string? labelSelector, CancellationToken cancellationToken) =>
        inner.WatchEventsAsync(@namespace, resourceVersion, timeout, labelSelector, cancellationToken);

    private static ObjectKey Key(string? @namespace, string name) => new(string.IsNullOrEmpty(@namespace) ? null : @namespace, name);

    private async Task<T> RecordAsync(ObjectKey key, bool create, Func<Task<T>> write)
    {
        expectations.WriteStarted(key);
        T? written = null;
        try
        {
            written = await write().ConfigureAwait(false);
            return written;
        }
        finally
        {
            expectations.WriteEnded(key, written?.Metadata?.ResourceVersion, create);
        }
    }
}
