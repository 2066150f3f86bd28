namespace Backups.Operator.Kubernetes.Queue;

/// <summary>Receives the work queue's measurements (client-go <c>queueMetrics</c>).</summary>
public interface IWorkQueueMetrics
{
    /// <summary>A non-duplicate add: depth +1, adds +1.</summary>
    void Added();

    /// <summary>An item was handed to a worker after waiting <paramref name="queued"/>: depth −1.</summary>
    void Started(TimeSpan queued);

    /// <summary>A worker finished an item it had for <paramref name="worked"/>.</summary>
    void Finished(TimeSpan worked);

    /// <summary>Every delayed or rate-limited add.</summary>
    void Retried();

    /// <summary>Queued items were dropped (e.g. on <see cref="IWorkQueue{T}.Clear"/>): depth −count.</summary>
    void Dropped(int count);
}
