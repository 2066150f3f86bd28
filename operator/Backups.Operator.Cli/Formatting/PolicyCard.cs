using Backups.Operator.Api;
using Backups.Operator.Cli.Cluster;
using Backups.Operator.Rules.Cost;
using Backups.Operator.Rules.Inventory;
using Backups.Operator.Rules.Plans;

namespace Backups.Operator.Cli.Formatting;

/// <summary>One line of the card: a label, a value, and whether it is a warning.</summary>
public sealed record CardLine(string Label, string Value, bool Warning = false);

/// <summary>
/// The Backups card of one policy, as <c>kubectl backup status</c> prints it: plan, schedule in UTC and in the policy's
/// zone, next and last backup, counts by phase and type, size, monthly cost, the 20-backup headroom, and the upgrade
/// message on Basic. Computed with the operator's rules (plan resolution, inventory, cost), not re-implemented.
/// </summary>
public sealed record PolicyCard(string Name, IReadOnlyList<CardLine> Lines)
{
    /// <summary>The card of <paramref name="policy"/> and its backups at <paramref name="now"/>.</summary>
    public static PolicyCard Of(PolicyResource policy, IReadOnlyList<BackupResource> backups, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(backups);
        var lines = new List<CardLine>();
        var spec = policy.Spec;
        var status = policy.Status;
        var resolution = PlanCatalog.Resolve(spec);
        var effective = resolution.Policy;

        lines.Add(new("Droplet", spec.DropletId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        lines.Add(new("Plan", PlanText(spec.Plan, effective)));
        if (!resolution.IsValid)
        {
            lines.Add(new("Spec", $"invalid: {resolution.Message}", Warning: true));
        }

        if (effective is { BackupsAllowed: false })
        {
            lines.Add(new("Backups", Reasons.PlanNotEligibleMessage, Warning: true));
        }
        else if (effective is not null)
        {
            lines.Add(new("Schedule", ScheduleText(effective)));
            lines.Add(new("Next backup", NextText(effective, status?.NextBackupTime, now)));
        }

        var records = backups.Select(Record).ToList();
        var inventory = BackupInventory.Of(records);
        var last = status?.LastSuccessfulBackup ?? inventory.LastSuccessful;
        lines.Add(new("Last backup", last is null ? "none yet" : $"{last.Name}, {Humanize.Utc(last.Time)} ({Humanize.Age(last.Time, now)} ago)"));

        var counts = inventory.Counts;
        lines.Add(new("Backups", $"{counts.Available} available, {counts.Creating} creating, {counts.Error} error"
            + $" ({counts.Automatic} automatic, {counts.Manual} manual)", Warning: counts.Error > 0));
        var cost = status?.EstimatedMonthlyCost ?? CostEstimator.MonthlyCost(records, SnapshotPrice.Default);
        lines.Add(new("Size", $"{Humanize.Size(inventory.TotalSizeGigabytes)}, about {Humanize.Dollars(cost)} a month"));
        lines.Add(HeadroomLine(counts.Total));
        foreach (var condition in status?.Conditions ?? [])
        {
            if (condition.Type == ConditionTypes.LimitReached && condition.Status == ConditionStatus.True
                || condition.Type == ConditionTypes.Restoring && condition.Status == ConditionStatus.True
                || condition.Type == ConditionTypes.Ready && condition.Status == ConditionStatus.False && condition.Reason != Reasons.PlanNotEligible)
            {
                lines.Add(new(condition.Type, $"{condition.Reason}: {condition.Message}", Warning: condition.Type != ConditionTypes.Restoring));
            }
        }

        return new PolicyCard(policy.Name, lines);
    }

    /// <summary>The line about the cap: how many of the 20 are used and how many are left.</summary>
    public static CardLine HeadroomLine(int total)
    {
        var left = Math.Max(0, PolicyLimits.MaxBackupsPerDeployment - total);
        return left == 0
            ? new("Limit", $"{total} of {PolicyLimits.MaxBackupsPerDeployment} used: {Reasons.LimitReachedMessage}", Warning: true)
            : new("Limit", $"{total} of {PolicyLimits.MaxBackupsPerDeployment} used, {left} left");
    }

    /// <summary>The rules' view of a Backup object.</summary>
    public static BackupRecord Record(BackupResource backup)
    {
        ArgumentNullException.ThrowIfNull(backup);
        return BackupRecord.From(backup.Name, backup.CreatedAt ?? DateTimeOffset.MinValue, backup.Metadata.DeletionTimestamp is not null,
            backup.Spec, backup.Status);
    }

    private static string PlanText(Plan plan, EffectivePolicy? effective) => plan switch
    {
        Plan.Basic => "Basic (no backups)",
        _ when effective is { RetainedAutomatic: { } kept } => $"{plan} ({kept} automatic backups kept, each expires after {effective.ExpireAfterDays} days)",
        _ => plan.ToString(),
    };

    private static string ScheduleText(EffectivePolicy policy)
    {
        var text = $"{policy.Schedule} in {policy.TimeZoneId}";
        return policy.Suspend ? text + " (suspended)" : text;
    }

    private static string NextText(EffectivePolicy policy, DateTimeOffset? fromStatus, DateTimeOffset now)
    {
        if (policy.Suspend)
        {
            return "none while suspended";
        }

        var next = fromStatus ?? (policy.Cron?.GetNextOccurrence(now, policy.TimeZone) is { } computed ? computed : null);
        if (next is not { } n)
        {
            return "-";
        }

        var utc = Humanize.Utc(n);
        return policy.TimeZoneId == PolicyLimits.DefaultTimeZone
            ? $"{utc} (in {Humanize.Duration(n - now)})"
            : $"{utc} = {Humanize.InZone(n, policy.TimeZone)} (in {Humanize.Duration(n - now)})";
    }
}
