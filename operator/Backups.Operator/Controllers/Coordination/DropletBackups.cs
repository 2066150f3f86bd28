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
    /// them would be a cycle.
    /// </summary>
    public static Backup? InFlight(IEnumerable<Backup> backups, long dropletId, string policyNamespace, string policyName, string? exceptName, bool startedOnly = false) =>
        backups
            .Where(b => b.Metadata.DeletionTimestamp is null
                        && b.Status?.Phase is null or BackupPhase.Creating
                        && (!startedOnly || b.Status?.SnapshotName is not null || b.Status?.ActionId is not null)
                        && !(string.Equals(b.Metadata.NamespaceProperty, policyNamespace, StringComparison.Ordinal)
                             && string.Equals(b.Metadata.Name, exceptName, StringComparison.Ordinal))
                        && (b.Status?.DropletId == dropletId
                            || (string.Equals(b.Metadata.NamespaceProperty, policyNamespace, StringComparison.Ordinal)
                                && string.Equals(b.Spec?.PolicyName, policyName, StringComparison.Ordinal))))
            .OrderBy(b => b.Metadata.CreationTimestamp)
            .ThenBy(b => b.Metadata.Name, StringComparer.Ordinal)
            .FirstOrDefault();
}
