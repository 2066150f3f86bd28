using Backups.Operator.Api;
using Backups.Operator.Resources;

namespace Backups.Operator.Controllers.Backups;

/// <summary>What running BackupRestores mean for a Backup (from the informer cache).</summary>
internal static class RestoreUsage
{
    /// <summary>A restore past validation: taking its safety backup or rebuilding.</summary>
    public static bool IsRunning(BackupRestore restore) =>
        restore.Metadata.DeletionTimestamp is null && restore.Status?.Phase is RestorePhase.BackingUp or RestorePhase.Restoring;

    /// <summary>The running restore that uses <paramref name="backup"/> as its source, if any.</summary>
    public static BackupRestore? UsingBackup(IEnumerable<BackupRestore> restores, Backup backup) =>
        restores.FirstOrDefault(r => IsRunning(r)
            && r.Metadata.NamespaceProperty == backup.Metadata.NamespaceProperty
            && string.Equals(r.Spec.BackupName, backup.Metadata.Name, StringComparison.Ordinal));

    /// <summary>
    /// A running restore on <paramref name="dropletId"/> other than the one <paramref name="backup"/> is the safety backup of
    /// (label <c>backup.platform.dev/restore</c>): while it runs, no snapshot is requested on the droplet.
    /// </summary>
    public static BackupRestore? BlockingDroplet(IEnumerable<BackupRestore> restores, Backup backup, long dropletId)
    {
        string? ownRestore = null;
        backup.Metadata.Labels?.TryGetValue(ApiConstants.RestoreLabel, out ownRestore);
        return restores.FirstOrDefault(r => IsRunning(r)
            && (r.Status?.DropletId ?? r.Spec.ConfirmDropletId) == dropletId
            && !(r.Metadata.NamespaceProperty == backup.Metadata.NamespaceProperty && string.Equals(r.Metadata.Name, ownRestore, StringComparison.Ordinal)));
    }
}
