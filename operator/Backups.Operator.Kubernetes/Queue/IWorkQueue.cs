namespace Backups.Operator.Kubernetes.Queue;

/// <summary>
/// A rate-limited, delaying work queue with client-go semantics: an item is processed by at most one worker at a time;
/// adds while it is queued are deduplicated and adds while it is processed coalesce into one follow-up after
/// <see cref="Done"/>; delayed adds keep the earliest time.
/// </summary>
public interface IWorkQueue<T>
    where T : notnull
{
    /// <summary>Items waiting to be handed out (not counting delayed or in-flight items).</summary>
    int Count { get; }

    bool IsShuttingDown { get; }

    void Add(T item);

    /// <summary>Adds the item after <paramref name="delay"/>; a pending earlier time wins.</summary>
    void AddAfter(T item, TimeSpan delay);

    /// <summary>Adds the item after the delay the rate limiter chooses (per-item backoff and the overall bucket).</summary>
    void AddRateLimited(T item);

    /// <summary>Resets the item's failure count.</summary>
    void Forget(T item);

    int NumRequeues(T item);

    /// <summary>
    /// Waits for the next item. Returns <c>(default, true)</c> once the queue is shut down and empty.
    /// The caller must call <see cref="Done"/> for every item it got.
    /// </summary>
    ValueTask<(T Item, bool ShuttingDown)> GetAsync(CancellationToken cancellationToken);

    void Done(T item);

    /// <summary>Stops accepting items; waiting workers return once the queue is empty.</summary>
    void ShutDown();

    /// <summary>Shuts down and waits until every in-flight item is done (or the token fires).</summary>
    Task ShutDownWithDrainAsync(CancellationToken cancellationToken);

    /// <summary>Drops every queued and delayed item (in-flight items finish); used when leadership is lost.</summary>
    void Clear();
}
