using Backups.Operator.Kubernetes.Client;
using Backups.Operator.Kubernetes.Resources;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Backups.Operator.Kubernetes.Informers;

/// <summary>
/// The reflector of one kind (client-go <c>tools/cache/reflector.go</c>): paged LIST into the store with a diff (synthetic
/// deletes for vanished objects), then WATCH from the list's resourceVersion with bookmarks and a randomized server
/// timeout; every event advances the resourceVersion; a normal end re-watches; 410 Gone (as event or HTTP status) relists;
/// other errors back off with jitter; a watch quiet for longer than the inactivity timeout is abandoned.
/// </summary>
public sealed partial class Informer<T> : IInformer<T>, IInformerStatus, IAsyncDisposable
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IResourceClient<T> _client;
    private readonly InformerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly InformerStore<T> _store = new();
    private readonly StringPool _strings = new();
    private readonly Lock _handlersGate = new();

    // Start/Stop take their own lock, never _handlersGate: handlers run under _handlersGate and may start informers through
    // IInformerFactory.GetInformer (see docs/kubernetes-runtime.md, "Locks").
    private readonly Lock _lifecycleGate = new();
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly JitteredBackoff _backoff;
    private IResourceEventHandler<T>[] _handlers = [];
    private CancellationTokenSource? _stopping;
    private ITimer? _resyncTimer;
    private Task? _loop;
    private readonly Action<UndecodableObject>? _onUndecodable;
    private long _lastActivityTicks;
    private long _failingSinceTicks;
    private int _disposed;

    /// <summary>
    /// Watches in a row that ended without a single line count as a failing watch from the third on
    /// (docs/kubernetes-runtime.md, "Informer health"): a server that accepts watches and closes them at once is not healthy.
    /// </summary>
    internal const int EmptyWatchesBeforeFailing = 3;

    /// <summary>A stopped informer; <paramref name="onUndecodable"/> is told about every object that cannot be decoded (after
    /// it is logged and counted), e.g. to record a Kubernetes Event on it.</summary>
    public Informer(
        IResourceClient<T> client, InformerOptions options, TimeProvider timeProvider, ILogger<Informer<T>> logger,
        Action<UndecodableObject>? onUndecodable = null)
    {
        _client = client;
        _onUndecodable = onUndecodable;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _backoff = new JitteredBackoff(options.InitialBackoff, options.MaxBackoff, options.BackoffReset, timeProvider);
        Resource = ResourceType.Of<T>().DisplayName;
        Touch();
    }

    public string Resource { get; }

    public IInformerStore<T> Store => _store;

    public bool HasSynced => _synced.Task.IsCompleted;

    public bool IsRunning => _loop is { IsCompleted: false };

    public DateTimeOffset LastActivity => new(Interlocked.Read(ref _lastActivityTicks), TimeSpan.Zero);

    public InformerStatistics Statistics { get; } = new();

    public DateTimeOffset? FailingSince => Interlocked.Read(ref _failingSinceTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    public IDisposable AddEventHandler(IResourceEventHandler<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);

        // Under the gate so no event is delivered between the replay and the registration.
        lock (_handlersGate)
        {
            if (HasSynced)
            {
                foreach (var obj in _store.List())
                {
                    SafeInvoke(handler, h => h.OnAdd(obj));
                }
            }

            _handlers = [.. _handlers, handler];
        }

        return new Registration(this, handler);
    }

    /// <summary>Starts the list-watch loop (idempotent).</summary>
    public void Start()
    {
        lock (_lifecycleGate)
        {
            if (_loop is not null)
            {
                return;
            }

            _stopping = new CancellationTokenSource();
            var token = _stopping.Token;
            _loop = Task.Run(() => RunAsync(token), CancellationToken.None);
            if (_options.ResyncPeriod is { } period && period > TimeSpan.Zero)
            {
                _resyncTimer = _timeProvider.CreateTimer(static state => ((Informer<T>)state!).Resync(), this, period, period);
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task? loop;
        lock (_lifecycleGate)
        {
            loop = _loop;
            _stopping?.Cancel();
            _resyncTimer?.Dispose();
        }

        if (loop is not null)
        {
            await loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping?.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        string? resourceVersion = null;
        var needList = true;
        var emptyWatches = 0;
        var emptySince = DateTimeOffset.MinValue;
        while (!cancellationToken.IsCancellationRequested)
        {
            var stage = needList ? "list" : "watch";
            try
            {
                if (needList)
                {
                    resourceVersion = await ListAsync(cancellationToken).ConfigureAwait(false);
                    needList = false;
                    emptyWatches = 0;
                }

                stage = "watch";
                (resourceVersion, var lines) = await WatchAsync(resourceVersion, cancellationToken).ConfigureAwait(false);
                if (lines > 0)
                {
                    emptyWatches = 0;
                }
                else if (++emptyWatches < EmptyWatchesBeforeFailing)
                {
                    // The server closed a watch that had nothing to say; re-watch from the same resourceVersion after a
                    // short pause, so a server that keeps doing this cannot make the loop spin.
                    emptySince = emptyWatches == 1 ? _timeProvider.GetUtcNow() : emptySince;
                    Log.WatchClosedEmpty(_logger, Resource);
                    await Task.Delay(_options.InitialBackoff, _timeProvider, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    // Again and again: a failing watch, failing since the first empty one of the row.
                    Statistics.Failed();
                    Interlocked.CompareExchange(ref _failingSinceTicks, emptySince.UtcTicks, 0);
                    var delay = _backoff.Next();
                    Log.WatchesClosedEmpty(_logger, Resource, emptyWatches, delay);
                    await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (ApiErrors.IsGone(e))
            {
                Statistics.Gone();
                Log.ResourceVersionExpired(_logger, Resource, resourceVersion);
                needList = true;
                resourceVersion = null;
            }
            catch (WatchInactiveException)
            {
                Statistics.WatchdogFired();
                Log.WatchInactive(_logger, Resource, _options.WatchInactivityTimeout);
            }
            catch (Exception e)
            {
                Statistics.Failed();
                Interlocked.CompareExchange(ref _failingSinceTicks, _timeProvider.GetUtcNow().UtcTicks, 0);
                var delay = _backoff.Next();
                Log.ListWatchFailed(_logger, Resource, stage, delay, e);
                try
                {
                    await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private async Task<string?> ListAsync(CancellationToken cancellationToken)
    {
        var items = new List<T>();
        var undecodable = new List<UndecodableObject>();
        string? continueToken = null;
        string? resourceVersion;
        do
        {
            var page = await _client.ListAsync(
                _options.Namespace,
                new ListOptions { Limit = _options.PageSize, Continue = continueToken },
                cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Items);
            undecodable.AddRange(page.Undecodable);
            resourceVersion = page.ResourceVersion;
            continueToken = page.Continue;
            Touch();
        }
        while (continueToken is not null);

        foreach (var failure in undecodable)
        {
            ReportUndecodable(failure);
        }

        Replace(items, undecodable);
        Statistics.ListCompleted();
        Progressed();
        Log.Listed(_logger, Resource, items.Count, resourceVersion);
        lock (_handlersGate)
        {
            _synced.TrySetResult();
        }

        return resourceVersion;
    }

    /// <summary>Follows one watch; returns the resourceVersion to resume from and how many lines the stream carried.</summary>
    private async Task<(string? ResourceVersion, int Lines)> WatchAsync(string? resourceVersion, CancellationToken cancellationToken)
    {
        var spread = _options.MaxWatchTimeout - _options.MinWatchTimeout;
        var timeout = _options.MinWatchTimeout + (spread > TimeSpan.Zero ? spread * Random.Shared.NextDouble() : TimeSpan.Zero);

        using var watchCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var inactive = false;
        using var watchdog = _timeProvider.CreateTimer(
            _ =>
            {
                inactive = true;
                watchCancellation.Cancel();
            },
            null,
            _options.WatchInactivityTimeout,
            Timeout.InfiniteTimeSpan);

        Statistics.WatchStarted();
        Touch();
        var lines = 0;
        try
        {
            // Each line is decoded on its own (docs/kubernetes-runtime.md, "Undecodable objects"): an object that cannot be
            // decoded is skipped and reported, and every other line keeps flowing.
            await foreach (var line in _client.WatchEventsAsync(_options.Namespace, resourceVersion, timeout, null, watchCancellation.Token)
                               .ConfigureAwait(false))
            {
                lines++;
                watchdog.Change(_options.WatchInactivityTimeout, Timeout.InfiniteTimeSpan);
                Touch();
                Progressed();
                resourceVersion = line.ResourceVersion ?? resourceVersion;
                if (line.Undecodable is { } undecodable)
                {
                    ReportUndecodable(undecodable);
                    if (line.Type == WatchEventType.Deleted)
                    {
                        Statistics.EventReceived();
                        DeleteUndecodable(undecodable);
                    }

                    continue;
                }

                switch (line.Type)
                {
                    case WatchEventType.Added or WatchEventType.Modified when line.Object is { } obj:
                        Statistics.EventReceived();
                        Apply(obj);
                        break;
                    case WatchEventType.Deleted when line.Object is { } obj:
                        Statistics.EventReceived();
                        Delete(obj);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (inactive && !cancellationToken.IsCancellationRequested)
        {
            throw new WatchInactiveException();
        }

        // The server ended the watch normally. Only its lines were progress: one that ended without any is not (see
        // EmptyWatchesBeforeFailing).
        return (resourceVersion, lines);
    }

    /// <summary>
    /// An object that cannot be decoded keeps its last good version in the store, if any (a controller keeps working on
    /// what it last knew rather than seeing a false delete); it is logged, counted and passed to the observer.
    /// </summary>
    private void ReportUndecodable(UndecodableObject undecodable)
    {
        Statistics.UndecodableObject();
        Log.Undecodable(_logger, Resource, undecodable.Kind, undecodable.Namespace, undecodable.Name, undecodable.ResourceVersion, undecodable.Error);
        try
        {
            _onUndecodable?.Invoke(undecodable);
        }
        catch (Exception e)
        {
            Log.HandlerFailed(_logger, Resource, e);
        }
    }

    private void DeleteUndecodable(UndecodableObject undecodable)
    {
        if (undecodable.Name is not { } name)
        {
            return;
        }

        var key = new ObjectKey(string.IsNullOrEmpty(undecodable.Namespace) ? null : undecodable.Namespace, name);
        if (_store.Remove(key) is { } removed)
        {
            Notify(h => h.OnDelete(removed));
        }
    }

    private void Progressed() => Interlocked.Exchange(ref _failingSinceTicks, 0);

    private void Replace(List<T> items, List<UndecodableObject> undecodable)
    {
        // An undecodable object still exists: its last good version (if any) stays, and no synthetic delete is sent.
        var seen = new HashSet<ObjectKey>(undecodable
            .Where(u => u.Name is not null)
            .Select(u => new ObjectKey(string.IsNullOrEmpty(u.Namespace) ? null : u.Namespace, u.Name!)));
        foreach (var item in items)
        {
            var obj = CacheTransform.Apply(item, _strings);
            seen.Add(ObjectKey.From(obj));
            var old = _store.Upsert(obj);
            if (old is null)
            {
                Notify(h => h.OnAdd(obj));
            }
            else if (old.Metadata?.ResourceVersion != obj.Metadata?.ResourceVersion)
            {
                Notify(h => h.OnUpdate(old, obj));
            }
        }

        foreach (var key in _store.Keys())
        {
            if (!seen.Contains(key) && _store.Remove(key) is { } removed)
            {
                Statistics.SyntheticDelete();
                Notify(h => h.OnDelete(removed));
            }
        }
    }

    private void Apply(T decoded)
    {
        var obj = CacheTransform.Apply(decoded, _strings);
        var old = _store.Upsert(obj);
        if (old is null)
        {
            Notify(h => h.OnAdd(obj));
        }
        else
        {
            Notify(h => h.OnUpdate(old, obj));
        }
    }

    private void Delete(T obj)
    {
        var removed = _store.Remove(ObjectKey.From(obj));
        Notify(h => h.OnDelete(removed ?? obj));
    }

    /// <summary>Re-delivers every cached object as an update (resync).</summary>
    internal void Resync()
    {
        foreach (var obj in _store.List())
        {
            Notify(h => h.OnUpdate(obj, obj));
        }
    }

    private void Notify(Action<IResourceEventHandler<T>> action)
    {
        IResourceEventHandler<T>[] handlers;
        lock (_handlersGate)
        {
            handlers = _handlers;
        }

        foreach (var handler in handlers)
        {
            SafeInvoke(handler, action);
        }
    }

    private void SafeInvoke(IResourceEventHandler<T> handler, Action<IResourceEventHandler<T>> action)
    {
        try
        {
            action(handler);
        }
        catch (Exception e)
        {
            Log.HandlerFailed(_logger, Resource, e);
        }
    }

    private void Touch() => Interlocked.Exchange(ref _lastActivityTicks, _timeProvider.GetUtcNow().UtcTicks);

    private void RemoveHandler(IResourceEventHandler<T> handler)
    {
        lock (_handlersGate)
        {
            _handlers = [.. _handlers.Where(h => !ReferenceEquals(h, handler))];
        }
    }

    private sealed class Registration(Informer<T> informer, IResourceEventHandler<T> handler) : IDisposable
    {
        public void Dispose() => informer.RemoveHandler(handler);
    }

    private sealed class WatchInactiveException : Exception;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Listed {Resource}: {Count} objects at resourceVersion {ResourceVersion}")]
        public static partial void Listed(ILogger logger, string resource, int count, string? resourceVersion);

        [LoggerMessage(2, LogLevel.Information, "Watch of {Resource} at resourceVersion {ResourceVersion} expired (410); relisting")]
        public static partial void ResourceVersionExpired(ILogger logger, string resource, string? resourceVersion);

        [LoggerMessage(3, LogLevel.Warning, "Watch of {Resource} was quiet for {Timeout}; restarting it")]
        public static partial void WatchInactive(ILogger logger, string resource, TimeSpan timeout);

        [LoggerMessage(4, LogLevel.Debug, "Watch of {Resource} closed without any line; re-watching")]
        public static partial void WatchClosedEmpty(ILogger logger, string resource);

        [LoggerMessage(5, LogLevel.Warning, "The {Stage} of {Resource} failed; retrying in {Delay}")]
        public static partial void ListWatchFailed(ILogger logger, string resource, string stage, TimeSpan delay, Exception exception);

        [LoggerMessage(6, LogLevel.Error, "An event handler of {Resource} threw")]
        public static partial void HandlerFailed(ILogger logger, string resource, Exception exception);

        [LoggerMessage(8, LogLevel.Warning, "Watch of {Resource} closed without any line {Count} times in a row; counted as a failing watch, retrying in {Delay}")]
        public static partial void WatchesClosedEmpty(ILogger logger, string resource, int count, TimeSpan delay);

        [LoggerMessage(7, LogLevel.Warning, "Skipping a {Kind} that cannot be decoded: namespace {Namespace}, name {Name}, resourceVersion {ResourceVersion} ({Error}); the other {Resource} keep flowing")]
        public static partial void Undecodable(ILogger logger, string resource, string kind, string? @namespace, string? name, string? resourceVersion, string error);
    }
}
