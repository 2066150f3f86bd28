using Backups.Operator.Api;
using Backups.Operator.Controllers.Coordination;
using Backups.Operator.DigitalOcean.Models;
using Backups.Operator.Resources;

namespace Backups.Operator.Controllers.Policies.Orphans;

/// <summary>
/// The other half of the policy's periodic snapshot list: which of the policy's Available (or Restoring) Backups recorded a
/// snapshot id that a complete list of the droplet's snapshots does not contain. The Backups must be read before the list
/// is requested, so that each of them had its snapshot found before the list was read (a Backup that turned Available
/// while the list was in flight is judged by the next check). See docs/design.md, "Snapshot checks".
/// </summary>
public static class MissingSnapshots
{
    /// <summary>The policy's Backups whose snapshot a later list must contain: Available or Restoring, not being deleted, with a snapshot id.</summary>
    public static IReadOnlyList<Backup> Checkable(IEnumerable<Backup> policyBackups)
    {
        ArgumentNullException.ThrowIfNull(policyBackups);
        return policyBackups
            .Where(b => b.Metadata.DeletionTimestamp is null
                        && b.Status is { Phase: BackupPhase.Available or BackupPhase.Restoring, SnapshotId.Length: > 0 }
                        && !string.IsNullOrEmpty(b.Metadata.Uid))
            .ToList();
    }

    /// <param name="checkable">The <see cref="Checkable"/> Backups, read before the list was requested.</param>
    /// <param name="listed">Every snapshot of the droplet (all pages of one successful list; never a partial list).</param>
    /// <param name="listedAt">When the list was read.</param>
    public static IReadOnlyList<MissingSnapshot> Find(IEnumerable<Backup> checkable, IEnumerable<Snapshot> listed, DateTimeOffset listedAt)
    {
        ArgumentNullException.ThrowIfNull(checkable);
        ArgumentNullException.ThrowIfNull(listed);
        var present = listed.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        return checkable
            .Where(b => !present.Contains(b.Status!.SnapshotId!))
            .Select(b => new MissingSnapshot(b.Metadata.Uid, b.Metadata.Name, b.Status!.SnapshotId!, listedAt))
            .ToList();
    }
}
