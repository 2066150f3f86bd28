using Backups.Operator.Api;
using Backups.Operator.Rules.Inventory;
using Backups.Operator.Rules.Plans;

namespace Backups.Operator.Rules.Retention;

/// <summary>
/// Retention and expiry of docs/rules.md as a pure function of (policy, its backups, now). It only decides; the policy
/// reconciler deletes the named Backups through the same path as a user delete.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Retention: the newest N automatic backups that are Available are kept; older Available automatic ones are
/// deleted (each has N newer Available ones, so "only once a newer one is Available" holds). Automatic Error backups are
/// deleted once a newer automatic backup is Available. Manual backups never count toward N and are never deleted by
/// retention. Without backups on the plan (Basic after a downgrade) count-based retention is off.</item>
/// <item>Expiry: every backup expires at its <c>expiresAt</c> (or creation + <c>expireAfterDays</c> when unset), except
/// the newest Available backup of the deployment, which is kept until a newer one is Available.</item>
/// <item>Available means phase Available or Restoring (a backup being restored is still a good backup). A backup that
/// is Creating (or not reconciled yet) or Restoring is never deleted; it is re-planned when its phase changes.</item>
/// <item>Backups being deleted (deletion timestamp or phase Deleting) are ignored: they count for nothing.</item>
/// </list>
/// </remarks>
public static class BackupPlanner
{
    /// <summary>When a backup created at <paramref name="createdAt"/> expires under <paramref name="policy"/> (for <c>status.expiresAt</c>).</summary>
    public static DateTimeOffset ExpiresAt(EffectivePolicy policy, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return createdAt.ToUniversalTime() + policy.ExpireAfter;
    }

    /// <summary>The expiry the rules apply to <paramref name="backup"/>: its <c>expiresAt</c>, else creation + <c>expireAfterDays</c>.</summary>
    public static DateTimeOffset EffectiveExpiry(EffectivePolicy policy, BackupRecord backup)
    {
        ArgumentNullException.ThrowIfNull(backup);
        return backup.ExpiresAt?.ToUniversalTime() ?? ExpiresAt(policy, backup.CreatedAt);
    }

    /// <summary>The newest Available (or Restoring) backup that is not being deleted, by creation time then name.</summary>
    public static BackupRecord? NewestAvailable(IEnumerable<BackupRecord> backups)
    {
        ArgumentNullException.ThrowIfNull(backups);
        BackupRecord? newest = null;
        foreach (var backup in backups)
        {
            if (backup.IsAvailable && (newest is null || BackupRecord.OldestFirst.Compare(backup, newest) > 0))
            {
                newest = backup;
            }
        }

        return newest;
    }

    /// <summary>Decides which backups go now, and when to look again.</summary>
    /// <param name="policy">The effective policy.</param>
    /// <param name="backups">All Backups of the policy (names unique).</param>
    /// <param name="now">The current time.</param>
    public static BackupPlan Plan(EffectivePolicy policy, IEnumerable<BackupRecord> backups, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(backups);
        now = now.ToUniversalTime();

        var live = backups.Where(static b => !b.IsDeleting).ToList();
        live.Sort(BackupRecord.OldestFirst);
        var newestAvailable = NewestAvailable(live);
        var decided = new Dictionary<string, DeletionReason>(StringComparer.Ordinal);

        bool Deletable(BackupRecord b) => !b.IsProtected && !ReferenceEquals(b, newestAvailable);

        foreach (var backup in live)
        {
            if (Deletable(backup) && now >= EffectiveExpiry(policy, backup))
            {
                decided[backup.Name] = DeletionReason.Expiry;
            }
        }

        var availableAutomaticNewestFirst = live.Where(static b => b.Type == BackupType.Automatic && b.IsAvailable).Reverse().ToList();
        if (policy.RetainedAutomatic is { } keep)
        {
            foreach (var backup in availableAutomaticNewestFirst.Skip(keep))
            {
                if (Deletable(backup))
                {
                    decided.TryAdd(backup.Name, DeletionReason.Retention);
                }
            }
        }

        if (availableAutomaticNewestFirst.Count > 0)
        {
            var newestAvailableAutomatic = availableAutomaticNewestFirst[0];
            foreach (var backup in live)
            {
                if (backup.Type == BackupType.Automatic && backup.IsError && Deletable(backup)
                    && BackupRecord.OldestFirst.Compare(backup, newestAvailableAutomatic) < 0)
                {
                    decided.TryAdd(backup.Name, DeletionReason.Retention);
                }
            }
        }

        DateTimeOffset? nextExpiry = null;
        var deletions = new List<BackupDeletion>(decided.Count);
        foreach (var backup in live)
        {
            if (decided.TryGetValue(backup.Name, out var reason))
            {
                deletions.Add(new BackupDeletion(backup.Name, reason));
                continue;
            }

            if (ReferenceEquals(backup, newestAvailable))
            {
                continue;
            }

            var expiry = EffectiveExpiry(policy, backup);
            if (expiry > now && (nextExpiry is null || expiry < nextExpiry))
            {
                nextExpiry = expiry;
            }
        }

        return new BackupPlan(deletions, nextExpiry, newestAvailable?.Name);
    }
}
