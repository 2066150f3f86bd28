using System.Threading.Channels;

namespace Backups.Operator.ApiServer.Storage;

/// <summary>A watcher's ordered queue: events are written under the store lock, so nothing is lost or reordered.</summary>
internal sealed class WatchSubscription : IDisposable
{
    private readonly Action<WatchSubscription> _unregister;
    private readonly CancellationTokenSource _closed = new();

    public WatchSubscription(string resourceKey, string? ns, Action<WatchSubscription> unregister)
    {
        ResourceKey = resourceKey;
        Namespace = ns;
        _unregister = unregister;
    }

    public string ResourceKey { get; }

    public string? Namespace { get; }

    public Channel<WatchItem> Items { get; } = Channel.CreateUnbounded<WatchItem>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Cancelled when the server closes the watch (fault injection, restart, resource removed).</summary>
    public CancellationToken Closed => _closed.Token;

    public void Close()
    {
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _unregister(this);
        _closed.Dispose();
    }
}

/// <summary>An item of a watch stream: a change or a bookmark at a resourceVersion.</summary>
internal sealed record WatchItem(StoreEvent? Event, long BookmarkVersion, bool InitialEventsEnd = false)
{
    public static WatchItem Bookmark(long version, bool initialEventsEnd = false) => new(null, version, initialEventsEnd);

    public static WatchItem Change(StoreEvent change) => new(change, 0);
}
