using Backups.Operator.Api;
using Backups.Operator.Rules.Plans;
using Backups.Operator.Rules.Tests.TestSupport;

namespace Backups.Operator.Rules.Tests.Plans;

public sealed class PlanCatalogTests
{
    [Theory]
    [InlineData(Plan.Basic, false, null, null)]
    [InlineData(Plan.Advanced, true, "0 3 * * 0", 4)]
    [InlineData(Plan.Pro, true, "0 3 * * *", 7)]
    public void Plan_table_matches_the_product(Plan plan, bool allowed, string? schedule, int? retained)
    {
        var defaults = PlanCatalog.For(plan);

        defaults.Should().Be(new PlanDefaults(plan, allowed, schedule, retained));
    }

    [Theory]
    [InlineData(Plan.Basic, false, null, null)]
    [InlineData(Plan.Advanced, true, "0 3 * * 0", 4)]
    [InlineData(Plan.Pro, true, "0 3 * * *", 7)]
    public void Resolve_applies_the_plan_defaults(Plan plan, bool allowed, string? schedule, int? retained)
    {
        var resolution = PlanCatalog.Resolve(new BackupPolicySpec { DropletId = 1, Plan = plan });

        resolution.IsValid.Should().BeTrue();
        resolution.Errors.Should().BeEmpty();
        resolution.Reason.Should().BeNull();
        resolution.Message.Should().BeNull();
        var policy = resolution.Policy!;
        policy.Plan.Should().Be(plan);
        policy.BackupsAllowed.Should().Be(allowed);
        policy.Schedule.Should().Be(schedule);
        (policy.Cron is not null).Should().Be(allowed);
        policy.RetainedAutomatic.Should().Be(retained);
        policy.TimeZoneId.Should().Be("UTC");
        policy.TimeZone.HasIanaId.Should().BeTrue();
        policy.TimeZone.BaseUtcOffset.Should().Be(TimeSpan.Zero);
        policy.ExpireAfterDays.Should().Be(90);
        policy.ExpireAfter.Should().Be(TimeSpan.FromDays(90));
        policy.StartingDeadlineMinutes.Should().Be(360);
        policy.StartingDeadline.Should().Be(TimeSpan.FromHours(6));
        policy.Suspend.Should().BeFalse();
        policy.DeletionPolicy.Should().Be(DeletionPolicy.Delete);
        policy.AutomaticBackupsEnabled.Should().Be(allowed);
        policy.ToRetentionStatus()?.Automatic.Should().Be(retained);
    }

    [Fact]
    public void Basic_ignores_a_schedule_override_but_still_validates_it()
    {
        var valid = PlanCatalog.Resolve(new BackupPolicySpec { DropletId = 1, Plan = Plan.Basic, Schedule = "0 4 * * *", Retention = new() { Automatic = 3 } });
        valid.Policy!.Schedule.Should().BeNull();
        valid.Policy.Cron.Should().BeNull();
        valid.Policy.RetainedAutomatic.Should().BeNull("count-based retention is off on Basic");
        valid.Policy.AutomaticBackupsEnabled.Should().BeFalse();
        valid.Policy.ToRetentionStatus().Should().BeNull();

        var invalid = PlanCatalog.Resolve(new BackupPolicySpec { DropletId = 1, Plan = Plan.Basic, Schedule = "not a cron" });
        invalid.IsValid.Should().BeFalse();
        invalid.Errors.Should().ContainSingle().Which.Field.Should().Be("spec.schedule");
    }

    [Fact]
    public void Overrides_within_bounds_win_over_the_plan()
    {
        var resolution = PlanCatalog.Resolve(new BackupPolicySpec
        {
            DropletId = 1,
            Plan = Plan.Advanced,
            Schedule = "  15 1 * * 1-5 ",
            TimeZone = "Europe/Berlin",
            Retention = new RetentionSpec { Automatic = 20 },
            ExpireAfterDays = 1,
            StartingDeadlineMinutes = 10080,
            Suspend = true,
            DeletionPolicy = DeletionPolicy.Retain,
        });

        var policy = resolution.Policy!;
        policy.Schedule.Should().Be("15 1 * * 1-5");
        policy.TimeZoneId.Should().Be("Europe/Berlin");
        policy.TimeZone.Id.Should().Be("Europe/Berlin");
        policy.RetainedAutomatic.Should().Be(20);
        policy.ExpireAfterDays.Should().Be(1);
        policy.StartingDeadlineMinutes.Should().Be(10080);
        policy.Suspend.Should().BeTrue();
        policy.AutomaticBackupsEnabled.Should().BeFalse();
        policy.DeletionPolicy.Should().Be(DeletionPolicy.Retain);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_schedule_and_time_zone_count_as_not_set(string blank)
    {
        var policy = PlanCatalog.Resolve(new BackupPolicySpec { DropletId = 1, Plan = Plan.Pro, Schedule = blank, TimeZone = blank }).Policy!;

        policy.Schedule.Should().Be("0 3 * * *");
        policy.TimeZoneId.Should().Be("UTC");
    }

    [Theory]
    [InlineData("spec.schedule", "0 3 * *", null, null, null, null, "has 4 fields")]
    [InlineData("spec.schedule", "0 3 * * * *", null, null, null, null, "has 6 fields")]
    [InlineData("spec.schedule", "61 3 * * *", null, null, null, null, "not a valid cron expression")]
    [InlineData("spec.schedule", "0 25 * * *", null, null, null, null, "not a valid cron expression")]
    [InlineData("spec.schedule", "@daily", null, null, null, null, "has 1 fields")]
    [InlineData("spec.schedule", "0 0 30 2 *", null, null, null, null, "never fires")]
    [InlineData("spec.timeZone", null, "Mars/Olympus_Mons", null, null, null, "not a known IANA time zone")]
    [InlineData("spec.timeZone", null, "W. Europe Standard Time", null, null, null, "not a known IANA time zone")]
    [InlineData("spec.retention.automatic", null, null, 0, null, null, "0 is out of range: use 1..20")]
    [InlineData("spec.retention.automatic", null, null, 21, null, null, "21 is out of range: use 1..20")]
    [InlineData("spec.expireAfterDays", null, null, null, 0, null, "0 is out of range: use 1..90")]
    [InlineData("spec.expireAfterDays", null, null, null, 91, null, "91 is out of range: use 1..90")]
    [InlineData("spec.startingDeadlineMinutes", null, null, null, null, 0, "0 is out of range: use 1..10080")]
    [InlineData("spec.startingDeadlineMinutes", null, null, null, null, 10081, "10081 is out of range: use 1..10080")]
    public void Invalid_fields_give_a_typed_result_with_a_clear_message(
        string field, string? schedule, string? timeZone, int? retained, int? expireAfterDays, int? deadline, string expected)
    {
        var resolution = PlanCatalog.Resolve(new BackupPolicySpec
        {
            DropletId = 1,
            Plan = Plan.Pro,
            Schedule = schedule,
            TimeZone = timeZone,
            Retention = retained is null ? null : new RetentionSpec { Automatic = retained },
            ExpireAfterDays = expireAfterDays,
            StartingDeadlineMinutes = deadline,
        });

        resolution.IsValid.Should().BeFalse();
        resolution.Policy.Should().BeNull();
        resolution.Reason.Should().Be(Reasons.InvalidSpec);
        var error = resolution.Errors.Should().ContainSingle().Subject;
        error.Field.Should().Be(field);
        error.Message.Should().Contain(expected);
        resolution.Message.Should().Be($"{field}: {error.Message}");
    }

    [Fact]
    public void All_problems_are_reported_together()
    {
        var resolution = PlanCatalog.Resolve(new BackupPolicySpec
        {
            DropletId = 1,
            Plan = Plan.Pro,
            Schedule = "x",
            TimeZone = "Nowhere/Land",
            Retention = new RetentionSpec { Automatic = 99 },
            ExpireAfterDays = 365,
            StartingDeadlineMinutes = -1,
            DeletionPolicy = (DeletionPolicy)7,
        });

        resolution.Errors.Select(e => e.Field).Should().BeEquivalentTo(
            "spec.schedule", "spec.timeZone", "spec.retention.automatic", "spec.expireAfterDays", "spec.startingDeadlineMinutes", "spec.deletionPolicy");
    }

    [Fact]
    public void An_undefined_plan_is_invalid_not_an_exception()
    {
        var resolution = PlanCatalog.Resolve(new BackupPolicySpec { DropletId = 1, Plan = (Plan)42 });

        resolution.IsValid.Should().BeFalse();
        resolution.Errors.Should().ContainSingle().Which.Field.Should().Be("spec.plan");
        FluentActions.Invoking(() => PlanCatalog.For((Plan)42)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    [InlineData("Asia/Kolkata")]
    [InlineData("Australia/Lord_Howe")]
    public void Iana_zones_resolve(string zone)
    {
        Policies.Resolve(timeZone: zone).TimeZone.Id.Should().Be(zone);
    }

    [Theory]
    [InlineData("*/15 * * * *")]
    [InlineData("0 3 * * SUN")]
    [InlineData("0 3 1,15 * *")]
    [InlineData("0 3 L * *")]
    [InlineData("30 2 * JAN-MAR MON-FRI")]
    public void Valid_five_field_crons_are_accepted(string schedule)
    {
        Policies.Resolve(schedule: schedule).Schedule.Should().Be(schedule);
    }
}
