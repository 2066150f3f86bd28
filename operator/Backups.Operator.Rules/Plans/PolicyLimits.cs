namespace Backups.Operator.Rules.Plans;

/// <summary>The bounds and defaults docs/rules.md fixes for every policy, whatever its plan.</summary>
public static class PolicyLimits
{
    /// <summary>At most this many Backup objects per deployment (any phase but Deleting).</summary>
    public const int MaxBackupsPerDeployment = 20;

    /// <summary>The smallest <c>retention.automatic</c> override.</summary>
    public const int MinRetainedAutomatic = 1;

    /// <summary>The largest <c>retention.automatic</c> override.</summary>
    public const int MaxRetainedAutomatic = 20;

    /// <summary>The smallest <c>expireAfterDays</c>.</summary>
    public const int MinExpireAfterDays = 1;

    /// <summary>The largest (and default) <c>expireAfterDays</c>.</summary>
    public const int MaxExpireAfterDays = 90;

    /// <summary>The default <c>expireAfterDays</c>.</summary>
    public const int DefaultExpireAfterDays = 90;

    /// <summary>The smallest <c>startingDeadlineMinutes</c>.</summary>
    public const int MinStartingDeadlineMinutes = 1;

    /// <summary>The largest <c>startingDeadlineMinutes</c> (one week, as the CRD schema allows).</summary>
    public const int MaxStartingDeadlineMinutes = 10080;

    /// <summary>The default <c>startingDeadlineMinutes</c>.</summary>
    public const int DefaultStartingDeadlineMinutes = 360;

    /// <summary>The default time zone of a schedule.</summary>
    public const string DefaultTimeZone = "UTC";
}
