using Backups.Operator.Api;
using Backups.Operator.Resources;

namespace Backups.Operator.Controllers.Coordination;

/// <summary>Backups being made on a droplet, as a restore sees them (informer cache; see docs/design.md, "Restores").</summary>
public static class DropletBackups
{
    /// <summary>
    /// A Backup being created on <paramref name="dropletId"/> that a restore must let finish first, other than
    /// <paramref name="exceptName"/> in <paramref name="policyNamespace"/> (the restore's own safety backup). Backups of the
    /// policy count even before their status names the droplet. With <paramref name="startedOnly"/> (a restore that already
    /// runs), only a backup whose snapshot was requested counts: the others wait for the running restore, so waiting for
    /// them would be a cycle. With <paramref name="queuedSince"/> (a restore waiting to start, created then), a backup whose
    /// snapshot was not requested yet counts only when it was created no later: newer backups wait for the restore
    /// (<see cref="DropletRestores.WaitingBefore"/>), so a steady stream of backups cannot starve it (docs/design.md, "Restores").
    /// </summary>
    public static Backup? InFlight(IEnumerable<Backup> backups, long dropletId, string policyNamespace, string policyName, string? exceptName, bool startedOnly = false, DateTime? queuedSince = null) =>
        backups
            .Where(b => b.Metadata.DeletionTimestamp is null
                        && b.Status?.Phase is null or BackupPhase.Creating
                        && (IsStarted(b) || (!startedOnly && (queuedSince is null || b.Metadata.CreationTimestamp <= queuedSince)))
                        && !(string.Equals(b.Metadata.NamespaceProperty, policyNamespace, StringComparison.Ordinal)
                             && string.Equals(b.Metadata.Name, exceptName, StringComparison.Ordinal))
                        && (b.Status?.DropletId == dropletId
                            || (string.Equals(b.Metadata.NamespaceProperty, policyNamespace, StringComparison.Ordinal)
                                && string.Equals(b.Spec?.PolicyName, policyName, StringComparison.Ordinal))))
            .OrderBy(b => b.Metadata.CreationTimestamp)
            .ThenBy(b => b.Metadata.Name, StringComparer.Ordinal)
            .FirstOrDefault();

    private static bool IsStarted(Backup backup) => backup.Status?.SnapshotName is not null || backup.Status?.ActionId is not null;
}
