namespace Backups.Operator.ApiServer.Resources;

/// <summary>The kinds currently served: built-ins plus one entry per established CRD. Readers see immutable snapshots.</summary>
internal sealed class ResourceCatalog
{
    private readonly object _gate = new();
    private volatile Snapshot _snapshot;

    public ResourceCatalog()
    {
        _snapshot = new Snapshot(BuiltInResources.All, 0);
    }

    /// <summary>Increments whenever a kind is added, changed or removed (discovery and OpenAPI caches key on it).</summary>
    public long Generation => _snapshot.Generation;

    public IReadOnlyList<ResourceType> All => _snapshot.Types;

    public ResourceType? Find(string group, string version, string plural)
    {
        foreach (var type in _snapshot.Types)
        {
            if (type.Group == group && type.Plural == plural && type.FindVersion(version) is not null)
            {
                return type;
            }
        }

        return null;
    }

    public ResourceType? FindByKey(string key) => _snapshot.Types.FirstOrDefault(t => t.Key == key);

    public IEnumerable<ResourceType> Namespaced => _snapshot.Types.Where(t => t.Namespaced);

    public void AddOrReplace(ResourceType type)
    {
        lock (_gate)
        {
            var types = _snapshot.Types.Where(t => t.Key != type.Key).Append(type).ToList();
            _snapshot = new Snapshot(types, _snapshot.Generation + 1);
        }
    }

    public void Remove(string key)
    {
        lock (_gate)
        {
            _snapshot = new Snapshot([.. _snapshot.Types.Where(t => t.Key != key)], _snapshot.Generation + 1);
        }
    }

    private sealed record Snapshot(IReadOnlyList<ResourceType> Types, long Generation);
}
