using Backups.Operator.Resources;
using k8s.Models;

namespace Backups.Operator.Credentials;

/// <summary>What <see cref="ICredentialsInUseFinalizer.SyncAsync"/> found and did.</summary>
/// <param name="Policy">The policy, updated when the record of the Secret it holds changed.</param>
/// <param name="Secret">The Secret named by <c>spec.credentialsSecretRef</c>, when it exists.</param>
public sealed record CredentialsHold(BackupPolicy Policy, V1Secret? Secret)
{
    /// <summary>The Secret is being deleted while this policy still uses it (our finalizer keeps it).</summary>
    public bool SecretBeingDeleted => Secret?.Metadata.DeletionTimestamp is not null;
}
