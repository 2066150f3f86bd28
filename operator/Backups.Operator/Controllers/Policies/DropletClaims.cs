using System.Globalization;
using Backups.Operator.Resources;

namespace Backups.Operator.Controllers.Policies;

/// <summary>
/// One policy per droplet: of the policies (any namespace, not being deleted) on one droplet, the oldest
/// (creationTimestamp, then namespace, then name) keeps it; every other one is in conflict and makes no automatic
/// backups. Read from the informer cache. See docs/design.md, "Policy readiness".
/// </summary>
public static class DropletClaims
{
    /// <summary>The policy that keeps <paramref name="policy"/>'s droplet when it is another one, else null.</summary>
    public static BackupPolicy? Holder(IEnumerable<BackupPolicy> policies, BackupPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var holder = policies
            .Where(p => p.Spec?.DropletId == policy.Spec.DropletId && p.Metadata.DeletionTimestamp is null)
            .Append(policy)
            .OrderBy(p => p.Metadata.CreationTimestamp)
            .ThenBy(p => p.Metadata.NamespaceProperty, StringComparer.Ordinal)
            .ThenBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .First();
        return IsSame(holder, policy) ? null : holder;
    }

    /// <summary>The condition message of a policy that lost its droplet to <paramref name="holder"/>.</summary>
    public static string Message(BackupPolicy policy, BackupPolicy holder) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Droplet {policy.Spec.DropletId} is already backed up by BackupPolicy '{holder.Metadata.NamespaceProperty}/{holder.Metadata.Name}' (the older policy keeps it): this policy makes no automatic backups. Delete one of the two policies, or point this one at another droplet.");

    private static bool IsSame(BackupPolicy a, BackupPolicy b) =>
        string.Equals(a.Metadata.NamespaceProperty, b.Metadata.NamespaceProperty, StringComparison.Ordinal)
        && string.Equals(a.Metadata.Name, b.Metadata.Name, StringComparison.Ordinal);
}
