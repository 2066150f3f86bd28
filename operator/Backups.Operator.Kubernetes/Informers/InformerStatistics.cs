namespace Backups.Operator.Kubernetes.Informers;

/// <summary>Counters of one informer's list-watch loop (thread-safe, monotonic).</summary>
public sealed class InformerStatistics
{
    private long _lists;
    private long _watches;
    private long _events;
    private long _goneRelists;
    private long _errors;
    private long _watchdogRestarts;
    private long _syntheticDeletes;
    private long _undecodable;

    /// <summary>Completed full (paged) LISTs.</summary>
    public long Lists => Interlocked.Read(ref _lists);

    /// <summary>WATCH requests started.</summary>
    public long Watches => Interlocked.Read(ref _watches);

    /// <summary>ADDED/MODIFIED/DELETED events received on watches.</summary>
    public long Events => Interlocked.Read(ref _events);

    /// <summary>Relists caused by 410 Gone / Expired.</summary>
    public long GoneRelists => Interlocked.Read(ref _goneRelists);

    /// <summary>Failed LIST/WATCH attempts followed by a backoff.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Watches abandoned because they went quiet for longer than the inactivity timeout.</summary>
    public long WatchdogRestarts => Interlocked.Read(ref _watchdogRestarts);

    /// <summary>Deletes emitted by a relist for objects that vanished while the watch was down.</summary>
    public long SyntheticDeletes => Interlocked.Read(ref _syntheticDeletes);

    /// <summary>Objects skipped because they could not be decoded (each list item or watch line counts once).</summary>
    public long UndecodableObjects => Interlocked.Read(ref _undecodable);

    internal void UndecodableObject() => Interlocked.Increment(ref _undecodable);

    internal void ListCompleted() => Interlocked.Increment(ref _lists);

    internal void WatchStarted() => Interlocked.Increment(ref _watches);

    internal void EventReceived() => Interlocked.Increment(ref _events);

    internal void Gone() => Interlocked.Increment(ref _goneRelists);

    internal void Failed() => Interlocked.Increment(ref _errors);

    internal void WatchdogFired() => Interlocked.Increment(ref _watchdogRestarts);

    internal void SyntheticDelete() => Interlocked.Increment(ref _syntheticDeletes);

    public override string ToString() =>
        $"lists={Lists} watches={Watches} events={Events} goneRelists={GoneRelists} errors={Errors} watchdogRestarts={WatchdogRestarts} syntheticDeletes={SyntheticDeletes} undecodable={UndecodableObjects}";
}
