using Backups.Operator.Kubernetes.Resources;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backups.Operator.Kubernetes.Controllers.Expectations;

/// <summary>
/// client-go's "expectations" for the operator's own writes of one kind (docs/kubernetes-runtime.md, "Own writes and the
/// cache"). A write through the runtime's client that returns resourceVersion X for key K records K→X; a reconcile of K
/// whose cached copy is not X waits (<see cref="ShouldWait"/>) until the informer delivers X or a delete of K
/// (<see cref="Observe"/>, <see cref="ObserveDeleted"/>), or until <see cref="WriteExpectationOptions.Timeout"/> passes;
/// then <see cref="Released"/> names K so the controllers enqueue it. resourceVersions are compared only for equality:
/// the events of K that arrive while a write of K is in flight are remembered, so an event that overtakes the write's
/// response still counts. One instance per kind (a DI singleton), shared by every writer and controller of the kind.
/// </summary>
internal sealed partial class WriteExpectations<T> : IDisposable
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private const string DeletedMarker = "\0deleted";
    private readonly Lock _gate = new();
    private readonly Dictionary<ObjectKey, Entry> _entries = [];
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private readonly string _resource = ResourceType.Of<T>().DisplayName;
    private DateTimeOffset _lastSweep;
    private long _expired;

    public WriteExpectations(IOptions<WriteExpectationOptions> options, TimeProvider timeProvider, ILogger<WriteExpectations<T>> logger)
    {
        _timeout = options.Value.Timeout;
        _timeProvider = timeProvider;
        _logger = logger;
        _lastSweep = timeProvider.GetUtcNow();
    }

    /// <summary>A key whose reconcile was held back can run now: the cache caught up, the object was deleted, or the wait expired.</summary>
    public event Action<ObjectKey>? Released;

    /// <summary>Keys with an own write the cache has not shown yet.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _entries.Values.Count(e => e.Expected is not null);
            }
        }
    }

    /// <summary>Waits that ended by <see cref="WriteExpectationOptions.Timeout"/> rather than by the cache catching up.</summary>
    public long Expired => Interlocked.Read(ref _expired);

    /// <summary>A write of <paramref name="key"/> is being sent; call <see cref="WriteEnded"/> when it is over, whatever the outcome.</summary>
    public void WriteStarted(ObjectKey key)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                entry = new Entry();
                _entries[key] = entry;
            }

            entry.InFlight++;
            entry.SeenWhileWriting ??= new HashSet<string>(StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// The write of <paramref name="key"/> is over: <paramref name="resourceVersion"/> is what the server returned, null
    /// when the write failed. A <paramref name="create"/> is only satisfied by seeing its own version (a delete seen
    /// meanwhile was of an older object of the same name).
    /// </summary>
    public void WriteEnded(ObjectKey key, string? resourceVersion, bool create)
    {
        ObjectKey? released;
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                return;
            }

            entry.InFlight--;
            if (!string.IsNullOrEmpty(resourceVersion))
            {
                var seen = entry.SeenWhileWriting!;
                if (seen.Contains(resourceVersion) || (!create && seen.Contains(DeletedMarker)))
                {
                    // The event carrying this write (or the object's deletion) overtook the response.
                    entry.Expected = null;
                }
                else
                {
                    entry.Expected = resourceVersion;
                    entry.Deadline = _timeProvider.GetUtcNow() + _timeout;
                }
            }

            if (entry.InFlight == 0)
            {
                entry.SeenWhileWriting = null;
            }

            released = SettleLocked(key, entry);
            SweepLocked();
        }

        Raise(released);
    }

    /// <summary>The informer delivered <paramref name="obj"/> (added, updated or relisted).</summary>
    public void Observe(T obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var key = ObjectKey.From(obj);
        var resourceVersion = obj.Metadata.ResourceVersion;
        ObjectKey? released;
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                return;
            }

            if (resourceVersion is not null)
            {
                entry.SeenWhileWriting?.Add(resourceVersion);
                if (entry.Expected == resourceVersion)
                {
                    entry.Expected = null;
                }
            }

            released = SettleLocked(key, entry);
        }

        Raise(released);
    }

    /// <summary>The informer delivered a delete of <paramref name="key"/>: nothing is left to wait for.</summary>
    public void ObserveDeleted(ObjectKey key)
    {
        ObjectKey? released;
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                return;
            }

            entry.SeenWhileWriting?.Add(DeletedMarker);
            entry.Expected = null;
            released = SettleLocked(key, entry);
        }

        Raise(released);
    }

    /// <summary>
    /// True when a reconcile of <paramref name="key"/> must not run yet: an own write of it returned a resourceVersion
    /// that <paramref name="cachedVersion"/> (read under this object's lock, so no event can slip in between) does not
    /// show and the informer has not delivered, and the wait has not expired. <see cref="Released"/> names the key later.
    /// </summary>
    public bool ShouldWait(ObjectKey key, Func<string?> cachedVersion)
    {
        ArgumentNullException.ThrowIfNull(cachedVersion);
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry) || entry.Expected is not { } expected)
            {
                return false;
            }

            var now = _timeProvider.GetUtcNow();
            var expired = now >= entry.Deadline;
            if (expired || cachedVersion() == expected)
            {
                if (expired)
                {
                    Interlocked.Increment(ref _expired);
                    Log.WaitExpired(_logger, _resource, key, expected, _timeout);
                }

                // This reconcile runs now: no extra wake-up needed.
                entry.Expected = null;
                entry.Deferred = false;
                SettleLocked(key, entry);
                return false;
            }

            entry.Deferred = true;
            entry.Timer ??= _timeProvider.CreateTimer(static state => ((DeadlineState)state!).Fire(), new DeadlineState(this, key), entry.Deadline - now, Timeout.InfiniteTimeSpan);
            return true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var entry in _entries.Values)
            {
                entry.Timer?.Dispose();
            }

            _entries.Clear();
        }
    }

    private void OnDeadline(ObjectKey key)
    {
        ObjectKey? released = null;
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry) || entry.Timer is null)
            {
                return;
            }

            var now = _timeProvider.GetUtcNow();
            if (entry.Expected is { } expected && now < entry.Deadline)
            {
                // A later write moved the deadline.
                entry.Timer.Change(entry.Deadline - now, Timeout.InfiniteTimeSpan);
                return;
            }

            if (entry.Expected is { } stale)
            {
                Interlocked.Increment(ref _expired);
                Log.WaitExpired(_logger, _resource, key, stale, _timeout);
                entry.Expected = null;
            }

            released = SettleLocked(key, entry);
        }

        Raise(released);
    }

    /// <summary>Ends a wait that has nothing left to wait for; returns the key when a held-back reconcile must be woken.</summary>
    private ObjectKey? SettleLocked(ObjectKey key, Entry entry)
    {
        if (entry.Expected is not null)
        {
            return null;
        }

        var wake = entry.Deferred;
        entry.Deferred = false;
        entry.Timer?.Dispose();
        entry.Timer = null;
        if (entry.InFlight == 0)
        {
            _entries.Remove(key);
        }

        return wake ? key : null;
    }

    /// <summary>Drops expectations nobody waited for that outlived the timeout (a kind no controller of this process watches).</summary>
    private void SweepLocked()
    {
        var now = _timeProvider.GetUtcNow();
        if (now - _lastSweep < _timeout)
        {
            return;
        }

        _lastSweep = now;
        foreach (var (key, entry) in _entries.Where(e => e.Value.InFlight == 0 && !e.Value.Deferred && now >= e.Value.Deadline).ToList())
        {
            entry.Timer?.Dispose();
            _entries.Remove(key);
        }
    }

    private void Raise(ObjectKey? key)
    {
        if (key is { } released)
        {
            Released?.Invoke(released);
        }
    }

    private sealed class Entry
    {
        /// <summary>Writes of the key being sent now.</summary>
        public int InFlight { get; set; }

        /// <summary>resourceVersions (and deletes) the informer delivered while a write was in flight.</summary>
        public HashSet<string>? SeenWhileWriting { get; set; }

        /// <summary>The resourceVersion of the last own write, until the cache shows it.</summary>
        public string? Expected { get; set; }

        public DateTimeOffset Deadline { get; set; }

        /// <summary>A reconcile was held back and must be woken when the wait ends.</summary>
        public bool Deferred { get; set; }

        public ITimer? Timer { get; set; }
    }

    private sealed class DeadlineState(WriteExpectations<T> owner, ObjectKey key)
    {
        public void Fire() => owner.OnDeadline(key);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "The {Resource} cache did not show the operator's own write of {Key} (resourceVersion {ResourceVersion}) within {Timeout}; reconciling from the cached copy")]
        public static partial void WaitExpired(ILogger logger, string resource, ObjectKey key, string resourceVersion, TimeSpan timeout);
    }
}
