using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Backups.Operator.ApiServer.Http;

namespace Backups.Operator.ApiServer.Storage;

/// <summary>
/// The in-memory object store: one lock, one cluster-wide increasing resourceVersion, per-resource sorted objects
/// and a bounded per-resource change history that watches replay from. Every change is handed to the watchers of
/// its resource and to the system controllers while the lock is held, so ordering is total and nothing is lost.
/// </summary>
internal sealed class ObjectStore
{
    private readonly object _gate = new();
    private readonly int _historySize;
    private readonly Dictionary<string, ResourceBucket> _buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ObjectAddress> _byUid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<ObjectAddress>> _dependents = new(StringComparer.Ordinal);
    private readonly Channel<StoreEvent> _systemEvents = Channel.CreateUnbounded<StoreEvent>(new UnboundedChannelOptions { SingleReader = true });
    private long _revision;
    private long _importedRevision;

    public ObjectStore(int historySize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(historySize, 1);
        _historySize = historySize;
    }

    /// <summary>Raised (under the store lock: keep it cheap) after every committed change, e.g. to persist the state.</summary>
    public event Action? Changed;

    /// <summary>Every committed change, in commit order, for the garbage collector and the namespace/CRD finalizers.</summary>
    public ChannelReader<StoreEvent> SystemEvents => _systemEvents.Reader;

    public long Revision
    {
        get
        {
            lock (_gate)
            {
                return _revision;
            }
        }
    }

    public StoredObject? Get(ObjectAddress address)
    {
        lock (_gate)
        {
            return _buckets.TryGetValue(address.ResourceKey, out var bucket) && bucket.Objects.TryGetValue(address.StoreKey, out var found) ? found : null;
        }
    }

    public StoredObject? GetByUid(string uid)
    {
        lock (_gate)
        {
            return _byUid.TryGetValue(uid, out var address) ? Get(address) : null;
        }
    }

    public ObjectAddress? AddressOf(string uid)
    {
        lock (_gate)
        {
            return _byUid.TryGetValue(uid, out var address) ? address : null;
        }
    }

    public IReadOnlyList<ObjectAddress> DependentsOf(string ownerUid)
    {
        lock (_gate)
        {
            return _dependents.TryGetValue(ownerUid, out var set) ? [.. set] : [];
        }
    }

    /// <summary>A page of objects in key order, starting after <paramref name="afterKey"/>.</summary>
    public ListPage List(string resourceKey, string? ns, Func<StoredObject, bool> filter, int limit, string? afterKey)
    {
        lock (_gate)
        {
            var items = new List<StoredObject>();
            if (!_buckets.TryGetValue(resourceKey, out var bucket))
            {
                return new ListPage(items, _revision, null);
            }

            var keys = bucket.Objects.Keys;
            var prefix = ns is null ? string.Empty : ns + "/";
            var start = afterKey is not null && string.CompareOrdinal(afterKey, prefix) >= 0
                ? LowerBound(keys, afterKey + "\0")
                : LowerBound(keys, prefix);
            string? next = null;
            for (var i = start; i < keys.Count; i++)
            {
                var key = keys[i];
                if (!key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    break;
                }

                var item = bucket.Objects.Values[i];
                if (!filter(item))
                {
                    continue;
                }

                if (limit > 0 && items.Count == limit)
                {
                    next = items[^1].Namespace + "/" + items[^1].Name;
                    break;
                }

                items.Add(item);
            }

            return new ListPage(items, _revision, next);
        }
    }

    public IReadOnlyList<StoredObject> Snapshot(string resourceKey, string? ns = null)
    {
        return List(resourceKey, ns, static _ => true, 0, null).Items;
    }

    /// <summary>
    /// Runs <paramref name="decide"/> on the current object under the store lock and commits its decision:
    /// a new resourceVersion, history, watchers and indexes. <paramref name="onCommit"/> also runs under the lock.
    /// Returns null when the object does not exist and nothing was written.
    /// </summary>
    public MutationResult? Mutate(ObjectAddress address, Func<StoredObject?, Mutation> decide, Action<StoredObject, bool>? onCommit = null)
    {
        lock (_gate)
        {
            var bucket = GetOrAddBucket(address.ResourceKey);
            bucket.Objects.TryGetValue(address.StoreKey, out var current);
            var mutation = decide(current);
            switch (mutation)
            {
                case Mutation.PutMutation put:
                {
                    var revision = ++_revision;
                    put.Value["metadata"]!["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture);
                    var stored = new StoredObject(put.Value, revision);
                    bucket.Objects[address.StoreKey] = stored;
                    Index(address, current, stored);
                    Publish(bucket, new StoreEvent(current is null ? StoreEventType.Added : StoreEventType.Modified, address.ResourceKey, stored, current));
                    onCommit?.Invoke(stored, false);
                    return new MutationResult(stored, false, true);
                }

                case Mutation.RemoveMutation when current is not null:
                {
                    var revision = ++_revision;
                    var final = current.CloneObject();
                    final["metadata"]!["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture);
                    var stored = new StoredObject(final, revision);
                    bucket.Objects.Remove(address.StoreKey);
                    Unindex(address, current);
                    Publish(bucket, new StoreEvent(StoreEventType.Deleted, address.ResourceKey, stored, current));
                    onCommit?.Invoke(stored, true);
                    return new MutationResult(stored, true, true);
                }

                default:
                    return current is null ? null : new MutationResult(current, false, false);
            }
        }
    }

    /// <summary>
    /// Starts a watch. With <paramref name="fromRevision"/> null the current objects are sent as ADDED first;
    /// otherwise every retained change after it is replayed. Throws 410 Expired when that history is gone.
    /// <paramref name="markInitialEventsEnd"/> (watch-list, <c>sendInitialEvents=true</c>) follows the initial
    /// events with a BOOKMARK annotated <c>k8s.io/initial-events-end</c>.
    /// </summary>
    public WatchSubscription Watch(string resourceKey, string? ns, long? fromRevision, bool markInitialEventsEnd = false)
    {
        lock (_gate)
        {
            var bucket = GetOrAddBucket(resourceKey);
            if (fromRevision is { } from && from < bucket.CompactedRevision)
            {
                throw StatusObjects.Expired($"too old resource version: {from} ({bucket.CompactedRevision + 1})");
            }

            // A resourceVersion this server never issued (e.g. from a server whose state was lost): the client must relist.
            if (fromRevision is { } future && future > _revision)
            {
                throw StatusObjects.Expired($"too old resource version: {future} is not known to this server (its latest is {_revision}); relist");
            }

            var subscription = new WatchSubscription(resourceKey, ns, Unsubscribe);
            var writer = subscription.Items.Writer;
            if (fromRevision is null)
            {
                foreach (var item in bucket.Objects.Values)
                {
                    if (ns is null || item.Namespace == ns)
                    {
                        writer.TryWrite(WatchItem.Change(new StoreEvent(StoreEventType.Added, resourceKey, item, null)));
                    }
                }

                if (markInitialEventsEnd)
                {
                    writer.TryWrite(WatchItem.Bookmark(_revision, initialEventsEnd: true));
                }
            }
            else
            {
                foreach (var change in bucket.History)
                {
                    if (change.ResourceVersion > fromRevision.Value)
                    {
                        writer.TryWrite(WatchItem.Change(change));
                    }
                }
            }

            bucket.Watchers.Add(subscription);
            return subscription;
        }
    }

    /// <summary>Queues a BOOKMARK at the current revision behind everything already queued for the watcher.</summary>
    public void Bookmark(WatchSubscription subscription)
    {
        lock (_gate)
        {
            subscription.Items.Writer.TryWrite(WatchItem.Bookmark(_revision));
        }
    }

    public void CloseAllWatches()
    {
        List<WatchSubscription> all;
        lock (_gate)
        {
            all = [.. _buckets.Values.SelectMany(b => b.Watchers)];
        }

        foreach (var subscription in all)
        {
            subscription.Close();
        }
    }

    /// <summary>Forgets a resource's objects and history (its CRD is gone) and ends its watches.</summary>
    public void RemoveResource(string resourceKey)
    {
        List<WatchSubscription> watchers;
        lock (_gate)
        {
            if (!_buckets.Remove(resourceKey, out var bucket))
            {
                return;
            }

            watchers = bucket.Watchers;
            foreach (var (_, item) in bucket.Objects)
            {
                Unindex(new ObjectAddress(resourceKey, item.Namespace, item.Name), item);
            }
        }

        foreach (var subscription in watchers)
        {
            subscription.Close();
        }
    }

    /// <summary>Every object with its resource key, and the latest revision (what a state file holds).</summary>
    public (long Revision, IReadOnlyList<(string ResourceKey, StoredObject Object)> Objects) Export()
    {
        lock (_gate)
        {
            return (_revision, [.. _buckets.SelectMany(b => b.Value.Objects.Values.Select(o => (b.Key, o)))]);
        }
    }

    /// <summary>
    /// Loads saved objects (keeping their resourceVersions) into an empty store and continues numbering after
    /// <paramref name="revision"/>; no history survives, so a watch from any earlier resourceVersion gets 410 Expired.
    /// </summary>
    public void Import(long revision, IEnumerable<(string ResourceKey, JsonObject Object)> objects)
    {
        lock (_gate)
        {
            foreach (var (resourceKey, value) in objects)
            {
                var resourceVersion = long.Parse(value["metadata"]?["resourceVersion"]?.GetValue<string>() ?? "0", CultureInfo.InvariantCulture);
                var stored = new StoredObject(value, resourceVersion);
                var address = new ObjectAddress(resourceKey, stored.Namespace, stored.Name);
                GetOrAddBucket(resourceKey).Objects[address.StoreKey] = stored;
                Index(address, null, stored);
                revision = Math.Max(revision, resourceVersion);
            }

            _revision = Math.Max(_revision, revision);
            _importedRevision = _revision;
            foreach (var bucket in _buckets.Values)
            {
                bucket.CompactedRevision = Math.Max(bucket.CompactedRevision, _importedRevision);
            }
        }
    }

    /// <summary>Drops the oldest retained history of every resource so that watches from older versions get 410.</summary>
    public void CompactHistory()
    {
        lock (_gate)
        {
            foreach (var bucket in _buckets.Values)
            {
                bucket.History.Clear();
                bucket.CompactedRevision = _revision;
            }
        }
    }

    private static int LowerBound(IList<string> keys, string value)
    {
        int lo = 0, hi = keys.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(keys[mid], value) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static IEnumerable<string> OwnerUids(StoredObject? item) =>
        item is null ? [] : item.OwnerReferences.Select(r => r["uid"]?.GetValue<string>()).OfType<string>();

    private ResourceBucket GetOrAddBucket(string resourceKey)
    {
        if (!_buckets.TryGetValue(resourceKey, out var bucket))
        {
            bucket = new ResourceBucket { CompactedRevision = _importedRevision };
            _buckets[resourceKey] = bucket;
        }

        return bucket;
    }

    private void Publish(ResourceBucket bucket, StoreEvent change)
    {
        bucket.History.Enqueue(change);
        while (bucket.History.Count > _historySize)
        {
            bucket.CompactedRevision = bucket.History.Dequeue().ResourceVersion;
        }

        foreach (var watcher in bucket.Watchers)
        {
            watcher.Items.Writer.TryWrite(WatchItem.Change(change));
        }

        _systemEvents.Writer.TryWrite(change);
        Changed?.Invoke();
    }

    private void Index(ObjectAddress address, StoredObject? previous, StoredObject stored)
    {
        _byUid[stored.Uid] = address;
        foreach (var owner in OwnerUids(previous))
        {
            RemoveDependent(owner, address);
        }

        foreach (var owner in OwnerUids(stored))
        {
            if (!_dependents.TryGetValue(owner, out var set))
            {
                set = [];
                _dependents[owner] = set;
            }

            set.Add(address);
        }
    }

    private void Unindex(ObjectAddress address, StoredObject removed)
    {
        _byUid.Remove(removed.Uid);
        foreach (var owner in OwnerUids(removed))
        {
            RemoveDependent(owner, address);
        }
    }

    private void RemoveDependent(string owner, ObjectAddress address)
    {
        if (_dependents.TryGetValue(owner, out var set) && set.Remove(address) && set.Count == 0)
        {
            _dependents.Remove(owner);
        }
    }

    private void Unsubscribe(WatchSubscription subscription)
    {
        lock (_gate)
        {
            if (_buckets.TryGetValue(subscription.ResourceKey, out var bucket))
            {
                bucket.Watchers.Remove(subscription);
            }
        }
    }

    private sealed class ResourceBucket
    {
        public SortedList<string, StoredObject> Objects { get; } = new(StringComparer.Ordinal);

        public Queue<StoreEvent> History { get; } = new();

        public long CompactedRevision { get; set; }

        public List<WatchSubscription> Watchers { get; } = [];
    }
}

/// <summary>One page of a list: the items, the revision it was read at and where the next page starts.</summary>
internal sealed record ListPage(IReadOnlyList<StoredObject> Items, long Revision, string? NextKey);

/// <summary>Helpers to read well-known metadata out of a JSON object tree.</summary>
internal static class JsonObjectMetadata
{
    public static JsonObject EnsureMetadata(this JsonObject value)
    {
        if (value["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = new JsonObject();
        value["metadata"] = metadata;
        return metadata;
    }

    public static string? GetString(this JsonObject value, string property) =>
        value[property] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
