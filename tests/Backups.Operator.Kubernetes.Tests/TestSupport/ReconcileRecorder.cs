using System.Collections.Concurrent;
using System.Diagnostics;
using Backups.Operator.Kubernetes.Resources;

namespace Backups.Operator.Kubernetes.Tests;

/// <summary>
/// What the sample reconcilers did, shared by every host of a test: reconciles per key and host, first-reconcile
/// timestamps (for latency), cleanups, and any moment two reconciles of one key overlapped.
/// </summary>
public sealed class ReconcileRecorder
{
    private readonly ConcurrentDictionary<ObjectKey, int> _counts = new();
    private readonly ConcurrentDictionary<ObjectKey, long> _firstStarted = new();
    private readonly ConcurrentDictionary<ObjectKey, string> _active = new();
    private readonly ConcurrentDictionary<string, int> _byHost = new();
    private readonly ConcurrentDictionary<ObjectKey, int> _cleanups = new();
    private readonly ConcurrentQueue<string> _overlaps = new();
    private readonly ConcurrentDictionary<ObjectKey, ConcurrentQueue<string?>> _versionsSeen = new();
    private int _total;
    private int _completed;
    private int _cancelled;

    /// <summary>Add a finalizer on first reconcile and run a cleanup before letting the object go.</summary>
    public bool UseFinalizer { get; set; }

    /// <summary>Hold every reconcile this long (to make overlaps observable).</summary>
    public TimeSpan Hold { get; set; }

    /// <summary>Appended to the Ready condition's message: changing it makes the next reconcile write status.</summary>
    public string Marker { get; set; } = string.Empty;

    public int Total => Volatile.Read(ref _total);

    /// <summary>Reconciles that ran to their end.</summary>
    public int Completed => Volatile.Read(ref _completed);

    /// <summary>Reconciles stopped by their cancellation token.</summary>
    public int Cancelled => Volatile.Read(ref _cancelled);

    public int Active => _active.Count;

    public IReadOnlyDictionary<ObjectKey, int> Counts => _counts;

    public IReadOnlyDictionary<string, int> ByHost => _byHost;

    public IReadOnlyDictionary<ObjectKey, int> Cleanups => _cleanups;

    public IReadOnlyCollection<string> Overlaps => _overlaps;

    public int CountOf(ObjectKey key) => _counts.GetValueOrDefault(key);

    public long? FirstStarted(ObjectKey key) => _firstStarted.TryGetValue(key, out var t) ? t : null;

    public void Enter(string host, ObjectKey key)
    {
        if (!_active.TryAdd(key, host))
        {
            _overlaps.Enqueue($"{key}: {host} while {_active.GetValueOrDefault(key)}");
        }

        _firstStarted.TryAdd(key, Stopwatch.GetTimestamp());
        _counts.AddOrUpdate(key, 1, (_, c) => c + 1);
        _byHost.AddOrUpdate(host, 1, (_, c) => c + 1);
        Interlocked.Increment(ref _total);
    }

    /// <summary>The resourceVersion of the cached copy each reconcile of <paramref name="key"/> got (null: not cached), in order.</summary>
    public IReadOnlyList<string?> VersionsSeen(ObjectKey key) => _versionsSeen.TryGetValue(key, out var seen) ? [.. seen] : [];

    public void Saw(ObjectKey key, string? resourceVersion) => _versionsSeen.GetOrAdd(key, _ => new ConcurrentQueue<string?>()).Enqueue(resourceVersion);

    public void Exit(string host, ObjectKey key) => _active.TryRemove(new KeyValuePair<ObjectKey, string>(key, host));

    public void Complete() => Interlocked.Increment(ref _completed);

    public void Cancel() => Interlocked.Increment(ref _cancelled);

    public void CleanedUp(ObjectKey key) => _cleanups.AddOrUpdate(key, 1, (_, c) => c + 1);
}
