namespace Backups.Operator.Rules.Scheduling;

/// <summary>What the schedule asks the policy reconciler to do now.</summary>
public enum ScheduleAction
{
    /// <summary>The plan allows no backups (Basic): nothing is scheduled and nothing is requeued.</summary>
    NotEligible,

    /// <summary>
    /// <c>suspend: true</c>: no backup. Ticks that pass while suspended are passed over (<see cref="ScheduleDecision.LastScheduleTime"/>
    /// moves to them) so resuming does not fire a catch-up for a tick that passed while suspended.
    /// </summary>
    Suspended,

    /// <summary>No tick is due yet: requeue at <see cref="ScheduleDecision.NextTick"/>.</summary>
    Wait,

    /// <summary>Create ONE automatic backup for <see cref="ScheduleDecision.Tick"/> (the newest tick that is due), then requeue at the next tick.</summary>
    Due,

    /// <summary>
    /// The newest due tick is older than <c>startingDeadlineMinutes</c>: no backup; record a Warning event and the
    /// <c>backup_missed_schedules_total</c> metric, set <c>lastScheduleTime</c> to <see cref="ScheduleDecision.Tick"/>.
    /// </summary>
    Missed,
}
