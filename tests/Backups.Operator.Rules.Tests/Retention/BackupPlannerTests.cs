using Backups.Operator.Api;
using Backups.Operator.Rules.Inventory;
using Backups.Operator.Rules.Retention;
using Backups.Operator.Rules.Tests.TestSupport;
using static Backups.Operator.Rules.Tests.TestSupport.Records;

namespace Backups.Operator.Rules.Tests.Retention;

public sealed class BackupPlannerTests
{
    private static readonly Backups.Operator.Rules.Plans.EffectivePolicy Pro = Policies.Resolve(Plan.Pro);

    private static BackupPlan PlanPro(IEnumerable<BackupRecord> backups) => BackupPlanner.Plan(Pro, backups, Now);

    private static IEnumerable<(string, DeletionReason)> Decisions(BackupPlan plan) => plan.Deletions.Select(d => (d.BackupName, d.Reason));

    [Theory]
    [InlineData(Plan.Pro, null, 7)]
    [InlineData(Plan.Advanced, null, 4)]
    [InlineData(Plan.Pro, 1, 1)]
    [InlineData(Plan.Advanced, 20, 20)]
    public void Keeps_the_newest_N_available_automatic_backups(Plan plan, int? retained, int kept)
    {
        var backups = DailyAutos(22);

        var result = BackupPlanner.Plan(Policies.Resolve(plan, retained: retained), backups, Now);

        result.Deletions.Should().OnlyContain(d => d.Reason == DeletionReason.Retention);
        result.Deletions.Select(d => d.BackupName).Should().Equal(backups.Skip(kept).Reverse().Select(b => b.Name), "oldest first");
        result.NewestAvailable.Should().Be("a01");
    }

    [Fact]
    public void Exactly_N_available_automatic_backups_are_all_kept()
    {
        var result = PlanPro(DailyAutos(7));

        result.Deletions.Should().BeEmpty();
        result.NextExpiry.Should().Be(Now - TimeSpan.FromDays(7) + TimeSpan.FromDays(90), "the oldest expires first; the newest Available is exempt");
    }

    [Fact]
    public void Older_automatic_backups_go_only_once_a_newer_one_is_available()
    {
        var backups = DailyAutos(7, firstDaysAgo: 2);
        backups.Add(Auto("new", 0.1, BackupPhase.Creating));
        backups.Add(Auto("failed", 0.5, BackupPhase.Error));

        PlanPro(backups).Deletions.Should().BeEmpty("the newest is still Creating and the Error one never counts toward N");

        backups[^2] = Auto("new", 0.1, BackupPhase.Available);
        Decisions(PlanPro(backups)).Should().Equal(("a07", DeletionReason.Retention), ("failed", DeletionReason.Retention));
    }

    [Fact]
    public void Manual_backups_never_count_toward_N_and_are_never_removed_by_retention()
    {
        var backups = DailyAutos(7, firstDaysAgo: 2);
        backups.AddRange(DailyManuals(12, firstDaysAgo: 0.5));
        backups.Add(Manual("manual-error", 3, BackupPhase.Error));

        var result = PlanPro(backups);

        result.Deletions.Should().BeEmpty();
        result.NewestAvailable.Should().Be("m01");
    }

    [Theory]
    [InlineData("older error, newer available automatic", 3.0, BackupPhase.Error, true)]
    [InlineData("error newer than every available automatic", 0.5, BackupPhase.Error, false)]
    [InlineData("creating is never deleted", 3.0, BackupPhase.Creating, false)]
    [InlineData("not reconciled yet is never deleted", 3.0, null, false)]
    public void Automatic_error_backups_go_when_a_newer_automatic_backup_is_available(string because, double daysAgo, BackupPhase? phase, bool deleted)
    {
        var backups = new List<BackupRecord> { Auto("good", 1), Auto("x", daysAgo, phase) };

        Decisions(PlanPro(backups)).Should().BeEquivalentTo(deleted ? [("x", DeletionReason.Retention)] : Array.Empty<(string, DeletionReason)>(), because);
    }

    [Fact]
    public void An_automatic_error_backup_stays_when_only_a_manual_backup_is_newer()
    {
        var backups = new List<BackupRecord> { Manual("manual", 1), Auto("failed", 2, BackupPhase.Error) };

        PlanPro(backups).Deletions.Should().BeEmpty();
    }

    [Fact]
    public void Every_backup_expires_at_its_expiry()
    {
        var backups = new List<BackupRecord>
        {
            Auto("newest", 1),
            Auto("auto-old", 90),
            Manual("manual-old", 91),
            Manual("manual-error-old", 95, BackupPhase.Error),
            Auto("auto-error-old", 100, BackupPhase.Error),
            Manual("manual-young", 89.5),
        };

        var result = PlanPro(backups);

        Decisions(result).Should().Equal(
            ("auto-error-old", DeletionReason.Expiry),
            ("manual-error-old", DeletionReason.Expiry),
            ("manual-old", DeletionReason.Expiry),
            ("auto-old", DeletionReason.Expiry));
        result.NextExpiry.Should().Be(Now + TimeSpan.FromDays(0.5));
    }

    [Fact]
    public void Expiry_is_at_exactly_expires_at()
    {
        var expiresAt = Now;
        var backups = new List<BackupRecord> { Auto("newest", 1), Manual("m", 10) with { ExpiresAt = expiresAt } };

        BackupPlanner.Plan(Pro, backups, expiresAt - TimeSpan.FromTicks(1)).Deletions.Should().BeEmpty();
        BackupPlanner.Plan(Pro, backups, expiresAt - TimeSpan.FromTicks(1)).NextExpiry.Should().Be(expiresAt);
        Decisions(BackupPlanner.Plan(Pro, backups, expiresAt)).Should().Equal(("m", DeletionReason.Expiry));
    }

    [Fact]
    public void Status_expires_at_wins_over_the_policy()
    {
        var backups = new List<BackupRecord>
        {
            Auto("newest", 1),
            Manual("short", 2) with { ExpiresAt = Now - TimeSpan.FromSeconds(1) },
            Manual("long", 100) with { ExpiresAt = Now + TimeSpan.FromDays(1) },
        };

        var result = PlanPro(backups);

        Decisions(result).Should().Equal(("short", DeletionReason.Expiry));
        result.NextExpiry.Should().Be(Now + TimeSpan.FromDays(1));
    }

    [Fact]
    public void Expire_after_days_comes_from_the_policy()
    {
        var policy = Policies.Resolve(Plan.Pro, expireAfterDays: 1);
        var backups = new List<BackupRecord> { Auto("newest", 0.5), Manual("m", 1.5), Auto("a", 0.9) };

        var result = BackupPlanner.Plan(policy, backups, Now);

        Decisions(result).Should().Equal(("m", DeletionReason.Expiry));
        result.NextExpiry.Should().Be(Now + TimeSpan.FromDays(0.1));
        BackupPlanner.ExpiresAt(policy, Now).Should().Be(Now + TimeSpan.FromDays(1));
        BackupPlanner.ExpiresAt(Pro, Now).Should().Be(Now + TimeSpan.FromDays(90));
    }

    [Theory]
    [InlineData(BackupType.Manual)]
    [InlineData(BackupType.Automatic)]
    public void The_newest_available_backup_is_kept_past_expiry_until_a_newer_one_is_available(BackupType type)
    {
        var only = (type == BackupType.Manual ? Manual("only", 120) : Auto("only", 120)) with { };
        var backups = new List<BackupRecord> { only, Auto("older-error", 130, BackupPhase.Error) };

        var alone = PlanPro(backups);
        Decisions(alone).Should().Equal(("older-error", DeletionReason.Expiry));
        alone.NewestAvailable.Should().Be("only");
        alone.NextExpiry.Should().BeNull("nothing else is waiting to expire");

        backups.Add(Auto("newer", 0.01, BackupPhase.Creating));
        backups.Add(Manual("newer-error", 0.02, BackupPhase.Error));
        PlanPro(backups).Deletions.Select(d => d.BackupName).Should().NotContain("only", "a Creating or Error backup is not Available");

        backups.Add(Manual("newer-available", 0.005));
        Decisions(PlanPro(backups)).Should().Contain(("only", DeletionReason.Expiry));
    }

    [Fact]
    public void Restoring_counts_as_available_and_is_never_deleted()
    {
        var backups = DailyAutos(9);
        backups[0] = backups[0] with { Phase = BackupPhase.Restoring };  // a01, the newest
        backups[8] = backups[8] with { Phase = BackupPhase.Restoring };  // a09, beyond N

        var result = PlanPro(backups);

        result.NewestAvailable.Should().Be("a01");
        Decisions(result).Should().Equal(("a08", DeletionReason.Retention));
    }

    [Fact]
    public void Creating_and_restoring_backups_are_not_deleted_even_when_expired()
    {
        var backups = new List<BackupRecord>
        {
            Auto("newest", 1),
            Manual("creating", 100, BackupPhase.Creating),
            Manual("restoring", 100, BackupPhase.Restoring),
            Manual("pending", 100, phase: null),
        };

        var result = PlanPro(backups);

        result.Deletions.Should().BeEmpty();
        result.NextExpiry.Should().BeNull("they are re-planned when their phase changes");
    }

    [Fact]
    public void Backups_being_deleted_count_for_nothing()
    {
        var backups = new List<BackupRecord>
        {
            Auto("newest-going", 1) with { Deleting = true },
            Auto("phase-deleting", 2, BackupPhase.Deleting),
            Manual("old", 120),
        };

        var result = PlanPro(backups);

        result.NewestAvailable.Should().Be("old", "the newest one is being deleted");
        result.Deletions.Should().BeEmpty("'old' is now the newest Available and is kept past expiry");
    }

    [Fact]
    public void Expiry_wins_over_retention_as_the_reason()
    {
        var backups = DailyAutos(7);
        backups.Add(Auto("beyond-and-expired", 95));
        backups.Add(Auto("beyond", 20));

        Decisions(PlanPro(backups)).Should().Equal(("beyond-and-expired", DeletionReason.Expiry), ("beyond", DeletionReason.Retention));
    }

    [Fact]
    public void On_basic_count_retention_is_off_but_expiry_applies()
    {
        var backups = DailyAutos(10);
        backups.Add(Auto("expired", 91));

        var result = BackupPlanner.Plan(Policies.Resolve(Plan.Basic), backups, Now);

        Decisions(result).Should().Equal(("expired", DeletionReason.Expiry));
    }

    [Fact]
    public void Ties_on_creation_time_are_broken_by_name()
    {
        var created = Now - TimeSpan.FromDays(1);
        var backups = new List<BackupRecord>
        {
            Auto("b", 1) with { CreatedAt = created },
            Auto("a", 1) with { CreatedAt = created },
        };

        var result = BackupPlanner.Plan(Policies.Resolve(Plan.Pro, retained: 1), backups, Now);

        result.NewestAvailable.Should().Be("b");
        Decisions(result).Should().Equal(("a", DeletionReason.Retention));
    }

    [Fact]
    public void Nothing_to_plan_for_no_backups()
    {
        PlanPro([]).Should().BeEquivalentTo(new BackupPlan([], null, null));
    }

    [Fact]
    public void The_input_order_does_not_matter()
    {
        var backups = DailyAutos(12);
        backups.AddRange(DailyManuals(3, 95));
        backups.Add(Auto("err", 30, BackupPhase.Error));

        var forward = PlanPro(backups);
        backups.Reverse();
        var backward = PlanPro(backups);

        backward.Should().BeEquivalentTo(forward, o => o.WithStrictOrdering());
        forward.Deletes("a12").Should().BeTrue();
        forward.Deletes("a01").Should().BeFalse();
    }

    [Fact]
    public void Metric_labels_are_lower_case()
    {
        DeletionReason.Retention.ToMetricLabel().Should().Be("retention");
        DeletionReason.Expiry.ToMetricLabel().Should().Be("expiry");
        DeletionReason.Cap.ToMetricLabel().Should().Be("cap");
        FluentActions.Invoking(() => ((DeletionReason)9).ToMetricLabel()).Should().Throw<ArgumentOutOfRangeException>();
    }
}
