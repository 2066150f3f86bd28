namespace Backups.Operator.Kubernetes.Controllers;

/// <summary>
/// The outcome of a successful reconcile, mapped as controller-runtime does: <see cref="RequeueAfter"/> forgets the key's
/// backoff and adds it again after the delay; <see cref="Requeue"/> adds it rate-limited; <see cref="Done"/> forgets it.
/// </summary>
public readonly record struct ReconcileResult(bool Requeue, TimeSpan? RequeueAfter)
{
    public static ReconcileResult Done => default;

    /// <summary>Reconcile again soon, with the per-key backoff (controller-runtime's deprecated <c>Requeue: true</c>).</summary>
    public static ReconcileResult RequeueRateLimited => new(true, null);

    /// <summary>Reconcile again after <paramref name="delay"/> (polling); an earlier event still triggers an earlier run.</summary>
    public static ReconcileResult After(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(delay.Ticks, nameof(delay));
        return new(false, delay);
    }
}
