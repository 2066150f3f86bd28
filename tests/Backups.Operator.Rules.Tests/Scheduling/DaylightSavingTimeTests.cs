using Backups.Operator.Api;
using Backups.Operator.Rules.Naming;
using Backups.Operator.Rules.Scheduling;
using Backups.Operator.Rules.Tests.TestSupport;
using static Backups.Operator.Rules.Tests.TestSupport.Times;

namespace Backups.Operator.Rules.Tests.Scheduling;

/// <summary>
/// DST behaviour of the schedule (see <see cref="ScheduleEvaluator"/>'s remarks): a tick in a spring-forward gap runs at
/// the first valid instant after the gap; a tick in a fall-back overlap runs once, at its first occurrence.
/// </summary>
public sealed class DaylightSavingTimeTests
{
    // Following the requeue chain from a reconcile at the previous tick gives every tick once, in UTC.
    [Theory]
    // Europe/Berlin, spring forward 2026-03-29 02:00 CET -> 03:00 CEST: 02:30 does not exist, runs at 03:00 CEST (01:00Z).
    [InlineData("Europe/Berlin", "30 2 * * *", "2026-03-27T01:30:00Z", "2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z", "2026-03-31T00:30:00Z")]
    // Europe/Berlin, fall back 2026-10-25 03:00 CEST -> 02:00 CET: 02:30 happens twice, runs once at 02:30 CEST (00:30Z).
    [InlineData("Europe/Berlin", "30 2 * * *", "2026-10-23T00:30:00Z", "2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z", "2026-10-27T01:30:00Z")]
    // America/New_York, spring forward 2026-03-08 02:00 EST -> 03:00 EDT: 02:30 runs at 03:00 EDT (07:00Z).
    [InlineData("America/New_York", "30 2 * * *", "2026-03-06T07:30:00Z", "2026-03-07T07:30:00Z", "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z", "2026-03-10T06:30:00Z")]
    // America/New_York, fall back 2026-11-01 02:00 EDT -> 01:00 EST: 01:30 happens twice, runs once at 01:30 EDT (05:30Z).
    [InlineData("America/New_York", "30 1 * * *", "2026-10-30T05:30:00Z", "2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z", "2026-11-03T06:30:00Z")]
    // America/New_York, fall back: 02:30 is not ambiguous (02:00 EDT became 01:00 EST), it runs at 02:30 EST.
    [InlineData("America/New_York", "30 2 * * *", "2026-10-30T06:30:00Z", "2026-10-31T06:30:00Z", "2026-11-01T07:30:00Z", "2026-11-02T07:30:00Z", "2026-11-03T07:30:00Z")]
    public void Daily_ticks_across_a_change_day(string zone, string cron, string start, params string[] expectedTicks)
    {
        var policy = Policies.Resolve(Plan.Pro, schedule: cron, timeZone: zone);
        var created = Utc(start) - TimeSpan.FromDays(30);

        var ticks = new List<DateTimeOffset>();
        DateTimeOffset? last = Utc(start);
        var now = ScheduleEvaluator.Evaluate(policy, created, last, Utc(start)).RequeueAt!.Value;
        for (var i = 0; i < expectedTicks.Length; i++)
        {
            var decision = ScheduleEvaluator.Evaluate(policy, created, last, now);
            decision.Action.Should().Be(ScheduleAction.Due);
            decision.Tick.Should().Be(now, "the reconciler woke up at exactly the tick it requeued for");
            ticks.Add(decision.Tick!.Value);
            last = decision.LastScheduleTime;

            var again = ScheduleEvaluator.Evaluate(policy, created, last, now + TimeSpan.FromSeconds(1));
            again.Action.Should().Be(ScheduleAction.Wait, "one tick makes one backup");
            now = decision.RequeueAt!.Value;
        }

        ticks.Should().Equal(expectedTicks.Select(Utc));
    }

    [Fact]
    public void In_the_berlin_overlap_the_second_half_hour_does_not_fire_again()
    {
        var policy = Policies.Resolve(Plan.Pro, schedule: "30 2 * * *", timeZone: "Europe/Berlin");

        // 01:30Z on 2026-10-25 is 02:30 CET, the second 02:30 of the night.
        var decision = ScheduleEvaluator.Evaluate(policy, Utc("2026-10-01T00:00:00Z"), Utc("2026-10-25T00:30:00Z"), Utc("2026-10-25T01:30:00Z"));

        decision.Action.Should().Be(ScheduleAction.Wait);
        decision.NextTick.Should().Be(Utc("2026-10-26T01:30:00Z"));
    }

    [Fact]
    public void In_the_berlin_gap_the_shifted_tick_is_due_at_the_end_of_the_gap_not_before()
    {
        var policy = Policies.Resolve(Plan.Pro, schedule: "30 2 * * *", timeZone: "Europe/Berlin");
        var created = Utc("2026-03-01T00:00:00Z");
        var last = Utc("2026-03-28T01:30:00Z");

        ScheduleEvaluator.Evaluate(policy, created, last, Utc("2026-03-29T00:59:59Z")).Action.Should().Be(ScheduleAction.Wait);
        var due = ScheduleEvaluator.Evaluate(policy, created, last, Utc("2026-03-29T01:00:00Z"));
        due.Action.Should().Be(ScheduleAction.Due);
        BackupNames.Automatic("shop", due.Tick!.Value).Should().Be("shop-20260329-0100");
    }

    [Theory]
    // An interval in the minute field ("*/30") fires in both halves of the overlap: its ticks are distinct instants.
    [InlineData("*/30 2 * * *", "2026-10-25T00:00:00Z", "2026-10-25T00:30:00Z", "2026-10-25T01:00:00Z", "2026-10-25T01:30:00Z")]
    [InlineData("*/30 * * * *", "2026-10-25T00:00:00Z", "2026-10-25T00:30:00Z", "2026-10-25T01:00:00Z", "2026-10-25T01:30:00Z")]
    // A list of fixed minutes is not an interval: it fires once, in the first half (CEST), then the next day (CET).
    [InlineData("0,30 2 * * *", "2026-10-25T00:00:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:00:00Z", "2026-10-26T01:30:00Z")]
    public void Overlap_behaviour_of_sub_hour_schedules(string cron, params string[] expectedTicks)
    {
        var policy = Policies.Resolve(Plan.Pro, schedule: cron, timeZone: "Europe/Berlin");
        var created = Utc("2026-10-01T00:00:00Z");

        var ticks = new List<DateTimeOffset>();
        DateTimeOffset? last = Utc("2026-10-24T23:59:00Z");
        for (var i = 0; i < expectedTicks.Length; i++)
        {
            var now = ScheduleEvaluator.Evaluate(policy, created, last, last!.Value).RequeueAt!.Value;
            var decision = ScheduleEvaluator.Evaluate(policy, created, last, now);
            decision.Action.Should().Be(ScheduleAction.Due);
            ticks.Add(decision.Tick!.Value);
            last = decision.LastScheduleTime;
        }

        ticks.Should().Equal(expectedTicks.Select(Utc));
        ticks.Select(t => BackupNames.Automatic("shop", t)).Should().OnlyHaveUniqueItems("names come from the UTC tick");
    }

    [Fact]
    public void Catch_up_across_a_gap_picks_the_shifted_tick()
    {
        var policy = Policies.Resolve(Plan.Pro, schedule: "30 2 * * *", timeZone: "Europe/Berlin");

        // Operator down from before the 28th's tick until 03:30 CEST on the 29th.
        var decision = ScheduleEvaluator.Evaluate(policy, Utc("2026-03-01T00:00:00Z"), Utc("2026-03-27T01:30:00Z"), Utc("2026-03-29T01:30:00Z"));

        decision.Action.Should().Be(ScheduleAction.Due);
        decision.Tick.Should().Be(Utc("2026-03-29T01:00:00Z"));
        decision.SkippedOlderTicks.Should().BeTrue();
        decision.NextTick.Should().Be(Utc("2026-03-30T00:30:00Z"));
    }
}
