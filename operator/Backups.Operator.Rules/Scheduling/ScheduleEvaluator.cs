using Backups.Operator.Rules.Plans;
using Cronos;

namespace Backups.Operator.Rules.Scheduling;

/// <summary>
/// The schedule rule of docs/rules.md as a pure function:
/// <c>next = cron.next(lastScheduleTime ?? creationTimestamp)</c> in the policy's time zone; when due, ONE backup for the
/// newest due tick (one catch-up after downtime), none when that tick is older than <c>startingDeadlineMinutes</c>,
/// never for a tick at or before the policy's creation.
/// </summary>
/// <remarks>
/// Daylight saving time follows Cronos: a tick inside a spring-forward gap (e.g. <c>30 2 * * *</c> in Europe/Berlin on
/// 2026-03-29, where 02:00–03:00 does not exist) runs at the first valid instant after the gap (03:00 local) — late
/// rather than never; a tick inside a fall-back overlap (02:30 happens twice in Berlin on 2026-10-25) runs once, at its
/// first occurrence (still on summer time). Expressions with an interval in the minute field (<c>*/30 2 * * *</c>) fire in
/// both halves of an overlap, because Cronos treats their ticks as distinct instants; lists of fixed minutes
/// (<c>0,30 2 * * *</c>) fire once. Backup names come from the UTC tick, so they never collide either way.
/// </remarks>
public static class ScheduleEvaluator
{
    private static readonly TimeSpan InitialSearchWindow = TimeSpan.FromDays(1);

    /// <summary>Decides what the schedule asks for at <paramref name="now"/>.</summary>
    /// <param name="policy">The effective policy.</param>
    /// <param name="policyCreatedAt">The policy's <c>metadata.creationTimestamp</c>.</param>
    /// <param name="lastScheduleTime">The policy's <c>status.lastScheduleTime</c>.</param>
    /// <param name="now">The current time (from a <see cref="TimeProvider"/>).</param>
    public static ScheduleDecision Evaluate(
        EffectivePolicy policy,
        DateTimeOffset policyCreatedAt,
        DateTimeOffset? lastScheduleTime,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        now = now.ToUniversalTime();

        if (!policy.BackupsAllowed || policy.Cron is null)
        {
            return new ScheduleDecision { Action = ScheduleAction.NotEligible, LastScheduleTime = lastScheduleTime };
        }

        var cron = policy.Cron;
        var zone = policy.TimeZone;

        // Never on creation: ticks strictly after the creation, and never before a recorded tick.
        var origin = policyCreatedAt.ToUniversalTime();
        if (lastScheduleTime is { } last && last > origin)
        {
            origin = last.ToUniversalTime();
        }

        var first = Next(cron, zone, origin);
        var latest = first is { } f && f <= now ? LatestTickAtOrBefore(cron, zone, origin, now, policy.StartingDeadline) : null;

        if (policy.Suspend)
        {
            var passedOver = latest ?? lastScheduleTime;
            return new ScheduleDecision
            {
                Action = ScheduleAction.Suspended,
                Tick = latest,
                LastScheduleTime = passedOver,
                RequeueAt = latest is { } l ? Next(cron, zone, l) : first,
            };
        }

        if (latest is not { } tick)
        {
            return new ScheduleDecision
            {
                Action = ScheduleAction.Wait,
                LastScheduleTime = lastScheduleTime,
                NextTick = first,
                RequeueAt = first,
            };
        }

        var next = Next(cron, zone, tick);
        var action = now - tick <= policy.StartingDeadline ? ScheduleAction.Due : ScheduleAction.Missed;
        return new ScheduleDecision
        {
            Action = action,
            Tick = tick,
            LastScheduleTime = tick,
            NextTick = next,
            RequeueAt = next,
            SkippedOlderTicks = first < tick,
        };
    }

    /// <summary>
    /// The time between the next two ticks after <paramref name="now"/> (for <c>backup_policy_expected_interval_seconds</c>);
    /// <see langword="null"/> when the policy has no schedule.
    /// </summary>
    public static TimeSpan? ExpectedInterval(EffectivePolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!policy.BackupsAllowed || policy.Cron is null)
        {
            return null;
        }

        var first = Next(policy.Cron, policy.TimeZone, now.ToUniversalTime());
        var second = first is { } f ? Next(policy.Cron, policy.TimeZone, f) : null;
        return second - first;
    }

    /// <summary>The first tick strictly after <paramref name="after"/>, in UTC.</summary>
    public static DateTimeOffset? NextTickAfter(EffectivePolicy policy, DateTimeOffset after)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Cron is null ? null : Next(policy.Cron, policy.TimeZone, after.ToUniversalTime());
    }

    private static DateTimeOffset? Next(CronExpression cron, TimeZoneInfo zone, DateTimeOffset after) =>
        cron.GetNextOccurrence(after, zone, inclusive: false)?.ToUniversalTime();

    // The newest tick t with origin < t <= now, following the same Next() chain the schedule uses, without walking
    // every tick since the origin (a per-minute cron after a month of downtime): search back from now in doubling windows.
    private static DateTimeOffset? LatestTickAtOrBefore(CronExpression cron, TimeZoneInfo zone, DateTimeOffset origin, DateTimeOffset now, TimeSpan deadline)
    {
        var window = deadline > InitialSearchWindow ? deadline : InitialSearchWindow;
        while (true)
        {
            var from = now - origin <= window ? origin : now - window;
            DateTimeOffset? latest = null;
            for (var t = Next(cron, zone, from); t is { } tick && tick <= now; t = Next(cron, zone, tick))
            {
                latest = tick;
            }

            if (latest is not null || from == origin)
            {
                return latest;
            }

            window += window;
        }
    }
}
