using Backups.Operator.Api;
using Backups.Operator.Controllers.Policies;
using Backups.Operator.Rules.Cost;
using Backups.Operator.Rules.Inventory;
using Backups.Operator.Rules.Plans;
using Backups.Operator.Rules.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace Backups.Operator.Tests.Policies;

public sealed class PolicyStatusBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);

    [Fact]
    public void Pro_policy_shows_its_effective_plan_counts_size_cost_and_next_backup()
    {
        var effective = Resolve(Plan.Pro);
        var decision = ScheduleEvaluator.Evaluate(effective, Now.AddDays(-1), null, Now);
        var observation = new PolicyObservation
        {
            Generation = 3,
            Effective = effective,
            BackupsAllowed = true,
            Schedule = decision,
            LastScheduleTime = Now.AddHours(-9),
            Backups =
            [
                Record("shop-1", BackupType.Automatic, BackupPhase.Available, 50, Now.AddDays(-1)),
                Record("shop-2", BackupType.Manual, BackupPhase.Available, 25, Now.AddHours(-2)),
                Record("shop-3", BackupType.Automatic, BackupPhase.Creating, null, Now.AddMinutes(-1)),
                Record("gone", BackupType.Automatic, BackupPhase.Available, 10, Now.AddDays(-9)) with { Deleting = true },
            ],
            Price = new SnapshotPrice(0.05),
        };

        var status = PolicyStatusBuilder.Build(null, observation, _time);

        status.ObservedGeneration.Should().Be(3);
        status.Schedule.Should().Be("0 3 * * *");
        status.TimeZone.Should().Be("UTC");
        status.Retention!.Automatic.Should().Be(7);
        status.NextBackupTime.Should().Be(new DateTimeOffset(2026, 1, 6, 3, 0, 0, TimeSpan.Zero));
        status.LastScheduleTime.Should().Be(Now.AddHours(-9));
        status.Counts.Should().BeEquivalentTo(new BackupCounts { Automatic = 2, Manual = 1, Available = 2, Creating = 1, Total = 3 });
        status.TotalSizeGigabytes.Should().Be(75);
        status.EstimatedMonthlyCost.Should().Be(3.75);
        status.LastSuccessfulBackup!.Name.Should().Be("shop-2");
        Condition(status, ConditionTypes.Ready).Status.Should().Be(ConditionStatus.True);
        Condition(status, ConditionTypes.BackupsAvailable).Status.Should().Be(ConditionStatus.True);
        Condition(status, ConditionTypes.Restoring).Status.Should().Be(ConditionStatus.False);
        Condition(status, ConditionTypes.LimitReached).Status.Should().Be(ConditionStatus.False);
    }

    [Fact]
    public void Basic_plan_is_not_eligible_with_the_products_message()
    {
        var effective = Resolve(Plan.Basic);
        var status = PolicyStatusBuilder.Build(null, new PolicyObservation { Effective = effective, BackupsAllowed = false }, _time);

        var condition = Condition(status, ConditionTypes.BackupsAvailable);
        condition.Status.Should().Be(ConditionStatus.False);
        condition.Reason.Should().Be(Reasons.PlanNotEligible);
        condition.Message.Should().Be("Backups are not available on the Basic plan. Upgrade to Advanced or Pro.");
        status.Schedule.Should().BeNull();
        status.NextBackupTime.Should().BeNull();
    }

    [Fact]
    public void Invalid_spec_makes_Ready_false_with_the_rules_message_and_keeps_the_previous_effective_values()
    {
        var previous = new BackupPolicyStatus { Schedule = "0 3 * * *", TimeZone = "UTC", Retention = new RetentionSpec { Automatic = 7 } };
        var resolution = PlanCatalog.Resolve(new BackupPolicySpec { DropletId = 1, Plan = Plan.Pro, TimeZone = "Mars/Olympus" });

        var status = PolicyStatusBuilder.Build(previous, new PolicyObservation { InvalidSpecMessage = resolution.Message, BackupsAllowed = true }, _time);

        var ready = Condition(status, ConditionTypes.Ready);
        ready.Status.Should().Be(ConditionStatus.False);
        ready.Reason.Should().Be(Reasons.InvalidSpec);
        ready.Message.Should().Contain("spec.timeZone").And.Contain("Mars/Olympus");
        status.Schedule.Should().Be("0 3 * * *");
    }

    [Fact]
    public void Limit_reached_stays_true_until_a_run_is_made_and_transition_times_move_only_on_change()
    {
        var effective = Resolve(Plan.Pro);
        var skipped = PolicyStatusBuilder.Build(null, new PolicyObservation { Effective = effective, BackupsAllowed = true, LimitReached = true }, _time);
        Condition(skipped, ConditionTypes.LimitReached).Status.Should().Be(ConditionStatus.True);
        var since = Condition(skipped, ConditionTypes.LimitReached).LastTransitionTime;

        _time.Advance(TimeSpan.FromHours(1));
        var idle = PolicyStatusBuilder.Build(skipped, new PolicyObservation { Effective = effective, BackupsAllowed = true }, _time);
        Condition(idle, ConditionTypes.LimitReached).Status.Should().Be(ConditionStatus.True);
        Condition(idle, ConditionTypes.LimitReached).LastTransitionTime.Should().Be(since);

        _time.Advance(TimeSpan.FromHours(1));
        var made = PolicyStatusBuilder.Build(idle, new PolicyObservation { Effective = effective, BackupsAllowed = true, LimitReached = false }, _time);
        Condition(made, ConditionTypes.LimitReached).Status.Should().Be(ConditionStatus.False);
        Condition(made, ConditionTypes.LimitReached).LastTransitionTime.Should().Be(Now.AddHours(2));
    }

    [Fact]
    public void A_running_restore_sets_Restoring_and_problems_make_Ready_false()
    {
        var effective = Resolve(Plan.Advanced);
        var status = PolicyStatusBuilder.Build(null, new PolicyObservation
        {
            Effective = effective,
            BackupsAllowed = true,
            RunningRestore = "BackupRestore 'undo' is restoring",
            DeploymentProblem = "spec.deploymentRef apps/v1 Deployment 'shop' was not found",
        }, _time);

        Condition(status, ConditionTypes.Restoring).Status.Should().Be(ConditionStatus.True);
        Condition(status, ConditionTypes.Restoring).Message.Should().Contain("undo");
        Condition(status, ConditionTypes.Ready).Reason.Should().Be(PolicyStatusBuilder.DeploymentNotFoundReason);

        var credentials = PolicyStatusBuilder.Build(status, new PolicyObservation
        {
            Effective = effective,
            BackupsAllowed = true,
            CredentialsProblem = (Reasons.CredentialsNotFound, "Secret 'do-token' not found"),
        }, _time);
        Condition(credentials, ConditionTypes.Ready).Reason.Should().Be(Reasons.CredentialsNotFound);
        Condition(credentials, ConditionTypes.Restoring).Status.Should().Be(ConditionStatus.False);
    }

    [Fact]
    public void Last_successful_backup_never_moves_back_in_time()
    {
        var effective = Resolve(Plan.Pro);
        var recorded = new BackupPolicyStatus { LastSuccessfulBackup = new BackupReference { Name = "deleted-newest", Time = Now.AddHours(-1) } };

        var status = PolicyStatusBuilder.Build(recorded, new PolicyObservation
        {
            Effective = effective,
            BackupsAllowed = true,
            Backups = [Record("older", BackupType.Manual, BackupPhase.Available, 5, Now.AddDays(-2)) with { CompletedAt = Now.AddDays(-2) }],
        }, _time);

        status.LastSuccessfulBackup!.Name.Should().Be("deleted-newest");
    }

    private static EffectivePolicy Resolve(Plan plan) =>
        PlanCatalog.Resolve(new BackupPolicySpec { DropletId = 3164444, Plan = plan }).Policy!;

    private static BackupRecord Record(string name, BackupType type, BackupPhase phase, double? size, DateTimeOffset created) => new()
    {
        Name = name,
        Type = type,
        Phase = phase,
        CreatedAt = created,
        CompletedAt = phase == BackupPhase.Available ? created.AddMinutes(5) : null,
        SizeGigabytes = size,
    };

    private static Condition Condition(BackupPolicyStatus status, string type) =>
        status.Conditions!.Single(c => c.Type == type);
}
