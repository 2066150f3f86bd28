using Backups.Operator.Api;
using Backups.Operator.Rules.Inventory;
using Backups.Operator.Rules.Retention;
using Backups.Operator.Rules.Tests.TestSupport;
using static Backups.Operator.Rules.Tests.TestSupport.Records;

namespace Backups.Operator.Rules.Tests.Retention;

public sealed class BackupAdmissionTests
{
    private static readonly Backups.Operator.Rules.Plans.EffectivePolicy Pro = Policies.Resolve(Plan.Pro);

    private static BackupRecord NewManual(string name = "new", double daysAgo = 0) => Manual(name, daysAgo, phase: null);

    [Theory]
    [InlineData(0, AdmissionOutcome.Allowed)]
    [InlineData(19, AdmissionOutcome.Allowed)]
    [InlineData(20, AdmissionOutcome.Refused)]
    [InlineData(25, AdmissionOutcome.Refused)]
    public void Manual_backups_are_refused_at_the_cap(int existing, AdmissionOutcome expected)
    {
        var backups = DailyManuals(existing, firstDaysAgo: 1);
        var candidate = NewManual();
        backups.Add(candidate);

        var decision = BackupAdmission.AdmitManual(Pro, backups, candidate);

        decision.Outcome.Should().Be(expected);
        decision.Evictions.Should().BeEmpty("a manual request never evicts anything");
        if (expected == AdmissionOutcome.Refused)
        {
            decision.IsAllowed.Should().BeFalse();
            decision.Reason.Should().Be("LimitReached");
            decision.Message.Should().Be("Maximum 20 backups per deployment: delete a backup first");
        }
        else
        {
            decision.IsAllowed.Should().BeTrue();
            decision.Reason.Should().BeNull();
            decision.Message.Should().BeNull();
        }
    }

    [Fact]
    public void Manual_backups_are_not_eligible_on_basic()
    {
        var decision = BackupAdmission.AdmitManual(Policies.Resolve(Plan.Basic), [], NewManual());

        decision.Outcome.Should().Be(AdmissionOutcome.Refused);
        decision.Reason.Should().Be(Reasons.PlanNotEligible);
        decision.Message.Should().Be("Backups are not available on the Basic plan. Upgrade to Advanced or Pro.");
    }

    [Fact]
    public void The_cap_counts_any_phase_but_deleting_and_not_refused_requests()
    {
        var backups = new List<BackupRecord>();
        backups.AddRange(DailyAutos(10, prefix: "available"));
        backups.AddRange(Enumerable.Range(1, 4).Select(i => Auto($"error{i}", 30 + i, BackupPhase.Error)));
        backups.AddRange(Enumerable.Range(1, 3).Select(i => Manual($"creating{i}", 0.5, BackupPhase.Creating)));
        backups.Add(Manual("restoring", 40, BackupPhase.Restoring));
        backups.AddRange(Enumerable.Range(1, 5).Select(i => Manual($"going{i}", 50) with { Deleting = true }));
        backups.Add(Manual("phase-deleting", 50, BackupPhase.Deleting));
        backups.AddRange(Enumerable.Range(1, 5).Select(i => Manual($"refused{i}", 0.2, BackupPhase.Error) with { Reason = Reasons.LimitReached }));
        backups.Add(Manual("refused-basic", 0.2, BackupPhase.Error) with { Reason = Reasons.PlanNotEligible });

        // 10 + 4 + 3 + 1 = 18 count.
        BackupAdmission.AdmitManual(Pro, backups, NewManual()).Outcome.Should().Be(AdmissionOutcome.Allowed);
        backups.Add(Manual("other-error", 60, BackupPhase.Error) with { Reason = Reasons.Timeout });
        BackupAdmission.AdmitManual(Pro, backups, NewManual()).Outcome.Should().Be(AdmissionOutcome.Allowed);
        backups.Add(Manual("twentieth", 60));
        BackupAdmission.AdmitManual(Pro, backups, NewManual()).Outcome.Should().Be(AdmissionOutcome.Refused);
        BackupInventory.Of(backups).Counts.Total.Should().Be(20);
    }

    [Fact]
    public void Backups_the_plan_deletes_no_longer_count()
    {
        var backups = DailyManuals(19);
        backups.Add(Manual("expired", 95));
        var plan = BackupPlanner.Plan(Pro, backups, Now);
        plan.Deletes("expired").Should().BeTrue();

        BackupAdmission.AdmitManual(Pro, backups, NewManual()).Outcome.Should().Be(AdmissionOutcome.Refused);
        BackupAdmission.AdmitManual(Pro, backups, NewManual(), plan).Outcome.Should().Be(AdmissionOutcome.Allowed);
    }

    [Fact]
    public void Of_two_requests_racing_for_the_last_slot_the_earlier_one_wins()
    {
        var backups = DailyManuals(19, firstDaysAgo: 1);
        var first = NewManual("first", daysAgo: 0.002);
        var second = NewManual("second", daysAgo: 0.001);
        backups.Add(first);
        backups.Add(second);

        BackupAdmission.AdmitManual(Pro, backups, first).Outcome.Should().Be(AdmissionOutcome.Allowed);
        BackupAdmission.AdmitManual(Pro, backups, second).Outcome.Should().Be(AdmissionOutcome.Refused);

        // Once the first is admitted (has a phase), the second is still refused; the first is not refused on a re-check.
        backups[^2] = first with { Phase = BackupPhase.Creating };
        BackupAdmission.AdmitManual(Pro, backups, second).Outcome.Should().Be(AdmissionOutcome.Refused);
        BackupAdmission.AdmitManual(Pro, backups, backups[^2]).Outcome.Should().Be(AdmissionOutcome.Allowed);
    }

    [Fact]
    public void Automatic_below_the_cap_is_allowed()
    {
        var backups = DailyAutos(19);

        var decision = BackupAdmission.AdmitAutomatic(Pro, backups, "shop-20261126-0300");

        decision.Outcome.Should().Be(AdmissionOutcome.Allowed);
        decision.IsAllowed.Should().BeTrue();
        decision.Evictions.Should().BeEmpty();
        decision.Reason.Should().BeNull();
    }

    [Fact]
    public void Automatic_for_a_tick_that_already_has_its_backup_makes_nothing()
    {
        var backups = DailyManuals(20);
        backups.Add(Auto("shop-20261126-0300", 0, BackupPhase.Creating));

        var decision = BackupAdmission.AdmitAutomatic(Pro, backups, "shop-20261126-0300");

        decision.Outcome.Should().Be(AdmissionOutcome.AlreadyExists);
        decision.IsAllowed.Should().BeFalse();
    }

    [Fact]
    public void Automatic_is_not_eligible_on_basic()
    {
        var decision = BackupAdmission.AdmitAutomatic(Policies.Resolve(Plan.Basic), [], "shop-20261126-0300");

        decision.Outcome.Should().Be(AdmissionOutcome.Refused);
        decision.Reason.Should().Be(Reasons.PlanNotEligible);
    }

    [Fact]
    public void Automatic_at_the_cap_evicts_the_oldest_automatic_backup()
    {
        var backups = DailyManuals(10);
        backups.AddRange(DailyAutos(10, firstDaysAgo: 20));

        var decision = BackupAdmission.AdmitAutomatic(Pro, backups, "shop-20261126-0300");

        decision.Outcome.Should().Be(AdmissionOutcome.AllowedAfterEvicting);
        decision.IsAllowed.Should().BeTrue();
        decision.Evictions.Should().Equal(new BackupDeletion("a10", DeletionReason.Cap));
    }

    [Fact]
    public void Automatic_at_the_cap_evicts_an_old_automatic_error_backup_first_when_it_is_the_oldest()
    {
        var backups = DailyAutos(19);
        backups.Add(Auto("old-error", 50, BackupPhase.Error));

        BackupAdmission.AdmitAutomatic(Pro, backups, "t").Evictions.Should().Equal(new BackupDeletion("old-error", DeletionReason.Cap));
    }

    [Fact]
    public void Automatic_at_the_cap_never_evicts_the_newest_available_nor_a_creating_or_restoring_backup()
    {
        var backups = DailyManuals(16, firstDaysAgo: 2);
        backups.Add(Auto("restoring", 40, BackupPhase.Restoring));
        backups.Add(Auto("creating", 30, BackupPhase.Creating));
        backups.Add(Auto("newest-available", 0.5));
        backups.Add(Auto("evictable", 0.9, BackupPhase.Error));

        BackupAdmission.AdmitAutomatic(Pro, backups, "t").Evictions.Should().Equal(new BackupDeletion("evictable", DeletionReason.Cap));

        backups.RemoveAt(backups.Count - 1);
        backups.Add(Manual("manual", 0.9));
        var skipped = BackupAdmission.AdmitAutomatic(Pro, backups, "t");
        skipped.Outcome.Should().Be(AdmissionOutcome.Refused, "the only automatic ones are the newest Available, Creating or Restoring");
        skipped.Reason.Should().Be(Reasons.LimitReached);
        skipped.Message.Should().Be(Reasons.LimitReachedMessage);
        skipped.Evictions.Should().BeEmpty();
    }

    [Fact]
    public void Automatic_at_the_cap_with_only_manual_backups_skips_the_run()
    {
        var decision = BackupAdmission.AdmitAutomatic(Pro, DailyManuals(20), "t");

        decision.Outcome.Should().Be(AdmissionOutcome.Refused);
        decision.Reason.Should().Be("LimitReached");
        decision.Message.Should().Be("Maximum 20 backups per deployment: delete a backup first");
    }

    [Theory]
    [InlineData(3, 3, AdmissionOutcome.AllowedAfterEvicting)]
    [InlineData(3, 2, AdmissionOutcome.Refused)]
    public void Automatic_over_the_cap_evicts_enough_or_nothing(int over, int autos, AdmissionOutcome expected)
    {
        var backups = DailyManuals(19 + over - autos - 1);
        backups.Add(Manual("newest", 0.1));
        backups.AddRange(DailyAutos(autos, firstDaysAgo: 40));
        backups.Count.Should().Be(19 + over);

        var decision = BackupAdmission.AdmitAutomatic(Pro, backups, "t");

        decision.Outcome.Should().Be(expected);
        decision.Evictions.Should().HaveCount(expected == AdmissionOutcome.Refused ? 0 : over);
    }

    [Fact]
    public void Automatic_admission_counts_the_plan_and_does_not_evict_twice()
    {
        var backups = DailyAutos(19);
        backups.Add(Manual("expired", 95));
        var plan = BackupPlanner.Plan(Pro, backups, Now);

        BackupAdmission.AdmitAutomatic(Pro, backups, "t", plan).Outcome.Should().Be(AdmissionOutcome.Allowed,
            "retention already deletes beyond N and the expired one");

        var keepAll = Policies.Resolve(Plan.Pro, retained: 20);
        var backups2 = DailyAutos(20);
        var plan2 = BackupPlanner.Plan(keepAll, backups2, Now);
        plan2.Deletions.Should().BeEmpty();
        BackupAdmission.AdmitAutomatic(keepAll, backups2, "t", plan2).Evictions.Should().Equal(new BackupDeletion("a20", DeletionReason.Cap));
    }
}
