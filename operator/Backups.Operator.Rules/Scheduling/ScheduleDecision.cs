namespace Backups.Operator.Rules.Scheduling;

/// <summary>The schedule's verdict for one reconcile. All times are UTC.</summary>
public sealed record ScheduleDecision
{
    /// <summary>What to do.</summary>
    public required ScheduleAction Action { get; init; }

    /// <summary>
    /// <see cref="ScheduleAction.Due"/>: the tick to create the automatic backup for (its name comes from it).
    /// <see cref="ScheduleAction.Missed"/>: the tick given up on. <see cref="ScheduleAction.Suspended"/>: the newest tick
    /// passed over while suspended, if any. Otherwise <see langword="null"/>.
    /// </summary>
    public DateTimeOffset? Tick { get; init; }

    /// <summary>
    /// The value <c>status.lastScheduleTime</c> should hold once the action is done (write it after the backup exists);
    /// equal to the input when nothing changes.
    /// </summary>
    public DateTimeOffset? LastScheduleTime { get; init; }

    /// <summary>
    /// The first tick after now, for <c>status.nextBackupTime</c> and the next-backup metric;
    /// <see langword="null"/> when not eligible or suspended (or when the cron never fires again).
    /// </summary>
    public DateTimeOffset? NextTick { get; init; }

    /// <summary>
    /// When the reconciler must run again for the schedule (requeue at exactly this instant); <see langword="null"/>
    /// for none. Equals <see cref="NextTick"/>, except while suspended where it is the next tick to pass over.
    /// </summary>
    public DateTimeOffset? RequeueAt { get; init; }

    /// <summary>
    /// True when older ticks than <see cref="Tick"/> were not run either (the operator was down across several
    /// ticks): only the newest is caught up, the others are gone.
    /// </summary>
    public bool SkippedOlderTicks { get; init; }
}
