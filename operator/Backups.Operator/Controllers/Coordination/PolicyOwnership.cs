using Backups.Operator.Api;
using Backups.Operator.Resources;
using Backups.Operator.Rules.Naming;
using k8s.Models;

namespace Backups.Operator.Controllers.Coordination;

/// <summary>How Backups are tied to their policy: the controller owner reference and the (hash-shortened) policy label.</summary>
public static class PolicyOwnership
{
    /// <summary>The owner reference of a Backup to its policy: controller, blocking the policy's foreground deletion.</summary>
    public static V1OwnerReference ControllerReference(BackupPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new()
        {
            ApiVersion = ApiConstants.ApiVersion,
            Kind = policy.Kind is { Length: > 0 } kind ? kind : "BackupPolicy",
            Name = policy.Metadata.Name,
            Uid = policy.Metadata.Uid,
            BlockOwnerDeletion = true,
            Controller = true,
        };
    }

    /// <summary>
    /// The value of the policy label for <paramref name="policyName"/> (names over 63 characters are shortened with a hash,
    /// so the label selects but cannot be turned back into the name: look objects up by <c>spec.policyName</c>).
    /// </summary>
    public static string LabelValue(string policyName) => BackupNames.LabelValue(policyName);
}
