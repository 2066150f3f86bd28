namespace Backups.Operator.Kubernetes.Queue.RateLimiting;

/// <summary>Decides how long an item waits before it is processed again (client-go <c>TypedRateLimiter</c>).</summary>
public interface IRateLimiter<in T>
{
    /// <summary>The delay before the item may be retried; records one more failure of it.</summary>
    TimeSpan When(T item);

    /// <summary>Stops tracking the item (it succeeded, or was given up).</summary>
    void Forget(T item);

    /// <summary>How many times the item has been requeued since it was last forgotten.</summary>
    int NumRequeues(T item);
}
