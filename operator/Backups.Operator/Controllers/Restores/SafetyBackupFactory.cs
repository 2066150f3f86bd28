using Backups.Operator.Api;
using Backups.Operator.Controllers.Coordination;
using Backups.Operator.Resources;
using Backups.Operator.Rules.Naming;
using k8s.Models;

namespace Backups.Operator.Controllers.Restores;

/// <summary>
/// The safety Backup a restore takes first, so it can be undone: named after the restore
/// (<see cref="BackupNames.SafetyBackup"/>), type Manual, labelled with its policy, its type and the restore (labels select;
/// the restore finds its safety backup by full name, see <see cref="DropletRestores.IsSafetyBackupOf"/>), owned by
/// the POLICY (so it outlives the restore) and carrying the snapshot-cleanup finalizer.
/// </summary>
internal static class SafetyBackupFactory
{
    public static Backup Create(BackupRestore restore, BackupPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(restore);
        ArgumentNullException.ThrowIfNull(policy);
        return new Backup
        {
            Metadata = new V1ObjectMeta
            {
                Name = BackupNames.SafetyBackup(restore.Metadata.Name),
                NamespaceProperty = restore.Metadata.NamespaceProperty,
                Labels = new Dictionary<string, string>
                {
                    [ApiConstants.PolicyLabel] = PolicyOwnership.LabelValue(policy.Metadata.Name),
                    [ApiConstants.TypeLabel] = nameof(BackupType.Manual),
                    [ApiConstants.RestoreLabel] = BackupNames.LabelValue(restore.Metadata.Name),
                },
                OwnerReferences = [PolicyOwnership.ControllerReference(policy)],
                Finalizers = [ApiConstants.SnapshotCleanupFinalizer],
            },
            Spec = new BackupSpec
            {
                PolicyName = policy.Metadata.Name,
                Type = BackupType.Manual,
                DeletionPolicy = policy.Spec.DeletionPolicy ?? DeletionPolicy.Delete,
                Description = $"Safety backup taken by BackupRestore {restore.Metadata.Name} before restoring Backup {restore.Spec.BackupName}: restore this one to undo that restore.",
            },
        };
    }

    /// <summary>
    /// Whether <paramref name="backup"/> (found under the safety backup's name) was made by <paramref name="restore"/>: its
    /// full name is the restore's safety backup name and it carries the restore label this factory writes.
    /// </summary>
    public static bool IsMadeFor(Backup backup, BackupRestore restore) =>
        DropletRestores.IsSafetyBackupOf(backup, restore)
        && backup.Metadata.Labels?.TryGetValue(ApiConstants.RestoreLabel, out var value) == true
        && value == BackupNames.LabelValue(restore.Metadata.Name);
}
