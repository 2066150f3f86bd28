using System.Globalization;
using Backups.Operator.Api;
using Backups.Operator.Controllers.Coordination;
using Backups.Operator.Resources;
using Backups.Operator.Rules.Naming;
using Backups.Operator.Rules.Plans;
using k8s.Models;

namespace Backups.Operator.Controllers.Policies;

/// <summary>
/// The automatic Backup of one schedule tick, exactly as the controllers' protocol wants it: the deterministic name
/// from the UTC tick, <c>spec.type: Automatic</c>, the policy's deletion policy, the policy and type labels, the
/// scheduled-time annotation, a controller owner reference to the policy and the snapshot-cleanup finalizer.
/// </summary>
internal static class AutomaticBackupFactory
{
    public static Backup Create(BackupPolicy policy, EffectivePolicy effective, DateTimeOffset tick)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(effective);
        var utcTick = tick.ToUniversalTime();
        return new Backup
        {
            Metadata = new V1ObjectMeta
            {
                Name = BackupNames.Automatic(policy.Metadata.Name, utcTick),
                NamespaceProperty = policy.Metadata.NamespaceProperty,
                Labels = new Dictionary<string, string>
                {
                    [ApiConstants.PolicyLabel] = PolicyOwnership.LabelValue(policy.Metadata.Name),
                    [ApiConstants.TypeLabel] = nameof(BackupType.Automatic),
                },
                Annotations = new Dictionary<string, string>
                {
                    [ApiConstants.ScheduledTimeAnnotation] = utcTick.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                },
                OwnerReferences = [PolicyOwnership.ControllerReference(policy)],
                Finalizers = [ApiConstants.SnapshotCleanupFinalizer],
            },
            Spec = new BackupSpec
            {
                PolicyName = policy.Metadata.Name,
                Type = BackupType.Automatic,
                DeletionPolicy = effective.DeletionPolicy,
                Description = string.Create(CultureInfo.InvariantCulture, $"Scheduled backup for {utcTick:yyyy-MM-dd HH:mm} UTC ({effective.Schedule} in {effective.TimeZoneId})"),
            },
        };
    }
}
