using Backups.Operator.Api;
using Backups.Operator.Rules.Plans;

namespace Backups.Operator.Rules.Tests.TestSupport;

/// <summary>Effective policies for tests, built through <see cref="PlanCatalog.Resolve"/> like production does.</summary>
internal static class Policies
{
    public static EffectivePolicy Resolve(
        Plan plan = Plan.Pro,
        string? schedule = null,
        string? timeZone = null,
        int? retained = null,
        int? expireAfterDays = null,
        int? startingDeadlineMinutes = null,
        bool? suspend = null)
    {
        var spec = new BackupPolicySpec
        {
            DropletId = 3164444,
            Plan = plan,
            Schedule = schedule,
            TimeZone = timeZone,
            Retention = retained is null ? null : new RetentionSpec { Automatic = retained },
            ExpireAfterDays = expireAfterDays,
            StartingDeadlineMinutes = startingDeadlineMinutes,
            Suspend = suspend,
        };
        var resolution = PlanCatalog.Resolve(spec);
        resolution.IsValid.Should().BeTrue(resolution.Message);
        return resolution.Policy!;
    }
}
