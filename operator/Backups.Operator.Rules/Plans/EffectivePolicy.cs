using Backups.Operator.Api;
using Cronos;

namespace Backups.Operator.Rules.Plans;

/// <summary>
/// A policy's spec with the plan's defaults applied and every override checked: what the rules actually run on.
/// Made by <see cref="PlanCatalog.Resolve"/>.
/// </summary>
public sealed record EffectivePolicy
{
    /// <summary>The plan.</summary>
    public required Plan Plan { get; init; }

    /// <summary>Whether the plan allows backups (false on Basic: no automatic and no manual backups).</summary>
    public required bool BackupsAllowed { get; init; }

    /// <summary>The effective cron text (the override or the plan's default); <see langword="null"/> when backups are not allowed.</summary>
    public required string? Schedule { get; init; }

    /// <summary>The parsed <see cref="Schedule"/>; <see langword="null"/> when backups are not allowed.</summary>
    public required CronExpression? Cron { get; init; }

    /// <summary>The effective IANA time zone id (default <c>UTC</c>).</summary>
    public required string TimeZoneId { get; init; }

    /// <summary>The time zone the schedule is read in.</summary>
    public required TimeZoneInfo TimeZone { get; init; }

    /// <summary>
    /// How many Available automatic backups retention keeps (the override or the plan's default);
    /// <see langword="null"/> when backups are not allowed, which turns count-based retention off (existing backups
    /// stay restorable after a downgrade to Basic and go by expiry).
    /// </summary>
    public required int? RetainedAutomatic { get; init; }

    /// <summary>Days after creation when a backup expires (1..90, default 90).</summary>
    public required int ExpireAfterDays { get; init; }

    /// <summary>How late a missed run may still start (default 360 minutes).</summary>
    public required int StartingDeadlineMinutes { get; init; }

    /// <summary>Whether automatic backups are paused.</summary>
    public required bool Suspend { get; init; }

    /// <summary>What new Backups do with their snapshot when deleted (default Delete).</summary>
    public required DeletionPolicy DeletionPolicy { get; init; }

    /// <summary><see cref="ExpireAfterDays"/> as a span.</summary>
    public TimeSpan ExpireAfter => TimeSpan.FromDays(ExpireAfterDays);

    /// <summary><see cref="StartingDeadlineMinutes"/> as a span.</summary>
    public TimeSpan StartingDeadline => TimeSpan.FromMinutes(StartingDeadlineMinutes);

    /// <summary>Whether the schedule runs: the plan allows backups and the policy is not suspended.</summary>
    public bool AutomaticBackupsEnabled => BackupsAllowed && !Suspend && Cron is not null;

    /// <summary>The effective retention as the policy status shows it (<see langword="null"/> without backups).</summary>
    public RetentionSpec? ToRetentionStatus() => RetainedAutomatic is { } n ? new RetentionSpec { Automatic = n } : null;
}
