using Backups.Operator.Api;
using Backups.Operator.Rules.Inventory;
using Backups.Operator.Rules.Plans;

namespace Backups.Operator.Rules.Retention;

/// <summary>
/// The plan's eligibility and the 20-backup cap for a new backup. A backup counts toward the cap in any phase but
/// Deleting; backups the optional plan (from <see cref="BackupPlanner.Plan"/>) is about to delete do not count,
/// and neither do backups refused at admission (Error, reason LimitReached or PlanNotEligible: they hold no snapshot).
/// </summary>
public static class BackupAdmission
{
    /// <summary>
    /// Admits a new manual Backup (call once, before its first phase). Basic → refused, <c>PlanNotEligible</c>.
    /// At the cap → refused, <c>LimitReached</c>, "Maximum 20 backups per deployment: delete a backup first".
    /// Of two requests racing for the last slot, the one created first (then by name) wins: a backup not yet admitted
    /// counts only when it was requested before the candidate.
    /// </summary>
    /// <param name="policy">The effective policy.</param>
    /// <param name="backups">All Backups of the policy; may include the candidate itself.</param>
    /// <param name="candidate">The new manual Backup.</param>
    /// <param name="plan">Deletions already decided (optional): those backups no longer count.</param>
    public static AdmissionDecision AdmitManual(EffectivePolicy policy, IEnumerable<BackupRecord> backups, BackupRecord candidate, BackupPlan? plan = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(backups);
        ArgumentNullException.ThrowIfNull(candidate);

        if (!policy.BackupsAllowed)
        {
            return AdmissionDecision.Refused(Reasons.PlanNotEligible, Reasons.PlanNotEligibleMessage);
        }

        var counted = 0;
        foreach (var backup in backups)
        {
            if (string.Equals(backup.Name, candidate.Name, StringComparison.Ordinal)
                || !backup.CountsTowardCap
                || plan?.Deletes(backup.Name) == true)
            {
                continue;
            }

            var admitted = backup.Phase is not null;
            if (admitted || BackupRecord.OldestFirst.Compare(backup, candidate) < 0)
            {
                counted++;
            }
        }

        return counted < PolicyLimits.MaxBackupsPerDeployment
            ? AdmissionDecision.Allowed
            : AdmissionDecision.Refused(Reasons.LimitReached, Reasons.LimitReachedMessage);
    }

    /// <summary>
    /// Admits the automatic Backup <paramref name="backupName"/> for a due tick. Basic → refused, <c>PlanNotEligible</c>.
    /// Below the cap → allowed. At the cap → evict the oldest automatic backup that is not the newest Available one
    /// (and not Creating or Restoring) — as many as needed to make room for one — or, when none can go (all manual),
    /// refuse with <c>LimitReached</c>: the run is skipped.
    /// </summary>
    /// <param name="policy">The effective policy.</param>
    /// <param name="backups">All Backups of the policy.</param>
    /// <param name="backupName">The name the automatic Backup will get (<see cref="Naming.BackupNames.Automatic(string, DateTimeOffset)"/>).</param>
    /// <param name="plan">Deletions already decided (optional): those backups no longer count and are not evicted twice.</param>
    public static AdmissionDecision AdmitAutomatic(EffectivePolicy policy, IEnumerable<BackupRecord> backups, string backupName, BackupPlan? plan = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(backups);
        ArgumentException.ThrowIfNullOrEmpty(backupName);

        var all = backups.ToList();
        if (all.Any(b => string.Equals(b.Name, backupName, StringComparison.Ordinal)))
        {
            return AdmissionDecision.AlreadyExists;
        }

        if (!policy.BackupsAllowed)
        {
            return AdmissionDecision.Refused(Reasons.PlanNotEligible, Reasons.PlanNotEligibleMessage);
        }

        var remaining = all.Where(b => b.CountsTowardCap && plan?.Deletes(b.Name) != true).ToList();
        var excess = remaining.Count - (PolicyLimits.MaxBackupsPerDeployment - 1);
        if (excess <= 0)
        {
            return AdmissionDecision.Allowed;
        }

        var newestAvailable = BackupPlanner.NewestAvailable(remaining);
        var evictable = remaining
            .Where(b => b.Type == BackupType.Automatic && !b.IsProtected && !ReferenceEquals(b, newestAvailable))
            .Order(BackupRecord.OldestFirst)
            .Take(excess)
            .Select(static b => new BackupDeletion(b.Name, DeletionReason.Cap))
            .ToList();

        return evictable.Count == excess
            ? AdmissionDecision.AfterEvicting(evictable)
            : AdmissionDecision.Refused(Reasons.LimitReached, Reasons.LimitReachedMessage);
    }
}
