using Backups.Operator.Api;
using Backups.Operator.Rules.Plans;
using Backups.Operator.Rules.Scheduling;
using Backups.Operator.Rules.Tests.TestSupport;
using Xunit.Abstractions;

namespace Backups.Operator.Rules.Tests.Scheduling;

/// <summary>Randomized checks (fixed seed) of the schedule against a naive walk of the tick chain.</summary>
public sealed class ScheduleEvaluatorPropertyTests(ITestOutputHelper output)
{
    private static readonly string[] Crons =
    [
        "0 3 * * *", "0 3 * * 0", "30 2 * * *", "30 1 * * *", "0 2 * * *", "*/30 * * * *", "*/7 * * * *", "15 */6 * * *",
        "0 0 * * *", "0 0 1 * *", "0 12 * * 1-5", "59 23 L * *", "0,30 2 * * *", "*/30 2 * * *", "45 0 29 2 *",
    ];

    private static readonly string[] Zones =
    [
        "UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "America/Santiago", "Pacific/Chatham",
    ];

    private static readonly int[] Deadlines = [1, 5, 60, 360, 1440, 10080];

    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Decisions_match_a_naive_walk_of_the_tick_chain()
    {
        var cases = RandomCases.Count(5000);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var random = new Random(RandomCases.Seed);
        var counts = new Dictionary<ScheduleAction, int>();

        for (var i = 0; i < cases; i++)
        {
            var plan = random.Next(20) == 0 ? Plan.Basic : Plan.Pro;
            var policy = Policies.Resolve(
                plan,
                schedule: Pick(random, Crons),
                timeZone: Pick(random, Zones),
                startingDeadlineMinutes: Pick(random, Deadlines),
                suspend: random.Next(10) == 0);
            var created = Epoch + TimeSpan.FromSeconds(random.NextInt64(0, 365L * 86400));
            var dense = policy.Schedule is { } s && s.StartsWith('*');
            var span = TimeSpan.FromSeconds(random.NextInt64(0, (dense ? 2L : 40L) * 86400));

            DateTimeOffset? last = random.Next(5) switch
            {
                0 or 1 => null,
                2 => created - TimeSpan.FromHours(random.Next(1, 100)),
                3 => created + span + TimeSpan.FromHours(random.Next(1, 100)),
                _ => plan == Plan.Basic ? null : NthTick(policy, created, random.Next(0, 5)),
            };
            var now = created + span;
            if (random.Next(4) == 0 && plan != Plan.Basic && Walk(policy, Origin(created, last), now + TimeSpan.FromDays(3)).FirstOrDefault() is var exact && exact != default)
            {
                now = exact; // exactly at a tick, as after a requeue
            }

            var decision = ScheduleEvaluator.Evaluate(policy, created, last, now);
            counts[decision.Action] = counts.GetValueOrDefault(decision.Action) + 1;
            var because = $"case {i}: {policy.Schedule} in {policy.TimeZoneId}, deadline {policy.StartingDeadlineMinutes}, created {created:O}, last {last:O}, now {now:O}";

            if (plan == Plan.Basic)
            {
                decision.Should().Be(new ScheduleDecision { Action = ScheduleAction.NotEligible, LastScheduleTime = last }, because);
                continue;
            }

            var origin = Origin(created, last);
            var ticks = Walk(policy, origin, now).ToList();
            var newest = ticks.Count > 0 ? ticks[^1] : (DateTimeOffset?)null;
            var nextAfterNewest = Next(policy, newest ?? origin);

            if (decision.Tick is { } tick)
            {
                tick.Should().BeAfter(created, because + " (never on creation)");
                tick.Should().BeOnOrBefore(now, because);
                tick.Offset.Should().Be(TimeSpan.Zero, because);
            }

            if (policy.Suspend)
            {
                decision.Action.Should().Be(ScheduleAction.Suspended, because);
                decision.Tick.Should().Be(newest, because);
                decision.LastScheduleTime.Should().Be(newest ?? last, because);
                decision.NextTick.Should().BeNull(because);
                decision.RequeueAt.Should().Be(nextAfterNewest, because);
                continue;
            }

            decision.NextTick.Should().Be(nextAfterNewest, because);
            decision.RequeueAt.Should().Be(decision.NextTick, because);
            if (decision.NextTick is { } next)
            {
                next.Should().BeAfter(now, because + " (requeue in the future)");
            }

            if (newest is null)
            {
                decision.Action.Should().Be(ScheduleAction.Wait, because);
                decision.Tick.Should().BeNull(because);
                decision.LastScheduleTime.Should().Be(last, because);
                continue;
            }

            decision.Tick.Should().Be(newest, because + " (one catch-up: the newest tick only)");
            decision.LastScheduleTime.Should().Be(newest, because);
            decision.SkippedOlderTicks.Should().Be(ticks.Count > 1, because);
            decision.Action.Should().Be(
                now - newest.Value <= policy.StartingDeadline ? ScheduleAction.Due : ScheduleAction.Missed, because);
        }

        output.WriteLine($"randomized schedule cases: {cases} (seed {RandomCases.Seed}) in {stopwatch.ElapsedMilliseconds} ms; by action: {string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key}={c.Value}"))}");
        counts.Keys.Should().Contain([ScheduleAction.Wait, ScheduleAction.Due, ScheduleAction.Missed, ScheduleAction.Suspended, ScheduleAction.NotEligible]);
    }

    [Fact]
    public void A_reconciler_that_requeues_at_the_next_tick_makes_one_backup_per_tick_and_one_catch_up_after_downtime()
    {
        var histories = RandomCases.Count(300);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var random = new Random(RandomCases.Seed + 1);
        long wakeUps = 0, made = 0, missed = 0, downtimes = 0;

        for (var h = 0; h < histories; h++)
        {
            var policy = Policies.Resolve(
                Plan.Pro,
                schedule: Pick(random, Crons),
                timeZone: Pick(random, Zones),
                startingDeadlineMinutes: Pick(random, Deadlines));
            var created = Epoch + TimeSpan.FromSeconds(random.NextInt64(0, 365L * 86400));
            var end = created + TimeSpan.FromDays(policy.Schedule!.StartsWith('*') ? 2 : 60);
            var because = $"history {h}: {policy.Schedule} in {policy.TimeZoneId}, deadline {policy.StartingDeadlineMinutes}, created {created:O}";

            DateTimeOffset? last = null;
            var madeTicks = new List<DateTimeOffset>();
            var now = created;
            var exact = false;
            while (now <= end)
            {
                wakeUps++;
                var decision = ScheduleEvaluator.Evaluate(policy, created, last, now);
                if (exact)
                {
                    decision.Action.Should().Be(ScheduleAction.Due, because + $" woke at the requeued tick {now:O}");
                    decision.Tick.Should().Be(now, because);
                }

                switch (decision.Action)
                {
                    case ScheduleAction.Due:
                        madeTicks.Should().NotContain(decision.Tick!.Value, because + " (one backup per tick)");
                        if (madeTicks.Count > 0)
                        {
                            decision.Tick!.Value.Should().BeAfter(madeTicks[^1], because);
                        }

                        madeTicks.Add(decision.Tick!.Value);
                        made++;
                        break;
                    case ScheduleAction.Missed:
                        missed++;
                        break;
                    case ScheduleAction.Wait:
                        decision.LastScheduleTime.Should().Be(last, because);
                        break;
                    default:
                        throw new InvalidOperationException($"unexpected {decision.Action}: {because}");
                }

                last = decision.LastScheduleTime;
                var requeueAt = decision.RequeueAt ?? end + TimeSpan.FromSeconds(1);
                requeueAt.Should().BeAfter(now, because);
                switch (random.Next(10))
                {
                    case 0: // the operator is down past the tick
                        downtimes++;
                        now = requeueAt + TimeSpan.FromMinutes(random.Next(1, 3 * 1440));
                        exact = false;
                        break;
                    case 1 or 2: // an unrelated event reconciles the policy before the tick
                        now += TimeSpan.FromTicks((long)((requeueAt - now).Ticks * random.NextDouble()));
                        exact = false;
                        if (now >= requeueAt)
                        {
                            now = requeueAt;
                            exact = true;
                        }

                        break;
                    default:
                        now = requeueAt;
                        exact = true;
                        break;
                }
            }

            madeTicks.Should().OnlyHaveUniqueItems(because);
            madeTicks.Should().NotContain(t => t <= created, because + " (never on creation)");
        }

        output.WriteLine($"randomized schedule histories: {histories} (seed {RandomCases.Seed + 1}) in {stopwatch.ElapsedMilliseconds} ms; reconciles {wakeUps}, backups {made}, missed {missed}, downtimes {downtimes}");
        made.Should().BePositive();
        missed.Should().BePositive();
    }

    private static DateTimeOffset Origin(DateTimeOffset created, DateTimeOffset? last) => last is { } l && l > created ? l : created;

    private static DateTimeOffset? Next(EffectivePolicy policy, DateTimeOffset after) =>
        policy.Cron!.GetNextOccurrence(after, policy.TimeZone)?.ToUniversalTime();

    private static IEnumerable<DateTimeOffset> Walk(EffectivePolicy policy, DateTimeOffset origin, DateTimeOffset until)
    {
        for (var t = Next(policy, origin); t is { } tick && tick <= until; t = Next(policy, tick))
        {
            yield return tick;
        }
    }

    private static DateTimeOffset? NthTick(EffectivePolicy policy, DateTimeOffset created, int n)
    {
        var tick = Next(policy, created);
        for (var i = 0; i < n && tick is not null; i++)
        {
            tick = Next(policy, tick.Value);
        }

        return tick;
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];
}
