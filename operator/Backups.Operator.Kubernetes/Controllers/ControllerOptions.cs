using Backups.Operator.Kubernetes.Controllers.Predicates;
using Backups.Operator.Kubernetes.Informers;
using Backups.Operator.Kubernetes.Resources;
using k8s;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Controllers;

/// <summary>
/// How a controller of <typeparamref name="T"/> runs: its name, workers, predicates and the secondary kinds it watches
/// (controller-runtime's builder: <c>For</c>, <c>Owns</c>, <c>Watches</c>, <c>WithEventFilter</c>).
/// </summary>
public sealed class ControllerOptions<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly List<SecondaryWatch> _watches = [];
    private readonly List<CacheRead> _reads = [];

    /// <summary>The controller label of logs and metrics; defaults to the lower-case kind.</summary>
    public string Name { get; set; } = ResourceType.Of<T>().Kind.ToLowerInvariant();

    /// <summary>Workers reconciling different keys in parallel (controller-runtime default 1).</summary>
    public int MaxConcurrentReconciles { get; set; } = 1;

    /// <summary>Cancel a reconcile after this long and retry it with backoff; null = no limit.</summary>
    public TimeSpan? ReconcileTimeout { get; set; }

    /// <summary>How long to wait for the informers to sync before the controller fails to start.</summary>
    public TimeSpan CacheSyncTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The filter of the primary kind's events; by default generation, deletionTimestamp or finalizers changed.</summary>
    public ResourcePredicate<T> Predicate { get; set; } = Predicates.Predicates.Default<T>();

    /// <summary>How long a reconcile waits before it is retried when an informer is not synced (it never runs on such a cache).</summary>
    public TimeSpan UnsyncedRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    internal IReadOnlyList<SecondaryWatch> SecondaryWatches => _watches;

    internal IReadOnlyList<CacheRead> CacheReads => _reads;

    /// <summary>
    /// The reconciler reads the cache of <typeparamref name="TOther"/> without reacting to its changes: the controller
    /// starts its informer with the others and runs no reconcile until it has synced, so an object missing from it is
    /// really missing (controller-runtime's <c>WaitForCacheSync</c>; docs/kubernetes-runtime.md, "Cache sync").
    /// </summary>
    public ControllerOptions<T> Reads<TOther>()
        where TOther : class, IKubernetesObject<V1ObjectMeta>
    {
        if (_reads.All(r => r.Kind != typeof(TOther)))
        {
            _reads.Add(new CacheRead(
                typeof(TOther),
                static factory => factory.GetInformer<TOther>(),
                static (factory, token) => factory.GetInformer<TOther>().WaitForSyncAsync(token)));
        }

        return this;
    }

    /// <summary>Reconcile the owner (of kind <typeparamref name="T"/>, same namespace) when an owned object changes.</summary>
    public ControllerOptions<T> Owns<TChild>(bool onlyController = true)
        where TChild : class, IKubernetesObject<V1ObjectMeta>
    {
        var owner = ResourceType.Of<T>();
        return Watches<TChild>(child => OwnerKeys(child, owner, onlyController));
    }

    /// <summary>Reconcile the keys <paramref name="map"/> returns whenever an object of <typeparamref name="TOther"/> changes.</summary>
    public ControllerOptions<T> Watches<TOther>(Func<TOther, IEnumerable<ObjectKey>> map)
        where TOther : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(map);
        return Watches<TOther>((other, _) => map(other));
    }

    /// <summary>
    /// Reconcile the keys <paramref name="map"/> returns whenever an object of <typeparamref name="TOther"/> changes; the
    /// map may read the informer caches (e.g. to find the primaries that name the changed object by a field).
    /// </summary>
    public ControllerOptions<T> Watches<TOther>(Func<TOther, IInformerFactory, IEnumerable<ObjectKey>> map)
        where TOther : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(map);
        _watches.Add(new SecondaryWatch(
            typeof(TOther),
            static factory => factory.GetInformer<TOther>(),
            static (factory, token) => factory.GetInformer<TOther>().WaitForSyncAsync(token),
            (factory, enqueue) => factory.GetInformer<TOther>().AddEventHandler(new ResourceEventHandler<TOther>(
                onAdd: o => Enqueue(map(o, factory), enqueue),
                onUpdate: (o, n) =>
                {
                    Enqueue(map(o, factory), enqueue);
                    Enqueue(map(n, factory), enqueue);
                },
                onDelete: o => Enqueue(map(o, factory), enqueue)))));
        return this;
    }

    private static void Enqueue(IEnumerable<ObjectKey> keys, Action<ObjectKey> enqueue)
    {
        foreach (var key in keys)
        {
            enqueue(key);
        }
    }

    private static IEnumerable<ObjectKey> OwnerKeys(IKubernetesObject<V1ObjectMeta> child, ResourceType owner, bool onlyController)
    {
        if (child.Metadata?.OwnerReferences is not { Count: > 0 } references)
        {
            yield break;
        }

        foreach (var reference in references)
        {
            if (reference.Kind == owner.Kind
                && ApiGroup(reference.ApiVersion) == owner.Group
                && (!onlyController || reference.Controller == true))
            {
                yield return new ObjectKey(string.IsNullOrEmpty(child.Metadata.NamespaceProperty) ? null : child.Metadata.NamespaceProperty, reference.Name);
            }
        }
    }

    private static string ApiGroup(string? apiVersion)
    {
        var slash = apiVersion?.IndexOf('/') ?? -1;
        return slash < 0 ? string.Empty : apiVersion![..slash];
    }

    internal sealed record CacheRead(
        Type Kind,
        Action<IInformerFactory> EnsureInformer,
        Func<IInformerFactory, CancellationToken, Task> WaitForSync);

    internal sealed record SecondaryWatch(
        Type Kind,
        Action<IInformerFactory> EnsureInformer,
        Func<IInformerFactory, CancellationToken, Task> WaitForSync,
        Func<IInformerFactory, Action<ObjectKey>, IDisposable> Subscribe);
}
