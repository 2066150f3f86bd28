using Backups.Operator.Api;
using Backups.Operator.Resources;

namespace Backups.Operator.Controllers.Restores;

/// <summary>
/// What runs on a droplet, read from the informer caches: restores (BackingUp or Restoring) and backups being created.
/// One operation per droplet: a restore waits for both, and a policy's schedule waits for a restore.
/// </summary>
public static class DropletActivity
{
    /// <summary>The restore is working on its droplet: taking the safety backup or rebuilding.</summary>
    public static bool IsRunning(BackupRestore restore) =>
        restore.Status?.Phase is RestorePhase.BackingUp or RestorePhase.Restoring;

    /// <summary>The restore ended (never re-run).</summary>
    public static bool IsFinished(BackupRestore restore) =>
        restore.Status?.Phase is RestorePhase.Succeeded or RestorePhase.Failed;

    /// <summary>
    /// The restores of <paramref name="policyName"/>'s droplet in <paramref name="ns"/> that are running: labelled with the
    /// policy by the restore reconciler, or recording the droplet in their status.
    /// </summary>
    public static IReadOnlyList<BackupRestore> RunningRestores(IEnumerable<BackupRestore> restores, string ns, string policyName, long dropletId)
    {
        var label = Policies.PolicyBackups.LabelValue(policyName);
        return restores
            .Where(r => string.Equals(r.Metadata.NamespaceProperty, ns, StringComparison.Ordinal)
                        && r.Metadata.DeletionTimestamp is null
                        && IsRunning(r)
                        && (r.Status?.DropletId == dropletId
                            || (r.Metadata.Labels?.TryGetValue(ApiConstants.PolicyLabel, out var value) == true && value == label)))
            .OrderBy(r => r.Metadata.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The restore that must go before <paramref name="restore"/> on <paramref name="dropletId"/>, if any: one that is
    /// running, or an older unfinished one (by creation time, then name), so two restores of one droplet never race.
    /// </summary>
    public static BackupRestore? RestoreAhead(IEnumerable<BackupRestore> restores, BackupRestore restore, long dropletId)
    {
        BackupRestore? ahead = null;
        foreach (var other in restores)
        {
            if (ReferenceEquals(other, restore)
                || (string.Equals(other.Metadata.NamespaceProperty, restore.Metadata.NamespaceProperty, StringComparison.Ordinal)
                    && string.Equals(other.Metadata.Name, restore.Metadata.Name, StringComparison.Ordinal))
                || other.Status?.DropletId != dropletId
                || IsFinished(other))
            {
                continue;
            }

            if (IsRunning(other) || (other.Metadata.DeletionTimestamp is null && Older(other, restore)))
            {
                if (ahead is null || (IsRunning(other) && !IsRunning(ahead)))
                {
                    ahead = other;
                }
            }
        }

        return ahead;
    }

    /// <summary>
    /// A Backup being created on <paramref name="dropletId"/> (phase Creating, or not reconciled yet, and not being
    /// deleted), other than <paramref name="exceptName"/> in <paramref name="policyNamespace"/>: the restore waits for it.
    /// Backups of the policy count even before their status names the droplet.
    /// </summary>
    public static Backup? BackupInFlight(IEnumerable<Backup> backups, long dropletId, string policyNamespace, string policyName, string? exceptName)
    {
        return backups
            .Where(b => b.Metadata.DeletionTimestamp is null
                        && b.Status?.Phase is null or BackupPhase.Creating
                        && !(string.Equals(b.Metadata.NamespaceProperty, policyNamespace, StringComparison.Ordinal)
                             && string.Equals(b.Metadata.Name, exceptName, StringComparison.Ordinal))
                        && (b.Status?.DropletId == dropletId
                            || (string.Equals(b.Metadata.NamespaceProperty, policyNamespace, StringComparison.Ordinal)
                                && string.Equals(b.Spec?.PolicyName, policyName, StringComparison.Ordinal))))
            .OrderBy(b => b.Metadata.CreationTimestamp)
            .ThenBy(b => b.Metadata.Name, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    private static bool Older(BackupRestore a, BackupRestore b)
    {
        var byTime = Nullable.Compare(a.Metadata.CreationTimestamp, b.Metadata.CreationTimestamp);
        return byTime != 0 ? byTime < 0 : string.CompareOrdinal(a.Metadata.Name, b.Metadata.Name) < 0;
    }
}
