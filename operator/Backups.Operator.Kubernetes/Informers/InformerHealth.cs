namespace Backups.Operator.Kubernetes.Informers;

/// <summary>
/// Whether an informer can be relied on (docs/kubernetes-runtime.md, "Informer health"): it has synced, and its list-watch
/// loop has not been failing for longer than <see cref="InformerOptions.StuckAfter"/>. Read by <c>/readyz</c> and the
/// <c>informer_stuck</c> gauge, so both always agree.
/// </summary>
public static class InformerHealth
{
    /// <summary>Why <paramref name="informer"/> cannot be relied on now, or null when it can.</summary>
    public static string? Problem(IInformerStatus informer, DateTimeOffset now, TimeSpan stuckAfter)
    {
        ArgumentNullException.ThrowIfNull(informer);
        if (!informer.HasSynced)
        {
            return $"{informer.Resource} not synced";
        }

        return informer.FailingSince is { } since && now - since >= stuckAfter
            ? $"{informer.Resource} cannot list or watch since {since:O} ({informer.Statistics.Errors} failed attempts)"
            : null;
    }
}
