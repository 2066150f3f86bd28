using Backups.Operator.Kubernetes.Client;
using k8s;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Tests;

/// <summary>
/// Holds back the lines of every watch through a <see cref="GatedWatchClient{T}"/> while held: a watch that lags behind
/// the writes (the informer's cache then serves an older copy than the server has).
/// </summary>
public sealed class WatchGate
{
    private volatile TaskCompletionSource _open = Opened();

    public void Hold() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _open.TrySetResult();

    public Task WaitOpenAsync(CancellationToken cancellationToken) => _open.Task.WaitAsync(cancellationToken);

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource();
        open.SetResult();
        return open;
    }
}

/// <summary>Passes everything to <paramref name="inner"/>, but each watch line waits for <paramref name="gate"/> to be open.</summary>
public sealed class GatedWatchClient<T>(IResourceClient<T> inner, WatchGate gate) : IResourceClient<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public Task<T?> GetAsync(string? @namespace, string name, CancellationToken cancellationToken) => inner.GetAsync(@namespace, name, cancellationToken);

    public Task<ResourceList<T>> ListAsync(string? @namespace, ListOptions? options, CancellationToken cancellationToken) => inner.ListAsync(@namespace, options, cancellationToken);

    public Task<T> CreateAsync(T obj, CancellationToken cancellationToken) => inner.CreateAsync(obj, cancellationToken);

    public Task<CreateResult<T>> TryCreateAsync(T obj, CancellationToken cancellationToken) => inner.TryCreateAsync(obj, cancellationToken);

    public Task<T> UpdateAsync(T obj, CancellationToken cancellationToken) => inner.UpdateAsync(obj, cancellationToken);

    public Task<T> PatchAsync(string? @namespace, string name, object mergePatch, CancellationToken cancellationToken) =>
        inner.PatchAsync(@namespace, name, mergePatch, cancellationToken);

    public Task<T> PatchStatusAsync(string? @namespace, string name, object mergePatch, CancellationToken cancellationToken) =>
        inner.PatchStatusAsync(@namespace, name, mergePatch, cancellationToken);

    public Task<bool> DeleteAsync(string? @namespace, string name, PropagationPolicy? propagationPolicy, CancellationToken cancellationToken) =>
        inner.DeleteAsync(@namespace, name, propagationPolicy, cancellationToken);

    public IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string? @namespace, string? resourceVersion, TimeSpan timeout, string? labelSelector, CancellationToken cancellationToken) =>
        inner.WatchAsync(@namespace, resourceVersion, timeout, labelSelector, cancellationToken);

    public async IAsyncEnumerable<ResourceWatchEvent<T>> WatchEventsAsync(
        string? @namespace, string? resourceVersion, TimeSpan timeout, string? labelSelector,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var line in inner.WatchEventsAsync(@namespace, resourceVersion, timeout, labelSelector, cancellationToken).ConfigureAwait(false))
        {
            await gate.WaitOpenAsync(cancellationToken).ConfigureAwait(false);
            yield return line;
        }
    }
}
