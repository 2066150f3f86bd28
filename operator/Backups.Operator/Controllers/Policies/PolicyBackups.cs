using Backups.Operator.Api;
using Backups.Operator.Resources;
using Backups.Operator.Rules.Inventory;

namespace Backups.Operator.Controllers.Policies;

/// <summary>
/// The Backups of one policy as the rules see them: every Backup in the policy's namespace whose <c>spec.policyName</c>
/// names it (user-made Backups may not carry the policy label yet), turned into <see cref="BackupRecord"/>s.
/// </summary>
internal static class PolicyBackups
{
    /// <summary>The Backups of <paramref name="policyName"/> among <paramref name="candidates"/> (one namespace).</summary>
    public static List<Backup> Of(IEnumerable<Backup> candidates, string policyName) =>
        candidates.Where(b => string.Equals(b.Spec?.PolicyName, policyName, StringComparison.Ordinal)).ToList();

    /// <summary>The record the rules need of <paramref name="backup"/>.</summary>
    public static BackupRecord ToRecord(Backup backup) => BackupRecord.From(
        backup.Metadata.Name,
        CreatedAt(backup),
        backup.Metadata.DeletionTimestamp is not null,
        backup.Spec ?? new BackupSpec(),
        backup.Status);

    /// <summary><c>metadata.creationTimestamp</c> in UTC (the epoch when the server has not set it, which never happens for stored objects).</summary>
    public static DateTimeOffset CreatedAt(k8s.IKubernetesObject<k8s.Models.V1ObjectMeta> obj) =>
        obj.Metadata.CreationTimestamp is { } created
            ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc))
            : DateTimeOffset.UnixEpoch;
}
