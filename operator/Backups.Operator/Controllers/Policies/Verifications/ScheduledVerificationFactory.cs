using System.Globalization;
using Backups.Operator.Api;
using Backups.Operator.Controllers.Coordination;
using Backups.Operator.Resources;
using Backups.Operator.Rules.Naming;
using Backups.Operator.Rules.Verifications;
using k8s.Models;

namespace Backups.Operator.Controllers.Policies.Verifications;

/// <summary>
/// The BackupVerification of one verification tick: the deterministic name <c>&lt;policy&gt;-verify-&lt;yyyyMMddHHmm&gt;</c>,
/// the policy and backup labels, the scheduled-time annotation and a controller owner reference to the policy (so the
/// runs go with it and the policy finds its own runs by that reference).
/// </summary>
internal static class ScheduledVerificationFactory
{
    public static BackupVerification Create(BackupPolicy policy, EffectiveVerification verification, string backupName, DateTimeOffset tick)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(verification);
        var utcTick = tick.ToUniversalTime();
        return new BackupVerification
        {
            Metadata = new V1ObjectMeta
            {
                Name = VerificationSchedules.RunName(policy.Metadata.Name, utcTick),
                NamespaceProperty = policy.Metadata.NamespaceProperty,
                Labels = new Dictionary<string, string>
                {
                    [ApiConstants.PolicyLabel] = PolicyOwnership.LabelValue(policy.Metadata.Name),
                    [ApiConstants.BackupLabel] = BackupNames.LabelValue(backupName),
                },
                Annotations = new Dictionary<string, string>
                {
                    [ApiConstants.ScheduledTimeAnnotation] = utcTick.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                },
                OwnerReferences = [PolicyOwnership.ControllerReference(policy)],
            },
            Spec = new BackupVerificationSpec
            {
                BackupName = backupName,
                Probe = verification.Probe,
                Size = verification.Size,
            },
        };
    }

    /// <summary>Whether <paramref name="run"/> was made by <paramref name="policy"/>'s schedule (its controller owner reference).</summary>
    public static bool IsRunOf(BackupVerification run, BackupPolicy policy) =>
        OwningPolicy(run) is { } owner
        && string.Equals(owner.Name, policy.Metadata.Name, StringComparison.Ordinal)
        && (owner.Uid is null || policy.Metadata.Uid is null || string.Equals(owner.Uid, policy.Metadata.Uid, StringComparison.Ordinal));

    /// <summary>The controller owner reference of a scheduled run to its BackupPolicy, or null for a run made by hand.</summary>
    public static V1OwnerReference? OwningPolicy(BackupVerification run) =>
        run.Metadata.OwnerReferences?.FirstOrDefault(r => r.Controller == true
            && string.Equals(r.Kind, "BackupPolicy", StringComparison.Ordinal)
            && string.Equals(r.ApiVersion, ApiConstants.ApiVersion, StringComparison.Ordinal));
}
