using Backups.Operator.Api;
using Backups.Operator.Resources;
using Backups.Operator.Rules.Naming;

namespace Backups.Operator.Controllers.Coordination;

/// <summary>
/// The one definition of "a restore is running on this droplet", shared by the three controllers (read from the
/// informer cache; see docs/design.md, "Restores"):
/// <list type="bullet">
/// <item>A restore is <b>running</b> in phase <c>BackingUp</c> or <c>Restoring</c>, whether or not it is being deleted (its
/// finalizer keeps a deleted restore until DigitalOcean's rebuild is over, and it holds the droplet until then).</item>
/// <item>Its droplet is <c>status.dropletId</c>, written by the operator once the restore is validated (never the user's
/// <c>spec.confirmDropletId</c>, which may be wrong). A restore that has not been validated yet queues by
/// <c>spec.confirmDropletId</c> (<see cref="TargetOf"/>); if that is wrong it fails validation instead of starting.</item>
/// <item>One restore per droplet at a time, oldest first (creationTimestamp, then namespace, then name); the others wait in
/// Pending.</item>
/// <item>A restore's safety Backup is found by its full name (<c>status.safetyBackupName</c>, or the name derived from the
/// restore's full name), never by a label, which may be a shortened hash of a long name.</item>
/// </list>
/// </summary>
public static class DropletRestores
{
    /// <summary>Taking its safety backup or rebuilding, even while being deleted.</summary>
    public static bool IsRunning(BackupRestore restore)
    {
        ArgumentNullException.ThrowIfNull(restore);
        return restore.Status?.Phase is RestorePhase.BackingUp or RestorePhase.Restoring;
    }

    /// <summary>Succeeded or Failed: never re-run.</summary>
    public static bool IsFinished(BackupRestore restore)
    {
        ArgumentNullException.ThrowIfNull(restore);
        return restore.Status?.Phase is RestorePhase.Succeeded or RestorePhase.Failed;
    }

    /// <summary>The droplet the restore queues for: the validated <c>status.dropletId</c>, else <c>spec.confirmDropletId</c>.</summary>
    public static long TargetOf(BackupRestore restore)
    {
        ArgumentNullException.ThrowIfNull(restore);
        return restore.Status?.DropletId ?? restore.Spec?.ConfirmDropletId ?? 0;
    }

    /// <summary>The restores running on <paramref name="dropletId"/> (any namespace), in queue order.</summary>
    public static IReadOnlyList<BackupRestore> RunningOn(IEnumerable<BackupRestore> restores, long dropletId) =>
        restores.Where(r => IsRunning(r) && r.Status?.DropletId == dropletId).Order(QueueOrder.Instance).ToList();

    /// <summary>
    /// The restore that goes before <paramref name="restore"/> on <paramref name="dropletId"/>, if any: a running one, else
    /// an older unfinished one that is not being deleted. Deterministic, so of two waiting restores exactly one starts.
    /// </summary>
    public static BackupRestore? Ahead(IEnumerable<BackupRestore> restores, BackupRestore restore, long dropletId)
    {
        ArgumentNullException.ThrowIfNull(restore);
        var others = restores.Where(r => !IsSame(r, restore)).ToList();
        return RunningOn(others, dropletId).FirstOrDefault()
               ?? others
                   .Where(r => !IsFinished(r) && !IsRunning(r) && r.Metadata.DeletionTimestamp is null
                               && TargetOf(r) == dropletId && QueueOrder.Instance.Compare(r, restore) < 0)
                   .Order(QueueOrder.Instance)
                   .FirstOrDefault();
    }

    /// <summary>The unfinished restores queued on <paramref name="dropletId"/> (any namespace): those to look at again when it frees up.</summary>
    public static IEnumerable<BackupRestore> QueuedOn(IEnumerable<BackupRestore> restores, long dropletId) =>
        restores.Where(r => !IsFinished(r) && TargetOf(r) == dropletId);

    /// <summary>Whether <paramref name="backup"/> is the safety Backup of <paramref name="restore"/> (same namespace, full names).</summary>
    public static bool IsSafetyBackupOf(Backup backup, BackupRestore restore)
    {
        ArgumentNullException.ThrowIfNull(backup);
        ArgumentNullException.ThrowIfNull(restore);
        return string.Equals(backup.Metadata.NamespaceProperty, restore.Metadata.NamespaceProperty, StringComparison.Ordinal)
               && (string.Equals(backup.Metadata.Name, restore.Status?.SafetyBackupName, StringComparison.Ordinal)
                   || string.Equals(backup.Metadata.Name, BackupNames.SafetyBackup(restore.Metadata.Name), StringComparison.Ordinal));
    }

    /// <summary>
    /// The running restore on <paramref name="dropletId"/> that <paramref name="backup"/> must wait for: any, except the
    /// restore whose safety backup it is (a safety backup never waits on its own restore, nor on a restore that is waiting).
    /// </summary>
    public static BackupRestore? Blocking(IEnumerable<BackupRestore> restores, Backup backup, long dropletId) =>
        RunningOn(restores, dropletId).FirstOrDefault(r => !IsSafetyBackupOf(backup, r));

    /// <summary>
    /// A restore on <paramref name="dropletId"/> created before <paramref name="backup"/> that is ready to start and waits
    /// only for the droplet (status reason <paramref name="waitingForDropletReason"/>): the backup waits for it, so newer
    /// backups cannot keep a waiting restore from its turn. Such a restore waits only for backups in flight or older than
    /// itself (<see cref="DropletBackups.InFlight"/>), so the two never wait for each other.
    /// </summary>
    public static BackupRestore? WaitingBefore(IEnumerable<BackupRestore> restores, Backup backup, long dropletId, string waitingForDropletReason)
    {
        ArgumentNullException.ThrowIfNull(backup);
        var all = restores as IReadOnlyCollection<BackupRestore> ?? restores.ToList();
        if (all.Any(r => IsSafetyBackupOf(backup, r)))
        {
            // A restore's safety backup belongs to that restore, which goes before every restore waiting behind it: waiting
            // for one of those would be a cycle (the waiting restore waits for the running one, which waits for this backup).
            return null;
        }

        return all
            .Where(r => !IsFinished(r) && !IsRunning(r) && r.Metadata.DeletionTimestamp is null
                        && TargetOf(r) == dropletId
                        && string.Equals(r.Status?.Reason, waitingForDropletReason, StringComparison.Ordinal)
                        && r.Metadata.CreationTimestamp < backup.Metadata.CreationTimestamp
                        && !IsSafetyBackupOf(backup, r))
            .Order(QueueOrder.Instance)
            .FirstOrDefault();
    }

    /// <summary>The running restore that restores <paramref name="backup"/> (its source must not be deleted meanwhile).</summary>
    public static BackupRestore? Using(IEnumerable<BackupRestore> restores, Backup backup)
    {
        ArgumentNullException.ThrowIfNull(backup);
        return restores.Where(r => IsRunning(r)
                                   && string.Equals(r.Metadata.NamespaceProperty, backup.Metadata.NamespaceProperty, StringComparison.Ordinal)
                                   && string.Equals(r.Spec?.BackupName, backup.Metadata.Name, StringComparison.Ordinal))
            .Order(QueueOrder.Instance)
            .FirstOrDefault();
    }

    private static bool IsSame(BackupRestore a, BackupRestore b) =>
        ReferenceEquals(a, b)
        || (string.Equals(a.Metadata.NamespaceProperty, b.Metadata.NamespaceProperty, StringComparison.Ordinal)
            && string.Equals(a.Metadata.Name, b.Metadata.Name, StringComparison.Ordinal));

    /// <summary>Oldest first: creationTimestamp, then namespace, then name.</summary>
    private sealed class QueueOrder : IComparer<BackupRestore>
    {
        public static readonly QueueOrder Instance = new();

        public int Compare(BackupRestore? x, BackupRestore? y)
        {
            if (x is null || y is null)
            {
                return x is null ? (y is null ? 0 : -1) : 1;
            }

            var byTime = Nullable.Compare(x.Metadata.CreationTimestamp, y.Metadata.CreationTimestamp);
            if (byTime != 0)
            {
                return byTime;
            }

            var byNamespace = string.CompareOrdinal(x.Metadata.NamespaceProperty, y.Metadata.NamespaceProperty);
            return byNamespace != 0 ? byNamespace : string.CompareOrdinal(x.Metadata.Name, y.Metadata.Name);
        }
    }
}
