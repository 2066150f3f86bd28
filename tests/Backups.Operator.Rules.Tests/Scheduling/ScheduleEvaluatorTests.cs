using Backups.Operator.Api;
using Backups.Operator.Rules.Scheduling;
using Backups.Operator.Rules.Tests.TestSupport;
using static Backups.Operator.Rules.Tests.TestSupport.Times;

namespace Backups.Operator.Rules.Tests.Scheduling;

public sealed class ScheduleEvaluatorTests
{
    // Pro, UTC, "0 3 * * *", startingDeadlineMinutes 360 unless stated.
    [Theory]
    [InlineData("first tick is the one after creation", "2026-11-25T10:00:00Z", null, "2026-11-25T12:00:00Z", ScheduleAction.Wait, null, "2026-11-26T03:00:00Z", false)]
    [InlineData("never on creation, even at a tick", "2026-11-25T03:00:00Z", null, "2026-11-25T03:00:00Z", ScheduleAction.Wait, null, "2026-11-26T03:00:00Z", false)]
    [InlineData("due exactly at the tick", "2026-11-25T10:00:00Z", null, "2026-11-26T03:00:00Z", ScheduleAction.Due, "2026-11-26T03:00:00Z", "2026-11-27T03:00:00Z", false)]
    [InlineData("a tick already acted on is not due again", "2026-11-25T10:00:00Z", "2026-11-26T03:00:00Z", "2026-11-26T03:00:30Z", ScheduleAction.Wait, null, "2026-11-27T03:00:00Z", false)]
    [InlineData("one minute before the tick", "2026-11-20T10:00:00Z", "2026-11-25T03:00:00Z", "2026-11-26T02:59:00Z", ScheduleAction.Wait, null, "2026-11-26T03:00:00Z", false)]
    [InlineData("one catch-up after downtime: the newest tick only", "2026-11-01T10:00:00Z", "2026-11-20T03:00:00Z", "2026-11-26T05:00:00Z", ScheduleAction.Due, "2026-11-26T03:00:00Z", "2026-11-27T03:00:00Z", true)]
    [InlineData("catch-up exactly at the deadline still runs", "2026-11-01T10:00:00Z", "2026-11-20T03:00:00Z", "2026-11-26T09:00:00Z", ScheduleAction.Due, "2026-11-26T03:00:00Z", "2026-11-27T03:00:00Z", true)]
    [InlineData("past the deadline: missed", "2026-11-01T10:00:00Z", "2026-11-20T03:00:00Z", "2026-11-26T09:00:01Z", ScheduleAction.Missed, "2026-11-26T03:00:00Z", "2026-11-27T03:00:00Z", true)]
    [InlineData("missed without older ticks", "2026-11-01T10:00:00Z", "2026-11-25T03:00:00Z", "2026-11-26T20:00:00Z", ScheduleAction.Missed, "2026-11-26T03:00:00Z", "2026-11-27T03:00:00Z", false)]
    [InlineData("no status yet: the newest tick since creation", "2026-11-20T10:00:00Z", null, "2026-11-26T05:00:00Z", ScheduleAction.Due, "2026-11-26T03:00:00Z", "2026-11-27T03:00:00Z", true)]
    [InlineData("a lastScheduleTime before creation counts as creation", "2026-11-25T10:00:00Z", "2026-11-01T03:00:00Z", "2026-11-25T12:00:00Z", ScheduleAction.Wait, null, "2026-11-26T03:00:00Z", false)]
    [InlineData("a lastScheduleTime in the future waits for the tick after it", "2026-11-01T10:00:00Z", "2026-11-28T03:00:00Z", "2026-11-26T05:00:00Z", ScheduleAction.Wait, null, "2026-11-29T03:00:00Z", false)]
    [InlineData("months of downtime", "2025-01-01T00:00:00Z", "2025-01-02T03:00:00Z", "2026-11-26T04:00:00Z", ScheduleAction.Due, "2026-11-26T03:00:00Z", "2026-11-27T03:00:00Z", true)]
    public void Pro_in_utc(string because, string created, string? last, string now, ScheduleAction action, string? tick, string? next, bool skippedOlder)
    {
        var decision = ScheduleEvaluator.Evaluate(Policies.Resolve(Plan.Pro), Utc(created), UtcOrNull(last), Utc(now));

        decision.Action.Should().Be(action, because);
        decision.Tick.Should().Be(UtcOrNull(tick), because);
        decision.NextTick.Should().Be(UtcOrNull(next), because);
        decision.RequeueAt.Should().Be(UtcOrNull(next), "the reconciler requeues at exactly the next tick");
        decision.SkippedOlderTicks.Should().Be(skippedOlder, because);
        decision.LastScheduleTime.Should().Be(tick is null ? UtcOrNull(last) : Utc(tick), because);
    }

    [Fact]
    public void Advanced_runs_weekly_on_sunday_at_three()
    {
        var policy = Policies.Resolve(Plan.Advanced);
        var created = Utc("2026-11-24T09:00:00Z"); // a Tuesday

        var before = ScheduleEvaluator.Evaluate(policy, created, null, Utc("2026-11-26T12:00:00Z"));
        before.Action.Should().Be(ScheduleAction.Wait);
        before.NextTick.Should().Be(Utc("2026-11-29T03:00:00Z"));

        var due = ScheduleEvaluator.Evaluate(policy, created, null, Utc("2026-11-29T03:00:00Z"));
        due.Action.Should().Be(ScheduleAction.Due);
        due.Tick.Should().Be(Utc("2026-11-29T03:00:00Z"));
        due.NextTick.Should().Be(Utc("2026-12-06T03:00:00Z"));
    }

    [Fact]
    public void Basic_schedules_nothing()
    {
        var decision = ScheduleEvaluator.Evaluate(Policies.Resolve(Plan.Basic), Utc("2026-01-01T00:00:00Z"), Utc("2026-02-01T03:00:00Z"), Utc("2026-11-26T05:00:00Z"));

        decision.Should().Be(new ScheduleDecision { Action = ScheduleAction.NotEligible, LastScheduleTime = Utc("2026-02-01T03:00:00Z") });
    }

    [Fact]
    public void Suspended_makes_nothing_and_passes_over_the_ticks_so_resuming_does_not_catch_up()
    {
        var created = Utc("2026-11-20T10:00:00Z");
        var suspended = Policies.Resolve(Plan.Pro, suspend: true);

        var decision = ScheduleEvaluator.Evaluate(suspended, created, null, Utc("2026-11-26T05:00:00Z"));
        decision.Action.Should().Be(ScheduleAction.Suspended);
        decision.Tick.Should().Be(Utc("2026-11-26T03:00:00Z"));
        decision.LastScheduleTime.Should().Be(Utc("2026-11-26T03:00:00Z"));
        decision.NextTick.Should().BeNull("status.nextBackupTime is empty while suspended");
        decision.RequeueAt.Should().Be(Utc("2026-11-27T03:00:00Z"));

        var resumed = ScheduleEvaluator.Evaluate(Policies.Resolve(Plan.Pro), created, decision.LastScheduleTime, Utc("2026-11-26T10:00:00Z"));
        resumed.Action.Should().Be(ScheduleAction.Wait);
        resumed.NextTick.Should().Be(Utc("2026-11-27T03:00:00Z"));
    }

    [Fact]
    public void Suspended_before_any_tick_keeps_the_last_schedule_time()
    {
        var decision = ScheduleEvaluator.Evaluate(
            Policies.Resolve(Plan.Pro, suspend: true), Utc("2026-11-25T10:00:00Z"), null, Utc("2026-11-25T12:00:00Z"));

        decision.Should().Be(new ScheduleDecision
        {
            Action = ScheduleAction.Suspended,
            RequeueAt = Utc("2026-11-26T03:00:00Z"),
        });
    }

    [Theory]
    [InlineData(1, "2026-11-26T03:01:00Z", ScheduleAction.Due)]
    [InlineData(1, "2026-11-26T03:01:01Z", ScheduleAction.Missed)]
    [InlineData(10080, "2026-12-03T03:00:00Z", ScheduleAction.Due)]
    public void Starting_deadline_is_configurable(int minutes, string now, ScheduleAction expected)
    {
        var policy = Policies.Resolve(Plan.Pro, schedule: "0 3 26 11 *", startingDeadlineMinutes: minutes);

        var decision = ScheduleEvaluator.Evaluate(policy, Utc("2026-11-01T00:00:00Z"), null, Utc(now));

        decision.Action.Should().Be(expected);
        decision.Tick.Should().Be(Utc("2026-11-26T03:00:00Z"));
        decision.NextTick.Should().Be(Utc("2027-11-26T03:00:00Z"));
    }

    [Fact]
    public void A_per_minute_schedule_after_a_year_of_downtime_is_answered_without_walking_every_tick()
    {
        var policy = Policies.Resolve(Plan.Pro, schedule: "* * * * *");

        var decision = ScheduleEvaluator.Evaluate(policy, Utc("2025-11-26T00:00:00Z"), null, Utc("2026-11-26T12:34:56Z"));

        decision.Action.Should().Be(ScheduleAction.Due);
        decision.Tick.Should().Be(Utc("2026-11-26T12:34:00Z"));
        decision.NextTick.Should().Be(Utc("2026-11-26T12:35:00Z"));
        decision.SkippedOlderTicks.Should().BeTrue();
    }

    [Fact]
    public void A_schedule_override_is_read_in_the_time_zone()
    {
        var policy = Policies.Resolve(Plan.Pro, schedule: "0 3 * * *", timeZone: "Asia/Kolkata");

        var decision = ScheduleEvaluator.Evaluate(policy, Utc("2026-11-25T00:00:00Z"), null, Utc("2026-11-25T12:00:00Z"));

        decision.NextTick.Should().Be(Utc("2026-11-25T21:30:00Z"), "03:00 in India is 21:30 UTC the day before");
    }

    [Theory]
    [InlineData(Plan.Pro, null, "UTC", "2026-11-26T12:00:00Z", 24.0)]
    [InlineData(Plan.Advanced, null, "UTC", "2026-11-26T12:00:00Z", 168.0)]
    [InlineData(Plan.Pro, "*/30 * * * *", "UTC", "2026-11-26T12:00:00Z", 0.5)]
    [InlineData(Plan.Pro, "0 1 * * *", "Europe/Berlin", "2026-03-28T12:00:00Z", 23.0)]
    [InlineData(Plan.Pro, "0 1 * * *", "Europe/Berlin", "2026-10-24T12:00:00Z", 25.0)]
    public void Expected_interval_is_the_gap_between_the_next_two_ticks(Plan plan, string? schedule, string zone, string now, double hours)
    {
        var policy = Policies.Resolve(plan, schedule: schedule, timeZone: zone);

        ScheduleEvaluator.ExpectedInterval(policy, Utc(now)).Should().Be(TimeSpan.FromHours(hours));
    }

    [Fact]
    public void Basic_has_no_expected_interval_and_no_next_tick()
    {
        var basic = Policies.Resolve(Plan.Basic);

        ScheduleEvaluator.ExpectedInterval(basic, Utc("2026-11-26T12:00:00Z")).Should().BeNull();
        ScheduleEvaluator.NextTickAfter(basic, Utc("2026-11-26T12:00:00Z")).Should().BeNull();
        ScheduleEvaluator.NextTickAfter(Policies.Resolve(Plan.Pro), Utc("2026-11-26T12:00:00Z")).Should().Be(Utc("2026-11-27T03:00:00Z"));
    }

    [Fact]
    public void Times_with_an_offset_are_read_as_instants_and_answered_in_utc()
    {
        var created = new DateTimeOffset(2026, 11, 25, 11, 0, 0, TimeSpan.FromHours(1)); // 10:00Z
        var now = new DateTimeOffset(2026, 11, 26, 5, 0, 0, TimeSpan.FromHours(2));       // 03:00Z

        var decision = ScheduleEvaluator.Evaluate(Policies.Resolve(Plan.Pro), created, null, now);

        decision.Action.Should().Be(ScheduleAction.Due);
        decision.Tick!.Value.Offset.Should().Be(TimeSpan.Zero);
        decision.Tick.Should().Be(Utc("2026-11-26T03:00:00Z"));
    }
}
