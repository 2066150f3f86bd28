using Backups.Operator.Api;

namespace Backups.Operator.Rules.Inventory;

/// <summary>A policy's backups summarised for its status.</summary>
/// <param name="Counts">The counts for <c>status.counts</c>.</param>
/// <param name="TotalSizeGigabytes">Sum of the sizes of the backups that are not being deleted.</param>
/// <param name="LastSuccessful">The newest Available (or Restoring) backup, for <c>status.lastSuccessfulBackup</c>.</param>
public sealed record BackupInventory(BackupCounts Counts, double TotalSizeGigabytes, BackupReference? LastSuccessful)
{
    /// <summary>
    /// Counts the backups that are not being deleted: <c>automatic</c>/<c>manual</c> by type; <c>available</c>
    /// (Available or Restoring), <c>creating</c> (Creating or not reconciled yet) and <c>error</c> by phase;
    /// <c>total</c> = the backups that count toward the 20-backup cap (refused requests excluded).
    /// </summary>
    public static BackupInventory Of(IEnumerable<BackupRecord> backups)
    {
        ArgumentNullException.ThrowIfNull(backups);
        var counts = new BackupCounts();
        var size = 0.0;
        BackupRecord? newestAvailable = null;
        foreach (var backup in backups)
        {
            if (backup.IsDeleting)
            {
                continue;
            }

            if (backup.Type == BackupType.Automatic)
            {
                counts.Automatic++;
            }
            else
            {
                counts.Manual++;
            }

            if (backup.IsAvailable)
            {
                counts.Available++;
                if (newestAvailable is null || BackupRecord.OldestFirst.Compare(backup, newestAvailable) > 0)
                {
                    newestAvailable = backup;
                }
            }
            else if (backup.IsCreating)
            {
                counts.Creating++;
            }
            else if (backup.IsError)
            {
                counts.Error++;
            }

            if (backup.CountsTowardCap)
            {
                counts.Total++;
            }

            if (backup.SizeGigabytes is { } s && s > 0 && double.IsFinite(s))
            {
                size += s;
            }
        }

        var last = newestAvailable is null
            ? null
            : new BackupReference { Name = newestAvailable.Name, Time = newestAvailable.CompletedAt ?? newestAvailable.CreatedAt };
        return new BackupInventory(counts, Math.Round(size, 2, MidpointRounding.AwayFromZero), last);
    }
}
