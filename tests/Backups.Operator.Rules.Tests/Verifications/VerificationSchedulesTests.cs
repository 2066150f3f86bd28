using Backups.Operator.Api;
using Backups.Operator.Rules.Inventory;
using Backups.Operator.Rules.Plans;
using Backups.Operator.Rules.Scheduling;
using Backups.Operator.Rules.Verifications;

namespace Backups.Operator.Rules.Tests.Verifications;

public sealed class VerificationSchedulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private static BackupPolicySpec Spec(Plan plan, string schedule = "0 4 * * *", int? keep = null, string? timeZone = null) => new()
    {
        DropletId = 1,
        Plan = plan,
        TimeZone = timeZone,
        Verification = new PolicyVerificationSpec
        {
            Schedule = schedule,
            Probe = new VerificationProbe { TcpSocket = new TcpSocketProbe { Port = 22 } },
            KeepHistory = keep,
        },
    };

    private static VerificationResolution Resolve(BackupPolicySpec spec) => VerificationSchedules.Resolve(spec, PlanCatalog.Resolve(spec).Policy);

    [Fact]
    public void Without_spec_verification_nothing_is_scheduled_and_nothing_is_reported()
    {
        var resolution = Resolve(new BackupPolicySpec { DropletId = 1, Plan = Plan.Pro });

        resolution.Requested.Should().BeFalse();
        resolution.IsActive.Should().BeFalse();
        resolution.Reason.Should().BeNull();
    }

    [Fact]
    public void Basic_is_refused_with_the_plan_reason()
    {
        var resolution = Resolve(Spec(Plan.Basic));

        resolution.IsActive.Should().BeFalse();
        resolution.Requested.Should().BeTrue();
        resolution.Reason.Should().Be(Reasons.PlanNotEligible);
        resolution.Message.Should().Contain("Basic plan").And.Contain("Upgrade to Advanced or Pro");
    }

    [Theory]
    [InlineData(Plan.Advanced)]
    [InlineData(Plan.Pro)]
    public void Advanced_and_Pro_run_it_with_keepHistory_3_by_default(Plan plan)
    {
        var resolution = Resolve(Spec(plan));

        resolution.IsActive.Should().BeTrue();
        resolution.Verification!.KeepHistory.Should().Be(3);
        resolution.Verification.Timing.Schedule.Should().Be("0 4 * * *");
        resolution.Verification.Timing.BackupsAllowed.Should().BeTrue();
    }

    [Theory]
    [InlineData("0 4 * *", "spec.verification.schedule")]
    [InlineData("0 0 30 2 *", "spec.verification.schedule")]
    public void An_invalid_schedule_is_an_invalid_spec_naming_the_field(string schedule, string field)
    {
        var resolution = Resolve(Spec(Plan.Pro, schedule));

        resolution.IsActive.Should().BeFalse();
        resolution.Reason.Should().Be(Reasons.InvalidSpec);
        resolution.Message.Should().StartWith(field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public void KeepHistory_is_bounded(int keep)
    {
        var resolution = Resolve(Spec(Plan.Pro, keep: keep));

        resolution.Reason.Should().Be(Reasons.InvalidSpec);
        resolution.Message.Should().Contain("spec.verification.keepHistory").And.Contain("1..10");
    }

    [Fact]
    public void The_verification_ticks_are_read_in_the_policys_time_zone_with_the_backup_schedules_rules()
    {
        var verification = Resolve(Spec(Plan.Pro, "0 4 * * *", timeZone: "Europe/Berlin")).Verification!;

        var due = ScheduleEvaluator.Evaluate(verification.Timing, T0, null, new DateTimeOffset(2026, 3, 2, 3, 1, 0, TimeSpan.Zero));
        var late = ScheduleEvaluator.Evaluate(verification.Timing, T0, null, new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));

        due.Action.Should().Be(ScheduleAction.Due);
        due.Tick.Should().Be(new DateTimeOffset(2026, 3, 2, 3, 0, 0, TimeSpan.Zero), "04:00 in Berlin is 03:00 UTC in March");
        late.Action.Should().Be(ScheduleAction.Missed, "older than startingDeadlineMinutes (360)");
    }

    [Fact]
    public void The_newest_Available_backup_is_verified_never_a_creating_or_failed_one()
    {
        BackupRecord[] backups =
        [
            new() { Name = "old", Type = BackupType.Automatic, Phase = BackupPhase.Available, CreatedAt = T0, CompletedAt = T0.AddMinutes(5) },
            new() { Name = "new", Type = BackupType.Manual, Phase = BackupPhase.Available, CreatedAt = T0.AddDays(1), CompletedAt = T0.AddDays(1).AddMinutes(5) },
            new() { Name = "creating", Type = BackupType.Automatic, Phase = BackupPhase.Creating, CreatedAt = T0.AddDays(2) },
            new() { Name = "failed", Type = BackupType.Automatic, Phase = BackupPhase.Error, CreatedAt = T0.AddDays(3) },
            new() { Name = "going", Type = BackupType.Automatic, Phase = BackupPhase.Available, CreatedAt = T0.AddDays(4), Deleting = true },
        ];

        VerificationSchedules.NewestAvailable(backups)!.Name.Should().Be("new");
        VerificationSchedules.NewestAvailable(backups.Where(b => b.Phase != BackupPhase.Available)).Should().BeNull();
    }

    [Fact]
    public void Pruning_removes_the_oldest_finished_runs_beyond_keepHistory_and_never_a_running_one()
    {
        (string, DateTimeOffset, bool)[] runs =
        [
            ("d", T0.AddDays(3), true),
            ("a", T0, true),
            ("running", T0.AddDays(-1), false),
            ("c", T0.AddDays(2), true),
            ("b", T0.AddDays(1), true),
        ];

        VerificationSchedules.Pruned(runs, 2).Should().Equal("a", "b");
        VerificationSchedules.Pruned(runs, 4).Should().BeEmpty();
    }

    [Fact]
    public void Run_names_are_deterministic_per_tick_and_bounded()
    {
        VerificationSchedules.RunName("shop", new DateTimeOffset(2026, 3, 2, 3, 0, 0, TimeSpan.Zero)).Should().Be("shop-verify-202603020300");
        var longName = VerificationSchedules.RunName(new string('a', 253), T0);
        longName.Length.Should().BeLessThanOrEqualTo(253);
        longName.Should().EndWith("-verify-202603020000");
    }
}
