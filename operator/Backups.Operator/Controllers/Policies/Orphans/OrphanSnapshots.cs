using Backups.Operator.Api;
using Backups.Operator.DigitalOcean;
using Backups.Operator.DigitalOcean.Models;
using Backups.Operator.Resources;
using Backups.Operator.Rules.Naming;

namespace Backups.Operator.Controllers.Policies.Orphans;

/// <summary>
/// Which snapshots of a policy's droplet are orphans: taken of that droplet, named the way the operator names snapshots of
/// Backups in the policy's namespace (<see cref="BackupNames.IsSnapshotNameOf"/>), referred to by no Backup anywhere in the
/// cluster (snapshot id, snapshot name, or the name the Backup's uid gives), and not recorded as retained on the policy.
/// See docs/design.md, "Orphan sweep".
/// </summary>
public static class OrphanSnapshots
{
    /// <param name="policy">The policy whose droplet was listed.</param>
    /// <param name="snapshots">The droplet's snapshots, as DigitalOcean listed them.</param>
    /// <param name="backups">Every Backup the operator knows of (all namespaces).</param>
    public static IReadOnlyList<Snapshot> Find(BackupPolicy policy, IEnumerable<Snapshot> snapshots, IEnumerable<Backup> backups)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(backups);
        var ns = policy.Metadata.NamespaceProperty;
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var backup in backups)
        {
            AddIfPresent(referenced, backup.Status?.SnapshotId);
            AddIfPresent(referenced, backup.Status?.SnapshotName);
            if (backup.Metadata is { NamespaceProperty: { } backupNs, Name: { } name, Uid: { Length: > 0 } uid }
                && BackupNames.IsDns1123Subdomain(backupNs) && BackupNames.IsDns1123Subdomain(name))
            {
                referenced.Add(BackupNames.Snapshot(backupNs, name, uid));
            }
        }

        foreach (var (key, value) in policy.Metadata.Annotations ?? new Dictionary<string, string>())
        {
            if (key.StartsWith(ApiConstants.RetainedSnapshotAnnotationPrefix, StringComparison.Ordinal))
            {
                AddIfPresent(referenced, value?.Trim());
            }
        }

        return snapshots
            .Where(s => SnapshotOwnership.IsOf(s, policy.Spec.DropletId)
                        && BackupNames.IsSnapshotNameOf(s.Name, ns)
                        && !referenced.Contains(s.Id)
                        && !referenced.Contains(s.Name))
            .ToList();
    }

    private static void AddIfPresent(HashSet<string> set, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            set.Add(value);
        }
    }
}
