using Backups.Operator.Kubernetes.Resources;
using k8s;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Informers;

/// <summary>A keyed object cache with secondary indexes, guarded by one lock.</summary>
public sealed class InformerStore<T> : IInformerStore<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ObjectKey, T> _items = [];
    private readonly Dictionary<string, Index> _indexes = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    public T? Get(string? @namespace, string name) => Get(new ObjectKey(string.IsNullOrEmpty(@namespace) ? null : @namespace, name));

    public T? Get(ObjectKey key)
    {
        lock (_gate)
        {
            return _items.GetValueOrDefault(key);
        }
    }

    public IReadOnlyList<T> List(string? @namespace = null)
    {
        lock (_gate)
        {
            if (@namespace is null)
            {
                return [.. _items.Values];
            }

            var result = new List<T>();
            foreach (var (key, value) in _items)
            {
                if (key.Namespace == @namespace)
                {
                    result.Add(value);
                }
            }

            return result;
        }
    }

    public void AddIndex(string indexName, Func<T, IEnumerable<string>> indexer)
    {
        if (!TryAddIndex(indexName, indexer))
        {
            throw new InvalidOperationException($"The index '{indexName}' already exists.");
        }
    }

    public bool TryAddIndex(string indexName, Func<T, IEnumerable<string>> indexer)
    {
        ArgumentException.ThrowIfNullOrEmpty(indexName);
        ArgumentNullException.ThrowIfNull(indexer);
        lock (_gate)
        {
            if (_indexes.ContainsKey(indexName))
            {
                return false;
            }

            var index = new Index(indexer);
            foreach (var (key, value) in _items)
            {
                index.Add(key, value);
            }

            _indexes.Add(indexName, index);
            return true;
        }
    }

    public IReadOnlyList<T> ByIndex(string indexName, string value)
    {
        lock (_gate)
        {
            if (!_indexes.TryGetValue(indexName, out var index))
            {
                throw new InvalidOperationException($"The index '{indexName}' does not exist.");
            }

            if (!index.Keys.TryGetValue(value, out var keys))
            {
                return [];
            }

            var result = new List<T>(keys.Count);
            foreach (var key in keys)
            {
                if (_items.TryGetValue(key, out var item))
                {
                    result.Add(item);
                }
            }

            return result;
        }
    }

    /// <summary>Inserts or replaces; returns the previous object.</summary>
    internal T? Upsert(T obj)
    {
        var key = ObjectKey.From(obj);
        lock (_gate)
        {
            _items.TryGetValue(key, out var old);
            foreach (var index in _indexes.Values)
            {
                if (old is not null)
                {
                    index.Remove(key, old);
                }

                index.Add(key, obj);
            }

            _items[key] = obj;
            return old;
        }
    }

    /// <summary>Removes; returns the removed object.</summary>
    internal T? Remove(ObjectKey key)
    {
        lock (_gate)
        {
            if (!_items.Remove(key, out var old))
            {
                return null;
            }

            foreach (var index in _indexes.Values)
            {
                index.Remove(key, old);
            }

            return old;
        }
    }

    internal IReadOnlyList<ObjectKey> Keys()
    {
        lock (_gate)
        {
            return [.. _items.Keys];
        }
    }

    private sealed class Index(Func<T, IEnumerable<string>> indexer)
    {
        public Dictionary<string, HashSet<ObjectKey>> Keys { get; } = new(StringComparer.Ordinal);

        public void Add(ObjectKey key, T obj)
        {
            foreach (var value in indexer(obj))
            {
                if (!Keys.TryGetValue(value, out var keys))
                {
                    Keys[value] = keys = [];
                }

                keys.Add(key);
            }
        }

        public void Remove(ObjectKey key, T obj)
        {
            foreach (var value in indexer(obj))
            {
                if (Keys.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
                {
                    Keys.Remove(value);
                }
            }
        }
    }
}
